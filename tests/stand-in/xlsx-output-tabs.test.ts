import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { TEMPLATE_TABS } from '../../sheets-template/template-definition';
import { syncLocalWorkbook, writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { XlsxWorkbookFile } from '../../src/stand-in/xlsx-workbook-file';
import { attr, columnIndex, elements, XlsxPackage, xmlText } from '../support/xlsx-package';

// The .xlsx a sync writes, read back as XML: what Excel, WPS and LibreOffice will find.

const GREEN = 'FFD9EAD3';
const AMBER = 'FFFFF2CC';
const RED = 'FFF4CCCC';
const HEADER_GREY = 'FFE6E6E6';
const band = (rate: number) => (rate >= 1 ? GREEN : rate >= 0.9 ? AMBER : RED);
/** The sample's 专委会名称, which heads every printed page. */
const COMMITTEE = '农业和农村委员会';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-xlsx-'));
});

/** Deletes every 活动记录 row dated after `from` (text dates), through the stand-in, in place. */
async function dropActivitiesAfter(path: string, from: string): Promise<void> {
  const file = await XlsxWorkbookFile.load(await readFile(path), { spreadsheetId: 'x' });
  const standIn = new SheetsStandIn();
  standIn.put(file.spreadsheet);
  const rows = standIn.snapshot('x').sheets.find((s) => s.title === '活动记录')?.rows ?? [];
  const sheetId = file.spreadsheet.sheets.find((s) => s.properties.title === '活动记录')?.properties
    .sheetId;
  const late = rows.flatMap((row, r) => (r > 0 && String(row[0]) > from ? [r] : []));
  const client = createSheetsClient({ fetch: standIn.fetch });
  await client.batchUpdate('x', {
    requests: late.reverse().map((r) => ({
      deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: r, endIndex: r + 1 } },
    })),
  });
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, await file.save(standIn.get('x')));
}

/** Why a filled cell may be filled; undefined when it may. */
function unexpectedFill(
  fill: string,
  cell: { text: string; numberFormat: string; bold: boolean; label: string; column: string },
  tab: string,
): string | undefined {
  if (fill === HEADER_GREY) return cell.bold ? undefined : 'grey band on a non-header cell';
  if (cell.numberFormat.includes('%')) {
    const want = band(Number(cell.text));
    return fill === want ? undefined : `rate ${cell.text} filled ${fill}, want ${want}`;
  }
  if (['覆盖缺口', '责任缺口', '数据问题'].includes(cell.label)) {
    const want = cell.text === '0' ? GREEN : RED;
    return fill === want ? undefined : `count ${cell.text} filled ${fill}, want ${want}`;
  }
  // 责任落实's open gaps of each person: green when none.
  if (tab === '责任落实' && (cell.column === 'D' || cell.column === 'E')) {
    const want = cell.text === '0' ? GREEN : RED;
    return fill === want ? undefined : `open gaps ${cell.text} filled ${fill}, want ${want}`;
  }
  if (cell.text === '超负荷') return fill === RED ? undefined : '超负荷 not red';
  if (cell.text === '正常' || /^本期/.test(cell.text) || cell.text === '没有发现数据问题。')
    return fill === GREEN ? undefined : `${cell.text} not green`;
  return `an unexpected fill ${fill} on 「${cell.text}」`;
}

async function checkOutputTabs(bytes: Uint8Array, asOf: string): Promise<void> {
  const xlsx = await XlsxPackage.open(bytes);
  const styles = await xlsx.styles();
  const sheets = await xlsx.sheets();
  const names = await xlsx.definedNames();
  for (const name of OUTPUT_TAB_NAMES) {
    const xml = await xlsx.sheetXml(name);
    const cells = await xlsx.cells(name);

    // Every column that holds a value has a width of its own.
    const used = new Set(
      [...cells]
        .filter(([, c]) => c.text !== '')
        .map(([address]) => columnIndex(address.replace(/\d+/g, ''))),
    );
    const cols = elements(xml, 'col').map((col) => ({
      min: Number(attr(col, 'min')),
      max: Number(attr(col, 'max')),
      width: Number(attr(col, 'width')),
      custom: attr(col, 'customWidth'),
    }));
    for (const column of used) {
      const col = cols.find((c) => c.min <= column + 1 && column + 1 <= c.max);
      expect(col, `${name}: column ${column + 1} has no <col>`).toBeDefined();
      expect(col?.custom, name).toBe('1');
      expect(col?.width, name).toBeGreaterThan(5);
    }

    // Every fill is this sync's: the band of its own value, or a header band.
    const labels = new Map<string, string>();
    for (const [address, cell] of cells)
      if (address.startsWith('A') && !/[A-Z]{2}/.test(address))
        labels.set(address.slice(1), cell.text);
    for (const [address, cell] of cells) {
      const style = styles[cell.style];
      if (!style?.fill) continue;
      const problem = unexpectedFill(
        style.fill,
        {
          text: cell.text,
          numberFormat: style.numberFormat,
          bold: style.bold,
          label: labels.get(address.replace(/^[A-Z]+/, '')) ?? '',
          column: address.replace(/\d+$/, ''),
        },
        name,
      );
      expect(problem, `${name}!${address} after the sync as of ${asOf}`).toBeUndefined();
    }

    // Frozen header row, and printing: A4, one page wide, header rows on every page; the
    // review prints as a document, without a header row.
    const document = name === '评估报告';
    if (document) expect(xml).not.toMatch(/<pane /);
    else expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
    expect(xml).toMatch(/<pageSetUpPr [^>]*fitToPage="1"/);
    const pageSetup = /<pageSetup [^>]*>/.exec(xml)?.[0] ?? '';
    expect(attr(pageSetup, 'paperSize'), name).toBe('9');
    expect(attr(pageSetup, 'fitToWidth'), name).toBe('1');
    expect(attr(pageSetup, 'fitToHeight'), name).toBe('0');
    expect(['landscape', 'portrait']).toContain(attr(pageSetup, 'orientation'));
    const header = /<oddHeader>([\s\S]*?)<\/oddHeader>/.exec(xml)?.[1] ?? '';
    expect(header).toContain(COMMITTEE);
    expect(header).toContain(name);
    expect(header).toContain(`截至 ${asOf}`);
    const index = String(sheets.findIndex((s) => s.name === name));
    expect(
      names.find((n) => n.name === '_xlnm.Print_Titles' && n.localSheetId === index)?.text,
    ).toBe(document ? undefined : `'${name}'!$1:$1`);
  }
  // The widest tab prints landscape; the review as a portrait document.
  expect(await xlsx.sheetXml('覆盖缺口')).toMatch(/<pageSetup [^>]*orientation="landscape"/);
  expect(await xlsx.sheetXml('评估报告')).toMatch(/<pageSetup [^>]*orientation="portrait"/);
}

