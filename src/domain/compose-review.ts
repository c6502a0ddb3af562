import type { Analysis } from './analysis';
import { isoFromSerial, type Serial } from './calendar-date';
import { type Comparison, RATE_NAMES, type RateAtClose, type RateName } from './compare-periods';
import { compareText } from './compare-text';
import { countInto, emptyRate, type MemberCoverage, type Rate } from './compute-coverage';
import type { Ledger } from './compute-ledger';
import type { ResponsibilityCode } from './compute-responsibility';
import type { Account } from './compute-responsibility-ledger';
import { GAP_ACTIONS } from './gap-actions';
import { RESPONSIBILITY_LABELS } from './gap-labels';
import {
  byCodeOrder,
  CATEGORY_LABELS,
  codeLabel,
  type GapCode,
  type LedgerRow,
  NO_OWNER,
} from './ledger-row';
import { personText } from './person-text';
import type { Person } from './workbook-model';

/** A piece of the review: a sub-heading, a paragraph, or a table of figures. */
export type ReviewBlock =
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][] };

export interface ReviewSection {
  /** `一、基本情况` … `五、下一步工作建议`. */
  heading: string;
  blocks: ReviewBlock[];
}

/** The review of contract §7.4 as data: what the 评估报告 tab and the Word document both show. */
export interface Review {
  title: string;
  /** The period and the as-of date, under the title. */
  subtitle: string;
  sections: ReviewSection[];
}

const RATE_LABELS: Readonly<Record<RateName, string>> = {
  org: '组织覆盖率',
  work: '工作覆盖率',
  contact: '联系落实率',
};
/** Longer lists stop here and point to the tab that holds them all. */
const TABLE_ROWS = 20;
const LOWEST = 3;
const NUMERALS = ['一', '二', '三', '四', '五'];

/**
 * Writes the periodic review (contract §7.4) from the figures the sync computed. Every sentence
 * states a figure the data holds, or says plainly that a list is empty.
 */
export function composeReview(
  analysis: Analysis,
  ledger: Ledger,
  comparison: Comparison,
  accounts: Account[],
): Review {
  const { workbook, period, asOf } = analysis;
  const committee = workbook.settings.committeeName || '本专委会';
  const rows = ledger.entries.flatMap((e) => (e.kind === 'row' ? [e.row] : []));
  const openRows = rows.filter((row) => row.status === '未解决');
  const sections: Array<[string, ReviewBlock[]]> = [
    ['基本情况', basics(analysis, committee)],
    ['“两个全覆盖”落实情况', coverageBlocks(analysis, comparison)],
    ['责任落实情况', responsibilityBlocks(analysis, ledger, comparison, accounts, openRows)],
    ['存在的问题', problemBlocks(analysis, comparison)],
    ['下一步工作建议', nextSteps(openRows)],
  ];
  return {
    title: `${committee}“两个全覆盖”工作评估报告`,
    subtitle: `（${period.label}，数据截至${chineseDate(asOf)}）`,
    sections: sections.map(([heading, blocks], i) => ({
      heading: `${NUMERALS[i]}、${heading}`,
      blocks,
    })),
  };
}

function basics(analysis: Analysis, committee: string): ReviewBlock[] {
  const { workbook, period, asOf, coverage } = analysis;
  const active = coverage.members.length;
  const cpc = coverage.members.filter((m) => m.member.isCpc).length;
  const groups = workbook.dutyGroups.length;
  const partyGroups = workbook.partyGroups.size;
  const blocks: ReviewBlock[] = [
    paragraph(
      `本报告评估${committee}${period.label}（${chineseDate(period.start)}至${chineseDate(period.end)}）“两个全覆盖”工作情况，数据截至${chineseDate(asOf)}。`,
    ),
    paragraph(
      active === 0
        ? '「委员」表中没有在任委员。'
        : `全委现有在任委员${active}名，其中中共党员委员${cpc}名、党外委员${active - cpc}名。`,
    ),
    paragraph(
      `${groups > 0 ? `设履职小组${groups}个` : '尚未设立履职小组'}，${partyGroups > 0 ? `建立履职党小组${partyGroups}个` : '尚未建立履职党小组'}。`,
    ),
  ];
  const names = (post: string) =>
    workbook.subgroup.filter((p) => p.post === post).map((p) => p.name);
  if (workbook.subgroup.length === 0) {
    blocks.push(paragraph('「分党组」表中尚无人员，尚未明确分党组书记。'));
    return blocks;
  }
  const posts = (['书记', '副书记', '成员'] as const)
    .map((post) => [post, names(post)] as const)
    .filter(([, list]) => list.length > 0)
    .map(([post, list]) => `${post}${list.join('、')}`);
  blocks.push(
    paragraph(
      `分党组共${workbook.subgroup.length}人：${posts.join('；')}。${workbook.secretary ? '' : '尚未明确分党组书记。'}`,
    ),
  );
  return blocks;
}

