import type { FieldMask } from './parse-field-mask';

/**
 * Keeps only the masked paths of a JSON value. Lists are projected element by element, and a
 * selected message that has none of the masked fields stays as `{}`, as Google answers
 * `fields=sheets.properties.tabColorStyle` with `{"sheets":[{"properties":{}}]}`.
 */
export function projectFields(value: unknown, mask: FieldMask | true): unknown {
  if (mask === true || mask.has('*')) return value;
  if (Array.isArray(value)) return value.map((item) => projectFields(item, mask));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    if (source[key] !== undefined) out[key] = projectFields(source[key], sub);
  }
  return out;
}