describe('the output tabs of a synced .xlsx, read as XML', () => {
  it('have widths for every column, fills matching each value after every sync, frozen headers and print setup', {
    timeout: 120_000,
  }, async () => {
    const path = join(dir, 'sample.xlsx');
    await writeTemplateWorkbook(path, '示例', sampleWorkbook());
    // Figures change from sync to sync: a new quarter, then fewer activities.
    for (const asOf of ['2026-03-31', '2026-06-20']) {
      await syncLocalWorkbook(path, { asOf });
      await checkOutputTabs(await readFile(path), asOf);
    }
    const before = (await XlsxPackage.open(await readFile(path))).cells('覆盖总览');
    await dropActivitiesAfter(path, '2026-05-01');
    await syncLocalWorkbook(path, { asOf: '2026-06-21' });
    await checkOutputTabs(await readFile(path), '2026-06-21');
    const after = await (await XlsxPackage.open(await readFile(path))).cells('覆盖总览');
    // The figures did change: the rates row differs from the sync before.
    expect(after.get('B9')?.text).not.toBe((await before).get('B9')?.text);
  });
});

describe('the template, read as XML', () => {
  it('writes each column’s validation once, as one range from row 2', async () => {
    const path = join(dir, 'template.xlsx');
    await writeTemplateWorkbook(path, '模板');
    const xlsx = await XlsxPackage.open(await readFile(path));
    for (const tab of TEMPLATE_TABS) {
      const ranges = elements(await xlsx.sheetXml(tab.name), 'dataValidation').map(
        (v) => attr(v, 'sqref') ?? '',
      );
      const columns = ranges.flatMap((r) => r.split(' ')).map((r) => r.replace(/\d+/g, ''));
      expect(new Set(columns).size, `${tab.name}: ${ranges.join(' ')}`).toBe(columns.length);
      tab.columns.forEach((column, index) => {
        if (!column.validation) return;
        const letter = String.fromCharCode(65 + index);
        expect(ranges, `${tab.name} ${column.header}`).toContain(`${letter}2:${letter}1000`);
      });
    }
  });

  it('offers the canonical 政治面貌 only, leniently, and tells the clerk how to sync offline', async () => {
    const path = join(dir, 'template-2.xlsx');
    await writeTemplateWorkbook(path, '模板');
    const xlsx = await XlsxPackage.open(await readFile(path));
    const members = await xlsx.sheetXml('委员');
    const affiliation = elements(members, 'dataValidation').find((v) =>
      (attr(v, 'sqref') ?? '').startsWith('D'),
    );
    const formula = xmlText(/<formula1>([^<]*)<\/formula1>/.exec(affiliation ?? '')?.[1] ?? '');
    const list = formula.replace(/^"|"$/g, '').split(',');
    expect(list).toEqual([
      '中共党员',
      '中共预备党员',
      '民革党员',
      '民盟盟员',
      '民建会员',
      '民进会员',
      '农工党党员',
      '致公党党员',
      '九三学社社员',
      '台盟盟员',
      '无党派人士',
      '群众',
    ]);
    // Short forms typed by staff are accepted by the sync: the dropdown warns, never refuses.
    expect(attr(affiliation ?? '', 'showErrorMessage')).toBeUndefined();
    for (const name of OUTPUT_TAB_NAMES) {
      const text = (await xlsx.cells(name)).get('A1')?.text;
      expect(text, name).toContain('npm run cli -- sync --workbook');
      expect(text, name).not.toContain('菜单');
    }
  });
});
