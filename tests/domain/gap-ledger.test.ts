import { describe, expect, it } from 'vitest';
import { serialFromIso } from '../../src/domain/calendar-date';
import { LEDGER_CAP } from '../../src/domain/compute-ledger';
import { type LedgerRow, ledgerCells } from '../../src/domain/ledger-row';
import type { CellValue } from '../../src/domain/workbook-input';
import { coveredCommittee, groups, subgroup, tasks } from '../support/domain-fixture';
import { ledgerRows, oneGap, reviewAt, syncSequence } from '../support/review-sequence';

const openRow = {
  类别: '覆盖缺口',
  代码: '未明确联系人',
  对象: 'A02',
  对象名称: '李委员',
  期间: '',
  应由谁落实: '王书记（A01）',
  首次发现: '2026-05-12',
  最近发现: '2026-05-12',
  解决日期: '',
  持续天数: 0,
  状态: '未解决',
  校验码: expect.stringMatching(/^[0-9a-f]{8}$/),
};

const issuesOf = (run: ReturnType<typeof reviewAt>, code: string) =>
  run.review.issues.filter((i) => i.code === code);

describe('contract §7.1 the gap ledger: opening, refreshing, closing', () => {
  it('opens one row per current gap with 首次发现 = 最近发现 = D, and nothing for a covered committee', () => {
    expect(ledgerRows(reviewAt(coveredCommittee(), '2026-05-12'))).toEqual([]);
    expect(ledgerRows(reviewAt(oneGap(), '2026-05-12'))).toEqual([openRow]);
  });

  it('gives a coverage gap one row per reason, keyed by 委员编号', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '张委员', '民盟', '民盟盟员', '种业组', '', '', '在任']);
    const rows = ledgerRows(reviewAt(tabs, '2026-05-12'));
    expect(rows.map((r) => [r.对象, r.代码, r.期间])).toEqual([
      ['A03', '未明确联系人', ''],
      ['A03', '本期未参与党的工作', '2026年第二季度'],
    ]);
  });

  it('refreshes the open row of a gap that is still there: 最近发现, 持续天数 and today’s owner', () => {
    const [, second] = syncSequence(oneGap(), ['2026-05-12', '2026-05-20'], (step, tabs) => {
      if (step !== 1) return;
      tabs.分党组 = subgroup(['王书记', 'A01', '书记', ''], ['赵成员', '', '成员', '']);
      tabs.履职小组 = groups(['种业组', 'A01', '种业党小组', 'A01', '赵成员']);
    });
    expect(ledgerRows(second as ReturnType<typeof reviewAt>)).toEqual([
      { ...openRow, 最近发现: '2026-05-20', 持续天数: 8, 应由谁落实: '赵成员' },
    ]);
  });

  it('closes a row whose gap is gone: 解决日期 = D, 状态 已解决, 持续天数 to the resolution', () => {
    const runs = syncSequence(oneGap(), ['2026-05-12', '2026-05-20'], (step, tabs) => {
      if (step === 1) tabs.委员 = coveredCommittee().委员;
    });
    expect(ledgerRows(runs[1] as ReturnType<typeof reviewAt>)).toEqual([
      { ...openRow, 解决日期: '2026-05-20', 持续天数: 8, 状态: '已解决' },
    ]);
  });

  it('opens a new row when a closed gap comes back, and leaves the closed row as it was', () => {
    const runs = syncSequence(
      oneGap(),
      ['2026-05-12', '2026-05-20', '2026-06-01'],
      (step, tabs) => {
        if (step === 1) tabs.委员 = coveredCommittee().委员;
        if (step === 2) tabs.委员 = oneGap().委员;
      },
    );
    const [closed, reopened] = ledgerRows(runs[2] as ReturnType<typeof reviewAt>);
    expect(closed).toEqual(ledgerRows(runs[1] as ReturnType<typeof reviewAt>)[0]);
    expect(reopened).toEqual({ ...openRow, 首次发现: '2026-06-01', 最近发现: '2026-06-01' });
  });

  it('names who acts on a coverage gap: the duty group’s 分党组责任人, else the 书记, else nobody', () => {
    const tabs = oneGap();
    tabs.分党组 = subgroup(['王书记', 'A01', '书记', ''], ['赵成员', '', '成员', '']);
    tabs.履职小组.push(['乡村组', 'A01', '', '', '赵成员'], ['林业组', 'A01', '', '', 'A02']);
    tabs.委员.push(
      ['A03', '乡村委员', '民盟', '民盟盟员', '乡村组', '', '', '在任'],
      ['A04', '林业委员', '民盟', '民盟盟员', '林业组', '', '', '在任'],
    );
    const owners = () =>
      ledgerRows(reviewAt(tabs, '2026-05-12'))
        .filter((r) => r.代码 === '未明确联系人')
        .map((r) => [r.对象, r.应由谁落实]);
    expect(owners()).toEqual([
      ['A02', '王书记（A01）'],
      ['A03', '赵成员'],
      ['A04', '王书记（A01）'],
    ]);
    tabs.分党组 = subgroup(['王书记', 'A01', '副书记', '']);
    expect(owners()).toEqual([
      ['A02', '王书记（A01）'],
      ['A03', '（无人负责）'],
      ['A04', '（无人负责）'],
    ]);
  });
});

