/** Numbers, codes and ids only: a log line never carries a name, a key or a token. */
type LogValue = string | number | boolean | null | { covered: number; total: number };

/** Writes one structured log line (Workers Logs indexes JSON fields). */
export function logLine(fields: Record<string, LogValue>): void {
  console.log(JSON.stringify(fields));
}
