import * as z from 'zod/mini';
import { isValidTimeZone } from './calendar-date';
import { PERIOD_KINDS } from './compute-period';
import { REVIEW_TAB_NAMES } from './review-tab-names';
import { date, oneOf, optional, type RowSchema, text } from './row-schema';

/**
 * The workbook contract of contract §2 as data: tabs, their columns with English aliases, the
 * fixed vocabularies, and a zod schema per row. Columns are found by header text, so the
 * order here is only the order of the template.
 */

/** The one spelling of each 政治面貌 the template's dropdown offers and fix texts name. */
const CPC_CHOICES = ['中共党员', '中共预备党员'];
const OTHER_CHOICES = [
  '民革党员',
  '民盟盟员',
  '民建会员',
  '民进会员',
  '农工党党员',
  '致公党党员',
  '九三学社社员',
  '台盟盟员',
  '无党派人士',
  '群众',
];
/** 政治面貌 as the dropdown offers it; every other accepted spelling (中共, 民盟, …) still counts. */
export const AFFILIATION_CHOICES = [...CPC_CHOICES, ...OTHER_CHOICES];
export const CPC_AFFILIATIONS = [...CPC_CHOICES, '中国共产党党员', '共产党员', '中共', '党员'];
export const OTHER_AFFILIATIONS = [
  ...OTHER_CHOICES,
  '民革',
  '民盟',
  '民建',
  '民进',
  '农工党',
  '致公党',
  '九三学社',
  '台盟',
  '无党派',
];
export const MEMBER_STATUSES = ['在任', '离任', '暂停'] as const;
export const SUBGROUP_POSTS = ['书记', '副书记', '成员'] as const;
/** Other spellings of a 职务 that staff use; the contract names `党组成员`, the others are ours. */
export const POST_ALIASES: Readonly<Record<string, (typeof SUBGROUP_POSTS)[number]>> = {
  党组成员: '成员',
  分党组成员: '成员',
  分党组书记: '书记',
  分党组副书记: '副书记',
};
export const ACTIVITY_TYPES = [
  '联系谈心',
  '履职通知',
  '理论学习',
  '调研',
  '征求意见',
  '传达通报',
  '成果反映',
  '困难解决',
  '其他',
] as const;
export const TASK_STATUSES = ['未开始', '进行中', '已完成'] as const;
export const DIFFICULTY_STATUSES = ['待办', '办理中', '已解决'] as const;
/** Other spellings of 评估周期 that staff use; ours, documented in docs/domain-decisions.md. */
export const PERIOD_ALIASES: Readonly<Record<string, (typeof PERIOD_KINDS)[number]>> = {
  月度: '月',
  季: '季度',
  半年度: '半年',
  年度: '年',
};
/** `全体` / `全体委员` in 参与委员 means every active member. */
export const EVERYONE = ['全体', '全体委员'];

