import { PERIOD_KINDS } from '../src/domain/compute-period';
import {
  ACTIVITIES_TAB,
  ACTIVITY_TYPES,
  AFFILIATION_CHOICES,
  DIFFICULTIES_TAB,
  DIFFICULTY_STATUSES,
  DUTY_GROUPS_TAB,
  ITEMS_TAB,
  MEMBER_STATUSES,
  MEMBERS_TAB,
  SETTINGS_TAB,
  SUBGROUP_POSTS,
  SUBGROUP_TAB,
  TASK_STATUSES,
  TASKS_TAB,
  type TabSpec,
} from '../src/domain/workbook-schema';

/**
 * The one template definition: every input tab with its columns in order, their widths,
 * the note on each header and the validation of each column. The Google Sheet (through
 * batchUpdate requests) and the local .xlsx template are both built from it, so they never
 * drift. Headers come from the workbook contract (src/domain/workbook-schema.ts).
 */

/** How a column's cells are checked as staff type. */
export type ColumnValidation =
  /** A dropdown of fixed values; anything else is refused, or only flagged when `lenient`. */
  | { kind: 'list'; values: readonly string[]; lenient?: true }
  /** A dropdown of the values of another tab's first column; other text gets a warning. */
  | { kind: 'range'; tab: string }
  /** A real date. */
  | { kind: 'date' };

export interface TemplateColumn {
  header: string;
  /** Pixels. */
  width: number;
  /** The note on the header cell: what to enter, in Chinese. */
  note: string;
  validation?: ColumnValidation;
}

export interface TemplateTab {
  name: string;
  columns: TemplateColumn[];
  /** Rows the template fills in (设置 lists its keys with their defaults). */
  rows?: (string | number)[][];
  /** Validation of single cells, by 0-based row and column. */
  cellValidations?: { row: number; column: number; validation: ColumnValidation }[];
}

/** Rows the template prepares for data; validations cover them. */
export const TEMPLATE_ROWS = 1000;

const members: ColumnValidation = { kind: 'range', tab: MEMBERS_TAB.name };
const subgroup: ColumnValidation = { kind: 'range', tab: SUBGROUP_TAB.name };
const date: ColumnValidation = { kind: 'date' };
const list = (values: readonly string[]): ColumnValidation => ({ kind: 'list', values });
const PERSON_NOTE = '填委员编号或姓名（同名时填编号）；非委员的分党组成员填姓名。';

function columns<F extends string>(
  spec: TabSpec<F>,
  details: Record<F, Omit<TemplateColumn, 'header'>>,
): TemplateColumn[] {
  return (Object.keys(spec.columns) as F[]).map((field) => ({
    header: spec.columns[field][0],
    ...details[field],
  }));
}

