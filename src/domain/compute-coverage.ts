import type { Serial } from './calendar-date';
import type { Period } from './compute-period';
import { isCpcPerson, type Member, type Person, type Workbook } from './workbook-model';

/** The coverage-gap reasons of contract §4.2, in the order of its table. */
export const GAP_REASONS = [
  'NO_PARTY_GROUP',
  'UNKNOWN_PARTY_GROUP',
  'NO_CONTACT',
  'INVALID_CONTACT',
  'NOT_CONTACTED',
  'NOT_REACHED',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** A rate's numerator and denominator; a zero denominator shows as `—`. */
export interface Rate {
  covered: number;
  total: number;
}

/** Where one active member stands this period. */
export interface MemberCoverage {
  member: Member;
  /** The member's contact when it is a valid one (contract §4.1). */
  validContact: Person | null;
  /** Counting party-work activities that list the member. */
  touches: number;
  /** Counting 联系谈心 by the valid contact that list the member. */
  talks: number;
  /** Counts towards 组织覆盖率: `null` for non-CPC members. */
  org: boolean | null;
  work: boolean;
  /** Counts towards 联系落实率: `null` for CPC members. */
  contact: boolean | null;
  reasons: GapReason[];
}

export interface Coverage {
  /** Active members, in sheet order. */
  members: MemberCoverage[];
  rates: { org: Rate; work: Rate; contact: Rate };
  /** Each person's load: active members whose 联系人 resolves to them (not counting suggestions). */
  loads: Map<Person, number>;
}

/** Whether a person may be a member's contact: an active CPC member or a 分党组 person. */
function isValidContact(person: Person): boolean {
  return person.post !== null || (person.member?.isCpc === true && person.member.active);
}

/**
 * Computes the three rates of contract §4.1 and the coverage-gap reasons of §4.2 for every active
 * member, in one pass over the activities.
 */
export function computeCoverage(workbook: Workbook, period: Period, asOf: Serial): Coverage {
  const { frequency } = workbook.settings;
  const active = workbook.members.filter((m) => m.active);
  const validContact = new Map<Member, Person>();
  const loads = new Map<Person, number>();
  for (const member of active) {
    const contact = member.contact;
    // A member who names themself is no one's load and has no valid contact (contract §4.1).
    if (contact === null || contact === member.person) continue;
    loads.set(contact, (loads.get(contact) ?? 0) + 1);
    if (isValidContact(contact)) validContact.set(member, contact);
  }

  const touches = new Map<Member, number>();
  const talks = new Map<Member, number>();
  const talksWithEveryone = new Map<Person, number>();
  let touchesOfEveryone = 0;
  for (const activity of workbook.activities) {
    if (activity.date < period.start || activity.date > asOf) continue;
    const organiser = activity.organiser;
    if (organiser === null || !isCpcPerson(organiser) || activity.type === '其他') continue;
    if (activity.everyone) touchesOfEveryone++;
    else for (const m of activity.participants) touches.set(m, (touches.get(m) ?? 0) + 1);
    if (activity.type !== '联系谈心') continue;
    if (activity.everyone)
      talksWithEveryone.set(organiser, (talksWithEveryone.get(organiser) ?? 0) + 1);
    else
      for (const m of activity.participants)
        if (validContact.get(m) === organiser) talks.set(m, (talks.get(m) ?? 0) + 1);
  }

  const rates = { org: emptyRate(), work: emptyRate(), contact: emptyRate() };
  const members = active.map((member): MemberCoverage => {
    const contact = validContact.get(member) ?? null;
    const touched = touchesOfEveryone + (touches.get(member) ?? 0);
    const talked = contact ? (talks.get(member) ?? 0) + (talksWithEveryone.get(contact) ?? 0) : 0;
    const reasons: GapReason[] = [];
    let structural: boolean;
    let org: boolean | null = null;
    let contactCovered: boolean | null = null;
    if (member.isCpc) {
      structural = member.partyGroup !== null && workbook.partyGroups.has(member.partyGroup);
      if (member.partyGroup === null) reasons.push('NO_PARTY_GROUP');
      else if (!structural) reasons.push('UNKNOWN_PARTY_GROUP');
      org = structural;
      countInto(rates.org, org);
    } else {
      structural = contact !== null;
      if (member.contactText === null) reasons.push('NO_CONTACT');
      else if (contact === null) reasons.push('INVALID_CONTACT');
      else if (talked < frequency) reasons.push('NOT_CONTACTED');
      contactCovered = contact !== null && talked >= frequency;
      countInto(rates.contact, contactCovered);
    }
    if (touched < frequency) reasons.push('NOT_REACHED');
    const work = structural && touched >= frequency;
    countInto(rates.work, work);
    return {
      member,
      validContact: contact,
      touches: touched,
      talks: talked,
      org,
      work,
      contact: contactCovered,
      reasons,
    };
  });
  return { members, rates, loads };
}

/** A rate with nobody counted yet. */
export function emptyRate(): Rate {
  return { covered: 0, total: 0 };
}

/** Counts one member into a rate. */
export function countInto(target: Rate, covered: boolean): void {
  target.total++;
  if (covered) target.covered++;
}
