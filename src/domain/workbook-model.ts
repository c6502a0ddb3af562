import type { Serial } from './calendar-date';
import type { PeriodKind } from './compute-period';
import type {
  ActivityType,
  DifficultyStatus,
  MemberStatus,
  SubgroupPost,
  TaskStatus,
} from './workbook-schema';

/** The workbook as the rules see it, after reading, validation and reference resolution. */

export interface Settings {
  committeeName: string;
  periodKind: PeriodKind;
  /** 联系频次: touches per member per period. */
  frequency: number;
  /** 联系人负荷上限. */
  loadCap: number;
  /** 传达时限天数. */
  briefingDays: number;
  /** 诉求办结时限天数. */
  difficultyDays: number;
  /** The IANA zone for "today" and periods. */
  timeZone: string;
}

/** A row of 委员 that passed validation. */
export interface Member {
  row: number;
  /** The normalised 委员编号, as output (NFKC, case kept). */
  id: string;
  name: string;
  /** 界别, `未填写` when blank. */
  sector: string;
  /** 政治面貌 as entered. */
  affiliation: string;
  isCpc: boolean;
  /** A duty group that exists, else `null`. */
  dutyGroup: string | null;
  /** 履职党小组 as entered (CPC members only). */
  partyGroup: string | null;
  /** 联系人 as entered. */
  contactText: string | null;
  /** What 联系人 resolves to, if it does. */
  contact: Person | null;
  status: MemberStatus;
  active: boolean;
  person: Person;
}

/** Anyone a reference can name: a member, a 分党组 person, or both (one person, two roles). */
export interface Person {
  /** How output names the person: the 委员编号, or the 姓名 of a non-member. */
  ref: string;
  name: string;
  member: Member | null;
  /** The 分党组 post, when the person is in 分党组. */
  post: SubgroupPost | null;
}

export interface DutyGroup {
  row: number;
  name: string;
  leaderText: string | null;
  leader: Person | null;
  partyGroup: string | null;
  ownerText: string | null;
  owner: Person | null;
}

export interface PartyGroup {
  name: string;
  leaderText: string | null;
  leader: Person | null;
  dutyGroups: DutyGroup[];
}

export interface Activity {
  row: number;
  date: Serial;
  type: ActivityType;
  organiser: Person | null;
  /** The members listed, once each (分党组 persons who are not members are not counted). */
  participants: Member[];
  /** `全体` was listed: every active member takes part. */
  everyone: boolean;
  /** The normalised 编号 of the linked item. */
  item: string | null;
}

export interface Item {
  row: number;
  id: string;
  title: string;
  decided: Serial;
  owner: Person | null;
}

export interface Task {
  row: number;
  text: string;
  ownerText: string | null;
  owner: Person | null;
  due: Serial | null;
  status: TaskStatus;
}

export interface Difficulty {
  row: number;
  date: Serial;
  memberText: string;
  member: Person | null;
  ownerText: string | null;
  owner: Person | null;
  status: DifficultyStatus;
}

export interface Workbook {
  settings: Settings;
  /** Valid member rows, in sheet order. */
  members: Member[];
  /** The 分党组 persons, in sheet order; empty when the tab is missing. */
  subgroup: Person[];
  secretary: Person | null;
  dutyGroups: DutyGroup[];
  partyGroups: Map<string, PartyGroup>;
  activities: Activity[];
  items: Item[];
  tasks: Task[];
  difficulties: Difficulty[];
}

/** Whether a person counts as CPC: a CPC member or anyone in 分党组 (contract §2.1). */
export function isCpcPerson(person: Person): boolean {
  return person.post !== null || person.member?.isCpc === true;
}
