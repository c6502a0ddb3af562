import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/domain/compare-text';
import type { Coverage, GapReason } from '../../src/domain/compute-coverage';
import { type Suggestion, suggestContacts } from '../../src/domain/suggest-contacts';
import type { Member, Person, Workbook } from '../../src/domain/workbook-model';

/**
 * The quadratic algorithm suggestContacts used before issue #12, kept verbatim as the oracle:
 * every member needing a contact scans every candidate.
 */
function quadraticSuggestContacts(workbook: Workbook, coverage: Coverage) {
  const suggestions = new Map<Member, Suggestion>();
  const partyGroupOf = new Map(workbook.dutyGroups.map((g) => [g.name, g.partyGroup]));
  const needContact: Member[] = [];
  for (const { member, reasons } of coverage.members) {
    if (reasons.length === 0) continue;
    const suggestion: Suggestion = {};
    if (reasons.includes('NO_PARTY_GROUP') || reasons.includes('UNKNOWN_PARTY_GROUP')) {
      const partyGroup = member.dutyGroup === null ? null : partyGroupOf.get(member.dutyGroup);
      if (partyGroup) suggestion.partyGroup = partyGroup;
    }
    if (reasons.includes('NO_CONTACT') || reasons.includes('INVALID_CONTACT'))
      needContact.push(member);
    suggestions.set(member, suggestion);
  }
  if (needContact.length === 0) return suggestions;
  const members = new Set<Person>();
  const nonMembers: Person[] = [];
  for (const m of workbook.members) if (m.active && m.isCpc) members.add(m.person);
  for (const p of workbook.subgroup) {
    if (p.member) members.add(p);
    else nonMembers.push(p);
  }
  const candidates = [
    ...[...members].sort((a, b) => compareText(a.ref, b.ref)),
    ...nonMembers.sort((a, b) => compareText(a.name, b.name)),
  ];
  const load = new Map(candidates.map((p) => [p, coverage.loads.get(p) ?? 0]));
  const cap = workbook.settings.loadCap;
  needContact.sort((a, b) => compareText(a.id, b.id));
  for (const member of needContact) {
    let best: Person | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      const candidateLoad = load.get(candidate) ?? 0;
      if (candidateLoad >= cap || candidate === member.person) continue;
      const other = candidate.member;
      const sameGroup = member.dutyGroup !== null && other?.dutyGroup === member.dutyGroup;
      const sameSector = member.sector !== '未填写' && other?.sector === member.sector;
      const score = ((sameGroup ? 0 : 2) + (sameSector ? 0 : 1)) * 2 ** 32 + candidateLoad;
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best) load.set(best, (load.get(best) ?? 0) + 1);
    (suggestions.get(member) as Suggestion).contact = best;
  }
  return suggestions;
}

const REASONS: GapReason[] = ['NO_PARTY_GROUP', 'NO_CONTACT', 'INVALID_CONTACT', 'NOT_REACHED'];

/**
 * Workbooks as the rules see them, small enough for collisions: few groups and sectors (blank
 * ones included), candidates chosen again and again until the cap, initial loads at and over
 * the cap, members who are their own candidates (a non-CPC member in 分党组), non-members with
 * equal names.
 */
const committee = fc
  .record({
    cap: fc.integer({ min: 1, max: 6 }),
    rows: fc.array(
      fc.record({
        id: fc.integer({ min: 0, max: 99 }),
        cpc: fc.boolean(),
        active: fc.boolean(),
        group: fc.constantFrom('组0', '组1', '组2', null),
        sector: fc.constantFrom('农业界', '经济界', '未填写'),
        reasons: fc.subarray(REASONS),
        load: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
        inSubgroup: fc.boolean(),
      }),
      { maxLength: 80 },
    ),
    nonMembers: fc.array(
      fc.record({ name: fc.constantFrom('甲', '乙', '丙'), load: fc.integer({ min: 0, max: 5 }) }),
      { maxLength: 4 },
    ),
  })
  .map(({ cap, rows, nonMembers }) => {
    const seen = new Set<number>();
    const unique = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
    const loads = new Map<Person, number>();
    const members = unique.map((r) => {
      const member = {
        id: `M${r.id}`,
        sector: r.sector,
        isCpc: r.cpc,
        active: r.active,
        dutyGroup: r.group,
      } as Member;
      member.person = { ref: member.id, name: member.id, member, post: null };
      loads.set(member.person, r.load);
      return member;
    });
    const subgroup = [
      ...members.filter((_, i) => unique[i]?.inSubgroup).map((m) => m.person),
      ...nonMembers.map(({ name, load }) => {
        const person: Person = { ref: name, name, member: null, post: '成员' };
        loads.set(person, load);
        return person;
      }),
    ];
    const workbook = {
      settings: { loadCap: cap },
      members,
      subgroup,
      dutyGroups: ['组0', '组1'].map((name) => ({ name, partyGroup: `${name}党小组` })),
    } as unknown as Workbook;
    const coverage = {
      members: members
        .filter((m) => m.active)
        .map((member) => ({ member, reasons: unique[members.indexOf(member)]?.reasons ?? [] })),
      loads,
    } as unknown as Coverage;
    return { workbook, coverage };
  });

const plain = (suggestions: Map<Member, Suggestion>) =>
  [...suggestions].map(([member, s]) => ({
    member: member.id,
    partyGroup: s.partyGroup,
    contact: s.contact === undefined ? undefined : (s.contact?.ref ?? null),
  }));

describe('contract §4.4: contact suggestions in O(n log n)', () => {
  it('choose exactly what the quadratic scan over every candidate chose', () => {
    fc.assert(
      fc.property(committee, ({ workbook, coverage }) => {
        expect(plain(suggestContacts(workbook, coverage))).toEqual(
          plain(quadraticSuggestContacts(workbook, coverage)),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