function coverageBlocks(analysis: Analysis, comparison: Comparison): ReviewBlock[] {
  const { coverage, workbook } = analysis;
  const { previousClose, previousPeriod } = comparison;
  const blocks: ReviewBlock[] = [subheading('（一）覆盖率')];
  blocks.push({
    kind: 'table',
    columns: ['指标', '本期', '上期末', '变化'],
    rows: RATE_NAMES.map((name) => {
      const { now, previous, points } = comparison.rates[name];
      return [RATE_LABELS[name], rateText(now), previousText(previous), pointsText(points)];
    }),
  });
  if (previousClose === null)
    blocks.push(
      paragraph(
        `「历史」表中没有${previousPeriod.label}期末（${chineseDate(previousPeriod.end)}）及以前的记录，暂无上期数据可比。`,
      ),
    );
  else
    blocks.push(
      paragraph(
        `与上期末记录（${chineseDate(previousClose.date)}）相比，${RATE_NAMES.map((name) => changePhrase(RATE_LABELS[name], comparison.rates[name].points)).join('，')}。`,
      ),
    );

  blocks.push(subheading('（二）覆盖薄弱的界别和履职小组'));
  if (coverage.members.length === 0)
    blocks.push(paragraph('没有在任委员，无法分界别、分小组统计。'));
  else {
    blocks.push(...lowest('界别', coverage.members, (m) => m.member.sector));
    blocks.push(...lowest('履职小组', coverage.members, (m) => m.member.dutyGroup ?? '（未分组）'));
  }

  blocks.push(subheading('（三）联系人负荷'));
  const cap = workbook.settings.loadCap;
  const over = [...coverage.loads]
    .filter(([, load]) => load > cap)
    .sort(([a, x], [b, y]) => y - x || compareText(a.ref, b.ref));
  if (over.length === 0) blocks.push(paragraph(`没有联系人超过负荷上限（每人${cap}名委员）。`));
  else {
    blocks.push(
      paragraph(`联系人负荷上限为每人${cap}名委员，超过上限的联系人有${over.length}名：`),
    );
    blocks.push({
      kind: 'table',
      columns: ['联系人', '联系委员数', '超出'],
      rows: over.map(([person, load]) => [personText(person), `${load}`, `${load - cap}`]),
    });
  }
  return blocks;
}

/** The (at most three) groups below full 工作覆盖率, lowest first, as a table. */
function lowest(
  what: string,
  members: MemberCoverage[],
  keyOf: (m: MemberCoverage) => string,
): ReviewBlock[] {
  const work = new Map<string, Rate>();
  for (const m of members) {
    const key = keyOf(m);
    const rate = work.get(key) ?? emptyRate();
    countInto(rate, m.work);
    work.set(key, rate);
  }
  const below = [...work]
    .filter(([, rate]) => rate.covered < rate.total)
    .sort(([a, x], [b, y]) => x.covered / x.total - y.covered / y.total || compareText(a, b))
    .slice(0, LOWEST);
  if (below.length === 0) return [paragraph(`各${what}的工作覆盖率均为100%。`)];
  return [
    paragraph(`工作覆盖率较低的${what}（未达100%的，最多列${LOWEST}个）：`),
    {
      kind: 'table',
      columns: [what, '在任委员', '工作覆盖率'],
      rows: below.map(([key, rate]) => [key, `${rate.total}`, rateText(rate)]),
    },
  ];
}

