import { describe, expect, it } from 'vitest';
import { isoFromSerial, serialFromIso } from '../../src/domain/calendar-date';
import { HISTORY_TAB, readHistory } from '../../src/domain/compare-periods';
import type { CellValue } from '../../src/domain/workbook-input';
import { coveredCommittee, groups, tasks } from '../support/domain-fixture';
import { oneGap, type ReviewedSync, reviewAt, syncSequence } from '../support/review-sequence';

/** 历史 with the count columns the comparison reads: 日期, the three rates, the three counts. */
const HISTORY_HEADER = Object.values(HISTORY_TAB.columns).map(([header]) => header);

const at = (runs: ReviewedSync[], i: number) => runs[i] as ReviewedSync;

describe('contract §7.2 the previous period’s close', () => {
  it('is the 历史 row with the latest date on or before the previous period’s end', () => {
    const tabs: Record<string, CellValue[][]> = {
      ...coveredCommittee(),
      历史: [
        HISTORY_HEADER,
        ['2026-02-01', 0.1, 0.1, 0.1, '1/10', '1/10', '1/10'],
        ['2026-03-31', 0.5, 0.5, 0, '1/2', '1/2', '0/1'],
        ['2026-03-15', 0.2, 0.2, 0.2, '1/5', '1/5', '1/5'],
        ['2026-04-05', 0.9, 0.9, 0.9, '9/10', '9/10', '9/10'],
      ],
    };
    const { review } = reviewAt(tabs, '2026-05-12');
    expect(isoFromSerial(review.comparison.previousClose?.date as number)).toBe('2026-03-31');
    expect(review.comparison.rates.org.points).toBe(50);
    expect(review.comparison.rates.contact.points).toBe(100);
    expect(review.summary.previous).toEqual({
      date: '2026-03-31',
      org: { covered: 1, total: 2 },
      work: { covered: 1, total: 2 },
      contact: { covered: 0, total: 1 },
    });
  });

  it('reads rates written as fractions or percentages; without counts the summary’s rates are null', () => {
    const tabs: Record<string, CellValue[][]> = {
      ...coveredCommittee(),
      历史: [HISTORY_HEADER.slice(0, 4), ['2026/3/31', 2 / 3, '87.5%', '—']],
    };
    const { review } = reviewAt(tabs, '2026-05-12');
    expect(review.comparison.rates.org.points).toBe(33.3);
    expect(review.comparison.rates.work.points).toBe(12.5);
    expect(review.comparison.rates.contact.points).toBeNull();
    expect(review.summary.previous).toEqual({
      date: '2026-03-31',
      org: null,
      work: null,
      contact: null,
    });
  });

  it('is missing when 历史 has no row by the previous period’s end: `—` and `previous: null`', () => {
    const tabs = { ...coveredCommittee(), 历史: [HISTORY_HEADER, ['2026-04-02', 1, 1, 1]] };
    const { review } = reviewAt(tabs, '2026-05-12');
    expect(review.comparison.previousClose).toBeNull();
    expect(review.comparison.rates.org).toEqual({
      now: { covered: 1, total: 1 },
      previous: null,
      points: null,
    });
    expect(review.summary.previous).toBeNull();
  });
});

describe('contract §7.2 opened and closed this period', () => {
  it('counts ledger rows first found and resolved in [P.start, D], per 类别', () => {
    const start = oneGap();
    start.工作任务 = tasks(['修订规则', 'A01', '2026-05-01', '进行中']);
    const runs = syncSequence(start, ['2026-03-25', '2026-05-12', '2026-05-20'], (step, tabs) => {
      if (step !== 2) return;
      tabs.委员 = coveredCommittee().委员;
      tabs.履职小组 = groups(
        ['种业组', 'A01', '种业党小组', 'A01', 'A01'],
        ['乡村组', '', '', '', 'A01'],
      );
    });
    const { summary } = at(runs, 2).review;
    // NO_CONTACT was found in the first quarter and resolved now; TASK_OVERDUE was found on
    // 05-12 and GROUP_NO_LEADER on 05-20; the first quarter's NOT_REACHED rows ended 期末未解决.
    expect(summary.opened).toEqual({ coverage: 0, responsibility: 2 });
    expect(summary.closed).toEqual({ coverage: 1, responsibility: 0 });
    expect(summary.open).toEqual({ coverage: 0, responsibility: 2 });
  });
});

