/**
 * A copy of `items` with `count` empty slots at `at`. Unlike `splice(at, 0, ...new Array(n))` it
 * spreads no arguments, so inserting 100,000 rows cannot overflow the call stack.
 */
export function insertGap<T>(items: T[], at: number, count: number): T[] {
  if (at >= items.length) return items.slice();
  const out = items.slice(0, at);
  out.length = at + count;
  for (let i = at; i < items.length; i++) out[i + count] = items[i] as T;
  return out;
}
