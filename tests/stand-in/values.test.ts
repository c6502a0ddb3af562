import { describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';

function setUp(rows: Array<Array<string | number | boolean | null>> = [], rowCount?: number) {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({
    sheets: [{ title: 'Sheet1', rows, ...(rowCount ? { rowCount } : {}) }],
  });
  return { standIn, id, api: sheetsApiCalls(standIn, id) };
}

describe('values:batchGet shapes (§2)', () => {
  it('drops trailing cells and rows, writes interior gaps as "" and empty interior rows as []', async () => {
    const { api } = setUp([['A', null, 'C', '3_1_0', null], [], ['x'], [null], []]);
    const { body } = await api.batchGet(rangesQuery('Sheet1'));
    expect(body.valueRanges[0]).toEqual({
      range: 'Sheet1!A1:Z1000',
      majorDimension: 'ROWS',
      values: [['A', '', 'C', '3_1_0'], [], ['x']],
    });
  });

  it('has no values key for a range without data', async () => {
    const { api } = setUp([['x']]);
    const { body } = await api.batchGet(rangesQuery("'Sheet1'!D4"));
    expect(body.valueRanges[0]).toEqual({ range: 'Sheet1!D4', majorDimension: 'ROWS' });
  });

  it('keeps the order of the requested ranges and fails whole on one bad range', async () => {
    const { api } = setUp([['a', 'b']]);
    const ok = await api.batchGet(rangesQuery('Sheet1!B1', 'Sheet1!A1'));
    expect(ok.body.valueRanges.map((range: { values: string[][] }) => range.values)).toEqual([
      [['b']],
      [['a']],
    ]);
    const bad = await api.batchGet(rangesQuery('Sheet1!A1', 'Nope!A1'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Unable to parse range: Nope!A1');
  });

  it('transposes for majorDimension=COLUMNS', async () => {
    const { api } = setUp([
      [1, 2],
      [3, 4],
    ]);
    const { body } = await api.batchGet(
      `${rangesQuery('Sheet1!A1:B2')}&majorDimension=COLUMNS&valueRenderOption=UNFORMATTED_VALUE`,
    );
    expect(body.valueRanges[0].values).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('refuses a bad enum value with the proto field name', async () => {
    const { api } = setUp();
    const reply = await api.batchGet(`${rangesQuery('Sheet1')}&valueRenderOption=FOO`);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      `Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), "FOO"`,
    );
  });
});

describe('value rendering (§2 table)', () => {
  async function render(query: string) {
    const { api } = setUp();
    const written = await api.valuesBatchUpdate({
      valueInputOption: 'USER_ENTERED',
      data: [
        {
          range: "'Sheet1'!A1:D2",
          values: [
            ['2', '2020-01-01', 'string', 53],
            ['1.5', 0.12, '1999-01-02', ''],
          ],
        },
      ],
    });
    expect(written.status).toBe(200);
    const { body } = await api.batchGet(`${rangesQuery("'Sheet1'")}${query}`);
    return body.valueRanges[0].values;
  }

  it('defaults to FORMATTED_VALUE: numbers, booleans and dates as displayed strings', async () => {
    expect(await render('')).toEqual([
      ['2', '2020-01-01', 'string', '53'],
      ['1.5', '0.12', '1999-01-02'],
    ]);
  });

  it('gives numbers and date serials with UNFORMATTED_VALUE + SERIAL_NUMBER', async () => {
    expect(
      await render('&valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER'),
    ).toEqual([
      [2, 43831, 'string', 53],
      [1.5, 0.12, 36162],
    ]);
  });

  it('formats only dates with UNFORMATTED_VALUE + FORMATTED_STRING', async () => {
    expect(
      await render('&valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING'),
    ).toEqual([
      [2, '2020-01-01', 'string', 53],
      [1.5, 0.12, '1999-01-02'],
    ]);
  });

  it('gives an error cell as its literal in every render, and its formula under FORMULA', async () => {
    const { standIn, id, api } = setUp([['x']]);
    // The API cannot write an error, so the cell is stored as an .xlsx load would store it.
    standIn.get(id).sheets[0]?.grid.set(0, 1, {
      userEnteredValue: { formulaValue: '=1/0' },
      effectiveValue: { errorValue: { type: 'DIVIDE_BY_ZERO', message: 'Function DIVIDE' } },
    });
    const values = async (query: string) =>
      (await api.batchGet(`${rangesQuery("'Sheet1'")}${query}`)).body.valueRanges[0].values;
    expect(await values('&valueRenderOption=UNFORMATTED_VALUE')).toEqual([['x', '#DIV/0!']]);
    expect(await values('')).toEqual([['x', '#DIV/0!']]);
    expect(await values('&valueRenderOption=FORMULA')).toEqual([['x', '=1/0']]);
  });

  it('ignores dateTimeRenderOption under FORMATTED_VALUE and renders booleans as TRUE', async () => {
    const { api } = setUp([[true, false]]);
    const { body } = await api.batchGet(
      `${rangesQuery('Sheet1!A1:B1')}&dateTimeRenderOption=SERIAL_NUMBER`,
    );
    expect(body.valueRanges[0].values).toEqual([['TRUE', 'FALSE']]);
  });
});

describe('values:batchUpdate (§3)', () => {
  it('answers with per-range and total counts, counting "" as updated', async () => {
    const { api, id } = setUp();
    const { body } = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [
        { range: "'Sheet1'!A1:D1", values: [['A1', 'B1', '', 'D1']] },
        { range: "'Sheet1'!A4:D4", values: [['A4', 'B4', '', 'D4']] },
      ],
    });
    expect(body).toEqual({
      spreadsheetId: id,
      totalUpdatedRows: 2,
      totalUpdatedColumns: 4,
      totalUpdatedCells: 8,
      totalUpdatedSheets: 1,
      responses: [
        {
          spreadsheetId: id,
          updatedRange: 'Sheet1!A1:D1',
          updatedRows: 1,
          updatedColumns: 4,
          updatedCells: 4,
        },
        {
          spreadsheetId: id,
          updatedRange: 'Sheet1!A4:D4',
          updatedRows: 1,
          updatedColumns: 4,
          updatedCells: 4,
        },
      ],
    });
  });

  it('keeps =HYPERLINK(…) as text with RAW and makes it a formula with USER_ENTERED', async () => {
    const { api } = setUp();
    const formula = '=HYPERLINK("https://example.org","委员名单")';
    await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1', values: [[formula]] }],
    });
    await api.valuesBatchUpdate({
      valueInputOption: 'USER_ENTERED',
      data: [{ range: 'Sheet1!A2', values: [[formula]] }],
    });
    const { body } = await api.get(
      'fields=sheets.data.rowData.values.userEnteredValue&ranges=Sheet1!A1:A2',
    );
    const [raw, entered] = body.sheets[0].data[0].rowData;
    expect(raw.values[0].userEnteredValue).toEqual({ stringValue: formula });
    expect(entered.values[0].userEnteredValue).toEqual({ formulaValue: formula });
    const formatted = await api.batchGet(rangesQuery('Sheet1!A1'));
    expect(formatted.body.valueRanges[0].values).toEqual([[formula]]);
  });

  it("parses USER_ENTERED like typing: '0123' is 123, TRUE is a boolean, a leading ' forces text", async () => {
    const { api } = setUp();
    await api.valuesBatchUpdate({
      valueInputOption: 'USER_ENTERED',
      data: [{ range: 'Sheet1!A1', values: [['0123', 'TRUE', "'0123"]] }],
    });
    const { body } = await api.batchGet(
      `${rangesQuery('Sheet1!A1:C1')}&valueRenderOption=UNFORMATTED_VALUE`,
    );
    expect(body.valueRanges[0].values).toEqual([[123, true, '0123']]);
  });

  it('skips null and clears for ""', async () => {
    const { api } = setUp([['a', 'b', 'c']]);
    await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1:C1', values: [[null, '', 'z']] }],
    });
    const { body } = await api.batchGet(rangesQuery('Sheet1!A1:C1'));
    expect(body.valueRanges[0].values).toEqual([['a', '', 'z']]);
  });

  it('grows from a single-cell anchor', async () => {
    const { api } = setUp();
    const { body } = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [
        {
          range: "'Sheet1'!A1",
          values: [
            [1, 2, 3, 4],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
            [1, 2, 3, 4],
          ],
        },
      ],
    });
    expect(body.responses[0].updatedRange).toBe('Sheet1!A1:D4');
  });

  it('refuses data larger than the range', async () => {
    const { api } = setUp();
    const reply = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1:G', values: Array.from({ length: 1001 }, () => ['x']) }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      'Invalid data[0]: Requested writing within range [Sheet1!A1:G1000], but tried writing to row [1001]',
    );
  });

  it('never grows the grid', async () => {
    const { api } = setUp([], 1016);
    const reply = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1017', values: [['x']] }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      'Invalid data[0]: Range (Sheet1!A1017) exceeds grid limits. Max rows: 1016, max columns: 26',
    );
  });

  it('is atomic: one bad entry leaves every range unwritten', async () => {
    const { api, standIn, id } = setUp();
    const reply = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [
        { range: 'Sheet1!A1', values: [['written?']] },
        { range: "'Funnel'!A1", values: [['x']] },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe("Invalid data[1]: Unable to parse range: 'Funnel'!A1");
    expect(standIn.snapshot(id).sheets[0]?.rows).toEqual([]);
  });

  it('requires valueInputOption', async () => {
    const { api } = setUp();
    const reply = await api.valuesBatchUpdate({ data: [{ range: 'Sheet1!A1', values: [['x']] }] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe("'valueInputOption' is required but not specified");
  });

  it('refuses more than 50,000 characters in a cell', async () => {
    const { api } = setUp();
    const reply = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1', values: [['x'.repeat(50_001)]] }],
    });
    expect(reply.body.error.message).toBe(
      'Invalid data[0]: Your input contains more than the maximum of 50000 characters in a single cell.',
    );
  });

  it('refuses a 1-D values array with the ListValue message', async () => {
    const { api } = setUp();
    const reply = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1', values: 'X' }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      `Invalid value at 'data[0].values' (type.googleapis.com/google.protobuf.ListValue), "X"`,
    );
    expect(reply.body.error.details[0]['@type']).toBe('type.googleapis.com/google.rpc.BadRequest');
  });

  it('returns updatedData only when asked, FORMATTED_VALUE by default', async () => {
    const { api } = setUp();
    const quiet = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      data: [{ range: 'Sheet1!A1', values: [[5]] }],
    });
    expect(quiet.body.responses[0].updatedData).toBeUndefined();
    const loud = await api.valuesBatchUpdate({
      valueInputOption: 'RAW',
      includeValuesInResponse: true,
      data: [{ range: 'Sheet1!A1:B2', values: [[5]] }],
    });
    expect(loud.body.responses[0].updatedData).toEqual({
      range: 'Sheet1!A1:B2',
      majorDimension: 'ROWS',
      values: [['5']],
    });
  });
});