describe('contract §7.2 persistent gaps', () => {
  /** 李委员 has no contact all year; 张党员 (A03) is never reached; the others are reached in May. */
  function yearOfGaps() {
    const tabs = oneGap();
    tabs.委员.push(['A03', '张党员', '中共', '中共党员', '种业组', '种业党小组', '', '在任']);
    return syncSequence(tabs, ['2026-02-15', '2026-05-12', '2026-08-10']);
  }

  it('lists open rows that were open at the previous period’s end, with consecutive periods', () => {
    const runs = yearOfGaps();
    expect(at(runs, 0).review.summary.persistent).toEqual([]);
    expect(at(runs, 1).review.summary.persistent).toEqual([
      { category: 'coverage', code: 'NO_CONTACT', subject: 'A02', periods: 2 },
      { category: 'coverage', code: 'NOT_REACHED', subject: 'A03', periods: 2 },
    ]);
    // A01 and A02 were not reached in the first and third quarters but were in the second:
    // their third-quarter NOT_REACHED is not persistent.
    expect(at(runs, 2).review.summary.persistent).toEqual([
      { category: 'coverage', code: 'NO_CONTACT', subject: 'A02', periods: 3 },
      { category: 'coverage', code: 'NOT_REACHED', subject: 'A03', periods: 3 },
    ]);
  });

  it('counts a gap reopened after it was resolved only if it was still open at the period’s end', () => {
    // 李委员 (A02) has no contact, gets one on `resolvedOn`, and loses it again in May.
    const reopened = (resolvedOn: string) =>
      at(
        syncSequence(oneGap(), ['2026-02-15', resolvedOn, '2026-05-12'], (step, tabs) => {
          if (step === 1) tabs.委员 = coveredCommittee().委员;
          if (step === 2) tabs.委员 = oneGap().委员;
        }),
        2,
      ).review.summary.persistent;
    expect(reopened('2026-04-10')).toEqual([
      { category: 'coverage', code: 'NO_CONTACT', subject: 'A02', periods: 2 },
    ]);
    // Resolved on the first quarter's last day: not open at its end, so not persistent.
    expect(reopened('2026-03-31')).toEqual([]);
  });

  it('gives the summary’s `review` exactly the contract §7.5 shape', () => {
    const runs = yearOfGaps();
    expect(at(runs, 2).review.summary).toEqual({
      // The second sync's 历史 row, counts and all: A02 has no contact, A03 was not reached.
      previous: {
        date: '2026-05-12',
        org: { covered: 2, total: 2 },
        work: { covered: 1, total: 3 },
        contact: { covered: 0, total: 1 },
      },
      opened: { coverage: 3, responsibility: 0 },
      closed: { coverage: 0, responsibility: 0 },
      open: { coverage: 4, responsibility: 0 },
      persistent: [
        { category: 'coverage', code: 'NO_CONTACT', subject: 'A02', periods: 3 },
        { category: 'coverage', code: 'NOT_REACHED', subject: 'A03', periods: 3 },
      ],
      ledgerRestarted: false,
    });
  });
});

describe('contract §7.2 reading 历史 as staff may have kept it', () => {
  const read = (header: CellValue[], ...rows: CellValue[][]) =>
    readHistory(new Map([['历史', [header, ...rows]]]));
  const rateOf = (header: CellValue[], cell: CellValue, counts?: CellValue) =>
    read(header, ['2026-03-31', cell, cell, cell, counts ?? '', '', ''])[0]?.rates.org;

  it('reads counts written `已/应` with spaces round the slash, and nothing else as counts', () => {
    expect(rateOf(HISTORY_HEADER, '', '14 / 16')).toEqual({
      value: 14 / 16,
      counts: { covered: 14, total: 16 },
    });
    expect(rateOf(HISTORY_HEADER, '', '0/0')).toEqual({
      value: null,
      counts: { covered: 0, total: 0 },
    });
    // Text before or after the numbers, a space inside a number, more covered than total:
    // not counts, so the rate column is read instead.
    for (const counts of ['约14/16', '14/16人', '1 4/16', '17/16'])
      expect(rateOf(HISTORY_HEADER, 0.5, counts)).toEqual({ value: 0.5, counts: null });
  });

  it('reads a rate as a fraction from 0 to 1 or a percentage up to 100 %, and nothing else', () => {
    const values: Array<[CellValue, number | null]> = [
      ['84.5 %', 0.845],
      ['84.5%', 0.845],
      ['100%', 1],
      ['0%', 0],
      [0, 0],
      [1, 1],
      ['0.75', 0.75],
      ['84.%', null],
      ['100.5%', null],
      ['约84%', null],
      ['84%以上', null],
      ['8 4%', null],
      [1.5, null],
      ['85', null],
      ['0.75左右', null],
      ['—', null],
    ];
    for (const [cell, value] of values)
      expect([cell, rateOf(HISTORY_HEADER.slice(0, 4), cell)?.value]).toEqual([cell, value]);
  });

  it('finds its columns by their English names too, and skips rows without a readable date', () => {
    const english = ['Date', 'Org coverage', 'Work coverage', 'Contact rate'];
    const counts = ['Org covered/total', 'Work covered/total', 'Contact covered/total'];
    const rows = read(
      [...english, ...counts],
      ['不是日期', 1, 1, 1, '1/1', '1/1', '1/1'],
      ['2026-03-31', '50%', 0.25, 1, '', '3/4', ''],
    );
    expect(rows).toEqual([
      {
        date: serialFromIso('2026-03-31'),
        rates: {
          org: { value: 0.5, counts: null },
          work: { value: 0.75, counts: { covered: 3, total: 4 } },
          contact: { value: 1, counts: null },
        },
      },
    ]);
  });

  it('takes the first of two rows with the same latest date (the sync writes one row a day)', () => {
    const tabs: Record<string, CellValue[][]> = {
      ...coveredCommittee(),
      历史: [
        HISTORY_HEADER,
        ['2026-03-31', 0.5, 0.5, 0.5, '1/2', '1/2', '1/2'],
        ['2026-03-31', 0.25, 0.25, 0.25, '1/4', '1/4', '1/4'],
      ],
    };
    const { review } = reviewAt(tabs, '2026-05-12');
    expect(review.comparison.rates.org.points).toBe(50);
  });
});
