import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { syncLocalWorkbook, writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { INPUT_TABS } from '../../src/domain/workbook-schema';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { XlsxWorkbookFile } from '../../src/stand-in/xlsx-workbook-file';
import { SyncError, type SyncSummary } from '../../src/sync/run-sync';
import { XlsxPackage } from '../support/xlsx-package';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';
import { cellTexts, otherWriters } from './xlsx-other-writers';

// A workbook this product wrote, saved again by another app, must sync again as ours: its
// output tabs recognised by their markers, its input cells untouched, its outputs rewritten.

vi.setConfig({ testTimeout: 120_000 });

const INPUT_NAMES = INPUT_TABS.map((t) => t.name);
let dir: string;
/** The sample committee, synced once as of the end of the first quarter. */
let synced: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-writers-'));
  const path = join(dir, 'base.xlsx');
  await writeTemplateWorkbook(path, '示例', sampleWorkbook());
  await syncLocalWorkbook(path, { asOf: '2026-03-31' });
  synced = await readFile(path);
}, 120_000);

let files = 0;
/** Syncs `bytes` as the CLI would, as of 2026-06-20; the summary and the file written. */
async function syncAgain(bytes: Uint8Array): Promise<{ summary: SyncSummary; bytes: Uint8Array }> {
  const path = join(dir, `file-${++files}.xlsx`);
  await writeFile(path, bytes);
  const summary = await syncLocalWorkbook(path, { asOf: '2026-06-20' });
  return { summary, bytes: await readFile(path) };
}

/** Recognised, inputs untouched, outputs rewritten for the new date, metadata tab veryHidden. */
async function expectSyncedAsOurs(resaved: Uint8Array): Promise<SyncSummary> {
  const { summary, bytes } = await syncAgain(resaved);
  expect(await cellTexts(bytes, INPUT_NAMES)).toEqual(await cellTexts(resaved, INPUT_NAMES));
  const xlsx = await XlsxPackage.open(bytes);
  const history = await xlsx.cells('历史');
  expect([history.get('A2')?.text, history.get('A3')?.text]).toEqual(['2026-03-31', '2026-06-20']);
  const overview = await xlsx.cells('覆盖总览');
  expect(overview.get('B3')?.text).toBe('2026-06-20');
  expect((await xlsx.sheets()).find((s) => s.name === '_dual_coverage_meta')?.state).toBe(
    'veryHidden',
  );
  return summary;
}

describe('a workbook saved again by another spreadsheet app syncs as ours', () => {
  it('LibreOffice: text in rich-text runs per script, the metadata tab only hidden', async () => {
    await expectSyncedAsOurs(await otherWriters.libreOffice(synced));
  });

  it('LibreOffice over a file whose metadata records still hold CJK characters', async () => {
    const older = await otherWriters.unescapedMetadata(synced);
    expect(await (await XlsxPackage.open(older)).sharedStrings()).toContainEqual(
      expect.stringContaining('"title":"覆盖总览"'),
    );
    await expectSyncedAsOurs(await otherWriters.libreOffice(older));
  });

  it('WPS and streaming writers: inline strings, no shared strings', async () => {
    const inline = await otherWriters.inlineStrings(synced);
    expect((await XlsxPackage.open(inline)).has('xl/sharedStrings.xml')).toBe(false);
    await expectSyncedAsOurs(inline);
  });

  it('Excel: partly bold text saved as rich text reads as its plain text', async () => {
    const plain = await syncAgain(synced);
    const rich = await expectSyncedAsOurs(await otherWriters.excelRichText(synced));
    const { stats: _a, ...richSummary } = rich;
    const { stats: _b, ...plainSummary } = plain.summary;
    expect(richSummary).toEqual(plainSummary);
  });

  it('a file that is not ours: a staff tab named like an output tab is still refused', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(synced as unknown as ArrayBuffer);
    const meta = workbook.getWorksheet('_dual_coverage_meta');
    if (meta) workbook.removeWorksheet(meta.id);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const error = await syncAgain(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('FOREIGN_OUTPUT_TAB');
  });
});

