import { formatInstant, isoFromSerial, serialInZone } from './calendar-date';
import type { CommitteeFigures } from './committee-figures';
import { RATE_NAMES, type RateName } from './compare-periods';
import { compareText } from './compare-text';
import type { GapReason, Rate } from './compute-coverage';
import { GAP_REASON_LABELS } from './gap-labels';
import { idKey } from './normalise-text';
import type { CellStyle, OutputTab } from './output-tab';
import { rateValue, TabBuilder } from './tab-builder';

/** The rollup's output tabs (docs/rollup.md), in the order they are added to its spreadsheet. */
export const ROLLUP_TAB_NAMES = ['各专委会', '汇总', '趋势', '跨专委会委员'] as const;
export type RollupTabName = (typeof ROLLUP_TAB_NAMES)[number];
export type RollupTab = OutputTab<RollupTabName>;

/** One committee as the rollup knows it: its last sync, and the figures of its last success. */
export interface RollupEntry {
  /** The spreadsheet id online, the file name offline: shown when 设置 names no committee. */
  source: string;
  /** The last sync, whichever trigger; `null` before the first one. */
  lastSync: { ok: boolean; code: string; message: string; finishedAt: string } | null;
  /** The figures of the last successful sync, and when it finished (ISO 8601). */
  figures: CommitteeFigures | null;
  figuresAt: string | null;
}

/** Figures older than this are not shown as current (issue #15: "older than two days"). */
export const STALE_AFTER_MS = 2 * 86_400_000;
/** The rollup's clock is China time, like the nightly run's. */
const ZONE = 'Asia/Shanghai';
const OWNER = '机关党组';
const RATE_LABELS: Record<RateName, string> = {
  org: '组织覆盖率',
  work: '工作覆盖率',
  contact: '联系落实率',
};

/** Where a committee's figures stand: only `current` ones are shown and counted. */
export type Standing = 'failed' | 'never' | 'stale' | 'current';
const STANDING_ORDER: Record<Standing, number> = { failed: 0, never: 1, stale: 2, current: 3 };

interface View {
  entry: RollupEntry;
  /** 专委会名称, else the source; a name two committees share gets its source added. */
  name: string;
  standing: Standing;
}

/**
 * The rollup's three tabs from every committee's entry at `nowMs` (docs/rollup.md): 各专委会,
 * one row per committee, those whose figures are not current first, then lowest 工作覆盖率
 * first; 汇总, totals over the current ones with member-weighted rates and the members who sit
 * in several committees; 趋势, each committee's rates per period. Pure.
 */
export function renderRollup(entries: readonly RollupEntry[], nowMs: number): RollupTab[] {
  const views = viewsOf(entries, nowMs);
  const generated = formatInstant(nowMs, ZONE);
  const date = isoFromSerial(serialInZone(nowMs, ZONE));
  return [
    committeesTab(views, generated, date),
    totalsTab(views, generated, date),
    trendTab(views, generated, date),
    sharedMembersTab(views, generated, date),
  ];
}

/**
 * Where a committee's figures stand at `nowMs`: its last sync failed, it never synced, its
 * last success is older than STALE_AFTER_MS, or they are current.
 */
export function standingOf({ lastSync, figures, figuresAt }: RollupEntry, nowMs: number): Standing {
  if (lastSync?.ok === false) return 'failed';
  if (figures === null || figuresAt === null) return 'never';
  return nowMs - Date.parse(figuresAt) > STALE_AFTER_MS ? 'stale' : 'current';
}

function viewsOf(entries: readonly RollupEntry[], nowMs: number): View[] {
  const names = entries.map((e) => e.figures?.name || e.source);
  const views = entries.map((entry, i): View => {
    const name = names[i] as string;
    const shared = names.filter((n) => n === name).length > 1 && name !== entry.source;
    return {
      entry,
      name: shared ? `${name}（${entry.source}）` : name,
      standing: standingOf(entry, nowMs),
    };
  });
  const work = (v: View) => {
    const rate = v.entry.figures?.rates.work;
    return rate && rate.total > 0 ? rate.covered / rate.total : Number.POSITIVE_INFINITY;
  };
  return views.sort(
    (a, b) =>
      STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing] ||
      work(a) - work(b) ||
      compareText(a.name, b.name),
  );
}

