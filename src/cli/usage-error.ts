/** A mistake in the command line, or a file that cannot be used: the CLI exits with 1. */
export class UsageError extends Error {}
