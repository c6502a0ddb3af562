import { describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';

function setUp(
  rows: Array<Array<string | number | null>> = [
    ['a', 'b', 'c'],
    ['d', 'e', 'f'],
    ['g', 'h', 'i'],
  ],
) {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1', rows }] });
  return { standIn, id, api: sheetsApiCalls(standIn, id) };
}

const cell = (text: string) => ({ userEnteredValue: { stringValue: text } });

describe('spreadsheets:batchUpdate is atomic and ordered (§5.1)', () => {
  it('applies nothing when the third request fails', async () => {
    const { api, standIn, id } = setUp();
    const before = standIn.snapshot(id);
    const reply = await api.batchUpdate({
      requests: [
        { addSheet: { properties: { title: '覆盖总览' } } },
        {
          updateCells: {
            start: { sheetId: 0 },
            rows: [{ values: [cell('changed')] }],
            fields: 'userEnteredValue',
          },
        },
        { deleteSheet: { sheetId: 999 } },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 400,
      message: 'Invalid requests[2].deleteSheet: No sheet with id: 999',
      status: 'INVALID_ARGUMENT',
    });
    expect(standIn.snapshot(id)).toEqual(before);
  });

  it('lets later requests use a sheetId chosen by an earlier addSheet, with replies 1:1', async () => {
    const { api, standIn, id } = setUp();
    const { status, body } = await api.batchUpdate({
      requests: [
        {
          addSheet: {
            properties: {
              sheetId: 123456,
              title: '覆盖缺口',
              gridProperties: { rowCount: 2, columnCount: 1 },
            },
          },
        },
        {
          updateCells: {
            start: { sheetId: 123456 },
            rows: [{ values: [cell('委员编号')] }],
            fields: 'userEnteredValue',
          },
        },
        {
          updateSheetProperties: {
            properties: { sheetId: 123456, gridProperties: { frozenRowCount: 1 } },
            fields: 'gridProperties.frozenRowCount',
          },
        },
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      spreadsheetId: id,
      replies: [
        {
          addSheet: {
            properties: {
              sheetId: 123456,
              title: '覆盖缺口',
              index: 1,
              sheetType: 'GRID',
              gridProperties: { rowCount: 2, columnCount: 1 },
            },
          },
        },
        {},
        {},
      ],
    });
    expect(standIn.snapshot(id).sheets[1]?.rows).toEqual([['委员编号']]);
  });

  it('refuses an empty request list', async () => {
    const { api } = setUp();
    const reply = await api.batchUpdate({ requests: [] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('Must specify at least one request.');
  });

  it('refuses an unknown request kind as an unknown JSON field, with a BadRequest detail', async () => {
    const { api } = setUp();
    const reply = await api.batchUpdate({ requests: [{ frobnicate: {} }] });
    const message = `Invalid JSON payload received. Unknown name "frobnicate" at 'requests[0]': Cannot find field.`;
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 400,
      message,
      status: 'INVALID_ARGUMENT',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'requests[0]', description: message }],
        },
      ],
    });
  });
});