describe('values:batchClear (§4)', () => {
  it('clears values only, echoing normalised ranges', async () => {
    const { api, id } = setUp([
      ['a', 'b', 'c'],
      [1, 2, 3, 4, 5],
    ]);
    await api.batchUpdate({
      requests: [
        {
          repeatCell: {
            range: { startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
            cell: { note: '保留' },
            fields: 'note',
          },
        },
      ],
    });
    const { body } = await api.valuesBatchClear({ ranges: ["'Sheet1'!A1:B1", "'Sheet1'!C2:E2"] });
    expect(body).toEqual({ spreadsheetId: id, clearedRanges: ['Sheet1!A1:B1', 'Sheet1!C2:E2'] });
    const values = await api.batchGet(rangesQuery('Sheet1'));
    expect(values.body.valueRanges[0].values).toEqual([
      ['', '', 'c'],
      ['1', '2'],
    ]);
    const note = await api.get('fields=sheets.data.rowData.values.note&ranges=Sheet1!A1');
    expect(note.body.sheets[0].data[0].rowData[0].values[0]).toEqual({ note: '保留' });
  });

  it('bounds a whole-sheet clear to the grid', async () => {
    const { api } = setUp([['a']]);
    const { body } = await api.valuesBatchClear({ ranges: ["'Sheet1'"] });
    expect(body.clearedRanges).toEqual(['Sheet1!A1:Z1000']);
  });
});
