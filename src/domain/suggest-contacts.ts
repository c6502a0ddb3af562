import { compareText } from './compare-text';
import type { Coverage } from './compute-coverage';
import type { Member, Person, Workbook } from './workbook-model';

/** What a coverage gap suggests (SPEC §4.4 and §6): a party group, a contact, or nothing. */
export interface Suggestion {
  partyGroup?: string;
  /** The suggested contact; `null` when no candidate is left. */
  contact?: Person | null;
}

/**
 * The suggestions of SPEC §4.4 for every member with a coverage gap. Contacts are chosen
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
  const cap = workbook.settings.loadCap;
  const load = candidates.map((p) => coverage.loads.get(p) ?? 0);
  const pools = contactPools(candidates, load, cap);
  needContact.sort((a, b) => compareText(a.id, b.id));
  for (const member of needContact) {
    // A candidate in the same group and sector always beats one in the same group only, and so
    // on: so the best candidate is the least loaded (then first) of the first pool, in that
    // order, that has a candidate left under the cap.
    const group = member.dutyGroup;
    const sector = member.sector === '未填写' ? null : member.sector;
    const order = [
      group !== null && sector !== null
        ? pools.byGroupAndSector.get(pairKey(group, sector))
        : undefined,
      group !== null ? pools.byGroup.get(group) : undefined,
      sector !== null ? pools.bySector.get(sector) : undefined,
      pools.all,
    ];
    let best: number | undefined;
    for (const pool of order) {
      best = pool?.lightest(load, cap, (index) => candidates[index] === member.person);
      if (best !== undefined) break;
    }
    const suggestion = suggestions.get(member) as Suggestion;
    if (best === undefined) {
      suggestion.contact = null;
      continue;
    }
    suggestion.contact = candidates[best] as Person;
    load[best] = (load[best] ?? 0) + 1;
    for (const pool of pools.of(best)) pool.add(best, load[best] ?? 0);
  }
  return suggestions;
}

function pairKey(group: string, sector: string): string {
  return `${group}\u0000${sector}`;
}

/** The candidates by duty group, by sector, by both and all together, each ordered by load. */
function contactPools(candidates: readonly Person[], load: readonly number[], cap: number) {
  const all = new LoadQueue(candidates.length);
  const byGroup = new Map<string, LoadQueue>();
  const bySector = new Map<string, LoadQueue>();
  const byGroupAndSector = new Map<string, LoadQueue>();
  const memberships: LoadQueue[][] = candidates.map((candidate) => {
    const pools = [all];
    const other = candidate.member;
    const join = (map: Map<string, LoadQueue>, key: string) => {
      let pool = map.get(key);
      if (!pool) {
        pool = new LoadQueue(candidates.length);
        map.set(key, pool);
      }
      pools.push(pool);
    };
    if (other) {
      join(bySector, other.sector);
      if (other.dutyGroup !== null) {
        join(byGroup, other.dutyGroup);
        join(byGroupAndSector, pairKey(other.dutyGroup, other.sector));
      }
    }
    return pools;
  });
  memberships.forEach((pools, index) => {
    const current = load[index] ?? 0;
    if (current < cap) for (const pool of pools) pool.add(index, current);
  });
  return {
    all,
    byGroup,
    bySector,
    byGroupAndSector,
    of: (index: number) => memberships[index] ?? [],
  };
}

/**
 * Candidates (by index in candidate order) ordered by load, then index: a binary min-heap of
 * `load × count + index`. A load only grows, so an entry whose load is no longer current,
 * or is at the cap, is dropped when it reaches the top.
 */
class LoadQueue {
  private readonly heap: number[] = [];
  constructor(private readonly count: number) {}

  add(index: number, load: number): void {
    const heap = this.heap;
    let i = heap.push(load * this.count + index) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as number) <= (heap[i] as number)) break;
      [heap[parent], heap[i]] = [heap[i] as number, heap[parent] as number];
      i = parent;
    }
  }

  /** The least loaded candidate under the cap that is not `excluded`, left in the queue. */
  lightest(load: readonly number[], cap: number, excluded: (index: number) => boolean) {
    let skipped: number | undefined;
    let found: number | undefined;
    while (this.heap.length > 0) {
      const top = this.heap[0] as number;
      const index = top % this.count;
      const current = load[index] ?? 0;
      if ((top - index) / this.count !== current || current >= cap) {
        this.pop();
        continue;
      }
      if (skipped === undefined && excluded(index)) {
        skipped = this.pop();
        continue;
      }
      found = index;
      break;
    }
    if (skipped !== undefined)
      this.add(skipped % this.count, (skipped - (skipped % this.count)) / this.count);
    return found;
  }

  private pop(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && (heap[left] as number) < (heap[least] as number)) least = left;
        if (right < heap.length && (heap[right] as number) < (heap[least] as number)) least = right;
        if (least === i) break;
        [heap[least], heap[i]] = [heap[i] as number, heap[least] as number];
        i = least;
      }
    }
    return top;
  }
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