describe('sheet requests (§5.3)', () => {
  it('gives an added sheet a random non-negative id, the default 1000 × 26 grid, and the end index', async () => {
    const { api } = setUp();
    const { body } = await api.batchUpdate({
      requests: [{ addSheet: { properties: { title: 'New' } } }],
    });
    const properties = body.replies[0].addSheet.properties;
    expect(properties.sheetId).toBeGreaterThan(0);
    expect(properties).toMatchObject({
      index: 1,
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });
  });

  it('refuses a duplicate title and a duplicate id', async () => {
    const { api } = setUp();
    const title = await api.batchUpdate({
      requests: [{ addSheet: { properties: { title: 'Sheet1' } } }],
    });
    expect(title.body.error.message).toBe(
      'Invalid requests[0].addSheet: A sheet with the name "Sheet1" already exists. Please enter another name.',
    );
    const id = await api.batchUpdate({
      requests: [{ addSheet: { properties: { sheetId: 0, title: 'Other' } } }],
    });
    expect(id.status).toBe(400);
    expect(id.body.error.message).toMatch(/^Invalid requests\[0\]\.addSheet: /);
  });

  it('refuses to delete the last sheet or hide every sheet', async () => {
    const { api } = setUp();
    const deletion = await api.batchUpdate({ requests: [{ deleteSheet: { sheetId: 0 } }] });
    expect(deletion.body.error.message).toBe(
      "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document.",
    );
    const hiding = await api.batchUpdate({
      requests: [
        { updateSheetProperties: { properties: { sheetId: 0, hidden: true }, fields: 'hidden' } },
      ],
    });
    expect(hiding.body.error.message).toBe(
      "Invalid requests[0].updateSheetProperties: You can't hide all the sheets in a document.",
    );
  });

  it('requires a fields mask on updateSheetProperties and names an unknown sheet', async () => {
    const { api } = setUp();
    const noFields = await api.batchUpdate({
      requests: [{ updateSheetProperties: { properties: { sheetId: 0, title: 'x' } } }],
    });
    expect(noFields.body.error.message).toBe(
      "Invalid requests[0].updateSheetProperties: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)",
    );
    const unknown = await api.batchUpdate({
      requests: [
        { updateSheetProperties: { properties: { sheetId: 5, title: 'x' }, fields: 'title' } },
      ],
    });
    expect(unknown.body.error.message).toBe(
      'Invalid requests[0].updateSheetProperties: No sheet with id: 5',
    );
  });

  it('renames, resizes, colours and reorders with "before the move" indexes', async () => {
    const { api } = setUp();
    await api.batchUpdate({
      requests: [
        { addSheet: { properties: { sheetId: 1, title: 'B' } } },
        { addSheet: { properties: { sheetId: 2, title: 'C' } } },
      ],
    });
    await api.batchUpdate({
      requests: [
        {
          updateSheetProperties: {
            properties: {
              sheetId: 0,
              title: 'A',
              index: 2,
              gridProperties: { rowCount: 5, columnCount: 3 },
              tabColorStyle: { rgbColor: { red: 1 } },
            },
            fields: 'title,index,gridProperties(rowCount,columnCount),tabColorStyle',
          },
        },
      ],
    });
    const { body } = await api.get(
      'fields=sheets.properties(sheetId,title,index,gridProperties,tabColorStyle)',
    );
    expect(
      body.sheets.map((sheet: { properties: { title: string } }) => sheet.properties.title),
    ).toEqual(['B', 'A', 'C']);
    expect(body.sheets[1].properties).toEqual({
      sheetId: 0,
      title: 'A',
      index: 1,
      gridProperties: { rowCount: 5, columnCount: 3 },
      tabColorStyle: { rgbColor: { red: 1 } },
    });
  });
});

describe('updateSpreadsheetProperties', () => {
  it('changes only the masked spreadsheet properties', async () => {
    const { api } = setUp();
    const reply = await api.batchUpdate({
      requests: [
        {
          updateSpreadsheetProperties: {
            properties: { title: '农业委', timeZone: 'Asia/Urumqi', locale: 'zh_CN' },
            fields: 'title,timeZone',
          },
        },
      ],
    });
    expect(reply.body.replies).toEqual([{}]);
    const { body } = await api.get('fields=properties(title,timeZone,locale)');
    expect(body.properties).toEqual({ title: '农业委', timeZone: 'Asia/Urumqi', locale: 'en_US' });
  });
});

