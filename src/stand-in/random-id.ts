const INT32_MAX = 2147483647;

/** A random positive int32 not yet `taken`, the way Google picks sheet, chart and metadata ids. */
export function randomId(random: () => number, taken: (id: number) => boolean): number {
  for (;;) {
    const id = 1 + Math.floor(random() * INT32_MAX);
    if (id <= INT32_MAX && !taken(id)) return id;
  }
}
