import { runCli } from '../../src/cli/run-cli';

/** Runs one command line in-process and returns its exit code and what it printed. */
export async function cliOutput(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}
