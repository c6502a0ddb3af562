import type { Person } from './workbook-model';

/** How every tab names a person: `姓名（委员编号）` for a member, else the 姓名. */
export function personText(person: Person): string {
  return person.member ? `${person.name}（${person.member.id}）` : person.name;
}
