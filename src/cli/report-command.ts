import { access, constants } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Review } from '../domain/compose-review';
import { cliCommand } from './cli-command';
import { FileError } from './file-error';
import { printHeadline } from './print-headline';
import { SYNC_TARGET_OPTIONS, syncTarget } from './sync-target';
import { UsageError } from './usage-error';

/** The document's name when `--out` is not given. */
const DEFAULT_NAME = '评估报告.docx';

/**
 * `report`: syncs (exactly as `sync` does, the workbook written back), then writes the review
 * the sync wrote to 评估报告 as a Word document. It syncs rather than only reads so the
 * document is the tab staff see, and the 缺口台账 it reports on is the one the workbook keeps.
 */
export const reportCommand = cliCommand({
  name: 'report',
  help: `report --workbook FILE.xlsx [--as-of YYYY-MM-DD] [--out 评估报告.docx] [--json]
  report --spreadsheet ID --credentials KEY.json [--as-of YYYY-MM-DD] [--out 评估报告.docx] [--json]
        先同步（与 sync 相同：更新各输出表，包括「缺口台账」），再把同步写入「评估报告」表的
        评估报告另存为 Word 文档（默认：工作簿所在文件夹，或当前文件夹的 ${DEFAULT_NAME}）。`,
  options: SYNC_TARGET_OPTIONS,
  async run(values, io) {
    const out =
      values.out ??
      (values.workbook === undefined ? DEFAULT_NAME : join(dirname(values.workbook), DEFAULT_NAME));
    if (!/\.docx$/i.test(out))
      throw new UsageError(`--out 须是 .docx 文件（Word 文档），收到「${out}」。`);
    // Checked before the sync, so a mistyped folder does not leave a sync without its document.
    await access(dirname(out), constants.W_OK).catch((error: unknown) => {
      throw FileError.of(error, 'write', out);
    });
    let review: Review | undefined;
    const { summary, target } = await syncTarget({
      command: 'report',
      workbook: values.workbook,
      spreadsheet: values.spreadsheet,
      credentials: values.credentials,
      asOf: values['as-of'],
      apiBase: values['api-base'],
      tokenUrl: values['token-url'],
      onReview: (written) => {
        review = written;
      },
    });
    if (!review) throw new Error('the sync gave no review');
    // docx (a large library) loads only when a review document is written.
    const { writeReviewDocx } = await import('./write-review-docx');
    await writeReviewDocx(review, out);
    io.stdout(
      values.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `${printHeadline(summary, target)}\n评估报告已写成 Word 文档：${out}\n`,
    );
  },
});
