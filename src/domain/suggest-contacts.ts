import { addToList } from './add-to-list';
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
  const pools = new ContactPools(
    candidates,
    candidates.map((p) => coverage.loads.get(p) ?? 0),
    workbook.settings.loadCap,
  );
  needContact.sort((a, b) => compareText(a.id, b.id));
  for (const member of needContact) {
    // A candidate in the same group and sector always beats one in the same group only, and so
    // on: so the best candidate is the least loaded (then first) of the first pool, in that
    // order, that has a candidate left under the cap.
    const group = member.dutyGroup;
    const sector = member.sector === '未填写' ? null : member.sector;
    const order = [
      group !== null && sector !== null ? pairKey(group, sector) : null,
      group !== null ? groupKey(group) : null,
      sector !== null ? sectorKey(sector) : null,
      EVERYONE_KEY,
    ];
    let best: number | undefined;
    for (const key of order) {
      if (key !== null) best = pools.lightest(key, member.person);
      if (best !== undefined) break;
    }
    (suggestions.get(member) as Suggestion).contact =
      best === undefined ? null : pools.choose(best);
  }
  return suggestions;
}

const EVERYONE_KEY = '*';
const groupKey = (group: string) => `g\u0000${group}`;
const sectorKey = (sector: string) => `s\u0000${sector}`;
const pairKey = (group: string, sector: string) => `p\u0000${group}\u0000${sector}`;

/**
 * The candidates by duty group, by sector, by both, and everyone, each pool ordered by load.
 * A pool is built the first time it is asked for (most are never needed), from the loads of
 * that moment; after that every suggestion updates the pools that hold its candidate.
 */
class ContactPools {
  private readonly indexes = new Map<string, number[]>();
  private readonly built = new Map<string, LoadQueue>();
  /** The pools built so far that hold each candidate. */
  private readonly memberships: LoadQueue[][];

  constructor(
    private readonly candidates: readonly Person[],
    private readonly load: number[],
    private readonly cap: number,
  ) {
    this.memberships = candidates.map(() => []);
    candidates.forEach((candidate, index) => {
      const other = candidate.member;
      const keys = [EVERYONE_KEY];
      if (other) {
        keys.push(sectorKey(other.sector));
        if (other.dutyGroup !== null)
          keys.push(groupKey(other.dutyGroup), pairKey(other.dutyGroup, other.sector));
      }
      for (const key of keys) addToList(this.indexes, key, index);
    });
  }

  /** The least loaded candidate under the cap in the pool `key`, other than `excluded`. */
  lightest(key: string, excluded: Person): number | undefined {
    let pool = this.built.get(key);
    if (!pool) {
      pool = new LoadQueue(this.candidates.length);
      for (const index of this.indexes.get(key) ?? []) {
        this.memberships[index]?.push(pool);
        const current = this.load[index] ?? 0;
        if (current < this.cap) pool.add(index, current);
      }
      this.built.set(key, pool);
    }
    return pool.lightest(this.load, this.cap, (index) => this.candidates[index] === excluded);
  }

  /** Suggests candidate `index` once more: its load grows by one. */
  choose(index: number): Person {
    const current = (this.load[index] ?? 0) + 1;
    this.load[index] = current;
    if (current < this.cap)
      for (const pool of this.memberships[index] ?? []) pool.add(index, current);
    return this.candidates[index] as Person;
  }
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
