import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import {
  ACTIVITY_HEADER,
  GROUP_HEADER,
  MEMBER_HEADER,
  SUBGROUP_HEADER,
  TASK_HEADER,
} from '../support/domain-fixture';
import { ledgerRows, syncSequence } from '../support/review-sequence';

const id = (i: number) => `M${String(i).padStart(2, '0')}`;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 864e5).toISOString().slice(0, 10);

/** One sync's workbook: the same members, with contacts, groups, activities and tasks redrawn. */
const state = (size: number) =>
  fc.record({
    members: fc.array(
      fc.record({
        contact: fc.integer({ min: -1, max: size }),
        partyGroup: fc.constantFrom('党小组0', '党小组1', '', '不存在'),
        group: fc.integer({ min: 0, max: 2 }),
        status: fc.constantFrom('在任', '在任', '离任'),
      }),
      { minLength: size, maxLength: size },
    ),
    owners: fc.array(fc.constantFrom('书记甲', '成员乙', '', '无此人'), {
      minLength: 3,
      maxLength: 3,
    }),
    activities: fc.array(
      fc.record({
        day: fc.integer({ min: -60, max: 10 }),
        type: fc.constantFrom('联系谈心', '理论学习', '其他'),
        organiser: fc.integer({ min: 0, max: size - 1 }),
        participants: fc.array(fc.integer({ min: 0, max: size - 1 }), { maxLength: 4 }),
      }),
      { maxLength: 12 },
    ),
    tasks: fc.array(fc.record({ due: fc.integer({ min: -40, max: 40 }), done: fc.boolean() }), {
      maxLength: 3,
    }),
  });

/** A committee synced on a run of dates moving forward, its workbook changing before each sync. */
const sequence = fc
  .record({
    size: fc.integer({ min: 2, max: 10 }),
    cpc: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    period: fc.constantFrom('月', '季度'),
    steps: fc.array(fc.integer({ min: 0, max: 75 }), { minLength: 2, maxLength: 6 }),
  })
  .chain(({ size, cpc, period, steps }) =>
    fc.record({
      size: fc.constant(size),
      cpc: fc.constant(cpc),
      period: fc.constant(period),
      steps: fc.constant(steps),
      states: fc.array(state(size), { minLength: steps.length, maxLength: steps.length }),
    }),
  );

type Run = typeof sequence extends fc.Arbitrary<infer T> ? T : never;
type State = ReturnType<typeof state> extends fc.Arbitrary<infer T> ? T : never;

function workbookAt(run: Run, step: number, today: number): Record<string, CellValue[][]> {
  const s = run.states[step] as State;
  return {
    设置: [
      ['项目', '值'],
      ['评估周期', run.period],
    ],
    委员: [
      MEMBER_HEADER,
      ...s.members.map((m, i) => [
        id(i),
        `委员${i}`,
        '农业界',
        run.cpc[i] ? '中共党员' : '民盟',
        `组${m.group}`,
        run.cpc[i] ? m.partyGroup : '',
        m.contact < 0 ? '' : id(m.contact),
        m.status,
      ]),
    ],
    分党组: [SUBGROUP_HEADER, ['书记甲', '', '书记', ''], ['成员乙', '', '成员', '']],
    履职小组: [
      GROUP_HEADER,
      ...s.owners.map((owner, g) => [`组${g}`, id(0), `党小组${g % 2}`, id(0), owner]),
    ],
    活动记录: [
      ACTIVITY_HEADER,
      ...s.activities.map((a) => [
        day(today + a.day),
        a.type,
        '',
        id(a.organiser),
        a.participants.map(id).join('、'),
      ]),
    ],
    工作任务: [
      TASK_HEADER,
      ...s.tasks.map((t, i) => [`任务${i}`, '成员乙', day(today + t.due), t.done ? '已完成' : '']),
    ],
  };
}

describe('properties of the gap ledger over a run of syncs', () => {
  it('keeps at most one open row per key, never changes a closed row, and opens exactly the current gaps', () => {
    fc.assert(
      fc.property(sequence, (run) => {
        let total = 0;
        const days = run.steps.map((delta) => (total += delta));
        const syncs = syncSequence({}, days.map(day), (step, tabs) =>
          Object.assign(tabs, workbookAt(run, step, days[step] as number)),
        );

        let previous: Array<Record<string, CellValue>> = [];
        for (const sync of syncs) {
          expect(sync.review.issues).toEqual([]);
          const rows = ledgerRows(sync);
          const open = rows.filter((r) => r.状态 === '未解决');
          const keys = open.map((r) => [r.类别, r.代码, r.对象, r.期间].join('|'));
          expect(new Set(keys).size).toBe(keys.length);
          // Every reason of every coverage gap, and every distinct responsibility gap, is open.
          const current = new Set([
            ...sync.outputs.summary.coverageGaps.flatMap((g) =>
              g.reasons.map((r) => `c|${r}|${g.memberId}`),
            ),
            ...sync.outputs.summary.responsibilityGaps.map((g) => `r|${g.code}|${g.subject}`),
          ]);
          expect(open.length).toBe(current.size);
          // Rows are only ever appended; a closed row stays exactly as it was.
          expect(rows.length).toBeGreaterThanOrEqual(previous.length);
          previous.forEach((row, i) => {
            if (row.状态 !== '未解决') expect(rows[i]).toEqual(row);
            else expect(rows[i]?.首次发现).toBe(row.首次发现);
          });
          previous = rows;
        }
      }),
      { numRuns: 80, seed: 20261130 },
    );
  });
});
