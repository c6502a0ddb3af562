import { deriveSheetKey } from '../worker/request-signature';
import { cliCommand } from './cli-command';
import { spreadsheetId } from './spreadsheet-id';
import { UsageError } from './usage-error';

/** `key`: a sheet's sync key, derived from the Worker's signing secret. */
export const keyCommand = cliCommand({
  name: 'key',
  help: `key --spreadsheet ID [--generation N]
        打印这份表格的同步密钥（管理员用；从环境变量 SYNC_SIGNING_SECRET 读取 Worker 密钥；
        密钥被停用过的表格加 --generation，或用 admin key）。`,
  options: { spreadsheet: { type: 'string' }, generation: { type: 'string' } },
  async run(values, io) {
    const id = spreadsheetId(values.spreadsheet);
    const secret = io.env.SYNC_SIGNING_SECRET;
    if (!secret) throw new UsageError('需要环境变量 SYNC_SIGNING_SECRET（Worker 的签名密钥）。');
    io.stdout(`${await deriveSheetKey(secret, id, generationOf(values.generation))}\n`);
  },
});

/** The key generation asked for with --generation (1 unless a sheet's key was revoked). */
export function generationOf(value: string | undefined): number {
  const generation = Number(value ?? '1');
  if (!Number.isSafeInteger(generation) || generation < 1)
    throw new UsageError('--generation 须是正整数（密钥代数，见 admin status）。');
  return generation;
}
