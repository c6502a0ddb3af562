import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_SYNC_DATES, sampleWorkbook } from '../../sheets-template/sample-committee';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { runCli } from '../../src/cli/run-cli';

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
    // The sample committee synced at three dates across two quarters, as the demo does, the
    // document written by `npm run cli -- report` at the last.
    const dir = await mkdtemp(join(tmpdir(), 'dual-coverage-docx-'));
    const workbook = join(dir, 'sample.xlsx');
    await writeTemplateWorkbook(workbook, '示例', sampleWorkbook());
    const docx = join(dir, '评估报告.docx');
    const io = { stdout: () => undefined, stderr: () => undefined, env: {} };
    for (const asOf of SAMPLE_SYNC_DATES.slice(0, -1))
      expect(await runCli(['sync', '--workbook', workbook, '--as-of', asOf], io)).toBe(0);
    let json = '';
    const last = SAMPLE_SYNC_DATES.at(-1) as string;
    const argv = ['report', '--workbook', workbook, '--as-of', last, '--out', docx, '--json'];
    expect(await runCli(argv, { ...io, stdout: (text) => (json += text) })).toBe(0);
    const summary = JSON.parse(json);

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
    for (const heading of [
      '一、基本情况',
      '二、“两个全覆盖”落实情况',
      '三、责任落实情况',
      '四、存在的问题',
      '五、下一步工作建议',
    ])
      expect(text).toContain(heading);
    const { org, work, contact } = summary.rates;
    expect([org, work, contact]).toEqual([
      { covered: 16, total: 19 },
      { covered: 46, total: 52 },
      { covered: 25, total: 33 },
    ]);
    for (const rate of ['84.2%（16/19）', '88.5%（46/52）', '75.8%（25/33）'])
      expect(text).toContain(rate);
    // The previous quarter's close, with the counts 历史 now keeps.
    expect(text).toContain('69.7%（23/33）');
    expect(text).toContain('联系落实率上升6.1个百分点');
    expect(text).toMatch(/—1—.*—2—/);
  }, 180_000);
});
