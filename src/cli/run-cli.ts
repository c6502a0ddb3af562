import { describeFailure } from '../sync/describe-failure';
import { SyncError } from '../sync/run-sync';
import { adminCommand } from './admin-command';
import { benchCommand } from './bench-command';
import type { CliCommand, Io } from './cli-command';
import { demoCommand } from './demo-command';
import { devCommand } from './dev-command';
import { ChecksFailed, doctorCommand } from './doctor-command';
import { FileError } from './file-error';
import { keyCommand } from './key-command';
import { parseCommandLine } from './parse-command-line';
import { provisionCommand } from './provision-command';
import { reportCommand } from './report-command';
import { requestSyncCommand, WorkerRefusal } from './request-sync-command';
import { rollupCommand } from './rollup-command';
import { screenshotsCommand } from './screenshots-command';
import { SignInError } from './sign-in-error';
import { syncCommand } from './sync-command';
import { templateCommand } from './template-command';
import { UsageError } from './usage-error';

/** Every command, in the order `help` lists them: a new command is one line here. */
const COMMANDS: readonly CliCommand[] = [
  syncCommand,
  reportCommand,
  templateCommand,
  demoCommand,
  rollupCommand,
  keyCommand,
  requestSyncCommand,
  adminCommand,
  provisionCommand,
  doctorCommand,
  devCommand,
  benchCommand,
  screenshotsCommand,
];

const EXIT_CODES =
  '退出码：0 成功；1 命令行或文件有误；2 工作簿内容使同步无法进行；3 访问 Google 表格或 Worker 失败（含登录 Google 失败）；4 doctor 有未通过的检查；70 内部错误。';

function help(): string {
  return [
    'dual-coverage 命令行（两个全覆盖）',
    '',
    '用法：npm run cli -- <命令> [选项]',
    '',
    '命令：',
    ...COMMANDS.map((command) => `  ${command.help}`),
    '  help  显示本说明（任何命令后加 --help 亦可）。',
    '',
    EXIT_CODES,
    '出错时，标准错误输出一句中文说明原因和做法。',
  ].join('\n');
}

const STANDARD_IO: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Runs one command line and returns its exit code (see EXIT_CODES). */
export async function runCli(argv: string[], io: Io = STANDARD_IO): Promise<number> {
  try {
    const [name = 'help', ...rest] = argv;
    if (name === 'help' || name === '--help' || name === '-h' || rest.includes('--help')) {
      io.stdout(`${help()}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command)
      throw new UsageError(
        name.startsWith('-')
          ? `请先写命令，再写选项 ${name}；可用的命令有 ${COMMANDS.map((c) => c.name).join('、')}。`
          : `没有「${name}」这个命令，可用的命令有 ${COMMANDS.map((c) => c.name).join('、')}。`,
      );
    const { values, positionals } = parseCommandLine(command, rest);
    await command.run(values, io, positionals);
    return 0;
  } catch (error) {
    const { message, code } = explain(error);
    io.stderr(`${message}\n`);
    return code;
  }
}

/** One sentence for staff and the exit code, for anything a command threw. */
function explain(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError)
    return {
      message: `${error.message.replace(/。$/, '')}（用法见 npm run cli -- help）。`,
      code: 1,
    };
  if (error instanceof FileError) return { message: error.message, code: 1 };
  // A key or client file read without FileError (doctor, provision's sign-in) surfaces here.
  const path = (error as NodeJS.ErrnoException | undefined)?.path;
  if (typeof path === 'string') {
    const fileError = FileError.of(error, 'read', path);
    if (fileError instanceof FileError) return { message: fileError.message, code: 1 };
  }
  if (error instanceof WorkerRefusal || error instanceof SignInError)
    return { message: error.message, code: 3 };
  if (error instanceof ChecksFailed) return { message: error.message, code: 4 };
  const failure = describeFailure(error);
  if (failure.code === 'INTERNAL') return { message: failure.message, code: 70 };
  return { message: failure.message, code: error instanceof SyncError ? 2 : 3 };
}