export const TEMPLATE_TABS: readonly TemplateTab[] = [
  {
    name: SETTINGS_TAB.name,
    columns: columns(SETTINGS_TAB, {
      key: { width: 140, note: '设置项名称，请勿改动。' },
      value: { width: 180, note: '设置值；留空则用默认值。' },
    }),
    rows: [
      ['专委会名称', ''],
      ['评估周期', '季度'],
      ['联系频次', 1],
      ['联系人负荷上限', 6],
      ['传达时限天数', 7],
      ['诉求办结时限天数', 30],
      ['时区', 'Asia/Shanghai'],
    ],
    cellValidations: [{ row: 2, column: 1, validation: list(PERIOD_KINDS) }],
  },
  {
    name: MEMBERS_TAB.name,
    columns: columns(MEMBERS_TAB, {
      id: { width: 90, note: '必填。每位委员唯一的编号，例如 NY-001。' },
      name: { width: 80, note: '必填。' },
      sector: { width: 100, note: '所属界别，例如 农业界、民盟。' },
      affiliation: {
        width: 110,
        note: '必填。从下拉列表选择政治面貌（也可填简称，如 中共、民盟、无党派）。',
        // Lenient: the short forms staff type (中共, 民盟) are accepted by the sync.
        validation: { kind: 'list', values: AFFILIATION_CHOICES, lenient: true },
      },
      dutyGroup: {
        width: 110,
        note: '所在履职小组，须与「履职小组」表中的名称一致。',
        validation: { kind: 'range', tab: DUTY_GROUPS_TAB.name },
      },
      partyGroup: { width: 130, note: '仅中共党员委员填写：所编入的履职党小组。' },
      contact: {
        width: 90,
        note: `仅党外委员填写：负责联系的中共党员委员或分党组成员。${PERSON_NOTE}`,
        validation: members,
      },
      status: {
        width: 70,
        note: '在任、离任或暂停；留空即在任。',
        validation: list(MEMBER_STATUSES),
      },
    }),
  },
  {
    name: SUBGROUP_TAB.name,
    columns: columns(SUBGROUP_TAB, {
      name: { width: 80, note: '必填。分党组书记、副书记和成员。' },
      id: { width: 90, note: '本人也是委员时填其委员编号。', validation: members },
      post: { width: 80, note: '必填。书记只能有一位。', validation: list(SUBGROUP_POSTS) },
      duties: { width: 260, note: '分工，例如“分管种业振兴组”。' },
    }),
  },
  {
    name: DUTY_GROUPS_TAB.name,
    columns: columns(DUTY_GROUPS_TAB, {
      name: { width: 120, note: '必填。履职小组名称，不可重复。' },
      leader: { width: 90, note: `组长。${PERSON_NOTE}`, validation: members },
      partyGroup: { width: 130, note: '该组所属的履职党小组；两个组可共用一个党小组。' },
      partyLeader: {
        width: 100,
        note: `党小组组长，应为中共党员。${PERSON_NOTE}`,
        validation: members,
      },
      owner: { width: 110, note: `联系该组的分党组成员。${PERSON_NOTE}`, validation: subgroup },
    }),
  },
  {
    name: ACTIVITIES_TAB.name,
    columns: columns(ACTIVITIES_TAB, {
      date: { width: 100, note: '必填。活动日期，例如 2026-05-12。', validation: date },
      type: { width: 90, note: '必填。从下拉列表选择类型。', validation: list(ACTIVITY_TYPES) },
      topic: { width: 220, note: '活动主题。' },
      organiser: { width: 90, note: `必填。组织人。${PERSON_NOTE}`, validation: members },
      participants: {
        width: 260,
        note: '参与委员的编号或姓名，用顿号“、”分隔；全体委员参加时填“全体”。',
      },
      item: {
        width: 110,
        note: '征求意见、传达通报所关联的「重要事项」编号。',
        validation: { kind: 'range', tab: ITEMS_TAB.name },
      },
    }),
  },
  {
    name: ITEMS_TAB.name,
    columns: columns(ITEMS_TAB, {
      id: { width: 110, note: '必填。事项编号，不可重复，例如 ZX-2026-01。' },
      title: { width: 240, note: '必填。重要履职事项。' },
      decided: { width: 100, note: '必填。研究决定的日期。', validation: date },
      owner: { width: 90, note: `责任人。${PERSON_NOTE}`, validation: members },
    }),
  },
  {
    name: TASKS_TAB.name,
    columns: columns(TASKS_TAB, {
      task: { width: 240, note: '必填。工作任务。' },
      owner: { width: 90, note: `责任人，应为分党组成员。${PERSON_NOTE}`, validation: subgroup },
      due: { width: 100, note: '截止日期。', validation: date },
      status: { width: 80, note: '留空即未开始。', validation: list(TASK_STATUSES) },
      doneOn: { width: 100, note: '完成日期。', validation: date },
    }),
  },
  {
    name: DIFFICULTIES_TAB.name,
    columns: columns(DIFFICULTIES_TAB, {
      date: { width: 100, note: '必填。委员提出的日期。', validation: date },
      member: { width: 90, note: `必填。提出诉求的委员。${PERSON_NOTE}`, validation: members },
      request: { width: 240, note: '必填。困难或诉求。' },
      owner: { width: 90, note: `负责解决的人。${PERSON_NOTE}` },
      status: { width: 80, note: '留空即待办。', validation: list(DIFFICULTY_STATUSES) },
      resolvedOn: { width: 100, note: '解决日期。', validation: date },
    }),
  },
];
