// The Node type check has no Workers types; the bench Worker (bench-worker.ts) needs only this.
declare module 'cloudflare:workers' {
  /** The Worker's bindings, readable in its global scope. */
  export const env: unknown;
}
