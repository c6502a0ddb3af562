import { addToList } from './add-to-list';
import type { DataIssue } from './data-issue';
import { dataIssue, shownValue } from './issue-messages';
import { idKey, nameKey } from './normalise-text';
import type { Member, Person } from './workbook-model';

export type Resolution =
  | { person: Person }
  | { code: 'UNKNOWN_PERSON' }
  | { code: 'AMBIGUOUS_NAME'; refs: string[] };

/** Resolves a normalised person reference (contract §3.1); answers are cached per text. */
export type ResolvePerson = (text: string) => Resolution;

/**
 * Builds the resolver of contract §3.1 over every valid member row (any status) and the 分党组
 * persons who are not members: 委员编号 first, then a unique member 姓名, then a unique
 * non-member 分党组 姓名.
 */
export function createPersonResolver(
  members: readonly Member[],
  nonMembers: readonly Person[],
): ResolvePerson {
  const byId = new Map<string, Person>();
  const byName = new Map<string, Person[]>();
  const nonMembersByName = new Map<string, Person[]>();
  for (const member of members) {
    byId.set(idKey(member.id), member.person);
    addToList(byName, nameKey(member.name), member.person);
  }
  for (const person of nonMembers) addToList(nonMembersByName, nameKey(person.name), person);

  const cache = new Map<string, Resolution>();
  return (text) => {
    let answer = cache.get(text);
    if (answer) return answer;
    answer = resolve(text);
    cache.set(text, answer);
    return answer;
  };

  function resolve(text: string): Resolution {
    const member = byId.get(idKey(text));
    if (member) return { person: member };
    const key = nameKey(text);
    for (const candidates of [byName.get(key), nonMembersByName.get(key)]) {
      if (!candidates) continue;
      if (candidates.length === 1 && candidates[0]) return { person: candidates[0] };
      return { code: 'AMBIGUOUS_NAME', refs: candidates.map((p) => p.ref) };
    }
    return { code: 'UNKNOWN_PERSON' };
  }
}

/** The data issue of a reference that did not resolve. */
export function unresolvedIssue(
  tab: string,
  row: number,
  column: string,
  text: string,
  resolution: Exclude<Resolution, { person: Person }>,
  consequence: string,
): DataIssue {
  if (resolution.code === 'AMBIGUOUS_NAME')
    return dataIssue(
      tab,
      row,
      column,
      'AMBIGUOUS_NAME',
      text,
      `「${shownValue(text)}」与多名委员同名（${resolution.refs.map(shownValue).join('、')}），无法确定是哪一位，${consequence}`,
      '同名时请改填委员编号。',
    );
  return dataIssue(
    tab,
    row,
    column,
    'UNKNOWN_PERSON',
    text,
    `「${shownValue(text)}」既不是「委员」表中的委员编号或姓名，也不是「分党组」表中的人员，${consequence}`,
    '请填写委员编号或与「委员」「分党组」表一致的姓名；如为新委员，请先在「委员」表中添加。',
  );
}