describe('objects other apps put in a workbook load, and survive the sync', () => {
  it('openpyxl notes (comments at xl/comments/, VML at commentsDrawing1.vml)', async () => {
    const noted = await otherWriters.openpyxlNote(synced, '委员', 'B2', '2025 年换届新任');
    const file = await XlsxWorkbookFile.load(noted, { spreadsheetId: 'x' });
    const standIn = new SheetsStandIn();
    standIn.put(file.spreadsheet);
    const { body } = await sheetsApiCalls(standIn, 'x').get(
      `fields=sheets.data.rowData.values.note&${rangesQuery('委员!B2')}`,
    );
    expect(body.sheets[0].data[0].rowData[0].values[0].note).toBe('2025 年换届新任');
    const { bytes } = await syncAgain(noted);
    const xlsx = await XlsxPackage.open(bytes);
    const comments = await Promise.all(
      xlsx
        .paths()
        .filter((p) => /comments/.test(p))
        .map((p) => xlsx.text(p)),
    );
    expect(comments.join('')).toContain('2025 年换届新任');
  });

  it('hidden tabs, defined names, merged cells, images and charts', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(synced as unknown as ArrayBuffer);
    const notes = workbook.addWorksheet('备注', { state: 'hidden' });
    notes.addRow(['2026 年工作要点']);
    notes.addRow(['由办公室维护']);
    notes.mergeCells('A1:D1');
    workbook.definedNames.add("'委员'!$A$2:$A$60", '委员名单');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const image = workbook.addImage({ buffer: png as never, extension: 'png' });
    notes.addImage(image, 'E2:F4');
    // A sheet has one drawing: the chart goes on another tab than the image.
    const withObjects = await otherWriters.chart(
      new Uint8Array(await workbook.xlsx.writeBuffer()),
      '设置',
    );
    const summary = await expectSyncedAsOurs(withObjects);
    expect(summary.rates.org.total).toBeGreaterThan(0);
    const after = new ExcelJS.Workbook();
    await after.xlsx.load((await syncAgain(withObjects)).bytes as unknown as ArrayBuffer);
    const kept = after.getWorksheet('备注');
    expect(kept?.state).toBe('hidden');
    expect(kept?.getCell('A1').isMerged && kept.getCell('D1').isMerged).toBe(true);
    expect(kept?.getImages()).toHaveLength(1);
    expect(after.definedNames.getRanges('委员名单').ranges).toEqual(["'委员'!$A$2:$A$60"]);
  });
});

describe('a formula saved without its result (openpyxl and other libraries)', () => {
  const member = async () =>
    otherWriters.formulaWithoutResult(synced, '委员', 'G8', 'VLOOKUP(B8,分党组!A:B,2,FALSE)');

  it('is served as Google serves a result it does not have: LOADING, Loading... in values', async () => {
    const file = await XlsxWorkbookFile.load(await member(), { spreadsheetId: 'x' });
    const standIn = new SheetsStandIn();
    standIn.put(file.spreadsheet);
    const api = sheetsApiCalls(standIn, 'x');
    const { body } = await api.get(
      `fields=sheets.data.rowData.values(userEnteredValue,effectiveValue)&${rangesQuery('委员!G8')}`,
    );
    expect(body.sheets[0].data[0].rowData[0].values[0]).toEqual({
      userEnteredValue: { formulaValue: '=VLOOKUP(B8,分党组!A:B,2,FALSE)' },
      effectiveValue: { errorValue: { type: 'LOADING', message: expect.any(String) } },
    });
    const values = await api.batchGet(rangesQuery('委员!G8'));
    expect(values.body.valueRanges[0].values).toEqual([['Loading...']]);
  });

  it('becomes a data issue naming the cell and the fix, never a silent blank; the formula stays', async () => {
    const { summary, bytes } = await syncAgain(await member());
    expect(summary.dataIssues).toContainEqual({
      tab: '委员',
      row: 8,
      column: '联系人',
      code: 'BAD_VALUE',
      message: '「联系人」是公式，但没有算出的结果可读，按空白处理。',
    });
    const issues = [...(await (await XlsxPackage.open(bytes)).cells('数据问题')).values()];
    expect(issues.map((c) => c.text).join('\n')).toContain('打开并保存一次');
    const members = await (await XlsxPackage.open(bytes)).cells('委员');
    expect(members.get('G8')?.formula).toBe('VLOOKUP(B8,分党组!A:B,2,FALSE)');
    expect(members.get('G8')?.xml).not.toMatch(/<v>[^<]/);
  });
});
