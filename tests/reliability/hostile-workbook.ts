import type { DataIssueCode } from '../../src/domain/data-issue';
import type { CellValue } from '../../src/domain/workbook-input';
import type { ErrorValue } from '../../src/sheets/sheets-api-types';
import type { SeedValue } from '../../src/stand-in/seed-spreadsheet';
import type { SyncErrorCode } from '../../src/sync/run-sync';
import {
  ACTIVITY_HEADER,
  DIFFICULTY_HEADER,
  GROUP_HEADER,
  ITEM_HEADER,
  MEMBER_HEADER,
  SUBGROUP_HEADER,
  TASK_HEADER,
} from '../support/domain-fixture';

/**
 * Hostile workbooks: a small valid committee with random mutations applied, each of which
 * records the data issue it must cause (tab, row as the spreadsheet shows it, code), the row
 * it must leave clean, or the stop it must cause. The same seed always gives the same workbook.
 */

export type ErrorType = NonNullable<ErrorValue['type']>;
/** A generated cell: a plain value, or a real formula error (`errorValue` in grid data). */
export type HostileCell = CellValue | { error: ErrorType };

/** Google's limit on the characters of one cell. */
export const CELL_LIMIT = 50_000;

const TAB_SPECS = {
  设置: { alias: 'Settings', header: ['项目', '值'], required: ['项目', '值'] },
  委员: { alias: 'Members', header: MEMBER_HEADER, required: ['委员编号', '姓名', '政治面貌'] },
  分党组: { alias: 'Party subgroup', header: SUBGROUP_HEADER, required: ['姓名', '职务'] },
  履职小组: { alias: 'Duty groups', header: GROUP_HEADER, required: ['履职小组'] },
  活动记录: { alias: 'Activities', header: ACTIVITY_HEADER, required: ['日期', '类型', '组织人'] },
  重要事项: {
    alias: 'Important items',
    header: ITEM_HEADER,
    required: ['编号', '事项', '决定日期'],
  },
  工作任务: { alias: 'Tasks', header: TASK_HEADER, required: ['任务'] },
  困难诉求: {
    alias: 'Difficulties',
    header: DIFFICULTY_HEADER,
    required: ['日期', '委员', '诉求'],
  },
} as const satisfies Record<string, { alias: string; header: string[]; required: string[] }>;

type TabName = keyof typeof TAB_SPECS;
const TAB_NAMES = Object.keys(TAB_SPECS) as TabName[];
const OPTIONAL_TABS = TAB_NAMES.filter((t) => t !== '委员');

/** contract §2.1's English header aliases. */
const HEADER_ALIASES: Readonly<Record<string, string>> = {
  项目: 'Key',
  值: 'Value',
  委员编号: 'ID',
  姓名: 'Name',
  界别: 'Sector',
  政治面貌: 'Affiliation',
  履职小组: 'Duty group',
  履职党小组: 'Party group',
  联系人: 'Contact',
  状态: 'Status',
  职务: 'Post',
  分工: 'Duties',
  组长: 'Leader',
  党小组组长: 'Party group leader',
  分党组责任人: 'Subgroup owner',
  日期: 'Date',
  类型: 'Type',
  主题: 'Topic',
  组织人: 'Organiser',
  参与委员: 'Participants',
  关联事项: 'Item',
  编号: 'ID',
  事项: 'Item',
  决定日期: 'Decided on',
  责任人: 'Owner',
  任务: 'Task',
  截止日期: 'Due',
  完成日期: 'Done on',
  委员: 'Member',
  诉求: 'Request',
  解决日期: 'Resolved on',
};

const OUTPUT_TITLES = ['覆盖总览', '覆盖缺口', '责任缺口', '数据问题', '历史'];

