import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PRINT_SETUP_KEY, type PrintSetup } from '../../src/sheets/print-setup';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { XlsxWorkbookFile } from '../../src/stand-in/xlsx-workbook-file';
import { XlsxPackage } from '../support/xlsx-package';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';

/** A small staff workbook, as a committee office would keep it in Excel or LibreOffice. */
async function staffWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const members = workbook.addWorksheet('委员');
  members.addRow(['委员编号', '姓名', '政治面貌', '入职日期', '字数', '主页', '引用']);
  members.addRow([
    'NY-001',
    { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
    '中共党员',
    new Date(Date.UTC(2026, 4, 12)),
    { formula: 'LEN(B2)', result: 2 },
    { text: '个人主页', hyperlink: 'https://example.org/zhang' },
    { error: '#REF!' },
  ]);
  members.getCell('D2').numFmt = 'yyyy-mm-dd';
  members.getCell('A1').font = { bold: true, color: { argb: 'FF1F4E79' } };
  members.getCell('A1').note = '唯一编号';
  members.getCell('A1').border = { bottom: { style: 'thin' } };
  for (const address of ['C2', 'C3', 'C4']) {
    members.getCell(address).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"中共党员,群众,无党派人士"'],
    };
  }
  members.getColumn(2).width = 20;
  members.views = [{ state: 'frozen', ySplit: 1 }];
  workbook.addWorksheet('设置').addRow(['项目', '值']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function reopen(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

async function served(bytes: Uint8Array) {
  const file = await XlsxWorkbookFile.load(bytes, { spreadsheetId: 'local' });
  const standIn = new SheetsStandIn();
  standIn.put(file.spreadsheet);
  return { file, standIn, api: sheetsApiCalls(standIn, 'local') };
}

describe('loading an .xlsx workbook', () => {
  it('serves typed values: dates as serials with a DATE format, formulas with their cached result, errors, links as text', async () => {
    const { api } = await served(await staffWorkbook());
    const { body } = await api.get(
      'fields=sheets.data.rowData.values(userEnteredValue,effectiveValue,userEnteredFormat.numberFormat)&ranges=委员!A2:G2',
    );
    const [, name, , date, formula, link, error] = body.sheets[0].data[0].rowData[0].values;
    expect(name.userEnteredValue).toEqual({ stringValue: '张三' });
    expect(date).toEqual({
      userEnteredValue: { numberValue: 46154 },
      effectiveValue: { numberValue: 46154 },
      userEnteredFormat: { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } },
    });
    expect(formula).toEqual({
      userEnteredValue: { formulaValue: '=LEN(B2)' },
      effectiveValue: { numberValue: 2 },
    });
    expect(link.effectiveValue).toEqual({ stringValue: '个人主页' });
    expect(error.effectiveValue.errorValue.type).toBe('REF');
    const values = await api.batchGet('ranges=委员!D2:G2');
    expect(values.body.valueRanges[0].values).toEqual([['2026-05-12', '2', '个人主页', '#REF!']]);
  });

  it('serves validation as ONE_OF_LIST, notes, bold, frozen rows and column widths', async () => {
    const { api } = await served(await staffWorkbook());
    const { body } = await api.get(
      'fields=sheets(properties.gridProperties,data(rowData.values(note,userEnteredFormat.textFormat,dataValidation.condition),columnMetadata.pixelSize))&ranges=委员!A1:C3',
    );
    const sheet = body.sheets[0];
    expect(sheet.properties.gridProperties).toEqual({
      rowCount: 1000,
      columnCount: 26,
      frozenRowCount: 1,
    });
    const [header, , third] = sheet.data[0].rowData;
    expect(header.values[0]).toEqual({
      note: '唯一编号',
      userEnteredFormat: {
        textFormat: {
          bold: true,
          foregroundColor: { red: 0x1f / 255, green: 0x4e / 255, blue: 0x79 / 255 },
        },
      },
    });
    expect(third.values[2].dataValidation.condition).toEqual({
      type: 'ONE_OF_LIST',
      values: [
        { userEnteredValue: '中共党员' },
        { userEnteredValue: '群众' },
        { userEnteredValue: '无党派人士' },
      ],
    });
    expect(sheet.data[0].columnMetadata).toEqual([
      { pixelSize: 100 },
      { pixelSize: 145 },
      { pixelSize: 100 },
    ]);
  });
});

describe('saving keeps what staff entered and our state (round trip)', () => {
  async function roundTrip() {
    const { file, standIn, api } = await served(await staffWorkbook());
    const written = await api.batchUpdate({
      requests: [
        {
          addSheet: {
            properties: {
              sheetId: 5,
              title: '覆盖总览',
              gridProperties: { rowCount: 20, columnCount: 4, frozenRowCount: 1 },
              tabColorStyle: { rgbColor: { green: 1 } },
            },
          },
        },
        {
          updateCells: {
            start: { sheetId: 5 },
            rows: [
              {
                values: [
                  {
                    userEnteredValue: { stringValue: '组织覆盖率' },
                    userEnteredFormat: {
                      textFormat: { bold: true },
                      backgroundColor: { red: 1, green: 1 },
                    },
                    note: '自动生成',
                  },
                  {
                    userEnteredValue: { numberValue: 0.875 },
                    userEnteredFormat: { numberFormat: { type: 'PERCENT', pattern: '0.0%' } },
                  },
                ],
              },
            ],
            fields: 'userEnteredValue,userEnteredFormat,note',
          },
        },
        {
          setDataValidation: {
            range: {
              sheetId: 5,
              startRowIndex: 1,
              endRowIndex: 3,
              startColumnIndex: 2,
              endColumnIndex: 3,
            },
            rule: {
              condition: {
                type: 'ONE_OF_LIST',
                values: [{ userEnteredValue: '是' }, { userEnteredValue: '否' }],
              },
              strict: true,
            },
          },
        },
        {
          updateDimensionProperties: {
            range: { sheetId: 5, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
            properties: { pixelSize: 180 },
            fields: 'pixelSize',
          },
        },
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataId: 4242,
              metadataKey: 'dual-coverage.output',
              metadataValue: '覆盖总览',
              visibility: 'DOCUMENT',
              location: { sheetId: 5 },
            },
          },
        },
      ],
    });
    expect(written.status).toBe(200);
    const bytes = await file.save(standIn.get('local'));
    return { bytes, sheetIds: standIn.snapshot('local').sheets.map((sheet) => sheet.sheetId) };
  }

  it('leaves an untouched staff tab exactly as exceljs read it: formula, link, validation, styles', async () => {
    const { bytes } = await roundTrip();
    const members = (await reopen(bytes)).getWorksheet('委员');
    expect(members?.getCell('E2').value).toEqual({ formula: 'LEN(B2)', result: 2 });
    expect(members?.getCell('F2').value).toEqual({
      text: '个人主页',
      hyperlink: 'https://example.org/zhang',
    });
    expect(members?.getCell('B2').value).toEqual({
      richText: [{ text: '张' }, { text: '三', font: { bold: true } }],
    });
    expect(members?.getCell('C4').dataValidation).toEqual({
      type: 'list',
      allowBlank: true,
      formulae: ['"中共党员,群众,无党派人士"'],
    });
    expect(members?.getCell('A1').font).toEqual({ bold: true, color: { argb: 'FF1F4E79' } });
    expect(members?.getCell('A1').border).toEqual({ bottom: { style: 'thin' } });
    expect(members?.getCell('A1').note).toBe('唯一编号');
  });

  it('writes a tab created through the API so a spreadsheet app shows it', async () => {
    const { bytes } = await roundTrip();
    const summary = (await reopen(bytes)).getWorksheet('覆盖总览');
    expect(summary?.getCell('A1').value).toBe('组织覆盖率');
    expect(summary?.getCell('A1').font?.bold).toBe(true);
    expect(summary?.getCell('A1').fill).toEqual({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFFFFF00' },
    });
    expect(summary?.getCell('A1').note).toBe('自动生成');
    expect(summary?.getCell('B1').value).toBe(0.875);
    expect(summary?.getCell('B1').numFmt).toBe('0.0%');
    expect(summary?.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"是,否"'],
      showErrorMessage: true,
    });
    expect(summary?.getColumn(1).width).toBe(25);
    expect(summary?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary?.properties.tabColor).toEqual({ argb: 'FF00FF00' });
  });

  it('keeps sheet ids and developer metadata in a veryHidden tab the API never shows', async () => {
    const { bytes, sheetIds } = await roundTrip();
    const workbook = await reopen(bytes);
    expect(workbook.worksheets.map((worksheet) => [worksheet.name, worksheet.state])).toEqual([
      ['委员', 'visible'],
      ['设置', 'visible'],
      ['覆盖总览', 'visible'],
      ['_dual_coverage_meta', 'veryHidden'],
    ]);
    const again = await served(bytes);
    expect(again.standIn.snapshot('local').sheets.map((sheet) => sheet.sheetId)).toEqual(sheetIds);
    const search = await again.api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { metadataKey: 'dual-coverage.output' } }],
    });
    expect(search.body.matchedDeveloperMetadata[0].developerMetadata).toEqual({
      metadataId: 4242,
      metadataKey: 'dual-coverage.output',
      metadataValue: '覆盖总览',
      location: { locationType: 'SHEET', sheetId: 5 },
      visibility: 'DOCUMENT',
    });
    const titles = await again.api.get('fields=sheets.properties.title');
    expect(
      titles.body.sheets.map((sheet: { properties: { title: string } }) => sheet.properties.title),
    ).toEqual(['委员', '设置', '覆盖总览']);
  });

  it('removes deleted tabs, renames renamed ones, and rewrites only the changed cells of a staff tab', async () => {
    const { file, standIn, api } = await served(await staffWorkbook());
    const settingsId = standIn.snapshot('local').sheets[1]?.sheetId;
    await api.batchUpdate({
      requests: [
        { deleteSheet: { sheetId: settingsId } },
        {
          updateSheetProperties: { properties: { sheetId: 0, title: '委员名单' }, fields: 'title' },
        },
      ],
    });
    await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: "'委员名单'!A3", values: [['NY-002', '李四']] }],
    });
    const workbook = await reopen(await file.save(standIn.get('local')));
    expect(workbook.worksheets.map((worksheet) => worksheet.name)).toEqual([
      '委员名单',
      '_dual_coverage_meta',
    ]);
    const members = workbook.getWorksheet('委员名单');
    expect(members?.getCell('B3').value).toBe('李四');
    expect(members?.getCell('E2').value).toEqual({ formula: 'LEN(B2)', result: 2 });
    expect(members?.getCell('A1').border).toEqual({ bottom: { style: 'thin' } });
  });
});

