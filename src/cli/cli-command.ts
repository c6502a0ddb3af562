/** Where a command writes and what it reads from the environment; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/** The options a command accepts: each a string (`--out FILE`) or a switch (`--json`). */
export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

type ValueOf<T> = T extends 'string' ? string : boolean;

/** The parsed options of a command, typed from its spec. */
export type OptionValues<O extends OptionSpec> = { [K in keyof O]?: ValueOf<O[K]['type']> };

/** One command of the CLI: run-cli.ts lists them in one table. */
export interface CliCommand<O extends OptionSpec = OptionSpec> {
  /** The English name typed after `npm run cli --`. */
  name: string;
  /** Its lines in `help`: the synopsis, then what it does, in Chinese. */
  help: string;
  options: O;
  /** What words after the command mean (bench's scales), for `help`; none are accepted without. */
  positionals?: string;
  run(values: OptionValues<O>, io: Io, positionals: string[]): Promise<void>;
}

/** Declares a command with its option values typed; the table holds it as a plain CliCommand. */
export function cliCommand<O extends OptionSpec>(command: CliCommand<O>): CliCommand {
  return command as unknown as CliCommand;
}
