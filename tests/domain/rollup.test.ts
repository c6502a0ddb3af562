import { describe, expect, it } from 'vitest';
import { type CommitteeFigures, committeeFigures } from '../../src/domain/committee-figures';
import { HISTORY_TAB } from '../../src/domain/compare-periods';
import type { Rate } from '../../src/domain/compute-coverage';
import type { OutputValue } from '../../src/domain/output-tab';
import { type RollupEntry, renderRollup, STALE_AFTER_MS } from '../../src/domain/render-rollup';
import type { CellValue } from '../../src/domain/workbook-input';
import { coveredCommittee, members, settings } from '../support/domain-fixture';
import { type ReviewedSync, syncSequence } from '../support/review-sequence';

type Row = CellValue[];

/** 历史 with the count columns the comparison reads (what the review wiring writes). */
const HISTORY_HEADER = Object.values(HISTORY_TAB.columns).map(([header]) => header);
const NOW = Date.parse('2026-05-12T02:00:00Z');

/** Three committees as their offices keep them; some members sit in two or three. */
function committees(): Record<string, Record<string, Row[]>> {
  const farm = {
    ...coveredCommittee(),
    设置: settings(['专委会名称', '农业和农村委员会']),
    历史: [HISTORY_HEADER, ['2026-03-31', 1, 0.5, 1, '1/1', '1/2', '1/1']],
  };
  const culture = coveredCommittee();
  culture.设置 = settings(['专委会名称', '文化文史和学习委员会']);
  // A02 (李委员) sits here too, without a contact; X09 sits here and in the third committee.
  culture.委员 = members(
    ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
    ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', '', '在任'],
    ['X09', '赵委员', '无党派', '无党派人士', '种业组', '', '', '在任'],
  );
  const economy = coveredCommittee();
  economy.设置 = settings(['专委会名称', '经济委员会']);
  economy.委员 = members(
    ['E01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
    ['x09', '赵委员', '无党派', '无党派人士', '种业组', '', '', '在任'],
  );
  economy.分党组 = [
    ['姓名', '委员编号', '职务', '分工'],
    ['王书记', 'E01', '书记', '全面负责'],
  ];
  economy.履职小组 = [
    ['履职小组', '组长', '履职党小组', '党小组组长', '分党组责任人'],
    ['种业组', 'E01', '种业党小组', 'E01', 'E01'],
  ];
  economy.活动记录 = [['日期', '类型', '主题', '组织人', '参与委员', '关联事项']];
  return { farm, culture, economy };
}

/**
 * Each committee synced as the review wiring will sync it: a quarter ago and today (so gaps
 * persist), the first today only (its 历史 keeps the counts of last quarter's close).
 */
function synced(): Record<string, ReviewedSync> {
  return Object.fromEntries(
    Object.entries(committees()).map(([key, tabs]) => [
      key,
      syncSequence(tabs, key === 'farm' ? ['2026-05-12'] : ['2026-03-20', '2026-05-12']).at(
        -1,
      ) as ReviewedSync,
    ]),
  );
}

function figuresOf(run: ReviewedSync): CommitteeFigures {
  return committeeFigures(run.analysis, { ...run.outputs.summary, review: run.review.summary });
}

function current(source: string, figures: CommitteeFigures, at = NOW): RollupEntry {
  const finishedAt = new Date(at).toISOString();
  return {
    source,
    lastSync: { ok: true, code: 'OK', message: '同步完成', finishedAt },
    figures,
    figuresAt: finishedAt,
  };
}

/** A tab's table as objects keyed by the header row that starts with `first`. */
function table(rows: OutputValue[][], first: string): Array<Record<string, OutputValue>> {
  const start = rows.findIndex((r) => r[0] === first);
  const header = rows[start] ?? [];
  const body: Array<Record<string, OutputValue>> = [];
  for (const row of rows.slice(start + 1)) {
    if (row.length === 0) break;
    body.push(Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? null])));
  }
  return body;
}

const tab = (tabs: ReturnType<typeof renderRollup>, name: string) =>
  tabs.find((t) => t.name === name)?.rows ?? [];
const fraction = (rate: Rate) => (rate.total === 0 ? '—' : rate.covered / rate.total);