describe('contract §7.1 period-bound codes', () => {
  it('end `期末未解决` when their period closes with them open, 持续天数 to the period’s end', () => {
    // The activities are dated in May: on 2026-03-20 nobody has been reached this period.
    const runs = syncSequence(coveredCommittee(), ['2026-03-20', '2026-04-10']);
    const q1 = ledgerRows(runs[0] as ReturnType<typeof reviewAt>);
    expect(q1.map((r) => [r.代码, r.对象, r.期间])).toEqual([
      ['本期未联系谈心', 'A02', '2026年第一季度'],
      ['本期未参与党的工作', 'A01', '2026年第一季度'],
      ['本期未参与党的工作', 'A02', '2026年第一季度'],
    ]);
    const after = ledgerRows(runs[1] as ReturnType<typeof reviewAt>);
    expect(after.slice(0, 3)).toEqual(
      q1.map((r) => ({ ...r, 状态: '期末未解决', 持续天数: 11, 校验码: expect.any(String) })),
    );
    expect(after.slice(0, 3).map((r) => r.解决日期)).toEqual(['', '', '']);
    // Still open in the new quarter: the same objects get rows keyed by the new period.
    expect(after.slice(3).map((r) => [r.代码, r.对象, r.期间, r.首次发现, r.状态])).toEqual([
      ['本期未联系谈心', 'A02', '2026年第二季度', '2026-04-10', '未解决'],
      ['本期未参与党的工作', 'A01', '2026年第二季度', '2026-04-10', '未解决'],
      ['本期未参与党的工作', 'A02', '2026年第二季度', '2026-04-10', '未解决'],
    ]);
  });

  it('are resolved (已解决) when the gap closes within its own period', () => {
    const runs = syncSequence(coveredCommittee(), ['2026-04-10', '2026-05-12']);
    expect(
      ledgerRows(runs[1] as ReturnType<typeof reviewAt>).map((r) => [
        r.状态,
        r.解决日期,
        r.持续天数,
      ]),
    ).toEqual([
      ['已解决', '2026-05-12', 32],
      ['已解决', '2026-05-12', 32],
      ['已解决', '2026-05-12', 32],
    ]);
  });
});

describe('contract §7.1 a back-dated sync', () => {
  it('leaves the ledger exactly as it is and says so once, code BACKDATED', () => {
    const runs = syncSequence(oneGap(), ['2026-05-20', '2026-05-12'], (step, tabs) => {
      if (step === 1) tabs.委员 = coveredCommittee().委员;
    });
    const [later, earlier] = runs as [ReturnType<typeof reviewAt>, ReturnType<typeof reviewAt>];
    expect(earlier.tabs.缺口台账).toEqual(later.tabs.缺口台账);
    expect(earlier.review.issues).toEqual([
      expect.objectContaining({
        tab: '缺口台账',
        row: null,
        code: 'BACKDATED',
        value: '2026-05-20',
      }),
    ]);
    expect(earlier.outputs.summary.dataIssues.filter((i) => i.code === 'BACKDATED')).toHaveLength(
      1,
    );
  });

  it('is not back-dated on the same date: a second sync that day updates the ledger', () => {
    const runs = syncSequence(oneGap(), ['2026-05-12', '2026-05-12'], (step, tabs) => {
      if (step === 1) tabs.委员 = coveredCommittee().委员;
    });
    const second = runs[1] as ReturnType<typeof reviewAt>;
    expect(second.review.issues).toEqual([]);
    expect(ledgerRows(second).map((r) => [r.状态, r.持续天数])).toEqual([['已解决', 0]]);
  });
});