/** Every kind of mutation, in the order the counts are printed. */
export const MUTATION_KINDS = [
  'numbers-and-booleans',
  'long-cell',
  'emoji-and-rtl',
  'error-literal',
  'error-value-cell',
  'formula-text',
  'duplicate-header',
  'blank-header-column',
  'header-aliases',
  'header-moved-down',
  'blank-rows',
  'merged-gaps',
  'missing-tab',
  'missing-member-column',
  'missing-required-column',
  'bad-date',
  'good-date-forms',
  'unknown-person',
  'ambiguous-name',
  'duplicate-id',
  'unknown-vocabulary',
  'long-participant-list',
  'whitespace-only',
  'full-width',
  'foreign-output-tab',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** The base committee's three rates: every member covered (contract §4.1). */
export const BASE_RATES = {
  org: { covered: 2, total: 2 },
  work: { covered: 4, total: 4 },
  contact: { covered: 2, total: 2 },
};

/** The mutations that stop a sync, whatever else the workbook holds, or may stop it. */
export const STOPPING_KINDS: readonly MutationKind[] = [
  'foreign-output-tab',
  'missing-member-column',
  // Only when they fall on the 委员 tab.
  'missing-tab',
  'header-moved-down',
];

/** An issue the sync must report, or (`code: null`) a row it must report nothing about. */
export interface ExpectedIssue {
  kind: MutationKind;
  tab: string;
  /** The row number the spreadsheet shows; null for the tab as a whole. */
  row: number | null;
  code: DataIssueCode | null;
}

/** A generated workbook, ready to seed into the stand-in. */
export interface HostileWorkbook {
  seed: number;
  mutations: MutationKind[];
  sheets: { title: string; rows: SeedValue[][] }[];
  /** Cells to turn into real formula errors after seeding (0-based). */
  errorCells: { title: string; row: number; column: number; type: ErrorType }[];
  issues: ExpectedIssue[];
  /** The SyncError the sync must stop with, and the names its message must hold. */
  stop: { code: SyncErrorCode; names: string[] } | null;
  /** Texts that must come back as plain strings in an output tab. */
  written: string[];
  /** The rates the sync must report when the mutations leave every member's coverage as it was. */
  rates: typeof BASE_RATES | null;
}

type Row = HostileCell[];

interface Column {
  /** The contract header this column carries, if any; a copy or a staff column has none. */
  field?: string;
  /** For a duplicated header: the header it repeats. */
  copyOf?: string;
  header: HostileCell;
}

interface TabModel {
  name: TabName;
  title: string;
  present: boolean;
  /** Rows above the header (a title and a blank row when the header was moved down). */
  titleRows: Row[];
  columns: Column[];
  rows: Row[];
}

interface Expectation {
  kind: MutationKind;
  tab: TabName;
  at: Row | 'header' | 'tab';
  code: DataIssueCode | null;
  /** Other tabs that must be readable for the issue to arise. */
  needs: readonly TabName[];
  when: () => boolean;
}

/** A small seeded PRNG (mulberry32). */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    /** An integer in [0, n). */
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Random = ReturnType<typeof createRandom>;

/** A text of exactly `length` UTF-16 code units made of `unit` repeated (never a split pair). */
export function longText(unit: string, length = CELL_LIMIT): string {
  const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  return /[\uD800-\uDBFF]$/.test(text) ? `${text.slice(0, -1)}长` : text;
}

/**
 * The valid committee every workbook starts from: four members in two duty groups, a 书记 and
 * a 成员, an item consulted and briefed, a task and a solved difficulty. It has no data issue.
 */
function baseTabs(): Record<TabName, Row[]> {
  return {
    设置: [
      ['项目', '值'],
      ['专委会名称', '农业和农村委员会'],
    ],
    委员: [
      MEMBER_HEADER,
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', 'A01', '在任'],
      ['A03', '张委员', '经济界', '中共党员', '乡村组', '乡村党小组', '', '在任'],
      ['A04', '赵委员', '经济界', '无党派人士', '乡村组', '', 'A03', ''],
    ],
    分党组: [
      SUBGROUP_HEADER,
      ['王书记', 'A01', '书记', '全面负责'],
      ['张委员', 'A03', '成员', '乡村组'],
    ],
    履职小组: [
      GROUP_HEADER,
      ['种业组', 'A01', '种业党小组', 'A01', 'A01'],
      ['乡村组', 'A03', '乡村党小组', 'A03', 'A03'],
    ],
    活动记录: [
      ACTIVITY_HEADER,
      ['2026-04-08', '征求意见', '种业调研意见', 'A01', 'A01、A02', 'S1'],
      ['2026-04-12', '传达通报', '通报', 'A01', '全体', 'S1'],
      ['2026-05-06', '联系谈心', '走访', 'A01', 'A02'],
      ['2026-05-07', '联系谈心', '走访', 'A03', 'A04'],
      ['2026-05-08', '理论学习', '集中学习', 'A03', '全体'],
    ],
    重要事项: [ITEM_HEADER, ['S1', '种业调研', '2026-04-10', 'A01']],
    工作任务: [TASK_HEADER, ['调研报告', 'A03', '2026-06-30', '进行中']],
    困难诉求: [DIFFICULTY_HEADER, ['2026-05-01', 'A02', '子女入学', 'A01', '已解决', '2026-05-05']],
  };
}

/** A workbook under construction: the tabs as columns and rows, and what the mutations expect. */
class HostileBook {
  readonly tabs: Record<TabName, TabModel>;
  readonly expectations: Expectation[] = [];
  readonly stops: { code: SyncErrorCode; names: string[] }[] = [];
  readonly extraSheets: { title: string; rows: Row[] }[] = [];
  private readonly writes: { text: string; tabs: readonly TabName[] }[] = [];
  private ratesChanged = false;
  private readonly memberRows: Row[] = [];
  // Starts past the base committee's numbers (A01, S1), so a fresh text never repeats one.
  private counter = 100;

  constructor(readonly random: Random) {
    const base = baseTabs();
    this.tabs = {} as Record<TabName, TabModel>;
    for (const name of TAB_NAMES) {
      const [header = [], ...rows] = base[name];
      const columns = header.map((h) => ({ field: String(h), header: h }));
      this.tabs[name] = { name, title: name, present: true, titleRows: [], columns, rows };
    }
  }

  /** A text no other part of the workbook uses. */
  fresh(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  /**
   * Adds a valid row (fresh names and IDs) with `cells` instead of the defaults, at the end
   * unless `at` is given. Cells are given by contract header: a cell whose column was removed
   * is dropped, and a copied header's cell stays blank.
   */
  row(tab: TabName, cells: Record<string, HostileCell> = {}, at?: number): Row {
    const defaults: Record<TabName, () => Record<string, HostileCell>> = {
      设置: () => ({ 项目: '专委会名称', 值: '农业和农村委员会' }),
      委员: () => ({
        委员编号: this.fresh('H'),
        姓名: this.fresh('新委员'),
        界别: '经济界',
        政治面貌: '群众',
      }),
      分党组: () => ({ 姓名: this.fresh('分党组成员'), 职务: '成员', 分工: '联系委员' }),
      履职小组: () => ({
        履职小组: this.fresh('新组'),
        组长: 'A01',
        履职党小组: this.fresh('新党小组'),
        党小组组长: 'A01',
        分党组责任人: 'A01',
      }),
      活动记录: () => ({
        日期: '2026-05-09',
        类型: '理论学习',
        主题: '学习',
        组织人: 'A01',
        参与委员: 'A02',
      }),
      重要事项: () => ({
        编号: this.fresh('S'),
        事项: this.fresh('事项'),
        决定日期: '2026-04-10',
        责任人: 'A01',
      }),
      工作任务: () => ({
        任务: this.fresh('任务'),
        责任人: 'A03',
        截止日期: '2026-06-30',
        状态: '进行中',
      }),
      困难诉求: () => ({
        日期: '2026-05-02',
        委员: 'A02',
        诉求: this.fresh('诉求'),
        责任人: 'A01',
        状态: '办理中',
      }),
    };
    const values = { ...defaults[tab](), ...cells };
    const model = this.tabs[tab];
    const row = model.columns.map((c) =>
      c.field !== undefined && c.field in values ? values[c.field] : null,
    );
    model.rows.splice(at ?? model.rows.length, 0, row);
    if (tab === '委员') this.memberRows.push(row);
    return row;
  }

  issue(
    kind: MutationKind,
    tab: TabName,
    at: Expectation['at'],
    code: DataIssueCode | null,
    options: { needs?: readonly TabName[]; when?: () => boolean } = {},
  ): void {
    this.expectations.push({
      kind,
      tab,
      at,
      code,
      needs: options.needs ?? [],
      when: options.when ?? (() => true),
    });
  }

  /** Records a text the output must hold as written, once these tabs can be read. */
  write(text: string, tabs: readonly TabName[]): void {
    this.writes.push({ text, tabs });
  }

  /** Records that the workbook no longer has the base committee's rates. */
  changesRates(): void {
    this.ratesChanged = true;
  }

  stop(code: SyncErrorCode, names: string[]): void {
    this.stops.push({ code, names });
  }

  /** Keys the 设置 tab already sets (a second row for one is a CONFLICT). */
  settingKeys(): Set<HostileCell> {
    const model = this.tabs.设置;
    const index = model.columns.findIndex((c) => c.field === '项目');
    return new Set(model.rows.map((r) => r[index]));
  }

  usable(tab: TabName): boolean {
    const model = this.tabs[tab];
    return (
      model.present &&
      model.titleRows.length === 0 &&
      TAB_SPECS[tab].required.every((h) => model.columns.some((c) => c.field === h))
    );
  }

  build(seed: number, mutations: MutationKind[]): HostileWorkbook {
    const sheets: HostileWorkbook['sheets'] = [];
    const errorCells: HostileWorkbook['errorCells'] = [];
    const rowNumbers = new Map<Row, number>();
    const grids = [
      ...TAB_NAMES.filter((t) => this.tabs[t].present).map((t) => {
        const model = this.tabs[t];
        const grid = [...model.titleRows, model.columns.map((c) => c.header), ...model.rows];
        model.rows.forEach((row, i) => {
          rowNumbers.set(row, model.titleRows.length + i + 2);
        });
        return { title: model.title, grid };
      }),
      ...this.extraSheets.map((s) => ({ title: s.title, grid: s.rows })),
    ];
    for (const { title, grid } of grids) {
      const rows = grid.map((row, r) =>
        row.map((cell, c): SeedValue => {
          if (cell === undefined) return null;
          if (typeof cell !== 'object' || cell === null) return cell;
          errorCells.push({ title, row: r, column: c, type: cell.error });
          return null;
        }),
      );
      sheets.push({ title, rows });
    }

    const issues: ExpectedIssue[] = [];
    for (const e of this.expectations) {
      if (!e.when() || !e.needs.every((t) => this.usable(t))) continue;
      if (e.at === 'tab') issues.push({ kind: e.kind, tab: e.tab, row: null, code: e.code });
      else if (e.at === 'header') {
        if (this.tabs[e.tab].present)
          issues.push({ kind: e.kind, tab: e.tab, row: 1, code: e.code });
      } else if (this.usable(e.tab))
        issues.push({ kind: e.kind, tab: e.tab, row: rowNumbers.get(e.at) ?? -1, code: e.code });
    }

    // The sync checks for a staff tab with an output name first, then the 委员 tab, then its columns.
    const priority: SyncErrorCode[] = ['FOREIGN_OUTPUT_TAB', 'MISSING_TAB', 'MISSING_COLUMN'];
    const code = priority.find((c) => this.stops.some((s) => s.code === c));
    const stop =
      code === undefined
        ? null
        : {
            code,
            names: [...new Set(this.stops.filter((s) => s.code === code).flatMap((s) => s.names))],
          };
    const written = this.writes
      .filter((w) => w.tabs.every((t) => this.usable(t)))
      .map((w) => w.text);
    // A member row the sync keeps changes the totals; rows added to other tabs only add
    // touches or are excluded. Members, party groups and touches come from these three tabs.
    const excluded = new Set(
      this.expectations
        .filter((e) => e.code === 'DUPLICATE_ID' || e.code === 'MISSING_VALUE')
        .map((e) => e.at),
    );
    const rates =
      !this.ratesChanged &&
      this.memberRows.every((r) => excluded.has(r)) &&
      (['委员', '履职小组', '活动记录'] as const).every((t) => this.usable(t))
        ? BASE_RATES
        : null;
    return { seed, mutations, sheets, errorCells, issues, stop, written, rates };
  }
}

// ---- the mutations -------------------------------------------------------------------------

type Mutate = (book: HostileBook) => void;

const ERROR_TYPES: Array<[ErrorType, string]> = [
  ['REF', '#REF!'],
  ['N_A', '#N/A'],
  ['DIVIDE_BY_ZERO', '#DIV/0!'],
  ['VALUE', '#VALUE!'],
  ['NAME', '#NAME?'],
  ['NUM', '#NUM!'],
  ['NULL_VALUE', '#NULL!'],
  ['ERROR', '#ERROR!'],
];

/** Where a bad value may go and what the sync must call it. */
interface Site {
  tab: TabName;
  column: string;
  /** The issue code for a value that is not valid there; null when any text is fine. */
  code: DataIssueCode | null;
  needs?: readonly TabName[];
}

/** Sites whose issue is the same for any unusable text: unknown persons, vocabularies, dates. */
const TEXT_SITES: Site[] = [
  { tab: '委员', column: '政治面貌', code: 'BAD_VALUE' },
  { tab: '委员', column: '状态', code: 'BAD_VALUE' },
  { tab: '委员', column: '联系人', code: 'UNKNOWN_PERSON' },
  { tab: '委员', column: '履职小组', code: 'UNKNOWN_GROUP' },
  { tab: '分党组', column: '职务', code: 'BAD_VALUE' },
  { tab: '分党组', column: '委员编号', code: 'UNKNOWN_PERSON' },
  { tab: '履职小组', column: '组长', code: 'UNKNOWN_PERSON' },
  { tab: '履职小组', column: '党小组组长', code: 'UNKNOWN_PERSON' },
  { tab: '履职小组', column: '分党组责任人', code: 'UNKNOWN_PERSON' },
  { tab: '活动记录', column: '类型', code: 'BAD_VALUE' },
  { tab: '活动记录', column: '组织人', code: 'UNKNOWN_PERSON' },
  { tab: '活动记录', column: '参与委员', code: 'UNKNOWN_PERSON' },
  { tab: '活动记录', column: '关联事项', code: 'BAD_VALUE', needs: ['重要事项'] },
  { tab: '活动记录', column: '日期', code: 'BAD_DATE' },
  { tab: '重要事项', column: '决定日期', code: 'BAD_DATE' },
  { tab: '重要事项', column: '责任人', code: 'UNKNOWN_PERSON' },
  { tab: '工作任务', column: '责任人', code: 'UNKNOWN_PERSON' },
  { tab: '工作任务', column: '截止日期', code: 'BAD_DATE' },
  { tab: '工作任务', column: '状态', code: 'BAD_VALUE' },
  { tab: '工作任务', column: '完成日期', code: 'BAD_DATE' },
  { tab: '困难诉求', column: '日期', code: 'BAD_DATE' },
  { tab: '困难诉求', column: '委员', code: 'UNKNOWN_PERSON' },
  { tab: '困难诉求', column: '解决日期', code: 'BAD_DATE' },
  { tab: '困难诉求', column: '状态', code: 'BAD_VALUE' },
];
/** Free-text sites: any text is accepted there. */
const FREE_SITES: Site[] = [
  { tab: '委员', column: '姓名', code: null },
  { tab: '委员', column: '界别', code: null },
  { tab: '分党组', column: '分工', code: null },
  { tab: '活动记录', column: '主题', code: null },
  { tab: '重要事项', column: '事项', code: null },
  { tab: '工作任务', column: '任务', code: null },
  { tab: '困难诉求', column: '诉求', code: null },
];

/** Puts `value` at a site in a new row and records what the sync must say about that row. */
function atSite(book: HostileBook, kind: MutationKind, site: Site, value: HostileCell): void {
  const row = book.row(site.tab, { [site.column]: value });
  const code =
    site.code === 'BAD_DATE' && isErrorLiteral(value)
      ? 'BAD_VALUE' // a date cell showing #REF! is reported as a formula error
      : site.code;
  book.issue(kind, site.tab, row, code, { needs: site.needs ?? [] });
}

function isErrorLiteral(value: HostileCell): boolean {
  return (
    (typeof value === 'object' && value !== null) ||
    ERROR_TYPES.some(([, literal]) => literal === value)
  );
}

const BAD_DATES: HostileCell[] = [
  '2026-02-30',
  '2026/13/1',
  '2026.4.31',
  '2026年2月29日',
  '２０２６－０２－３０',
  '26-5-1',
  '5/12/2026',
  '2026-05-12 10:30',
  '2026年5月',
  'May 12, 2026',
  '下周一',
  '2026_05_12',
  0,
  -3,
  2_958_466,
  true,
];
const GOOD_DATES: HostileCell[] = [
  '2026-5-6',
  '2026/5/6',
  '2026.5.6',
  '2026 年 5 月 6 日',
  '２０２６年５月６日',
  '２０２６－０５－０６',
  46_148,
  46_148.75,
];
const DATE_SITES = TEXT_SITES.filter((s) => s.code === 'BAD_DATE');

/** Units for 50,000-character cells: CJK, emoji (two code units), NFKC-expanding, full-width. */
const LONG_UNITS = ['长', '🌾', '㍻', 'ﷺ', 'Ａ', 'מ', 'x'];

const FORMULAS = [
  '=IMPORTXML("http://evil.example/x","//a")',
  '=HYPERLINK("http://evil.example","点我")',
  "+cmd|' /C calc'!A0",
  '-1+1',
  '@SUM(A1:A9)',
  '=1/0',
];

const RTL_NAMES = ['محمد', 'דָּוִד', '\u200fعلي\u200f', '👩‍🌾李', '🇨🇳王', 'سارة 🌙'];

const MUTATIONS: Record<MutationKind, Mutate> = {
  'numbers-and-booleans': (book) => {
    const k = 'numbers-and-booleans';
    switch (book.random.int(5)) {
      case 0: {
        // IDs typed as numbers are legitimate: `1001` must work as an ID and as a reference.
        const id = 1000 + book.random.int(9000);
        if (book.tabs.委员.rows.some((r) => r.includes(id))) return;
        book.issue(k, '委员', book.row('委员', { 委员编号: id, 姓名: book.fresh('数字') }), null);
        book.issue(k, '活动记录', book.row('活动记录', { 参与委员: id }), null);
        book.issue(k, '活动记录', book.row('活动记录', { 参与委员: `A02、${id}` }), null);
        return;
      }
      case 1:
        atSite(
          book,
          k,
          book.random.pick(TEXT_SITES.filter(isVocabulary)),
          book.random.pick([true, false, 7, 3.5]),
        );
        return;
      case 2:
        atSite(book, k, book.random.pick(DATE_SITES), book.random.pick([true, false]));
        return;
      case 3:
        atSite(
          book,
          k,
          book.random.pick(TEXT_SITES.filter(isPerson)),
          987_654 + book.random.int(1000),
        );
        return;
      default:
        atSite(
          book,
          k,
          book.random.pick(FREE_SITES),
          book.random.pick([true, false, 0, 1e21, -7.25]),
        );
    }
  },

  'long-cell': (book) => {
    const k = 'long-cell';
    const text = longText(book.random.pick(LONG_UNITS));
    switch (book.random.int(6)) {
      case 0:
        atSite(book, k, book.random.pick(TEXT_SITES), text);
        return;
      case 1:
        atSite(book, k, book.random.pick(FREE_SITES), text);
        return;
      case 2: {
        // The committee's name is copied into the overview's title.
        const model = book.tabs.设置;
        const key = model.columns.findIndex((c) => c.field === '项目');
        const value = model.columns.findIndex((c) => c.field === '值');
        const row = model.rows.find((r) => r[key] === '专委会名称');
        if (row && value >= 0) {
          row[value] = text;
          book.issue(k, '设置', row, null);
        }
        return;
      }
      case 3:
        // An idle 分党组 person: the name is copied into a longer responsibility-gap detail.
        book.issue(k, '分党组', book.row('分党组', { 姓名: text, 分工: '' }), null);
        return;
      case 4:
        // A member's ID and name are copied into 覆盖缺口 and into suggestions.
        book.issue(
          k,
          '委员',
          book.row('委员', {
            委员编号: longText(book.fresh('Ｉ')),
            姓名: text,
            政治面貌: '中共党员',
          }),
          null,
        );
        return;
      default:
        book.issue(k, '设置', book.row('设置', { 项目: text, 值: '1' }), 'UNKNOWN_KEY');
    }
  },

  'emoji-and-rtl': (book) => {
    const k = 'emoji-and-rtl';
    const name = `${book.random.pick(RTL_NAMES)}${book.fresh('')}`;
    if (book.random.int(3) === 0) {
      atSite(book, k, book.random.pick(TEXT_SITES.filter(isPerson)), `${name}?`);
      return;
    }
    book.issue(
      k,
      '委员',
      book.row('委员', { 姓名: name, 界别: '🌾农业界', 政治面貌: '中共党员' }),
      null,
    );
    book.issue(
      k,
      '活动记录',
      book.row('活动记录', { 组织人: name, 参与委员: `${name}、A02、A04` }),
      null,
    );
    book.issue(k, '委员', book.row('委员', { 联系人: name, 界别: 'قطاع' }), null);
  },

  'error-literal': (book) => {
    const [, literal] = book.random.pick(ERROR_TYPES);
    const site = book.random.pick([...TEXT_SITES, ...FREE_SITES]);
    atSite(book, 'error-literal', site, literal);
  },

  'error-value-cell': (book) => {
    const [type] = book.random.pick(ERROR_TYPES);
    const site = book.random.pick([...TEXT_SITES, ...FREE_SITES]);
    atSite(book, 'error-value-cell', site, { error: type });
  },

  'formula-text': (book) => {
    const k = 'formula-text';
    const formula = book.random.pick(FORMULAS);
    if (book.random.int(2) === 0) {
      // A non-CPC member without a contact is listed in 覆盖缺口 with the name as written.
      book.issue(k, '委员', book.row('委员', { 姓名: formula }), null);
      book.write(formula, ['委员']);
      return;
    }
    const site = book.random.pick(TEXT_SITES);
    atSite(book, k, site, formula);
    // 数据问题 shows the cell's value as written.
    book.write(formula, [site.tab, ...(site.needs ?? [])]);
  },

  'duplicate-header': (book) => {
    const model = book.tabs[book.random.pick(TAB_NAMES)];
    const original = book.random.pick(model.columns.filter((c) => c.field !== undefined));
    const field = original?.field;
    if (original === undefined || field === undefined) return;
    const copy: Column = {
      copyOf: field,
      header: book.random.pick([original.header, ` ${field} `]),
    };
    model.columns.push(copy);
    for (const row of model.rows) if (!isBlankRow(row)) row[model.columns.length - 1] = '不应读取';
    book.issue('duplicate-header', model.name, 'header', 'CONFLICT', {
      when: () => model.titleRows.length === 0 && model.columns.includes(copy),
    });
  },

  'blank-header-column': (book) => {
    const model = book.tabs[book.random.pick(TAB_NAMES)];
    const at = book.random.int(model.columns.length + 1);
    const header = book.random.pick<HostileCell>([
      '',
      '   ',
      '\u3000',
      '备注',
      2026,
      true,
      { error: 'REF' },
    ]);
    model.columns.splice(at, 0, { header });
    for (const row of model.rows) {
      if (isBlankRow(row)) continue;
      while (row.length < at) row.push(null);
      row.splice(at, 0, '员工自用');
    }
    stillRead(book, 'blank-header-column', model.name);
  },

  'header-aliases': (book) => {
    const model = book.tabs[book.random.pick(TAB_NAMES)];
    if (book.random.int(3) === 0) {
      const alias = TAB_SPECS[model.name].alias;
      model.title = book.random.pick([alias, alias.toUpperCase(), toFullWidth(alias)]);
    } else
      for (const column of model.columns) {
        if (column.field === undefined || book.random.int(2) === 0) continue;
        const alias = HEADER_ALIASES[column.field] ?? column.field;
        column.header = book.random.pick([
          alias,
          alias.toLowerCase(),
          toFullWidth(alias),
          ` ${column.field}\u3000`,
        ]);
      }
    stillRead(book, 'header-aliases', model.name);
  },

  'header-moved-down': (book) => {
    const model = book.tabs[book.random.pick(TAB_NAMES)];
    model.titleRows = [[`${model.name}（2026年）`], []];
    const required = TAB_SPECS[model.name].required;
    if (model.name === '委员') book.stop('MISSING_COLUMN', [...required]);
    else
      for (const _ of required)
        book.issue('header-moved-down', model.name, 'header', 'MISSING_COLUMN');
  },

  'blank-rows': (book) => {
    // Ten thousand blank rows in the middle of a tab: the rows after them keep their numbers.
    const tab = book.random.pick(TAB_NAMES.filter((t) => book.tabs[t].rows.length > 0));
    const model = book.tabs[tab];
    const at = 1 + book.random.int(model.rows.length);
    model.rows.splice(at, 0, ...Array.from({ length: 10_000 }, (): Row => []));
    const [cells, code] = BAD_ROWS[tab](book);
    book.issue('blank-rows', tab, book.row(tab, cells, at + 10_000), code);
  },

  'merged-gaps': (book) => {
    // A value only in the first row of a block, as if the block were merged.
    const k = 'merged-gaps';
    const size = 2 + book.random.int(3);
    switch (book.random.int(3)) {
      case 0: {
        book.row('活动记录', { 日期: '2026-05-10', 类型: '调研' });
        for (let i = 1; i < size; i++)
          book.issue(
            k,
            '活动记录',
            book.row('活动记录', { 日期: null, 类型: null, 参与委员: 'A04' }),
            'MISSING_VALUE',
          );
        return;
      }
      case 1: {
        book.issue(k, '委员', book.row('委员', { 政治面貌: '民建' }), null);
        for (let i = 1; i < size; i++)
          book.issue(k, '委员', book.row('委员', { 政治面貌: null, 界别: null }), 'MISSING_VALUE');
        return;
      }
      default: {
        book.row('困难诉求', { 日期: '2026-05-03' });
        for (let i = 1; i < size; i++)
          book.issue(k, '困难诉求', book.row('困难诉求', { 日期: null }), 'MISSING_VALUE');
      }
    }
  },

  'missing-tab': (book) => {
    const tab = book.random.pick(TAB_NAMES);
    book.tabs[tab].present = false;
    if (tab === '委员') book.stop('MISSING_TAB', ['委员']);
    else if (tab !== '设置') book.issue('missing-tab', tab, 'tab', 'MISSING_TAB');
  },

  'missing-member-column': (book) => {
    const column = book.random.pick(TAB_SPECS.委员.required);
    removeColumn(book.tabs.委员, column);
    book.stop('MISSING_COLUMN', [column]);
  },

  'missing-required-column': (book) => {
    const tab = book.random.pick(OPTIONAL_TABS);
    removeColumn(book.tabs[tab], book.random.pick(TAB_SPECS[tab].required));
    book.issue('missing-required-column', tab, 'header', 'MISSING_COLUMN');
  },

  'bad-date': (book) => {
    atSite(book, 'bad-date', book.random.pick(DATE_SITES), book.random.pick(BAD_DATES));
  },

  'good-date-forms': (book) => {
    const site = book.random.pick(DATE_SITES);
    book.issue(
      'good-date-forms',
      site.tab,
      book.row(site.tab, { [site.column]: book.random.pick(GOOD_DATES) }),
      null,
    );
  },

  'unknown-person': (book) => {
    const site = book.random.pick(TEXT_SITES.filter(isPerson));
    const text = book.random.pick([book.fresh('查无此人'), book.fresh('Z-'), book.fresh('ｚ－')]);
    atSite(book, 'unknown-person', site, site.column === '参与委员' ? `A02、${text}、A04` : text);
  },

  'ambiguous-name': (book) => {
    const k = 'ambiguous-name';
    const name = book.fresh('同名');
    book.issue(k, '委员', book.row('委员', { 姓名: name, 政治面貌: '中共党员' }), null);
    // Spaces between CJK characters do not tell two names apart.
    book.issue(
      k,
      '委员',
      book.row('委员', { 姓名: `${name.slice(0, 1)}\u3000${name.slice(1)}` }),
      null,
    );
    const sites: Site[] = [
      { tab: '委员', column: '联系人', code: 'AMBIGUOUS_NAME' },
      { tab: '活动记录', column: '组织人', code: 'AMBIGUOUS_NAME' },
      { tab: '活动记录', column: '参与委员', code: 'AMBIGUOUS_NAME' },
      { tab: '工作任务', column: '责任人', code: 'AMBIGUOUS_NAME' },
      { tab: '困难诉求', column: '委员', code: 'AMBIGUOUS_NAME' },
      { tab: '履职小组', column: '组长', code: 'AMBIGUOUS_NAME' },
    ];
    atSite(book, k, book.random.pick(sites), name);
  },

  'duplicate-id': (book) => {
    const k = 'duplicate-id';
    switch (book.random.int(4)) {
      case 0: {
        const id = book.random.pick(['A01', 'a02', 'Ａ０３', ' A04 ', 'a０1']);
        book.issue(k, '委员', book.row('委员', { 委员编号: id }), 'DUPLICATE_ID');
        return;
      }
      case 1:
        book.issue(k, '履职小组', book.row('履职小组', { 履职小组: '种业组' }), 'DUPLICATE_ID');
        return;
      case 2:
        book.issue(
          k,
          '重要事项',
          book.row('重要事项', { 编号: book.random.pick(['S1', 's1', 'Ｓ１']) }),
          'DUPLICATE_ID',
        );
        return;
      default:
        book.issue(
          k,
          '分党组',
          book.row('分党组', { 姓名: '王书记', 委员编号: 'A01' }),
          'DUPLICATE_ID',
        );
    }
  },

  'unknown-vocabulary': (book) => {
    const k = 'unknown-vocabulary';
    if (book.random.int(3) > 0) {
      const site = book.random.pick(TEXT_SITES.filter(isVocabulary));
      atSite(
        book,
        k,
        site,
        book.random.pick(['共青团员', '退休', '主任', '座谈会', '搁置', '已撤回', '？']),
      );
      return;
    }
    const used = book.settingKeys();
    const settings: Array<[string, string, DataIssueCode]> = [
      ['评估周期', '两个月', 'BAD_VALUE'],
      ['联系频次', '0', 'BAD_VALUE'],
      ['联系人负荷上限', '1.5', 'BAD_VALUE'],
      ['传达时限天数', '一周', 'BAD_VALUE'],
      ['诉求办结时限天数', '-3', 'BAD_VALUE'],
      ['时区', 'Mars/Olympus_Mons', 'BAD_VALUE'],
      ['专委会名称', '重复的名称', 'CONFLICT'],
      [book.fresh('未知设置'), '1', 'UNKNOWN_KEY'],
    ];
    const [key, value, code] = book.random.pick(
      settings.filter(([key, , code]) => code === 'CONFLICT' || !used.has(key)),
    );
    book.issue(k, '设置', book.row('设置', { 项目: key, 值: value }), code);
  },

  'long-participant-list': (book) => {
    const separators = ['、', ',', '，', ';', '；', '/', '\n', ' 、 '];
    const known = ['A01', 'A02', 'a03', 'Ａ０４', '李委员', '赵　委员', '全体'];
    const parts: string[] = [];
    const unknown = book.random.int(3);
    // At most 3,500 entries of at most 9 characters with their separator: within one cell.
    for (let i = 500 + book.random.int(3000); i > 0; i--)
      parts.push(
        i <= unknown ? book.fresh('名单外') : book.random.pick(known),
        book.random.pick(separators),
      );
    const row = book.row('活动记录', { 类型: '履职通知', 参与委员: parts.join('') });
    book.issue('long-participant-list', '活动记录', row, unknown > 0 ? 'UNKNOWN_PERSON' : null);
  },

  'whitespace-only': (book) => {
    const k = 'whitespace-only';
    const blank = book.random.pick(['   ', '\u3000\u3000', '\t', '\u00a0', ' \n ']);
    if (book.random.int(3) === 0) {
      // A row of whitespace only is a blank row: skipped without an issue.
      const tab = book.random.pick(TAB_NAMES);
      const model = book.tabs[tab];
      const row: Row = model.columns.map(() => blank);
      model.rows.push(row);
      book.issue(k, tab, row, null);
      return;
    }
    const tab = book.random.pick(TAB_NAMES.filter((t) => t !== '设置'));
    const site: Site = {
      tab,
      column: book.random.pick(TAB_SPECS[tab].required),
      code: 'MISSING_VALUE',
    };
    atSite(book, k, site, blank);
  },

  'full-width': (book) => {
    const k = 'full-width';
    switch (book.random.int(3)) {
      case 0:
        book.issue(
          k,
          '活动记录',
          book.row('活动记录', { 组织人: 'Ａ０１', 参与委员: 'Ａ０２，ａ０４' }),
          null,
        );
        return;
      case 1:
        book.issue(
          k,
          '困难诉求',
          book.row('困难诉求', { 日期: '２０２６－０５－０２', 委员: 'Ａ０２' }),
          null,
        );
        return;
      default:
        if (!book.settingKeys().has('联系频次')) {
          book.issue(k, '设置', book.row('设置', { 项目: '联系频次', 值: '２' }), null);
          // Two touches a period: the base committee's single ones no longer cover anyone.
          book.changesRates();
        }
    }
  },

  'foreign-output-tab': (book) => {
    const taken = new Set(book.extraSheets.map((s) => s.title));
    const title = book.random.pick(OUTPUT_TITLES.filter((t) => !taken.has(t)));
    book.extraSheets.push({ title, rows: [['我们自己的表'], ['重要数据', 42]] });
    book.stop('FOREIGN_OUTPUT_TAB', [title]);
  },
};

/** A row per tab that the sync must report, and the code it must use. */
const BAD_ROWS: Record<
  TabName,
  (book: HostileBook) => [Record<string, HostileCell>, DataIssueCode]
> = {
  设置: (book) => [{ 项目: book.fresh('未知设置'), 值: '1' }, 'UNKNOWN_KEY'],
  // A later duplicate (IDs compare case-insensitively) is excluded: the rates stay the base's.
  委员: () => [{ 委员编号: 'a01' }, 'DUPLICATE_ID'],
  分党组: () => [{ 职务: '主任' }, 'BAD_VALUE'],
  履职小组: (book) => [{ 组长: book.fresh('查无此人') }, 'UNKNOWN_PERSON'],
  活动记录: () => [{ 类型: '座谈' }, 'BAD_VALUE'],
  重要事项: () => [{ 决定日期: '明天' }, 'BAD_DATE'],
  工作任务: () => [{ 状态: '搁置' }, 'BAD_VALUE'],
  困难诉求: (book) => [{ 委员: book.fresh('查无此人') }, 'UNKNOWN_PERSON'],
};

/** Blank as the sync sees it: no cell, or whitespace only. */
function isBlankRow(row: Row): boolean {
  return row.every(
    (cell) =>
      cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === ''),
  );
}

/** A bad row whose issue shows that the tab is still read column by column. */
function stillRead(book: HostileBook, kind: MutationKind, tab: TabName): void {
  const [cells, code] = BAD_ROWS[tab](book);
  book.issue(kind, tab, book.row(tab, cells), code);
}

function isPerson(site: Site): boolean {
  return site.code === 'UNKNOWN_PERSON';
}

function isVocabulary(site: Site): boolean {
  return site.code === 'BAD_VALUE' && site.column !== '关联事项';
}

function removeColumn(model: TabModel, field: string): void {
  for (let c = model.columns.length - 1; c >= 0; c--) {
    const column = model.columns[c];
    if (column?.field !== field && column?.copyOf !== field) continue;
    model.columns.splice(c, 1);
    for (const row of model.rows) row.splice(c, 1);
  }
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The workbook of one seed: the base committee with one to four random mutations. */
export function generateHostileWorkbook(seed: number): HostileWorkbook {
  const random = createRandom(seed);
  const book = new HostileBook(random);
  const mutations = Array.from({ length: 1 + random.int(4) }, () => random.pick(MUTATION_KINDS));
  for (const kind of mutations) MUTATIONS[kind](book);
  return book.build(seed, mutations);
}

/** The base committee alone, with no mutation. */
export function baseWorkbook(): HostileWorkbook {
  return new HostileBook(createRandom(0)).build(0, []);
}