describe('the rollup (机关党组汇总)', () => {
  it('各专委会: each committee’s figures cell by cell as its own summary gives them, lowest 工作覆盖率 first', () => {
    const runs = synced();
    const entries = Object.entries(runs).map(([key, run]) => current(key, figuresOf(run)));
    const rows = table(tab(renderRollup(entries, NOW), '各专委会'), '专委会');

    expect(rows.map((r) => r.专委会)).toEqual([
      '经济委员会',
      '文化文史和学习委员会',
      '农业和农村委员会',
    ]);
    for (const run of Object.values(runs)) {
      const summary = run.outputs.summary;
      const review = run.review.summary;
      const row = rows.find((r) => r.专委会 === run.analysis.workbook.settings.committeeName);
      const change = (name: 'org' | 'work' | 'contact') => {
        const before = review.previous?.[name];
        const now = summary.rates[name];
        if (!before || before.total === 0 || now.total === 0) return '—';
        const points =
          Math.round((now.covered / now.total - before.covered / before.total) * 1000) / 10;
        return points > 0 ? `+${points.toFixed(1)}` : points.toFixed(1);
      };
      expect(Object.values(row ?? {})).toEqual([
        run.analysis.workbook.settings.committeeName,
        '王书记',
        '2026-05-12 10:00',
        '成功',
        summary.asOf,
        summary.period.label,
        fraction(summary.rates.org),
        change('org'),
        fraction(summary.rates.work),
        change('work'),
        fraction(summary.rates.contact),
        change('contact'),
        summary.coverageGaps.length,
        summary.responsibilityGaps.length,
        review.persistent.length,
        summary.dataIssues.length,
      ]);
    }
    // The figures this test rests on: a change from 历史's counts, and a gap that persisted.
    expect(rows.find((r) => r.专委会 === '农业和农村委员会')?.['工作 较上期']).toBe('+50.0');
    expect(rows.find((r) => r.专委会 === '农业和农村委员会')).toMatchObject({ 工作覆盖率: 1 });
    expect(runs.culture?.review.summary.persistent.length).toBeGreaterThan(0);
  });

  it('汇总: totals over the committees, rates weighted by members', () => {
    const runs = synced();
    const entries = Object.entries(runs).map(([key, run]) => current(key, figuresOf(run)));
    const rows = tab(renderRollup(entries, NOW), '汇总');
    const summaries = Object.values(runs).map((r) => r.outputs.summary);
    const rates = table(rows, '覆盖率');
    for (const [i, name] of (['org', 'work', 'contact'] as const).entries()) {
      const covered = summaries.reduce((s, x) => s + x.rates[name].covered, 0);
      const total = summaries.reduce((s, x) => s + x.rates[name].total, 0);
      expect(Object.values(rates[i] ?? {})).toEqual([
        ['组织覆盖率', '工作覆盖率', '联系落实率'][i],
        covered / total,
        covered,
        total,
        total - covered,
      ]);
    }
    const counts = table(rows, '缺口与问题');
    expect(counts.map((r) => [r.缺口与问题, r.数量])).toEqual([
      ['覆盖缺口', summaries.reduce((s, x) => s + x.coverageGaps.length, 0)],
      ['责任缺口', summaries.reduce((s, x) => s + x.responsibilityGaps.length, 0)],
      [
        '长期未解决',
        Object.values(runs).reduce((s, r) => s + r.review.summary.persistent.length, 0),
      ],
      ['数据问题', summaries.reduce((s, x) => s + x.dataIssues.length, 0)],
    ]);
    expect(rows.find((r) => r[0] === '专委会')?.[1]).toBe('共 3 个：3 个数据为最新。');
  });

  it('lists members in several committees with whether each covers them; one none covers comes first', () => {
    const runs = synced();
    const entries = Object.entries(runs).map(([key, run]) => current(key, figuresOf(run)));
    const shared = table(tab(renderRollup(entries, NOW), '跨专委会委员'), '委员编号');
    expect(shared).toEqual([
      {
        委员编号: 'X09',
        专委会数: 2,
        各专委会覆盖情况:
          '经济委员会：未覆盖（未明确联系人、本期未参与党的工作）\n文化文史和学习委员会：未覆盖（未明确联系人、本期未参与党的工作）',
        结论: '各专委会均未覆盖',
      },
      {
        委员编号: 'A02',
        专委会数: 2,
        各专委会覆盖情况: '文化文史和学习委员会：未覆盖（未明确联系人）\n农业和农村委员会：已覆盖',
        结论: '部分专委会未覆盖',
      },
      {
        委员编号: 'A01',
        专委会数: 2,
        各专委会覆盖情况: '文化文史和学习委员会：已覆盖\n农业和农村委员会：已覆盖',
        结论: '均已覆盖',
      },
    ]);
  });

  it('shows a failed or stale committee as such, first, with no figures, and leaves it out of the totals', () => {
    const runs = synced();
    const farm = figuresOf(runs.farm as ReviewedSync);
    const culture = figuresOf(runs.culture as ReviewedSync);
    const economy = figuresOf(runs.economy as ReviewedSync);
    const yesterday = NOW - 86_400_000;
    const entries: RollupEntry[] = [
      current('farm', farm),
      {
        source: 'culture',
        lastSync: {
          ok: false,
          code: 'NOT_SHARED',
          message: '同步服务无权访问这份表格。',
          finishedAt: new Date(NOW).toISOString(),
        },
        figures: culture,
        figuresAt: new Date(yesterday).toISOString(),
      },
      current('economy', economy, NOW - STALE_AFTER_MS - 60_000),
      { source: 'never-synced-id', lastSync: null, figures: null, figuresAt: null },
    ];
    const tabs = renderRollup(entries, NOW);
    const rows = table(tab(tabs, '各专委会'), '专委会');
    expect(rows.map((r) => [r.专委会, r.同步结果])).toEqual([
      [
        '文化文史和学习委员会',
        '同步失败：同步服务无权访问这份表格。（最近一次成功同步：2026-05-11 10:00）',
      ],
      ['never-synced-id', '尚未同步'],
      ['经济委员会', '超过两天未同步，数据不再列出（最近一次成功同步：2026-05-10 09:59）'],
      ['农业和农村委员会', '成功'],
    ]);
    for (const row of rows.slice(0, 3))
      expect(Object.values(row).slice(6)).toEqual(Array(10).fill('—'));
    const totals = tab(tabs, '汇总');
    expect(totals.find((r) => r[0] === '专委会')?.[1]).toBe(
      '共 4 个：1 个数据为最新；1 个同步失败；1 个尚未同步；1 个超过两天未同步（未计入下列合计，见「各专委会」）。',
    );
    expect(table(totals, '覆盖率')[1]).toMatchObject({
      已覆盖: farm.rates.work.covered,
      应覆盖: farm.rates.work.total,
    });
    // Members are compared only across committees whose figures are current.
    expect(table(tab(tabs, '跨专委会委员'), '委员编号').map((r) => r.委员编号)).toEqual([
      '没有在两个以上专委会在任的委员。',
    ]);
  });

  it('趋势: each committee’s rates per period, the period’s last row of 历史', () => {
    const farm = committees().farm as Record<string, Row[]>;
    farm.历史 = [
      HISTORY_HEADER,
      ['2025-12-31', 0.5, 0.25, 1, '1/2', '1/4', '1/1'],
      ['2026-02-01', 0, 0, 0, '0/1', '0/2', '0/1'],
      ['2026-03-31', 1, 0.5, 1, '1/1', '1/2', '1/1'],
      ['2026-04-02', '—', 0.1, 0.1],
    ];
    const run = syncSequence(farm, ['2026-05-12'])[0] as ReviewedSync;
    const figures = figuresOf(run);
    expect(figures.trend).toEqual([
      {
        period: '2025年第四季度',
        start: '2025-10-01',
        rates: { org: 0.5, work: 0.25, contact: 1 },
      },
      { period: '2026年第一季度', start: '2026-01-01', rates: { org: 1, work: 0.5, contact: 1 } },
      { period: '2026年第二季度', start: '2026-04-01', rates: { org: 1, work: 1, contact: 1 } },
    ]);
    const rows = tab(renderRollup([current('farm', figures)], NOW), '趋势');
    expect(table(rows, '统计周期')).toEqual([
      { 统计周期: '2025年第四季度', 农业和农村委员会: 0.5 },
      { 统计周期: '2026年第一季度', 农业和农村委员会: 1 },
      { 统计周期: '2026年第二季度', 农业和农村委员会: 1 },
    ]);
  });

  it('keeps no name but the 书记’s, and tells two committees of one name apart by their source', () => {
    const run = synced().culture as ReviewedSync;
    const figures = figuresOf(run);
    const text = JSON.stringify(figures);
    for (const name of ['李委员', '赵委员']) expect(text).not.toContain(name);
    const rows = table(
      tab(renderRollup([current('id-1', figures), current('id-2', figures)], NOW), '各专委会'),
      '专委会',
    );
    expect(rows.map((r) => r.专委会)).toEqual([
      '文化文史和学习委员会（id-1）',
      '文化文史和学习委员会（id-2）',
    ]);
  });
});
