import { type AnalyseResult, analyseWorkbook } from '../../src/domain/analyse-workbook';
import type { CellValue, WorkbookInput } from '../../src/domain/workbook-input';

/**
 * Small workbooks for domain tests, written the way staff fill the tabs: each helper adds the
 * tab's header row in template order, so a test lists only the data rows it is about.
 */

type Row = CellValue[];

/** A test workbook: the tabs of the covered committee, plus any a test adds. */
export type Tabs = {
  委员: Row[];
  分党组: Row[];
  履职小组: Row[];
  活动记录: Row[];
  重要事项: Row[];
  工作任务: Row[];
  困难诉求: Row[];
  [tab: string]: Row[];
};

export const MEMBER_HEADER = [
  '委员编号',
  '姓名',
  '界别',
  '政治面貌',
  '履职小组',
  '履职党小组',
  '联系人',
  '状态',
];
export const SUBGROUP_HEADER = ['姓名', '委员编号', '职务', '分工'];
export const GROUP_HEADER = ['履职小组', '组长', '履职党小组', '党小组组长', '分党组责任人'];
export const ACTIVITY_HEADER = ['日期', '类型', '主题', '组织人', '参与委员', '关联事项'];
export const ITEM_HEADER = ['编号', '事项', '决定日期', '责任人'];
export const TASK_HEADER = ['任务', '责任人', '截止日期', '状态', '完成日期'];
export const DIFFICULTY_HEADER = ['日期', '委员', '诉求', '责任人', '状态', '解决日期'];

export const members = (...rows: Row[]): Row[] => [MEMBER_HEADER, ...rows];
export const subgroup = (...rows: Row[]): Row[] => [SUBGROUP_HEADER, ...rows];
export const groups = (...rows: Row[]): Row[] => [GROUP_HEADER, ...rows];
export const activities = (...rows: Row[]): Row[] => [ACTIVITY_HEADER, ...rows];
export const items = (...rows: Row[]): Row[] => [ITEM_HEADER, ...rows];
export const tasks = (...rows: Row[]): Row[] => [TASK_HEADER, ...rows];
export const difficulties = (...rows: Row[]): Row[] => [DIFFICULTY_HEADER, ...rows];
export const settings = (...rows: Row[]): Row[] => [['项目', '值'], ...rows];

/** The as-of date most tests use: in 2026 Q2 (2026-04-01 … 2026-06-30). */
export const AS_OF = '2026-05-12';

/**
 * A committee that is fully covered: a 书记 who owns the one duty group and contacts the one
 * non-CPC member. Tests start from it and change the one thing their rule is about.
 */
export function coveredCommittee(): Tabs {
  return {
    委员: members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', 'A01', '在任'],
    ),
    分党组: subgroup(['王书记', 'A01', '书记', '全面负责']),
    履职小组: groups(['种业组', 'A01', '种业党小组', 'A01', 'A01']),
    活动记录: activities(
      ['2026-05-06', '联系谈心', '走访', 'A01', 'A02'],
      ['2026-05-08', '理论学习', '集中学习', 'A01', 'A01'],
    ),
    重要事项: items(),
    工作任务: tasks(),
    困难诉求: difficulties(),
  };
}

/** Runs the domain on tabs given as plain arrays, at AS_OF unless told otherwise. */
export function analyse(
  tabs: Record<string, Row[]>,
  options: Partial<Omit<WorkbookInput, 'tabs'>> = {},
): Extract<AnalyseResult, { ok: true }> {
  const result = analyseRaw(tabs, options);
  if (!result.ok) throw new Error(`expected a summary, got: ${result.problem.message}`);
  return result;
}

/** Runs the domain and returns whatever it answers, fatal problems included. */
export function analyseRaw(
  tabs: Record<string, Row[]>,
  options: Partial<Omit<WorkbookInput, 'tabs'>> = {},
): AnalyseResult {
  return analyseWorkbook({
    tabs: new Map(Object.entries(tabs)),
    now: Date.UTC(2026, 4, 12, 2),
    asOf: AS_OF,
    trigger: 'cli',
    ...options,
  });
}

/** The reasons of one member's coverage gap, or `[]` when the member has none. */
export function reasonsOf(result: ReturnType<typeof analyse>, memberId: string): string[] {
  return result.summary.coverageGaps.find((g) => g.memberId === memberId)?.reasons ?? [];
}

/** The responsibility gaps with one code. */
export function gapsWith(result: ReturnType<typeof analyse>, code: string) {
  return result.summary.responsibilityGaps.filter((g) => g.code === code);
}

/** The data issues with one code. */
export function issuesWith(result: ReturnType<typeof analyse>, code: string) {
  return result.summary.dataIssues.filter((i) => i.code === code);
}