function responsibilityBlocks(
  analysis: Analysis,
  ledger: Ledger,
  comparison: Comparison,
  accounts: Account[],
  openRows: LedgerRow[],
): ReviewBlock[] {
  const { opened, closed, open } = comparison;
  const blocks: ReviewBlock[] = [
    paragraph(
      `本期（${chineseDate(analysis.period.start)}至${chineseDate(analysis.asOf)}）缺口台账新发现覆盖缺口${opened.coverage}项、责任缺口${opened.responsibility}项，解决覆盖缺口${closed.coverage}项、责任缺口${closed.responsibility}项；目前尚未解决覆盖缺口${open.coverage}项、责任缺口${open.responsibility}项。`,
    ),
  ];
  if (ledger.restarted)
    blocks.push(paragraph('「缺口台账」已于本次同步重新开始记录，此前的缺口记录不在统计之内。'));
  if (ledger.backdated)
    blocks.push(
      paragraph(
        `本次按${chineseDate(analysis.asOf)}回溯统计，缺口台账未作更新，台账数字为最近一次同步时的状态。`,
      ),
    );

  blocks.push(subheading('（一）责任人落实情况'));
  if (accounts.length === 0)
    blocks.push(paragraph('「分党组」表中尚无人员，缺口台账中也没有未解决的缺口。'));
  else
    blocks.push({
      kind: 'table',
      columns: ['姓名', '职务', '未解决覆盖缺口', '未解决责任缺口', '最长持续天数', '本期已解决'],
      rows: accounts.map((a) => [
        a.owner,
        a.post ?? '—',
        `${a.openCoverage}`,
        `${a.openResponsibility}`,
        a.oldestOpenDays === null ? '—' : `${a.oldestOpenDays}`,
        `${a.closedThisPeriod}`,
      ]),
    });

  blocks.push(subheading('（二）未解决的责任缺口'));
  const byCode = groupByCode(openRows.filter((row) => row.category === 'responsibility'));
  if (byCode.length === 0) blocks.push(paragraph('缺口台账中没有未解决的责任缺口。'));
  else
    blocks.push({
      kind: 'table',
      columns: ['类型', '数量', '应由谁落实'],
      rows: byCode.map(([code, list]) => [
        codeLabel('responsibility', code),
        `${list.length}`,
        distinct(list.map((row) => row.owner)).join('、'),
      ]),
    });
  return blocks;
}

function problemBlocks(analysis: Analysis, comparison: Comparison): ReviewBlock[] {
  const blocks: ReviewBlock[] = [subheading('（一）长期未解决的缺口')];
  const { persistent } = comparison;
  if (persistent.length === 0) blocks.push(paragraph('没有从上期延续至今仍未解决的缺口。'));
  else {
    blocks.push(
      paragraph(`从上期延续至今仍未解决的缺口${persistent.length}项（连续期数含本期）：`),
    );
    blocks.push(
      table(
        ['类别', '类型', '对象', '连续期数', '应由谁落实'],
        persistent.map(({ row, periods }) => [
          CATEGORY_LABELS[row.category],
          codeLabel(row.category, row.code),
          subjectText(row),
          `${periods}`,
          row.owner,
        ]),
        '缺口台账',
      ),
    );
  }

  const gaps = (codes: ResponsibilityCode[]) =>
    analysis.responsibility.filter((gap) => codes.includes(gap.code));
  const owner = (person: Person | null) => (person ? personText(person) : NO_OWNER);

  blocks.push(subheading('（二）逾期未完成的工作任务'));
  const tasks = gaps(['TASK_OVERDUE']);
  blocks.push(
    tasks.length === 0
      ? paragraph('没有逾期未完成的工作任务。')
      : table(
          ['任务', '应由谁落实', '情况'],
          tasks.map((gap) => [gap.subject, owner(gap.owner), gap.detail]),
          '责任缺口',
        ),
  );

  blocks.push(subheading('（三）超期未解决的困难诉求'));
  const difficulties = gaps(['DIFFICULTY_OVERDUE']);
  blocks.push(
    difficulties.length === 0
      ? paragraph('没有超期未解决的困难诉求。')
      : table(
          ['委员', '应由谁落实', '情况'],
          difficulties.map((gap) => [
            gap.person ? personText(gap.person) : gap.subject,
            owner(gap.owner),
            gap.detail,
          ]),
          '责任缺口',
        ),
  );

  blocks.push(subheading('（四）重要事项征求意见和传达通报'));
  const items = gaps(['ITEM_NO_CONSULTATION', 'ITEM_NOT_BRIEFED']);
  if (items.length > 0)
    blocks.push(
      table(
        ['事项编号', '问题', '情况', '应由谁落实'],
        items.map((gap) => [
          gap.subject,
          RESPONSIBILITY_LABELS[gap.code],
          gap.detail,
          owner(gap.owner),
        ]),
        '责任缺口',
      ),
    );
  else blocks.push(paragraph(itemsWithoutGaps(analysis)));
  return blocks;
}

