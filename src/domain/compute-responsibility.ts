import { addToList } from './add-to-list';
import { isoFromSerial, type Serial } from './calendar-date';
import { compareText } from './compare-text';
import type { Coverage } from './compute-coverage';
import type { Period } from './compute-period';
import { idKey } from './normalise-text';
import {
  type Activity,
  type DutyGroup,
  isCpcPerson,
  type Member,
  type Person,
  type Workbook,
} from './workbook-model';

/** The responsibility gaps of contract §4.3, in the order of its table. */
export const RESPONSIBILITY_CODES = [
  'NO_SECRETARY',
  'GROUP_NO_LEADER',
  'GROUP_NO_OWNER',
  'GROUP_NO_PARTY_GROUP',
  'PARTY_GROUP_NO_LEADER',
  'PARTY_GROUP_NO_SUBGROUP_MEMBER',
  'SUBGROUP_MEMBER_IDLE',
  'CONTACT_OVERLOADED',
  'ITEM_NO_CONSULTATION',
  'ITEM_NOT_BRIEFED',
  'TASK_NO_OWNER',
  'TASK_OWNER_NOT_SUBGROUP',
  'TASK_OVERDUE',
  'DIFFICULTY_NO_OWNER',
  'DIFFICULTY_OVERDUE',
] as const;
export type ResponsibilityCode = (typeof RESPONSIBILITY_CODES)[number];

export interface ResponsibilityGap {
  code: ResponsibilityCode;
  /** What the gap is about, as contract §6 defines `subject`. */
  subject: string;
  /** The person the gap is about, when `subject` names one. */
  person: Person | null;
  /** Who should act: the 分党组 owner where there is one, else the 书记; `null` without a 书记. */
  owner: Person | null;
  /** Details in Chinese. */
  detail: string;
  /** How bad it is within its code (days overdue, members missed): larger comes first. */
  weight: number;
}

/**
 * Finds every responsibility gap of contract §4.3: who owns each duty group, party group, item,
 * task and difficulty, and whether the 分党组 carries its share.
 */
export function computeResponsibility(
  workbook: Workbook,
  coverage: Coverage,
  period: Period,
  asOf: Serial,
): ResponsibilityGap[] {
  const { settings, secretary } = workbook;
  const gaps: ResponsibilityGap[] = [];
  const add: AddGap = (code, subject, owner, detail, weight = 0) => {
    const person = typeof subject === 'string' ? null : subject;
    const text = typeof subject === 'string' ? subject : subject.ref;
    gaps.push({ code, subject: text, person, owner: owner ?? secretary, detail, weight });
  };
  const inSubgroup = (p: Person | null): p is Person => p !== null && p.post !== null;
  const groupsByName = new Map(workbook.dutyGroups.map((g) => [g.name, g]));
  const ownerOfGroup = (name: string | null | undefined) => {
    const owner = name ? groupsByName.get(name)?.owner : null;
    return inSubgroup(owner ?? null) ? (owner as Person) : null;
  };

  if (secretary === null)
    add('NO_SECRETARY', '', null, '「分党组」表中没有职务为「书记」的人员（或缺少「分党组」表）。');

  const activeCpcByGroup = new Map<string, number>();
  for (const m of workbook.members)
    if (m.active && m.isCpc && m.dutyGroup !== null)
      activeCpcByGroup.set(m.dutyGroup, (activeCpcByGroup.get(m.dutyGroup) ?? 0) + 1);

  for (const group of workbook.dutyGroups) {
    const owner = ownerOfGroup(group.name);
    if (group.leader === null)
      add('GROUP_NO_LEADER', group.name, owner, missingOrUnknown('组长', group.leaderText));
    if (owner === null)
      add(
        'GROUP_NO_OWNER',
        group.name,
        null,
        group.owner !== null
          ? `分党组责任人「${group.ownerText}」不是分党组成员。`
          : missingOrUnknown('分党组责任人', group.ownerText),
      );
    const cpc = activeCpcByGroup.get(group.name) ?? 0;
    if (group.partyGroup === null && cpc > 0)
      add(
        'GROUP_NO_PARTY_GROUP',
        group.name,
        owner,
        `该组有 ${cpc} 名在任中共党员委员，尚未填写履职党小组。`,
      );
  }

  const registered = new Map<string, Member[]>();
  for (const m of workbook.members)
    if (m.isCpc && m.partyGroup !== null) addToList(registered, m.partyGroup, m);
  for (const party of workbook.partyGroups.values()) {
    const owner = party.dutyGroups.map((g) => ownerOfGroup(g.name)).find((p) => p !== null) ?? null;
    if (party.leader === null || !isCpcPerson(party.leader))
      add(
        'PARTY_GROUP_NO_LEADER',
        party.name,
        owner,
        party.leader !== null
          ? `党小组组长「${party.leaderText}」不是中共党员。`
          : missingOrUnknown('党小组组长', party.leaderText),
      );
    const people = [
      party.leader,
      ...party.dutyGroups.map((g: DutyGroup) => g.owner),
      ...(registered.get(party.name) ?? []).map((m) => m.person),
    ];
    if (!people.some(inSubgroup))
      add(
        'PARTY_GROUP_NO_SUBGROUP_MEMBER',
        party.name,
        owner,
        '党小组组长、所属履职小组的分党组责任人和党小组成员中都没有分党组成员。',
      );
  }

  const busy = new Set<Person>();
  for (const g of workbook.dutyGroups) if (g.owner) busy.add(g.owner);
  for (const t of workbook.tasks) if (t.owner) busy.add(t.owner);
  // Organisers of this period's activities, read in place: no copy of a tab-long list.
  for (const a of workbook.activities)
    if (a.organiser && a.date >= period.start && a.date <= asOf) busy.add(a.organiser);
  for (const person of workbook.subgroup)
    if (person !== secretary && !busy.has(person))
      add(
        'SUBGROUP_MEMBER_IDLE',
        person,
        null,
        `${person.name}（${person.post}）未担任履职小组的分党组责任人，没有负责的工作任务，本期也未组织活动。`,
      );

  for (const [person, load] of coverage.loads)
    if (load > settings.loadCap)
      add(
        'CONTACT_OVERLOADED',
        person,
        ownerOfGroup(person.member?.dutyGroup),
        `${person.name}联系 ${load} 名委员，超过上限 ${settings.loadCap} 名。`,
        load - settings.loadCap,
      );

  itemGaps(workbook, period, asOf, add, inSubgroup);

  for (const task of workbook.tasks) {
    const owner = inSubgroup(task.owner) ? task.owner : null;
    if (task.owner === null)
      add('TASK_NO_OWNER', task.text, null, missingOrUnknown('责任人', task.ownerText));
    else if (owner === null)
      add(
        'TASK_OWNER_NOT_SUBGROUP',
        task.text,
        null,
        `责任人「${task.ownerText}」不是分党组成员。`,
      );
    if (task.status !== '已完成' && task.due !== null && task.due < asOf)
      add(
        'TASK_OVERDUE',
        task.text,
        owner,
        `截止日期 ${isoFromSerial(task.due)}，已逾期 ${asOf - task.due} 天，状态为「${task.status}」。`,
        asOf - task.due,
      );
  }

  for (const difficulty of workbook.difficulties) {
    const subject = difficulty.member ?? difficulty.memberText;
    const groupOwner = ownerOfGroup(difficulty.member?.member?.dutyGroup);
    if (difficulty.owner === null)
      add(
        'DIFFICULTY_NO_OWNER',
        subject,
        groupOwner,
        missingOrUnknown('责任人', difficulty.ownerText),
      );
    const deadline = difficulty.date + settings.difficultyDays;
    if (difficulty.status !== '已解决' && deadline < asOf)
      add(
        'DIFFICULTY_OVERDUE',
        subject,
        inSubgroup(difficulty.owner) ? difficulty.owner : groupOwner,
        `${isoFromSerial(difficulty.date)} 提出，办结时限 ${settings.difficultyDays} 天，已超期 ${asOf - deadline} 天，状态为「${difficulty.status}」。`,
        asOf - deadline,
      );
  }

  const order = new Map(RESPONSIBILITY_CODES.map((c, i) => [c, i]));
  return gaps.sort(
    (a, b) =>
      (order.get(a.code) as number) - (order.get(b.code) as number) ||
      b.weight - a.weight ||
      compareText(a.subject, b.subject),
  );
}