describe('contract §7.1 a deleted ledger restarts', () => {
  it('starts again from this sync with a LEDGER_RESTARTED issue when the other review tabs remain', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    const { 缺口台账: _, ...deleted } = first.tabs;
    const restarted = reviewAt(deleted, '2026-05-20');
    expect(issuesOf(restarted, 'LEDGER_RESTARTED')).toEqual([
      expect.objectContaining({ tab: '缺口台账', row: null }),
    ]);
    expect(restarted.review.summary.ledgerRestarted).toBe(true);
    expect(ledgerRows(restarted)).toEqual([
      { ...openRow, 首次发现: '2026-05-20', 最近发现: '2026-05-20' },
    ]);
    // An emptied tab is a deleted one too; a tab holding only its header is an empty ledger.
    expect(
      issuesOf(reviewAt({ ...first.tabs, 缺口台账: [[]] }, '2026-05-20'), 'LEDGER_RESTARTED'),
    ).toHaveLength(1);
    const headerOnly = { ...first.tabs, 缺口台账: first.tabs.缺口台账?.slice(0, 1) ?? [] };
    expect(reviewAt(headerOnly, '2026-05-20').review.issues).toEqual([]);
  });

  it('is not a restart on the first sync: no review tab exists yet', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    expect(first.review.issues).toEqual([]);
    expect(first.review.summary.ledgerRestarted).toBe(false);
  });
});

describe('contract §7.1 rows staff edited', () => {
  it('keeps a row whose key cells were changed as closed history, reports it once, and opens a new row', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    const ledger = (first.tabs.缺口台账 as CellValue[][]).map((row) => [...row]);
    (ledger[1] as CellValue[])[2] = 'A09';
    const second = reviewAt({ ...first.tabs, 缺口台账: ledger }, '2026-05-20');
    const rows = ledgerRows(second);
    expect(rows[0]).toEqual({ ...openRow, 对象: 'A09', 校验码: '人工修改' });
    expect(rows[1]).toEqual({ ...openRow, 首次发现: '2026-05-20', 最近发现: '2026-05-20' });
    expect(issuesOf(second, 'LEDGER_EDITED')).toEqual([
      expect.objectContaining({
        tab: '缺口台账',
        row: 2,
        message: expect.stringContaining('第 2 行'),
      }),
    ]);
    const third = reviewAt(second.tabs, '2026-05-28');
    expect(third.review.issues).toEqual([]);
    expect(ledgerRows(third)[0]).toEqual(rows[0]);
    expect(third.review.summary.open.coverage).toBe(1);
  });

  it('rewrites an edited 应由谁落实 of an open row: it is not part of the key', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    const ledger = (first.tabs.缺口台账 as CellValue[][]).map((row) => [...row]);
    (ledger[1] as CellValue[])[5] = '别人';
    const second = reviewAt({ ...first.tabs, 缺口台账: ledger }, '2026-05-20');
    expect(second.review.issues).toEqual([]);
    expect(ledgerRows(second)).toEqual([{ ...openRow, 最近发现: '2026-05-20', 持续天数: 8 }]);
  });

  it('reads the tab by header, so reordered columns and dates kept as serials still match', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    const reordered = (first.tabs.缺口台账 as CellValue[][]).map((row) =>
      [...row]
        .reverse()
        .map((cell) => (cell === '2026-05-12' ? serialFromIso('2026-05-12') : cell)),
    );
    const second = reviewAt({ ...first.tabs, 缺口台账: reordered }, '2026-05-20');
    expect(second.review.issues).toEqual([]);
    expect(ledgerRows(second)).toEqual([{ ...openRow, 最近发现: '2026-05-20', 持续天数: 8 }]);
  });
});

