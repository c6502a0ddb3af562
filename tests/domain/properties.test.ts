import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import {
  ACTIVITY_HEADER,
  analyse,
  GROUP_HEADER,
  MEMBER_HEADER,
  SUBGROUP_HEADER,
} from '../support/domain-fixture';

/** Random but well-formed committees: the properties below must hold for all of them. */
const committee = fc
  .record({
    size: fc.integer({ min: 1, max: 40 }),
    cap: fc.integer({ min: 1, max: 4 }),
    frequency: fc.integer({ min: 1, max: 3 }),
    seedRows: fc.array(
      fc.record({
        cpc: fc.boolean(),
        group: fc.integer({ min: 0, max: 3 }),
        sector: fc.constantFrom('农业界', '经济界', '科技界', ''),
        contact: fc.integer({ min: -1, max: 45 }),
        status: fc.constantFrom('', '在任', '离任'),
        partyGroup: fc.constantFrom('党小组0', '党小组1', '', '不存在'),
      }),
      { minLength: 40, maxLength: 40 },
    ),
    activities: fc.array(
      fc.record({
        day: fc.integer({ min: 0, max: 120 }),
        type: fc.constantFrom('联系谈心', '理论学习', '其他', '征求意见'),
        organiser: fc.integer({ min: 0, max: 45 }),
        participants: fc.array(fc.integer({ min: 0, max: 45 }), { maxLength: 5 }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ size, cap, frequency, seedRows, activities }) => {
    const id = (i: number) => `M${String(i).padStart(2, '0')}`;
    const memberRows: CellValue[][] = seedRows
      .slice(0, size)
      .map((r, i) => [
        id(i),
        `委员${i}`,
        r.sector,
        r.cpc ? '中共党员' : '民盟',
        `组${r.group}`,
        r.cpc ? r.partyGroup : '',
        r.contact < 0 ? '' : id(r.contact),
        r.status,
      ]);
    const day = (n: number) =>
      new Date(Date.UTC(2026, 2, 1) + n * 864e5).toISOString().slice(0, 10);
    return {
      cap,
      tabs: {
        设置: [
          ['项目', '值'],
          ['联系人负荷上限', cap],
          ['联系频次', frequency],
        ],
        委员: [MEMBER_HEADER, ...memberRows],
        分党组: [SUBGROUP_HEADER, ['书记甲', '', '书记', ''], ['成员乙', id(0), '成员', '']],
        履职小组: [
          GROUP_HEADER,
          ...[0, 1, 2, 3].map((g) => [`组${g}`, id(g), `党小组${g % 2}`, id(g), '书记甲']),
        ],
        活动记录: [
          ACTIVITY_HEADER,
          ...activities.map((a) => [
            day(a.day),
            a.type,
            '',
            id(a.organiser),
            a.participants.map(id).join('、'),
          ]),
        ],
      },
    };
  });

const runs = { numRuns: 150, seed: 20260512 };

describe('properties of every summary', () => {
  it('a rate never covers more than its total, and totals follow the active members', () => {
    fc.assert(
      fc.property(committee, ({ tabs }) => {
        const { rates, coverageGaps } = analyse(tabs).summary;
        for (const rate of Object.values(rates)) {
          expect(rate.covered).toBeGreaterThanOrEqual(0);
          expect(rate.covered).toBeLessThanOrEqual(rate.total);
        }
        expect(rates.org.total + rates.contact.total).toBe(rates.work.total);
        expect(coverageGaps.length).toBeGreaterThanOrEqual(rates.work.total - rates.work.covered);
      }),
      runs,
    );
  });

  it('a member is never suggested as their own contact', () => {
    fc.assert(
      fc.property(committee, ({ tabs }) => {
        for (const gap of analyse(tabs).summary.coverageGaps)
          expect(gap.suggestion.contact).not.toBe(gap.memberId);
      }),
      runs,
    );
  });

  it('suggestions never push anyone over the load cap', () => {
    fc.assert(
      fc.property(committee, ({ tabs, cap }) => {
        const result = analyse(tabs);
        const existing = new Map<string, number>();
        for (const row of tabs.委员.slice(1)) {
          const [id, , , , , , contact, status] = row as string[];
          if (contact && contact !== id && status !== '离任')
            existing.set(contact as string, (existing.get(contact as string) ?? 0) + 1);
        }
        const added = new Map<string, number>();
        for (const { suggestion } of result.summary.coverageGaps)
          if (suggestion.contact)
            added.set(suggestion.contact, (added.get(suggestion.contact) ?? 0) + 1);
        for (const [person, count] of added)
          expect((existing.get(person) ?? 0) + count).toBeLessThanOrEqual(cap);
      }),
      runs,
    );
  });

  it('every coverage gap names an active member, with reasons in the order of contract §4.2', () => {
    const order = [
      'NO_PARTY_GROUP',
      'UNKNOWN_PARTY_GROUP',
      'NO_CONTACT',
      'INVALID_CONTACT',
      'NOT_CONTACTED',
      'NOT_REACHED',
    ];
    fc.assert(
      fc.property(committee, ({ tabs }) => {
        const inactive = new Set(tabs.委员.filter((r) => r[7] === '离任').map((r) => r[0]));
        for (const gap of analyse(tabs).summary.coverageGaps) {
          expect(inactive.has(gap.memberId)).toBe(false);
          const positions = gap.reasons.map((r) => order.indexOf(r));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          expect(gap.reasons.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('the summary is deterministic: the same workbook gives the same answer', () => {
    fc.assert(
      fc.property(committee, ({ tabs }) => {
        expect(analyse(tabs).summary).toEqual(analyse(structuredClone(tabs)).summary);
      }),
      { ...runs, numRuns: 40 },
    );
  });
});