/** What can be said of this period's items when none has a gap: how many there were. */
function itemsWithoutGaps(analysis: Analysis): string {
  const { workbook, period, asOf } = analysis;
  const decided = workbook.items.filter((i) => i.decided >= period.start && i.decided <= asOf);
  if (decided.length === 0) return `本期截至${chineseDate(asOf)}没有决定重要事项。`;
  const due = decided.filter((i) => i.decided + workbook.settings.briefingDays < asOf).length;
  return `本期决定的${decided.length}项重要事项均在决定前征求了党员委员和党外委员意见；${due > 0 ? `已过传达时限的${due}项均已传达到全体在任委员。` : '尚无已过传达时限的事项。'}`;
}

function nextSteps(openRows: LedgerRow[]): ReviewBlock[] {
  const byCode = groupByCode(openRows);
  if (byCode.length === 0) return [paragraph('缺口台账中没有未解决的缺口。')];
  return byCode.map(([code, list], i) => {
    const named = distinct(list.map((row) => row.owner).filter((o) => o !== NO_OWNER));
    const unowned = list.filter((row) => row.owner === NO_OWNER).length;
    const who = [
      named.length > 0 ? `由${named.join('、')}负责落实` : '',
      unowned > 0
        ? `${named.length > 0 ? `其中${unowned}项` : ''}尚无人负责，须先明确分党组书记`
        : '',
    ]
      .filter((part) => part !== '')
      .join('，');
    return paragraph(`${i + 1}. ${GAP_ACTIONS[code](list.length)}（${who}）。`);
  });
}

function groupByCode(rows: LedgerRow[]): Array<[GapCode, LedgerRow[]]> {
  const groups = new Map<GapCode, LedgerRow[]>();
  for (const row of rows) {
    const list = groups.get(row.code);
    if (list) list.push(row);
    else groups.set(row.code, [row]);
  }
  return [...groups].sort(([a], [b]) => byCodeOrder(a, b));
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

function subjectText(row: LedgerRow): string {
  return row.subject !== '' && row.subject !== row.subjectName
    ? `${row.subjectName}（${row.subject}）`
    : row.subjectName;
}

function paragraph(text: string): ReviewBlock {
  return { kind: 'paragraph', text };
}

function subheading(text: string): ReviewBlock {
  return { kind: 'subheading', text };
}

/** A table cut to TABLE_ROWS rows, its last row then saying how many more the tab holds. */
function table(columns: string[], rows: string[][], tab: string): ReviewBlock {
  if (rows.length <= TABLE_ROWS) return { kind: 'table', columns, rows };
  const more = [
    `另有${rows.length - TABLE_ROWS}项，详见「${tab}」表`,
    ...columns.slice(1).map(() => ''),
  ];
  return { kind: 'table', columns, rows: [...rows.slice(0, TABLE_ROWS), more] };
}

/** `2026年5月12日`, as Chinese documents write dates. */
function chineseDate(serial: Serial): string {
  const [year, month, day] = isoFromSerial(serial).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** `82.4%（14/17）`, or `—` when nobody is counted. */
function rateText(rate: Rate): string {
  return rate.total === 0
    ? '—'
    : `${percent(rate.covered / rate.total)}（${rate.covered}/${rate.total}）`;
}

function previousText(previous: RateAtClose | null): string {
  if (previous?.counts) return rateText(previous.counts);
  return previous?.value == null ? '—' : percent(previous.value);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function pointsText(points: number | null): string {
  if (points === null) return '—';
  if (points === 0) return '持平';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)}个百分点`;
}

function changePhrase(label: string, points: number | null): string {
  if (points === null) return `${label}无可比数据`;
  if (points === 0) return `${label}持平`;
  return `${label}${points > 0 ? '上升' : '下降'}${Math.abs(points).toFixed(1)}个百分点`;
}