type AddGap = (
  code: ResponsibilityCode,
  subject: string | Person,
  owner: Person | null,
  detail: string,
  weight?: number,
) => void;

/** ITEM_NO_CONSULTATION and ITEM_NOT_BRIEFED for the items decided this period. */
function itemGaps(
  workbook: Workbook,
  period: Period,
  asOf: Serial,
  add: AddGap,
  inSubgroup: (p: Person | null) => p is Person,
): void {
  const linked = new Map<string, Activity[]>();
  for (const a of workbook.activities) if (a.item !== null) addToList(linked, a.item, a);
  const active = workbook.members.filter((m) => m.active);
  const hasCpc = active.some((m) => m.isCpc);
  const hasOthers = active.some((m) => !m.isCpc);
  const days = workbook.settings.briefingDays;

  for (const item of workbook.items) {
    if (item.decided < period.start || item.decided > asOf) continue;
    const activities = linked.get(idKey(item.id)) ?? [];
    const owner = inSubgroup(item.owner) ? item.owner : null;
    const consulted = activities.some(
      (a) =>
        a.type === '征求意见' &&
        a.date <= item.decided &&
        (a.everyone
          ? hasCpc && hasOthers
          : a.participants.some((m) => m.active && m.isCpc) &&
            a.participants.some((m) => m.active && !m.isCpc)),
    );
    if (!consulted)
      add(
        'ITEM_NO_CONSULTATION',
        item.id,
        owner,
        `「${item.title}」于 ${isoFromSerial(item.decided)} 决定，此前没有同时征求中共党员委员和党外委员意见的「征求意见」记录。`,
      );

    const deadline = item.decided + days;
    if (deadline >= asOf) continue;
    const briefings = activities.filter(
      (a) => a.type === '传达通报' && a.date >= item.decided && a.date <= deadline,
    );
    if (briefings.some((a) => a.everyone)) continue;
    const reached = new Set<Member>();
    for (const a of briefings) for (const m of a.participants) reached.add(m);
    const missed = active.filter((m) => !reached.has(m)).length;
    if (missed > 0)
      add(
        'ITEM_NOT_BRIEFED',
        item.id,
        owner,
        `「${item.title}」于 ${isoFromSerial(item.decided)} 决定，传达时限至 ${isoFromSerial(deadline)}，仍有 ${missed} 名在任委员未被传达。`,
        missed,
      );
  }
}

function missingOrUnknown(what: string, text: string | null): string {
  return text === null ? `未填写${what}。` : `${what}「${text}」无法识别。`;
}