const shownTime = (iso: string) => formatInstant(Date.parse(iso), ZONE);

function heading(t: TabBuilder, title: string, generated: string, note: string): void {
  t.line([title], 'title');
  labelled(t, '生成时间', generated);
  const row = t.line(['说明', note], 'muted');
  t.style(row, 0, 1, 1, 'label');
  t.blank();
}

function labelled(t: TabBuilder, label: string, value: string): void {
  const row = t.line([label, value]);
  t.style(row, 0, 1, 1, 'label');
}

/** The change in percentage points, one decimal, as 评估报告 computes it; `null` when unknown. */
export function rateChange(now: Rate, previous: Rate | null): number | null {
  if (now.total === 0 || previous === null || previous.total === 0) return null;
  return Math.round((now.covered / now.total - previous.covered / previous.total) * 1000) / 10;
}

function changeText(points: number | null): string {
  if (points === null) return '—';
  return points > 0 ? `+${points.toFixed(1)}` : points.toFixed(1);
}

const COMMITTEE_COLUMNS = [
  '专委会',
  '书记',
  '最近同步',
  '同步结果',
  '截至日期',
  '统计周期',
  '组织覆盖率',
  '组织 较上期',
  '工作覆盖率',
  '工作 较上期',
  '联系落实率',
  '联系 较上期',
  '覆盖缺口（人）',
  '责任缺口（项）',
  '长期未解决（项）',
  '数据问题（条）',
];
/** Where the figures start: everything from here on is `—` for a committee not current. */
const FIRST_FIGURE_COLUMN = 6;

function standingText(view: View): string {
  const { lastSync, figuresAt } = view.entry;
  const since = figuresAt === null ? '' : `（最近一次成功同步：${shownTime(figuresAt)}）`;
  if (view.standing === 'failed') return `同步失败：${lastSync?.message ?? ''}${since}`;
  if (view.standing === 'never') return '尚未同步';
  if (view.standing === 'stale') return `超过两天未同步，数据不再列出${since}`;
  return '成功';
}

function committeesTab(views: View[], generated: string, date: string): RollupTab {
  const t = new TabBuilder();
  heading(
    t,
    '各专委会「两个全覆盖」情况',
    generated,
    '同步失败、尚未同步或超过两天未同步的专委会排在最前，其数据不列出、不计入「汇总」；其余按工作覆盖率从低到高排列。“较上期”为与上一统计周期期末相比的变化（百分点）。',
  );
  const headerRow = t.add(COMMITTEE_COLUMNS, 'header');
  for (const view of views) {
    const { entry, standing } = view;
    const figures = entry.figures;
    const known = figures !== null && standing !== 'never';
    const cells: Array<string | number> = [
      view.name,
      figures?.secretary ?? '—',
      entry.lastSync ? shownTime(entry.lastSync.finishedAt) : '—',
      standingText(view),
      known ? figures.asOf : '—',
      known ? figures.period.label : '—',
    ];
    const row = t.add(cells);
    t.style(row, 3, 1, 1, standing === 'current' ? 'good' : standing === 'stale' ? 'warn' : 'bad');
    if (standing !== 'current' || figures === null) {
      const rest = COMMITTEE_COLUMNS.length - FIRST_FIGURE_COLUMN;
      t.rows[row]?.push(...Array<string>(rest).fill('—'));
      t.style(row, FIRST_FIGURE_COLUMN, 1, rest, 'center');
      t.style(row, FIRST_FIGURE_COLUMN, 1, rest, 'muted');
      continue;
    }
    RATE_NAMES.forEach((name, i) => {
      const column = FIRST_FIGURE_COLUMN + 2 * i;
      const rate = figures.rates[name];
      const points = rateChange(rate, figures.previous?.[name] ?? null);
      t.rows[row]?.push(rateValue(rate), changeText(points));
      t.rate(row, column, rate);
      t.style(row, column + 1, 1, 1, 'center');
      if (points !== null && points !== 0)
        t.style(row, column + 1, 1, 1, points > 0 ? 'good' : 'bad');
    });
    const counts: Array<[number | null, CellStyle]> = [
      [figures.coverageGaps, 'bad'],
      [figures.responsibilityGaps, 'bad'],
      [figures.persistentGaps, 'bad'],
      [figures.dataIssues, 'warn'],
    ];
    counts.forEach(([count, band], i) => {
      const column = FIRST_FIGURE_COLUMN + 6 + i;
      t.rows[row]?.push(count ?? '—');
      t.style(row, column, 1, 1, 'center');
      if (count !== null) t.style(row, column, 1, 1, count === 0 ? 'good' : band);
    });
  }
  if (views.length === 0) t.line(['尚无专委会：专委会表格同步成功后会列在这里。'], 'muted');
  t.charts.push({
    title: '各专委会覆盖率',
    headerRow,
    rows: views.length,
    labelColumn: 0,
    valueColumns: [FIRST_FIGURE_COLUMN, FIRST_FIGURE_COLUMN + 2, FIRST_FIGURE_COLUMN + 4],
  });
  return t.buildPage('各专委会', headerRow + 1, OWNER, date);
}