describe('updateCells (§5.3)', () => {
  it('with a range, clears the masked fields of cells the rows do not cover, and nothing else', async () => {
    const { api } = setUp();
    await api.batchUpdate({
      requests: [
        {
          repeatCell: {
            range: { startRowIndex: 2, endRowIndex: 3, startColumnIndex: 2, endColumnIndex: 3 },
            cell: { note: 'keep' },
            fields: 'note',
          },
        },
      ],
    });
    await api.batchUpdate({
      requests: [
        {
          updateCells: {
            range: {
              sheetId: 0,
              startRowIndex: 0,
              endRowIndex: 3,
              startColumnIndex: 0,
              endColumnIndex: 3,
            },
            rows: [{ values: [cell('x')] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    const values = await api.batchGet(rangesQuery('Sheet1'));
    expect(values.body.valueRanges[0].values).toEqual([['x']]);
    const note = await api.get('fields=sheets.data.rowData.values.note&ranges=Sheet1!C3');
    expect(note.body.sheets[0].data[0].rowData[0].values[0]).toEqual({ note: 'keep' });
  });

  it('with start, writes any shape and leaves other cells alone', async () => {
    const { api } = setUp();
    await api.batchUpdate({
      requests: [
        {
          updateCells: {
            start: { rowIndex: 1, columnIndex: 1 },
            rows: [{ values: [cell('X'), cell('Y')] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    const values = await api.batchGet(rangesQuery('Sheet1'));
    expect(values.body.valueRanges[0].values).toEqual([
      ['a', 'b', 'c'],
      ['d', 'X', 'Y'],
      ['g', 'h', 'i'],
    ]);
  });

  it('refuses writes past the grid', async () => {
    const standIn = new SheetsStandIn();
    const id = standIn.createSpreadsheet({
      sheets: [{ title: 'Sheet1', rowCount: 2, columnCount: 3 }],
    });
    const reply = await sheetsApiCalls(standIn, id).batchUpdate({
      requests: [
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 2, columnIndex: 0 },
            rows: [{ values: [cell('1'), cell('2'), cell('3')] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    expect(reply.body.error.message).toBe(
      'Invalid requests[0].updateCells: Range (Sheet1!A3:C3) exceeds grid limits. Max rows: 2, max columns: 3',
    );
  });

  it('names a missing grid', async () => {
    const { api } = setUp();
    const reply = await api.batchUpdate({
      requests: [{ repeatCell: { range: { sheetId: 77 }, cell: {}, fields: 'userEnteredFormat' } }],
    });
    expect(reply.body.error.message).toBe('Invalid requests[0].repeatCell: No grid with id: 77');
  });

  it('merges formats and clears only masked sub-fields', async () => {
    const { api } = setUp();
    const range = { startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 };
    await api.batchUpdate({
      requests: [
        {
          repeatCell: {
            range,
            cell: { userEnteredFormat: { textFormat: { bold: true } } },
            fields: 'userEnteredFormat',
          },
        },
        {
          repeatCell: {
            range,
            cell: { userEnteredFormat: { backgroundColor: { red: 1 } } },
            fields: 'userEnteredFormat',
          },
        },
      ],
    });
    const merged = await api.get(
      'fields=sheets.data.rowData.values.userEnteredFormat&ranges=Sheet1!A1',
    );
    expect(merged.body.sheets[0].data[0].rowData[0].values[0].userEnteredFormat).toEqual({
      textFormat: { bold: true },
      backgroundColor: { red: 1 },
    });
    await api.batchUpdate({
      requests: [{ repeatCell: { range, cell: {}, fields: 'userEnteredFormat.textFormat.bold' } }],
    });
    const cleared = await api.get(
      'fields=sheets.data.rowData.values.userEnteredFormat&ranges=Sheet1!A1',
    );
    expect(cleared.body.sheets[0].data[0].rowData[0].values[0].userEnteredFormat).toEqual({
      backgroundColor: { red: 1 },
    });
  });

  it('repeats a formula with relative references shifted', async () => {
    const { api } = setUp();
    await api.batchUpdate({
      requests: [
        {
          repeatCell: {
            range: { startRowIndex: 0, endRowIndex: 2, startColumnIndex: 3, endColumnIndex: 4 },
            cell: { userEnteredValue: { formulaValue: '=A1&$B$1&"A1"' } },
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    const { body } = await api.batchGet(`${rangesQuery('Sheet1!D1:D2')}&valueRenderOption=FORMULA`);
    expect(body.valueRanges[0].values).toEqual([['=A1&$B$1&"A1"'], ['=A2&$B$1&"A1"']]);
  });
});

describe('row and column requests (§5.3)', () => {
  it('appendCells writes after the last row with data and grows the grid', async () => {
    const standIn = new SheetsStandIn();
    const id = standIn.createSpreadsheet({
      sheets: [{ title: 'Sheet1', rows: [['a'], ['b']], rowCount: 2, columnCount: 2 }],
    });
    await sheetsApiCalls(standIn, id).batchUpdate({
      requests: [
        {
          appendCells: {
            sheetId: 0,
            rows: [{ values: [cell('c')] }, { values: [cell('d')] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    const sheet = standIn.snapshot(id).sheets[0];
    expect(sheet?.rows).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(sheet?.rowCount).toBe(4);
  });

  it('insertDimension and deleteDimension move cells, merges and row metadata', async () => {
    const { api, standIn, id } = setUp();
    await api.batchUpdate({
      requests: [
        {
          mergeCells: {
            range: {
              sheetId: 0,
              startRowIndex: 2,
              endRowIndex: 3,
              startColumnIndex: 0,
              endColumnIndex: 2,
            },
            mergeType: 'MERGE_ALL',
          },
        },
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataKey: 'row',
              visibility: 'DOCUMENT',
              location: {
                dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: 2, endIndex: 3 },
              },
            },
          },
        },
        {
          insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 2 } },
        },
        {
          deleteDimension: {
            range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 2, endIndex: 3 },
          },
        },
      ],
    });
    const sheet = standIn.snapshot(id).sheets[0];
    expect(sheet?.rows).toEqual([[], [], ['a', 'b'], ['d', 'e'], ['g']]);
    expect(sheet?.rowCount).toBe(1002);
    expect(sheet?.columnCount).toBe(25);
    expect(sheet?.developerMetadata[0]?.location?.dimensionRange).toEqual({
      dimension: 'ROWS',
      startIndex: 4,
      endIndex: 5,
    });
    const { body } = await api.get('fields=sheets.merges');
    expect(body.sheets[0].merges).toEqual([
      { startRowIndex: 4, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 2 },
    ]);
  });

  it('updateDimensionProperties sets pixel sizes shown in column metadata', async () => {
    const { api } = setUp();
    await api.batchUpdate({
      requests: [
        {
          updateDimensionProperties: {
            range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 },
            properties: { pixelSize: 240 },
            fields: 'pixelSize',
          },
        },
      ],
    });
    const { body } = await api.get(
      'fields=sheets.data.columnMetadata.pixelSize&ranges=Sheet1!A1:C1',
    );
    expect(body.sheets[0].data[0].columnMetadata).toEqual([
      { pixelSize: 100 },
      { pixelSize: 240 },
      { pixelSize: 100 },
    ]);
  });
});

describe('protected ranges, rules, validation, charts and merges (§5.3)', () => {
  it('replies to addProtectedRange on sheet 0 without sheetId and with editors {}', async () => {
    const { api } = setUp();
    const { body } = await api.batchUpdate({
      requests: [
        {
          addProtectedRange: {
            protectedRange: {
              range: {
                startRowIndex: 0,
                endRowIndex: 2,
                startColumnIndex: 0,
                endColumnIndex: 2,
                sheetId: 0,
              },
              description: null,
              warningOnly: true,
              requestingUserCanEdit: false,
              editors: null,
            },
          },
        },
      ],
    });
    const reply = body.replies[0].addProtectedRange.protectedRange;
    expect(reply).toEqual({
      protectedRangeId: reply.protectedRangeId,
      range: { startRowIndex: 0, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
      warningOnly: true,
      requestingUserCanEdit: true,
      editors: {},
    });
    expect(reply.protectedRangeId).toBeGreaterThan(0);
  });

  it('adds and deletes conditional format rules, replying with the deleted rule', async () => {
    const { api } = setUp();
    const rule = {
      ranges: [
        { sheetId: 0, startRowIndex: 1, endRowIndex: 10, startColumnIndex: 0, endColumnIndex: 1 },
      ],
      booleanRule: { condition: { type: 'BLANK' }, format: { backgroundColor: { red: 1 } } },
    };
    const added = await api.batchUpdate({
      requests: [{ addConditionalFormatRule: { rule, index: 0 } }],
    });
    expect(added.body.replies).toEqual([{}]);
    const deleted = await api.batchUpdate({
      requests: [{ deleteConditionalFormatRule: { sheetId: 0, index: 0 } }],
    });
    expect(deleted.body.replies[0].deleteConditionalFormatRule.rule.booleanRule.condition).toEqual({
      type: 'BLANK',
    });
  });

  it('sets data validation on every cell of a range', async () => {
    const { api } = setUp();
    const rule = {
      condition: {
        type: 'ONE_OF_LIST',
        values: [{ userEnteredValue: '在任' }, { userEnteredValue: '离任' }],
      },
      strict: true,
      showCustomUi: true,
    };
    await api.batchUpdate({
      requests: [
        {
          setDataValidation: {
            range: {
              sheetId: 0,
              startRowIndex: 5,
              endRowIndex: 7,
              startColumnIndex: 1,
              endColumnIndex: 2,
            },
            rule,
          },
        },
      ],
    });
    const { body } = await api.get(
      'fields=sheets.data.rowData.values.dataValidation&ranges=Sheet1!B6:B7',
    );
    expect(body.sheets[0].data[0].rowData).toEqual([
      { values: [{ dataValidation: rule }] },
      { values: [{ dataValidation: rule }] },
    ]);
  });

  it('adds, updates and deletes a chart by the id in its reply', async () => {
    const { api } = setUp();
    const source = {
      sourceRange: {
        sources: [
          { sheetId: 0, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 },
        ],
      },
    };
    const spec = {
      title: '覆盖率',
      basicChart: {
        chartType: 'COLUMN',
        domains: [{ domain: source }],
        series: [{ series: source }],
      },
    };
    const added = await api.batchUpdate({
      requests: [
        {
          addChart: {
            chart: {
              spec,
              position: {
                overlayPosition: { anchorCell: { sheetId: 0, rowIndex: 0, columnIndex: 4 } },
              },
            },
          },
        },
      ],
    });
    const chartId = added.body.replies[0].addChart.chart.chartId;
    expect(chartId).toBeGreaterThan(0);
    await api.batchUpdate({
      requests: [{ updateChartSpec: { chartId, spec: { ...spec, title: '新标题' } } }],
    });
    const listed = await api.get('fields=sheets.charts(chartId,spec.title)');
    expect(listed.body.sheets[0].charts).toEqual([{ chartId, spec: { title: '新标题' } }]);
    await api.batchUpdate({ requests: [{ deleteEmbeddedObject: { objectId: chartId } }] });
    const after = await api.get('fields=sheets.charts');
    expect(after.body.sheets[0]).toEqual({});
  });

  it('merges keep the top-left value and unmerge removes the merge', async () => {
    const { api } = setUp();
    const range = {
      sheetId: 0,
      startRowIndex: 0,
      endRowIndex: 2,
      startColumnIndex: 0,
      endColumnIndex: 2,
    };
    await api.batchUpdate({ requests: [{ mergeCells: { range, mergeType: 'MERGE_ALL' } }] });
    const values = await api.batchGet(rangesQuery('Sheet1!A1:B2'));
    expect(values.body.valueRanges[0].values).toEqual([['a']]);
    await api.batchUpdate({ requests: [{ unmergeCells: { range } }] });
    const { body } = await api.get('fields=sheets.merges');
    expect(body.sheets[0]).toEqual({});
  });
});