describe('saving a tab the API shrank', () => {
  it('drops the rows past the new grid, so they do not come back on the next load', async () => {
    const { file, standIn, api } = await served(await staffWorkbook());
    const settingsId = standIn.snapshot('local').sheets[1]?.sheetId;
    const written = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: "'设置'!A1", values: [['行1'], ['行2'], ['行3'], ['行4']] }],
    });
    expect(written.status).toBe(200);
    const reloaded = await served(await file.save(standIn.get('local')));
    expect(reloaded.standIn.snapshot('local').sheets[1]?.rows).toHaveLength(4);
    const shrink = await reloaded.api.batchUpdate({
      requests: [
        {
          updateSheetProperties: {
            properties: { sheetId: settingsId, gridProperties: { rowCount: 2, columnCount: 26 } },
            fields: 'gridProperties(rowCount,columnCount)',
          },
        },
      ],
    });
    expect(shrink.status).toBe(200);
    const again = await served(await reloaded.file.save(reloaded.standIn.get('local')));
    expect(again.standIn.snapshot('local').sheets[1]?.rows).toEqual([['行1', '值'], ['行2']]);
  });
});

describe('saving what the Sheets API cannot express', () => {
  it('gives a tab with print-setup metadata that page setup; a tab without keeps its own', async () => {
    const { file, standIn, api } = await served(await staffWorkbook());
    const [members, settings] = standIn.snapshot('local').sheets;
    const setup: PrintSetup = {
      landscape: true,
      repeatRows: 1,
      header: ['R&D 专委会', '委员', '截至 2026-06-20'],
      footer: '第 {page} 页，共 {pages} 页',
    };
    const created = await api.batchUpdate({
      requests: [
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataKey: PRINT_SETUP_KEY,
              metadataValue: JSON.stringify(setup),
              location: { sheetId: members?.sheetId },
              visibility: 'DOCUMENT',
            },
          },
        },
        {
          updateCells: {
            start: { sheetId: settings?.sheetId, rowIndex: 5, columnIndex: 0 },
            rows: [{ values: [{ userEnteredValue: { stringValue: '改动' } }] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    expect(created.status).toBe(200);
    const xlsx = await XlsxPackage.open(await file.save(standIn.get('local')));
    const printed = await xlsx.sheetXml('委员');
    expect(printed).toMatch(/<pageSetUpPr [^>]*fitToPage="1"/);
    expect(printed).toMatch(
      /<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/,
    );
    expect(printed).toContain(
      '<oddHeader>&amp;LR&amp;&amp;D 专委会&amp;C委员&amp;R截至 2026-06-20</oddHeader>',
    );
    expect(printed).toContain('<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>');
    expect((await xlsx.definedNames()).map((n) => n.text)).toEqual(["'委员'!$1:$1"]);
    const untouched = await xlsx.sheetXml('设置');
    expect(untouched).not.toMatch(/fitToPage|oddHeader/);
  });

  it('saves a formula written through the API without a result, which it serves as Loading...', async () => {
    const { file, standIn, api } = await served(await staffWorkbook());
    await api.valuesBatchUpdate({
      valueInputOption: 'USER_ENTERED',
      data: [{ range: '委员!H2', values: [['=LEN(B2)*2']] }],
    });
    const values = await api.batchGet(
      `${rangesQuery('委员!H2')}&valueRenderOption=UNFORMATTED_VALUE`,
    );
    expect(values.body.valueRanges[0].values).toEqual([['Loading...']]);
    const cells = await (await XlsxPackage.open(await file.save(standIn.get('local')))).cells(
      '委员',
    );
    expect(cells.get('H2')?.formula).toBe('LEN(B2)*2');
    expect(cells.get('H2')?.xml).not.toContain('<v>');
  });
});
