import { parseArgs } from 'node:util';
import type { CliCommand, OptionValues } from './cli-command';
import { UsageError } from './usage-error';

/**
 * Reads a command's options and words, refusing in Chinese what node:util would refuse in
 * English: an option the command does not have, a missing value, a value given to a switch,
 * a word the command does not take.
 */
export function parseCommandLine(
  command: CliCommand,
  args: string[],
): { values: OptionValues<CliCommand['options']>; positionals: string[] } {
  const { tokens } = parseArgs({
    args,
    options: command.options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const known = Object.keys(command.options).map((name) => `--${name}`);
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (command.positionals === undefined)
        throw new UsageError(`${command.name} 不接受参数「${token.value}」。`);
      positionals.push(token.value);
      continue;
    }
    const spec = command.options[token.name];
    if (!spec)
      throw new UsageError(
        known.length > 0
          ? `${command.name} 没有选项 ${token.rawName}，可用的选项有 ${known.join('、')}。`
          : `${command.name} 不带任何选项，收到 ${token.rawName}。`,
      );
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`选项 ${token.rawName} 不带值。`);
      values[token.name] = true;
      continue;
    }
    // Without strict parsing the next option would be taken as the value (`--as-of --json`).
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      throw new UsageError(`选项 ${token.rawName} 后面需要一个值。`);
    values[token.name] = value;
  }
  return { values, positionals };
}
