import { describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';

function setUp() {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({
    title: '专委会',
    sheets: [
      { title: 'Sheet1', rows: [['a', 1], [], ['c', null, true]] },
      {
        title: '委员',
        sheetId: 42,
        rows: [
          ['编号', '姓名'],
          ['NY-001', '张三'],
        ],
      },
      { title: 'Empty', sheetId: 7 },
    ],
  });
  return { standIn, id, api: sheetsApiCalls(standIn, id) };
}

describe('spreadsheets.get without a mask (§1)', () => {
  it('returns properties, sheets with sheetId and index even when 0, and proto3 omissions', async () => {
    const { api, id } = setUp();
    const { status, body, headers } = await api.get();
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(body.spreadsheetId).toBe(id);
    expect(body.properties).toMatchObject({ title: '专委会', timeZone: 'Asia/Shanghai' });
    expect(body.spreadsheetUrl).toBe(`https://docs.google.com/spreadsheets/d/${id}/edit`);
    expect(body.sheets[0]).toEqual({
      properties: {
        sheetId: 0,
        title: 'Sheet1',
        index: 0,
        sheetType: 'GRID',
        gridProperties: { rowCount: 1000, columnCount: 26 },
      },
    });
    expect(
      body.sheets.map((sheet: { properties: { index: number } }) => sheet.properties.index),
    ).toEqual([0, 1, 2]);
    expect(body.sheets[0].data).toBeUndefined();
    expect(body.developerMetadata).toBeUndefined();
  });

  it('answers an unknown spreadsheet with 404 NOT_FOUND', async () => {
    const { standIn } = setUp();
    const reply = await sheetsApiCalls(standIn, 'test').get('includeGridData=false');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
  });
});

describe('fields masks (§1)', () => {
  it('projects to exactly the selected paths, with dots and parentheses alike', async () => {
    const { api } = setUp();
    const dotted = await api.get('fields=sheets.properties(sheetId,title,index,gridProperties)');
    const nested = await api.get('fields=sheets(properties(sheetId,title,index,gridProperties))');
    expect(dotted.body).toEqual(nested.body);
    expect(Object.keys(dotted.body)).toEqual(['sheets']);
    expect(dotted.body.sheets[1]).toEqual({
      properties: {
        sheetId: 42,
        title: '委员',
        index: 1,
        gridProperties: { rowCount: 1000, columnCount: 26 },
      },
    });
  });

  it('keeps a selected message as {} when the masked field is unset', async () => {
    const { api } = setUp();
    const { body } = await api.get('fields=sheets.properties.tabColorStyle');
    expect(body).toEqual({ sheets: [{ properties: {} }, { properties: {} }, { properties: {} }] });
  });

  it('accepts snake_case and several top-level fields', async () => {
    const { api, id } = setUp();
    const { body } = await api.get('fields=spreadsheet_id,properties.time_zone');
    expect(body).toEqual({ spreadsheetId: id, properties: { timeZone: 'Asia/Shanghai' } });
  });

  it('returns grid data when the mask reaches into sheets.data, without includeGridData', async () => {
    const { api } = setUp();
    const { body } = await api.get(
      `fields=sheets(properties.title,data.rowData.values.userEnteredValue)&${rangesQuery("'委员'!A1:B2")}`,
    );
    expect(body).toEqual({
      sheets: [
        {
          properties: { title: '委员' },
          data: [
            {
              rowData: [
                {
                  values: [
                    { userEnteredValue: { stringValue: '编号' } },
                    { userEnteredValue: { stringValue: '姓名' } },
                  ],
                },
                {
                  values: [
                    { userEnteredValue: { stringValue: 'NY-001' } },
                    { userEnteredValue: { stringValue: '张三' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('ignores includeGridData when a mask is set', async () => {
    const { api } = setUp();
    const { body } = await api.get('includeGridData=true&fields=sheets.properties.title');
    expect(body.sheets[0]).toEqual({ properties: { title: 'Sheet1' } });
  });

  it('refuses a mask naming a field that does not exist', async () => {
    const { api } = setUp();
    const reply = await api.get('fields=sheets.propertys');
    expect(reply.status).toBe(400);
    expect(reply.body.error.status).toBe('INVALID_ARGUMENT');
  });
});

describe('grid data (§1)', () => {
  it('trims rowData after the last non-empty row and shows empty interior cells and rows as {}', async () => {
    const { api } = setUp();
    const { body } = await api.get(`includeGridData=true&${rangesQuery('Sheet1')}`);
    expect(body.sheets).toHaveLength(1);
    const [data] = body.sheets[0].data;
    expect(data.startRow).toBeUndefined();
    expect(data.rowData).toHaveLength(3);
    expect(data.rowData[1]).toEqual({});
    expect(data.rowData[2].values).toHaveLength(3);
    expect(data.rowData[2].values[1]).toEqual({});
    expect(data.rowData[0].values[1]).toEqual({
      userEnteredValue: { numberValue: 1 },
      effectiveValue: { numberValue: 1 },
      formattedValue: '1',
    });
    expect(data.rowMetadata).toHaveLength(1000);
    expect(data.columnMetadata).toHaveLength(26);
  });

  it('omits rowData for an empty sheet', async () => {
    const { api } = setUp();
    const { body } = await api.get(`includeGridData=true&${rangesQuery('Empty')}`);
    expect(body.sheets[0].data[0].rowData).toBeUndefined();
  });

  it('gives one block per range, each with its own startRow and startColumn, and omits untouched sheets', async () => {
    const { api } = setUp();
    const { body } = await api.get(
      `includeGridData=true&fields=sheets(properties.title,data(startRow,startColumn,rowData))&${rangesQuery('Sheet1!B1:C3', 'Sheet1!A3:A3')}`,
    );
    expect(body.sheets).toHaveLength(1);
    expect(
      body.sheets[0].data.map((block: { startRow?: number; startColumn?: number }) => [
        block.startRow,
        block.startColumn,
      ]),
    ).toEqual([
      [undefined, 1],
      [2, undefined],
    ]);
    expect(body.sheets[0].data[1].rowData[0].values[0].formattedValue).toBe('c');
  });

  it('filters the sheet list by ranges without adding data when no data is asked for', async () => {
    const { api } = setUp();
    const { body } = await api.get(rangesQuery("'委员'!A1"));
    expect(body.sheets).toHaveLength(1);
    expect(body.sheets[0].properties.title).toBe('委员');
    expect(body.sheets[0].data).toBeUndefined();
  });
});
