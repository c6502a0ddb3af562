import { discoverySchemas } from './discovery-schemas';
import { SheetsApiError } from './sheets-api-error';

/**
 * A parsed field mask: each selected field maps to its own sub-mask, or to `true` when the whole
 * field is selected. The key `*` selects every field at its level.
 */
export type FieldMask = Map<string, FieldMask | true>;

function merge(mask: FieldMask, path: string[], leaf: FieldMask | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const existing = mask.get(head);
  if (rest.length === 0) {
    if (leaf === true || existing === undefined) mask.set(head, leaf);
    else if (existing !== true) for (const [key, value] of leaf) merge(existing, [key], value);
    return;
  }
  if (existing === true) return;
  const child: FieldMask = existing ?? new Map();
  mask.set(head, child);
  merge(child, rest, leaf);
}

/**
 * Parses Google's field-mask syntax (§1): fields split by commas, subfields by dots (or `/` in
 * update masks), `(…)` grouping subfields, snake_case or camelCase. Throws 400 on bad syntax.
 */
export function parseFieldMask(text: string): FieldMask {
  let position = 0;
  const fail = (): never => {
    throw SheetsApiError.invalid(`Invalid field mask: ${text}`);
  };
  const parseList = (closing: boolean): FieldMask => {
    const mask: FieldMask = new Map();
    for (;;) {
      const path: string[] = [];
      for (;;) {
        const name = /^\s*([A-Za-z0-9_]+|\*)\s*/.exec(text.slice(position)) ?? fail();
        path.push(discoverySchemas.snakeToCamel(name[1] ?? ''));
        position += name[0].length;
        if (text[position] !== '.' && text[position] !== '/') break;
        position++;
      }
      let leaf: FieldMask | true = true;
      if (text[position] === '(') {
        position++;
        leaf = parseList(true);
      }
      merge(mask, path, leaf);
      if (text[position] === ',') {
        position++;
        continue;
      }
      if (closing) {
        if (text[position] !== ')') fail();
        position++;
      }
      return mask;
    }
  };
  const mask = parseList(false);
  if (position < text.length) fail();
  return mask;
}