function totalsTab(views: View[], generated: string, date: string): RollupTab {
  const t = new TabBuilder();
  heading(
    t,
    '机关党组「两个全覆盖」汇总',
    generated,
    '只计数据为最新的专委会。比率按人数加权：各专委会已覆盖人数之和 ÷ 应覆盖人数之和，同一委员在几个专委会就计几次。',
  );
  const current = views.filter((v) => v.standing === 'current');
  const others = (standing: Standing) => views.filter((v) => v.standing === standing).length;
  const left = [
    others('failed') > 0 ? `${others('failed')} 个同步失败` : '',
    others('never') > 0 ? `${others('never')} 个尚未同步` : '',
    others('stale') > 0 ? `${others('stale')} 个超过两天未同步` : '',
  ].filter((part) => part !== '');
  const committees = t.line([
    '专委会',
    `共 ${views.length} 个：${current.length} 个数据为最新${left.length > 0 ? `；${left.join('；')}（未计入下列合计，见「各专委会」）` : ''}。`,
  ]);
  t.style(committees, 0, 1, 1, 'label');
  t.style(committees, 1, 1, 1, left.length > 0 ? 'bad' : 'good');
  t.blank();

  t.add(['覆盖率', '比率', '已覆盖', '应覆盖', '未覆盖'], 'header');
  for (const name of RATE_NAMES) {
    const rate: Rate = { covered: 0, total: 0 };
    for (const v of current) {
      const r = v.entry.figures?.rates[name];
      rate.covered += r?.covered ?? 0;
      rate.total += r?.total ?? 0;
    }
    const row = t.add([
      RATE_LABELS[name],
      rateValue(rate),
      rate.covered,
      rate.total,
      rate.total - rate.covered,
    ]);
    t.style(row, 0, 1, 1, 'label');
    t.rate(row, 1, rate);
  }
  t.blank();

  t.add(['缺口与问题', '数量', '说明'], 'header');
  const sum = (of: (f: CommitteeFigures) => number | null) => {
    const values = current.map((v) => (v.entry.figures ? of(v.entry.figures) : null));
    return values.some((x) => x !== null) ? values.reduce<number>((s, x) => s + (x ?? 0), 0) : '—';
  };
  const counts: Array<[string, number | string, string]> = [
    ['覆盖缺口', sum((f) => f.coverageGaps), '各专委会有覆盖缺口的在任委员人数之和'],
    ['责任缺口', sum((f) => f.responsibilityGaps), '各专委会尚未落实到人的责任之和'],
    ['长期未解决', sum((f) => f.persistentGaps), '上期末已存在、至今未解决的缺口之和'],
    ['数据问题', sum((f) => f.dataIssues), '各专委会需要核对修改的单元格之和'],
  ];
  for (const [label, count, meaning] of counts) {
    const row = t.add([label, count, meaning]);
    t.style(row, 0, 1, 1, 'label');
    t.style(row, 1, 1, 1, 'center');
    if (typeof count === 'number') t.style(row, 1, 1, 1, count === 0 ? 'good' : 'bad');
    t.style(row, 2, 1, 1, 'muted');
    t.spill(row, 2);
  }
  return t.buildPage('汇总', 1, OWNER, date);
}

/** How each committee stands by one member who sits in several. */
interface Seat {
  committee: string;
  reasons: GapReason[] | null;
}

