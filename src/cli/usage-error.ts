/** A mistake in the command line: the CLI says it in one sentence, points to `help`, exits 1. */
export class UsageError extends Error {}
