import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { libreOffice, type PdfPage } from '../../src/cli/libre-office';
import { syncLocalWorkbook, writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { INPUT_TABS, OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { cellTexts } from '../stand-in/xlsx-other-writers';
import { XlsxPackage } from '../support/xlsx-package';

// The workbook as staff meet it in LibreOffice Calc: opened, saved again, synced again, and
// printed. Needs LibreOffice and poppler (Debian: libreoffice-calc-nogui, poppler-utils);
// .ci/run installs them. Without them this suite is skipped, and says so.
const available = libreOffice.available();
// Under CI a missing LibreOffice is a failure: .ci/run installs it, so its absence is a bug.
if (!available && process.env.CI)
  throw new Error('LibreOffice is missing under CI: .ci/run should have installed it.');
if (!available)
  console.warn(
    'SKIPPED: the LibreOffice suite (tests/cli/libreoffice.test.ts) needs soffice, pdfinfo, pdftotext and pdftoppm, which are not installed here (apt-get install libreoffice-calc-nogui poppler-utils).',
  );

const INPUT_NAMES = INPUT_TABS.map((t) => t.name);
/** The headers that open and close each table tab: both print on every page one page wide. */
const EDGE_HEADERS: Record<string, [string, string]> = {
  覆盖缺口: ['委员编号', '联系谈心次数'],
  责任缺口: ['类型', '说明'],
  数据问题: ['表', '如何修改'],
  历史: ['日期', '数据问题数'],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-lo-'));
});

/** Opens and saves a file in LibreOffice, as a clerk would (no edits); the saved copy's path. */
async function resaveInLibreOffice(path: string): Promise<string> {
  const out = join(dir, `resaved-${Math.random().toString(36).slice(2)}`);
  await mkdir(out);
  return libreOffice.convert(path, 'xlsx', out);
}

/** The pages whose page header names the tab. */
function pagesOf(pages: PdfPage[], tab: string): PdfPage[] {
  return pages.filter((page) =>
    page.text
      .split('\n')
      .slice(0, 3)
      .some((line) => line.split(/\s{2,}/).includes(tab)),
  );
}

describe.skipIf(!available)(
  'LibreOffice (soffice): the workbook opened, saved again, printed',
  () => {
    it('keeps a dropdown on every validated column of the template', async () => {
      const xlsx = join(dir, 'template.xlsx');
      await writeTemplateWorkbook(xlsx, '模板');
      const content = await readFile(await libreOffice.convert(xlsx, 'fods', dir), 'utf8');
      const lists = [
        ...content.matchAll(
          /<table:content-validation table:name="(val\d+)" table:condition="of:cell-content-is-in-list\(([^"]*)\)"[^>]*table:display-list="unsorted"/g,
        ),
      ];
      const usedIn = (tab: string) => {
        const start = content.indexOf(`<table:table table:name="${tab}"`);
        const body = content.slice(start, content.indexOf('</table:table>', start));
        return new Set(
          [...body.matchAll(/table:content-validation-name="(val\d+)"/g)].map((m) => m[1]),
        );
      };
      const dropdownsIn = (tab: string) =>
        lists.filter(([, name]) => usedIn(tab).has(name)).map(([, , list]) => list);
      expect(dropdownsIn('委员').some((list) => list?.includes('中共党员'))).toBe(true);
      expect(dropdownsIn('委员').some((list) => list?.includes('$履职小组'))).toBe(true);
      expect(dropdownsIn('活动记录').some((list) => list?.includes('联系谈心'))).toBe(true);
      expect(dropdownsIn('分党组').some((list) => list?.includes('副书记'))).toBe(true);
      expect(dropdownsIn('设置').some((list) => list?.includes('季度'))).toBe(true);
    }, 300_000);

    it('syncs the blank template after LibreOffice saved it, untouched', async () => {
      const blank = join(dir, 'blank.xlsx');
      await writeTemplateWorkbook(blank, '两个全覆盖');
      const resaved = await resaveInLibreOffice(blank);
      const summary = await syncLocalWorkbook(resaved, { asOf: '2026-06-20' });
      expect(summary.rates.work).toEqual({ covered: 0, total: 0 });
      const overview = await (await XlsxPackage.open(await readFile(resaved))).cells('覆盖总览');
      expect(overview.get('B3')?.text).toBe('2026-06-20');
    }, 300_000);

    it('syncs a synced workbook LibreOffice saved again: recognised, inputs untouched, outputs rewritten', async () => {
      const path = join(dir, 'sample.xlsx');
      await writeTemplateWorkbook(path, '示例', sampleWorkbook());
      await syncLocalWorkbook(path, { asOf: '2026-03-31' });
      const resaved = await resaveInLibreOffice(path);
      const before = await readFile(resaved);
      // LibreOffice really did rewrite it: its own markup, the metadata tab merely hidden.
      const lo = await XlsxPackage.open(before);
      expect(await lo.text('xl/workbook.xml')).toContain('appName="Calc"');
      expect((await lo.sheets()).find((s) => s.name === '_dual_coverage_meta')?.state).toBe(
        'hidden',
      );

      const summary = await syncLocalWorkbook(resaved, { asOf: '2026-06-20' });
      const after = await readFile(resaved);
      expect(await cellTexts(after, INPUT_NAMES)).toEqual(await cellTexts(before, INPUT_NAMES));
      const xlsx = await XlsxPackage.open(after);
      const history = await xlsx.cells('历史');
      expect([history.get('A2')?.text, history.get('A3')?.text]).toEqual([
        '2026-03-31',
        '2026-06-20',
      ]);
      expect((await xlsx.cells('覆盖总览')).get('B3')?.text).toBe('2026-06-20');
      const gaps = await xlsx.cells('覆盖缺口');
      expect(gaps.size).toBeGreaterThan(summary.coverageGaps.length * 5);
    }, 600_000);

    it('prints every output tab one page wide on A4, headed by its name, header rows repeated', async () => {
      const path = join(dir, 'print.xlsx');
      await writeTemplateWorkbook(path, '示例', sampleWorkbook());
      await syncLocalWorkbook(path, { asOf: '2026-03-31' });
      await syncLocalWorkbook(path, { asOf: '2026-06-20' });
      const pages = await libreOffice.pages(await libreOffice.convert(path, 'pdf', dir));
      for (const tab of OUTPUT_TAB_NAMES) {
        const printed = pagesOf(pages, tab);
        expect(printed.length, `${tab}: pages`).toBeGreaterThan(0);
        for (const page of printed) {
          const where = `${tab}, page ${page.number}`;
          // A4, either way round (595 × 842 pt).
          expect([Math.round(page.width), Math.round(page.height)].sort(), where).toEqual([
            595, 842,
          ]);
          if (tab === '覆盖总览') {
            // The title row repeats; a page cut off to the right of column A would lack it.
            expect(page.text, where).toContain('「两个全覆盖」覆盖总览');
            expect(page.text, where).toMatch(/截至 2026-06-20/);
          } else {
            const [first, last] = EDGE_HEADERS[tab] ?? ['', ''];
            expect(page.text, where).toContain(first);
            expect(page.text, where).toContain(last);
          }
        }
      }
      expect(pagesOf(pages, '覆盖缺口')[0]?.width).toBeGreaterThan(
        pagesOf(pages, '覆盖缺口')[0]?.height ?? 0,
      );
    }, 600_000);
  },
);
