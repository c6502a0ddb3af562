import type { FieldMask } from './parse-field-mask';

type Json = Record<string, unknown>;

/** `{}`: what proto3 JSON leaves of a message with nothing set, and drops. */
export function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

/**
 * Update-request field-mask semantics (§5.2): each masked path takes the source's value, or is
 * cleared when the source lacks it; `*` covers every field at its level. Sub-messages left empty
 * are dropped. Returns a new value; neither input is changed, and parts taken from `source` are
 * shared rather than copied (stored values are never mutated), which keeps a repeatCell over
 * thousands of cells to one format object.
 */
export function applyFieldMask(target: unknown, source: unknown, mask: FieldMask | true): unknown {
  if (mask === true) return source;
  const from = (source ?? {}) as Json;
  const out: Json = { ...((target ?? {}) as Json) };
  const keys = mask.has('*') ? new Set([...Object.keys(out), ...Object.keys(from)]) : mask.keys();
  for (const key of keys) {
    const value = applyFieldMask(out[key], from[key], mask.get(key) ?? true);
    if (value === undefined || isEmptyObject(value)) delete out[key];
    else out[key] = value;
  }
  return out;
}