export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type SubgroupPost = (typeof SUBGROUP_POSTS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type DifficultyStatus = (typeof DIFFICULTY_STATUSES)[number];

/** A tab of the contract: its names, its columns (Chinese header, English alias). */
export interface TabSpec<F extends string = string> {
  name: string;
  alias: string;
  columns: Readonly<Record<F, readonly [header: string, alias: string]>>;
  /** Columns the tab cannot be read without. */
  required: readonly F[];
  /** Columns read as dates: their cells reach the schema unconverted (serials stay numbers). */
  dateColumns: readonly F[];
}

function tab<const C extends Record<string, readonly [string, string]>>(spec: {
  name: string;
  alias: string;
  columns: C;
  required: readonly (keyof C & string)[];
  dateColumns: readonly (keyof C & string)[];
}): TabSpec<keyof C & string> {
  return spec;
}

export const SETTINGS_TAB = tab({
  name: '设置',
  alias: 'Settings',
  columns: { key: ['项目', 'Key'], value: ['值', 'Value'] },
  required: ['key', 'value'],
  dateColumns: [],
});

export const MEMBERS_TAB = tab({
  name: '委员',
  alias: 'Members',
  columns: {
    id: ['委员编号', 'ID'],
    name: ['姓名', 'Name'],
    sector: ['界别', 'Sector'],
    affiliation: ['政治面貌', 'Affiliation'],
    dutyGroup: ['履职小组', 'Duty group'],
    partyGroup: ['履职党小组', 'Party group'],
    contact: ['联系人', 'Contact'],
    status: ['状态', 'Status'],
  },
  required: ['id', 'name', 'affiliation'],
  dateColumns: [],
});

export const SUBGROUP_TAB = tab({
  name: '分党组',
  alias: 'Party subgroup',
  columns: {
    name: ['姓名', 'Name'],
    id: ['委员编号', 'ID'],
    post: ['职务', 'Post'],
    duties: ['分工', 'Duties'],
  },
  required: ['name', 'post'],
  dateColumns: [],
});

export const DUTY_GROUPS_TAB = tab({
  name: '履职小组',
  alias: 'Duty groups',
  columns: {
    name: ['履职小组', 'Duty group'],
    leader: ['组长', 'Leader'],
    partyGroup: ['履职党小组', 'Party group'],
    partyLeader: ['党小组组长', 'Party group leader'],
    owner: ['分党组责任人', 'Subgroup owner'],
  },
  required: ['name'],
  dateColumns: [],
});

export const ACTIVITIES_TAB = tab({
  name: '活动记录',
  alias: 'Activities',
  columns: {
    date: ['日期', 'Date'],
    type: ['类型', 'Type'],
    topic: ['主题', 'Topic'],
    organiser: ['组织人', 'Organiser'],
    participants: ['参与委员', 'Participants'],
    item: ['关联事项', 'Item'],
  },
  required: ['date', 'type', 'organiser'],
  dateColumns: ['date'],
});

export const ITEMS_TAB = tab({
  name: '重要事项',
  alias: 'Important items',
  columns: {
    id: ['编号', 'ID'],
    title: ['事项', 'Item'],
    decided: ['决定日期', 'Decided on'],
    owner: ['责任人', 'Owner'],
  },
  required: ['id', 'title', 'decided'],
  dateColumns: ['decided'],
});

export const TASKS_TAB = tab({
  name: '工作任务',
  alias: 'Tasks',
  columns: {
    task: ['任务', 'Task'],
    owner: ['责任人', 'Owner'],
    due: ['截止日期', 'Due'],
    status: ['状态', 'Status'],
    doneOn: ['完成日期', 'Done on'],
  },
  required: ['task'],
  dateColumns: ['due', 'doneOn'],
});

export const DIFFICULTIES_TAB = tab({
  name: '困难诉求',
  alias: 'Difficulties',
  columns: {
    date: ['日期', 'Date'],
    member: ['委员', 'Member'],
    request: ['诉求', 'Request'],
    owner: ['责任人', 'Owner'],
    status: ['状态', 'Status'],
    resolvedOn: ['解决日期', 'Resolved on'],
  },
  required: ['date', 'member', 'request'],
  dateColumns: ['date', 'resolvedOn'],
});

/** Every input tab, in the order issues about them are listed. */
export const INPUT_TABS: readonly TabSpec[] = [
  SETTINGS_TAB,
  MEMBERS_TAB,
  SUBGROUP_TAB,
  DUTY_GROUPS_TAB,
  ACTIVITIES_TAB,
  ITEMS_TAB,
  TASKS_TAB,
  DIFFICULTIES_TAB,
];

/** The output tabs of contract §2.2 and §7, written by the sync only, in the order it adds them. */
export const OUTPUT_TAB_NAMES = [
  '覆盖总览',
  '覆盖缺口',
  '责任缺口',
  '数据问题',
  '历史',
  ...REVIEW_TAB_NAMES,
] as const;
export type OutputTabName = (typeof OUTPUT_TAB_NAMES)[number];
/**
 * The output tabs the sync reads back whole in the same read as the inputs: 历史 keeps staff
 * rows and the previous period's close, 缺口台账 is the ledger's own store (contract §7.1).
 */
export const READ_BACK_TAB_NAMES: readonly OutputTabName[] = ['历史', '缺口台账'];

// ---- row schemas -------------------------------------------------------------------------
// Cells reach the schemas normalised: blank → undefined, text columns → NFKC-trimmed text,
// date columns → the raw serial or the normalised text. A failing column becomes a data
// issue: blank → MISSING_VALUE, not one of the values → BAD_VALUE, not a date → BAD_DATE.

export const memberRowSchema = {
  id: text,
  name: text,
  sector: optional(text),
  affiliation: oneOf([...CPC_AFFILIATIONS, ...OTHER_AFFILIATIONS]),
  dutyGroup: optional(text),
  partyGroup: optional(text),
  contact: optional(text),
  status: optional(oneOf(MEMBER_STATUSES)),
} satisfies RowSchema;

export const subgroupRowSchema = {
  name: text,
  id: optional(text),
  post: oneOf(SUBGROUP_POSTS, POST_ALIASES),
  duties: optional(text),
} satisfies RowSchema;

export const dutyGroupRowSchema = {
  name: text,
  leader: optional(text),
  partyGroup: optional(text),
  partyLeader: optional(text),
  owner: optional(text),
} satisfies RowSchema;

export const activityRowSchema = {
  date,
  type: oneOf(ACTIVITY_TYPES),
  topic: optional(text),
  organiser: text,
  participants: optional(text),
  item: optional(text),
} satisfies RowSchema;

export const itemRowSchema = {
  id: text,
  title: text,
  decided: date,
  owner: optional(text),
} satisfies RowSchema;

export const taskRowSchema = {
  task: text,
  owner: optional(text),
  due: optional(date),
  status: optional(oneOf(TASK_STATUSES)),
  doneOn: optional(date),
} satisfies RowSchema;

export const difficultyRowSchema = {
  date,
  member: text,
  request: text,
  owner: optional(text),
  status: optional(oneOf(DIFFICULTY_STATUSES)),
  resolvedOn: optional(date),
} satisfies RowSchema;

const wholeNumber = (min: number) =>
  z.pipe(
    z.string().check(z.regex(/^[+]?\d+$/)),
    z.pipe(
      z.transform((value: string) => Number(value)),
      z.int().check(z.gte(min)),
    ),
  );

/** The value schema of each 设置 key, with its default (contract §2.1). */
export const SETTINGS = {
  专委会名称: {
    field: 'committeeName',
    schema: z.string(),
    fallback: '',
    fix: '请填写专委会名称。',
  },
  评估周期: {
    field: 'periodKind',
    schema: z.enum(PERIOD_KINDS),
    fallback: '季度',
    fix: '请改为以下之一：月、季度、半年、年。',
  },
  联系频次: {
    field: 'frequency',
    schema: wholeNumber(1),
    fallback: 1,
    fix: '请填写不小于 1 的整数。',
  },
  联系人负荷上限: {
    field: 'loadCap',
    schema: wholeNumber(1),
    fallback: 6,
    fix: '请填写不小于 1 的整数。',
  },
  传达时限天数: {
    field: 'briefingDays',
    schema: wholeNumber(0),
    fallback: 7,
    fix: '请填写不小于 0 的整数（天数）。',
  },
  诉求办结时限天数: {
    field: 'difficultyDays',
    schema: wholeNumber(0),
    fallback: 30,
    fix: '请填写不小于 0 的整数（天数）。',
  },
  时区: {
    field: 'timeZone',
    schema: z.string().check(z.refine(isValidTimeZone)),
    fallback: null,
    fix: '请填写 IANA 时区名称，例如 Asia/Shanghai。',
  },
} as const;
