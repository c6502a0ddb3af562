import type { Member, Person, Workbook } from './workbook-model';

/**
 * Who answers for a member's coverage gaps — 应由谁落实 in 覆盖缺口 and in 缺口台账, for every
 * reason alike: the 分党组责任人 of the member's duty group when that is a 分党组 person, else the
 * 书记 (the first responsible person of the seed's 责任落实机制); `null` with neither. Who does
 * the work (the contact who talks, the organiser of planned work) is named in 覆盖缺口's 建议.
 * Returns the lookup, built once per workbook.
 */
export function coverageGapOwner(workbook: Workbook): (member: Member) => Person | null {
  const owners = new Map<string, Person>();
  for (const group of workbook.dutyGroups)
    if (group.owner?.post) owners.set(group.name, group.owner);
  return (member) => owners.get(member.dutyGroup ?? '') ?? workbook.secretary;
}
