import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SAMPLE_SYNC_DATES, sampleWorkbook } from '../../sheets-template/sample-committee';
import type { Review } from '../domain/compose-review';
import type { SyncSummary } from '../sync/run-sync';
import { cliCommand } from './cli-command';
import { FileError } from './file-error';
import { syncLocalWorkbook, writeTemplateWorkbook } from './local-workbook';
import { printHeadline } from './print-headline';
import { SAMPLE_TITLE } from './template-command';

/** Where `npm run demo` leaves its workbook; the Word review goes beside it. */
export const DEMO_PATH = 'demo-output/sample-committee.xlsx';
const REVIEW_NAME = '评估报告.docx';

/** Why each of the demo's syncs is there, by as-of date. */
const WHY: Record<(typeof SAMPLE_SYNC_DATES)[number], string> = {
  '2026-03-31': '上季度末：为「历史」留下上期末记录，「缺口台账」开始记录',
  '2026-05-31': '本季度中途：台账记下新发现的缺口',
  '2026-06-20': '示例数据的截止日：六月补上的联系谈心使部分缺口解决',
};

/**
 * `demo`: the sample workbook, synced at three dates across two quarters as a committee's
 * office would (SAMPLE_SYNC_DATES), then the review written as a Word document beside it.
 */
export const demoCommand = cliCommand({
  name: 'demo',
  help: `demo [--out FILE.xlsx]
        生成示例工作簿，按三个日期（跨两个季度）同步，留下可打开查看的 .xlsx（默认 ${DEMO_PATH}），
        并在同一文件夹写出评估报告的 Word 文档 ${REVIEW_NAME}。`,
  options: { out: { type: 'string' } },
  async run(values, io) {
    const out = values.out ?? DEMO_PATH;
    const docx = join(dirname(out), REVIEW_NAME);
    // The demo makes its folder (demo-output/ on a fresh clone); sync and template do not,
    // so a mistyped folder there is reported rather than created.
    await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
      throw FileError.of(error, 'write', out);
    });
    io.stdout(`1. 生成示例专委会工作簿：${out}\n`);
    await writeTemplateWorkbook(out, SAMPLE_TITLE, sampleWorkbook());
    let summary: SyncSummary | undefined;
    let review: Review | undefined;
    for (const [i, asOf] of SAMPLE_SYNC_DATES.entries()) {
      io.stdout(`${i + 2}. 同步，截至 ${asOf}（${WHY[asOf]}）\n`);
      summary = await syncLocalWorkbook(out, {
        asOf,
        onReview: (written) => {
          review = written;
        },
      });
    }
    if (!summary || !review) throw new Error('the demo synced nothing');
    io.stdout(`${SAMPLE_SYNC_DATES.length + 2}. 写出评估报告：${docx}\n\n`);
    // docx (a large library) loads only when a review document is written.
    const { writeReviewDocx } = await import('./write-review-docx');
    await writeReviewDocx(review, docx);
    io.stdout(`${printHeadline(summary, out)}\n\n`);
    io.stdout(
      `用 Excel、WPS 或 LibreOffice 打开 ${out}，查看「覆盖总览」「覆盖缺口」「责任缺口」「数据问题」「历史」\n` +
        `「缺口台账」「责任落实」「评估报告」八张表；评估报告的 Word 版 ${docx} 可用 Word 或 WPS 打开，供分党组会议使用。\n`,
    );
  },
});
