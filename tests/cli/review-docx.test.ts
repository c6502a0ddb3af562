import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { writeReviewDocx } from '../../src/cli/write-review-docx';
import { type ReviewedSync, syncSequence } from '../support/review-sequence';

// LibreOffice and poppler (pdftotext, pdfinfo) are what .ci/run installs where they are
// missing. Elsewhere the test is skipped with a reason; under CI their absence is a failure.
const tools = ['soffice', 'pdftotext', 'pdfinfo'].every(
  (tool) => spawnSync(tool, [tool === 'soffice' ? '--version' : '-v']).error === undefined,
);
const MISSING =
  'LibreOffice or poppler is not installed: apt-get install libreoffice-writer-nogui poppler-utils';

describe('the review as a Word document', () => {
  it('opens in LibreOffice as A4 pages holding the title, the five headings, the rates and page numbers', async (context) => {
    if (!tools) {
      if (process.env.CI) throw new Error(MISSING);
      context.skip(MISSING);
    }
    // The sample committee synced at three dates across two quarters, as the demo does.
    const runs = syncSequence(sampleWorkbook(), ['2026-03-20', '2026-03-31', '2026-06-20']);
    const { review, analysis } = runs[2] as ReviewedSync;
    const dir = await mkdtemp(join(tmpdir(), 'dual-coverage-docx-'));
    const docx = join(dir, '评估报告.docx');
    await writeReviewDocx(review.review, docx);

    // Its own profile, so runs beside another LibreOffice on the machine do not collide.
    const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
    execFileSync('soffice', [profile, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
      timeout: 120_000,
      stdio: 'pipe',
    });
    const pdf = join(dir, '评估报告.pdf');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:.*\(A4\)/);
    // pdftotext puts spaces between Chinese and digits and breaks lines: compare without them.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('农业和农村委员会“两个全覆盖”工作评估报告');
    for (const section of review.review.sections) expect(text).toContain(section.heading);
    const { org, work, contact } = analysis.coverage.rates;
    expect([org, work, contact]).toEqual([
      { covered: 16, total: 19 },
      { covered: 46, total: 52 },
      { covered: 25, total: 33 },
    ]);
    for (const rate of ['84.2%（16/19）', '88.5%（46/52）', '75.8%（25/33）'])
      expect(text).toContain(rate);
    expect(text).toContain('联系落实率上升6.1个百分点');
    expect(text).toMatch(/—1—.*—2—/);
  }, 180_000);
});