describe('contract §7.1 the 20,000-row cap', () => {
  /** An overdue task's row, found 2025-11-05 and resolved on `resolved`. */
  const closedTask = (i: number, resolved: string): LedgerRow => ({
    category: 'responsibility',
    code: 'TASK_OVERDUE',
    subject: `任务${i}`,
    subjectName: `任务${i}`,
    period: '',
    owner: '王书记（A01）',
    firstFound: serialFromIso('2025-11-05') as number,
    lastFound: serialFromIso('2025-11-05') as number,
    resolved: serialFromIso(resolved) as number,
    status: '已解决',
  });

  it('drops the oldest closed rows first and says how many; open rows stay', () => {
    const first = reviewAt(oneGap(), '2026-05-12');
    const header = (first.tabs.缺口台账 as CellValue[][])[0] as CellValue[];
    const rows = Array.from({ length: LEDGER_CAP + 1 }, (_, i) =>
      ledgerCells(closedTask(i, i === 7 || i === 9000 ? '2026-02-01' : '2026-03-01')),
    );
    const full = reviewAt({ ...first.tabs, 缺口台账: [header, ...rows] }, '2026-05-20');
    const kept = ledgerRows(full);
    expect(kept).toHaveLength(LEDGER_CAP);
    expect(kept.map((r) => r.对象)).not.toContain('任务7');
    expect(kept.map((r) => r.对象)).not.toContain('任务9000');
    expect(kept.filter((r) => r.状态 === '未解决').map((r) => r.对象)).toEqual(['A02']);
    expect(issuesOf(full, 'LEDGER_TRIMMED')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('最早关闭的 2 行') }),
    ]);
  });

  it('drops edited lines first, then by closing date (a period’s end for 期末未解决), then row order', () => {
    const endedInQ4: LedgerRow = {
      category: 'coverage',
      code: 'NOT_CONTACTED',
      subject: 'A09',
      subjectName: '某委员',
      period: '2025年第四季度',
      owner: '王书记（A01）',
      firstFound: serialFromIso('2025-11-05') as number,
      lastFound: serialFromIso('2025-11-20') as number,
      resolved: null,
      status: '期末未解决',
    };
    const first = reviewAt(oneGap(), '2026-05-12');
    const header = (first.tabs.缺口台账 as CellValue[][])[0] as CellValue[];
    const rows = Array.from({ length: LEDGER_CAP + 2 }, (_, i) => {
      if (i === 200) return ledgerCells(endedInQ4);
      const cells = ledgerCells(
        closedTask(i, i === 300 || i === 301 ? '2026-01-02' : '2026-03-01'),
      );
      // A clerk's edit: the check code no longer matches, so the line is kept as it stands.
      if (i === 100) cells[cells.length - 2] = '已改';
      return cells;
    });
    const full = reviewAt({ ...first.tabs, 缺口台账: [header, ...rows] }, '2026-05-20');
    const kept = ledgerRows(full).map((r) => r.对象);
    expect(kept).toHaveLength(LEDGER_CAP);
    // Three over the cap: the edited line, the row closed at the end of 2025's fourth quarter
    // (before 2026-01-02), and the first of the two closed on 2026-01-02.
    expect(kept.slice(98, 101)).toEqual(['任务98', '任务99', '任务101']);
    expect(kept).not.toContain('A09');
    expect(kept).not.toContain('任务300');
    expect(kept).toContain('任务301');
  });
});

describe('contract §7.1 long subjects', () => {
  it('keys a task by its first 200 characters and marks the cut', () => {
    const text = `${'梳理委员履职成果'.repeat(30)}`;
    const tabs = oneGap();
    tabs.委员 = coveredCommittee().委员;
    tabs.工作任务 = tasks(
      [text, 'A01', '2026-05-01', '进行中'],
      [text.slice(0, 200), 'A01', '2026-05-01', '进行中'],
    );
    const rows = ledgerRows(reviewAt(tabs, '2026-05-12')).map((r) => r.对象);
    expect(rows).toEqual([text.slice(0, 200), `${text.slice(0, 200)}…`]);
  });
});