/**
 * 跨专委会委员: members whose 委员编号 (compared as contract §2.1 compares ids) is active in
 * more than one current committee, with whether each covers them; those no committee covers
 * first, as each may assume another covers them.
 */
function sharedMembersTab(views: View[], generated: string, date: string): RollupTab {
  const seats = new Map<string, Seat[]>();
  for (const view of views) {
    const figures = view.entry.figures;
    if (view.standing !== 'current' || !figures) continue;
    const gaps = new Map(figures.uncovered.map((u) => [idKey(u.id), u.reasons]));
    for (const id of figures.members) {
      const key = idKey(id);
      const seat = { committee: view.name, reasons: gaps.get(key) ?? null };
      const known = seats.get(key);
      if (known) known.push(seat);
      else seats.set(key, [seat]);
    }
  }
  const shared = [...seats]
    .filter(([, list]) => list.length > 1)
    .map(([id, list]) => ({ id, seats: list, covering: list.filter((s) => !s.reasons).length }))
    .sort(
      (a, b) =>
        Number(a.covering > 0) - Number(b.covering > 0) ||
        Number(a.covering === a.seats.length) - Number(b.covering === b.seats.length) ||
        compareText(a.id, b.id),
    );
  const t = new TabBuilder();
  heading(
    t,
    '在多个专委会任职的委员',
    generated,
    '同一委员编号在两个以上专委会在任（只计数据为最新的专委会）；各专委会都未覆盖的排在最前，请明确由哪个专委会负责联系。',
  );
  const headerRow = t.add(['委员编号', '专委会数', '结论', '各专委会覆盖情况'], 'header');
  if (shared.length === 0) t.line(['没有在两个以上专委会在任的委员。'], 'muted');
  for (const member of shared) {
    const none = member.covering === 0;
    const all = member.covering === member.seats.length;
    const row = t.add([
      member.id,
      member.seats.length,
      none ? '各专委会均未覆盖' : all ? '均已覆盖' : '部分专委会未覆盖',
      member.seats
        .map((s) =>
          s.reasons === null
            ? `${s.committee}：已覆盖`
            : `${s.committee}：未覆盖（${s.reasons.map((r) => GAP_REASON_LABELS[r]).join('、')}）`,
        )
        .join('\n'),
    ]);
    t.style(row, 1, 1, 1, 'center');
    t.style(row, 2, 1, 1, none ? 'bad' : all ? 'good' : 'warn');
  }
  return t.buildPage('跨专委会委员', headerRow + 1, OWNER, date);
}

function trendTab(views: View[], generated: string, date: string): RollupTab {
  const t = new TabBuilder();
  heading(
    t,
    '各专委会覆盖率变化趋势',
    generated,
    '每个统计周期取各专委会「历史」表中该周期最后一行的数值；空白表示该专委会没有这一周期的记录。',
  );
  const withTrend = views
    .filter((v) => v.entry.figures !== null)
    .sort((a, b) => compareText(a.name, b.name));
  const periods = new Map<string, string>();
  for (const v of withTrend)
    for (const point of v.entry.figures?.trend ?? []) periods.set(point.period, point.start);
  const rows = [...periods].sort(
    ([a, x], [b, y]) => (x < y ? -1 : x > y ? 1 : 0) || compareText(a, b),
  );
  if (withTrend.length === 0) t.line(['尚无专委会的同步数据。'], 'muted');
  for (const name of RATE_NAMES) {
    if (name !== 'org') t.blank();
    t.line([RATE_LABELS[name]], 'section');
    const headerRow = t.add(['统计周期', ...withTrend.map((v) => v.name)], 'header');
    for (const [period] of rows) {
      const row = t.add([period]);
      withTrend.forEach((v, i) => {
        const value = v.entry.figures?.trend.find((p) => p.period === period)?.rates[name] ?? null;
        t.rows[row]?.push(value);
        if (value !== null) t.style(row, i + 1, 1, 1, 'percent');
      });
    }
    t.charts.push({
      title: `${RATE_LABELS[name]}变化趋势`,
      headerRow,
      rows: rows.length,
      labelColumn: 0,
      valueColumns: withTrend.map((_, i) => i + 1),
    });
  }
  return t.buildPage('趋势', 0, OWNER, date);
}
