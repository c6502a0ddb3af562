import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SAMPLE_AS_OF,
  SAMPLE_SYNC_DATES,
  sampleWorkbook,
} from '../../sheets-template/sample-committee';
import type { Review } from '../domain/compose-review';
import { cliCommand } from './cli-command';
import { libreOffice } from './libre-office';
import { syncLocalWorkbook, writeTemplateWorkbook } from './local-workbook';
import { SAMPLE_TITLE } from './template-command';
import { UsageError } from './usage-error';

/** The tabs shown in the README, by the file each is saved as. */
const SHOTS: Array<[tab: string, file: string]> = [
  ['覆盖总览', 'overview.png'],
  ['覆盖缺口', 'coverage-gaps.png'],
  ['责任缺口', 'responsibility-gaps.png'],
  ['缺口台账', 'gap-ledger.png'],
  ['责任落实', 'accounts.png'],
  ['评估报告', 'review.png'],
];
const DPI = 110;
/** The first page of the review as a Word document, for docs/review.md. */
const DOCX_PAGE = join('docs', 'review-docx-page1.png');
const DOCX_DPI = 80;

/**
 * `screenshots`: the demo workbook's output tabs as LibreOffice prints them, one PNG per tab
 * (its first page), for the README, and the first page of its review as a Word document for
 * docs/review.md. The workbook is synced as the demo does; the sync time is fixed, so the images
 * change only when the output does.
 */
export const screenshotsCommand = cliCommand({
  name: 'screenshots',
  help: `screenshots [--out DIR]
        用 LibreOffice 把示例工作簿的「覆盖总览」「覆盖缺口」「责任缺口」「缺口台账」「责任落实」「评估报告」
        打印成 PNG（默认 docs/screenshots），并把评估报告 Word 文档的第一页存为 ${DOCX_PAGE}，
        供 README 和文档使用（同 npm run screenshots；需要 LibreOffice 和 poppler-utils）。`,
  options: { out: { type: 'string' } },
  async run(values, io) {
    if (!libreOffice.available())
      throw new UsageError(
        '需要 LibreOffice（soffice）和 poppler-utils（pdfinfo、pdftotext、pdftoppm），例如 apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils。',
      );
    const out = values.out ?? join('docs', 'screenshots');
    const work = await mkdtemp(join(tmpdir(), 'dual-coverage-shots-'));
    try {
      const workbook = join(work, 'sample-committee.xlsx');
      await writeTemplateWorkbook(workbook, SAMPLE_TITLE, sampleWorkbook());
      const now = () => Date.parse(`${SAMPLE_AS_OF}T01:30:00Z`);
      let review: Review | undefined;
      for (const asOf of SAMPLE_SYNC_DATES)
        await syncLocalWorkbook(workbook, {
          asOf,
          now,
          onReview: (written) => {
            review = written;
          },
        });
      const pdf = await libreOffice.convert(workbook, 'pdf', work);
      const pages = await libreOffice.pages(pdf);
      await mkdir(out, { recursive: true });
      for (const [tab, file] of SHOTS) {
        const page = pages.find((p) =>
          p.text
            .split('\n')
            .slice(0, 3)
            .some((line) => line.split(/\s{2,}/).includes(tab)),
        );
        if (!page) throw new Error(`LibreOffice printed no page for ${tab}`);
        const png = await libreOffice.renderPage(pdf, page, DPI, join(work, 'page'));
        await rename(png, join(out, file));
        io.stdout(`${join(out, file)}：「${tab}」第 ${page.number} 页\n`);
      }
      if (!review) throw new Error('the sync gave no review');
      const docx = join(work, '评估报告.docx');
      // docx (a large library) loads only when a review document is written.
      const { writeReviewDocx } = await import('./write-review-docx');
      await writeReviewDocx(review, docx);
      const docxPdf = await libreOffice.convert(docx, 'pdf', work);
      const [first] = await libreOffice.pages(docxPdf);
      if (!first) throw new Error('LibreOffice printed no page of the review');
      // The whole page, its page number included: the document's layout is the point.
      const whole = { ...first, contentBottom: first.height - 24 };
      await rename(
        await libreOffice.renderPage(docxPdf, whole, DOCX_DPI, join(work, 'docx')),
        DOCX_PAGE,
      );
      io.stdout(`${DOCX_PAGE}：评估报告 Word 文档第 1 页\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
});
