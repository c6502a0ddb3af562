import { compareText } from './compare-text';
import type { Coverage } from './compute-coverage';
import type { Member, Person, Workbook } from './workbook-model';

/** What a coverage gap suggests (contract §4.4 and §6): a party group, a contact, or nothing. */
export interface Suggestion {
  partyGroup?: string;
  /** The suggested contact; `null` when no candidate is left. */
  contact?: Person | null;
}

/**
 * The suggestions of contract §4.4 for every member with a coverage gap. Contacts are chosen
 * deterministically: members in 委员编号 order, each taking the candidate below the load cap
 * in the same duty group, then the same sector, then with the lowest load, then the lowest
 * 委员编号 (non-members after members, by 姓名). Each suggestion adds to the chosen load.
 */
export function suggestContacts(workbook: Workbook, coverage: Coverage): Map<Member, Suggestion> {
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

  const candidates = contactCandidates(workbook);
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
      // One number orders by group, then sector, then load (a load is far below 2^32).
      const score = ((sameGroup ? 0 : 2) + (sameSector ? 0 : 1)) * 2 ** 32 + candidateLoad;
      // Candidates are sorted by 委员编号 / 姓名, so the first of equal score wins.
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

/** Active CPC members and 分党组 persons, members by 委员编号 first, then non-members by 姓名. */
function contactCandidates(workbook: Workbook): Person[] {
  const members = new Set<Person>();
  const nonMembers: Person[] = [];
  for (const m of workbook.members) if (m.active && m.isCpc) members.add(m.person);
  for (const p of workbook.subgroup) {
    if (p.member) members.add(p);
    else nonMembers.push(p);
  }
  return [
    ...[...members].sort((a, b) => compareText(a.ref, b.ref)),
    ...nonMembers.sort((a, b) => compareText(a.name, b.name)),
  ];
}
