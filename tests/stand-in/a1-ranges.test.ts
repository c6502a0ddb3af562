import { describe, expect, it } from 'vitest';
import { formatA1Range } from '../../src/stand-in/format-a1-range';
import { parseA1Range } from '../../src/stand-in/parse-a1-range';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { rangesQuery, sheetsApiCalls } from './sheets-api-calls';

function standInWith(sheets: Parameters<SheetsStandIn['createSpreadsheet']>[0]['sheets']) {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({ sheets });
  return { standIn, id, api: sheetsApiCalls(standIn, id) };
}

async function echoOf(
  api: ReturnType<typeof sheetsApiCalls>,
  range: string,
  extra = '',
): Promise<string> {
  const reply = await api.batchGet(`${rangesQuery(range)}${extra}`);
  expect(reply.status).toBe(200);
  return reply.body.valueRanges[0].range;
}

describe('A1 parsing (§0.3)', () => {
  const { standIn, id } = standInWith([
    { title: 'Sheet1' },
    { title: '委员' },
    { title: "Bob's" },
    { title: 'D3' },
    { title: 'My Custom Sheet' },
  ]);
  const sheets = standIn.get(id).sheets;
  const titleOf = (text: string) => parseA1Range(text, sheets).sheet.properties.title;

  it('reads quoted and unquoted titles, including CJK, spaces and doubled quotes', () => {
    expect(titleOf("'委员'!A1:Z")).toBe('委员');
    expect(titleOf('委员!A1')).toBe('委员');
    expect(titleOf('My Custom Sheet!A:A')).toBe('My Custom Sheet');
    expect(titleOf("'My Custom Sheet'")).toBe('My Custom Sheet');
    expect(titleOf("'Bob''s'!A1")).toBe("Bob's");
  });

  it('treats unquoted D3 as a cell of the first visible sheet and quoted D3 as the sheet', () => {
    expect(parseA1Range('D3', sheets)).toMatchObject({
      sheet: { properties: { title: 'Sheet1' } },
      window: { startRow: 2, endRow: 3, startColumn: 3, endColumn: 4 },
    });
    expect(parseA1Range("'D3'", sheets).sheet.properties.title).toBe('D3');
  });

  it('reads open ends, whole rows and columns, reversed corners and R1C1', () => {
    expect(parseA1Range('Sheet1!A5:A', sheets).window).toEqual({
      startRow: 4,
      endRow: undefined,
      startColumn: 0,
      endColumn: 1,
    });
    expect(parseA1Range('Sheet1!2:3', sheets).window).toMatchObject({ startRow: 1, endRow: 3 });
    expect(parseA1Range('Sheet1!B:C', sheets).window).toMatchObject({
      startColumn: 1,
      endColumn: 3,
    });
    expect(parseA1Range('Sheet1!D4:A1', sheets).window).toEqual({
      startRow: 0,
      endRow: 4,
      startColumn: 0,
      endColumn: 4,
    });
    expect(parseA1Range('Sheet1!R2C3:R4C5', sheets).window).toEqual({
      startRow: 1,
      endRow: 4,
      startColumn: 2,
      endColumn: 5,
    });
  });

  it('rejects an unknown sheet and bad syntax with the range as sent', () => {
    expect(() => parseA1Range('Nope!A1', sheets)).toThrow('Unable to parse range: Nope!A1');
    expect(() => parseA1Range("'all prompts'!A1:[5", sheets)).toThrow(
      "Unable to parse range: 'all prompts'!A1:[5",
    );
  });

  it('answers an unknown sheet with 400 INVALID_ARGUMENT through the API', async () => {
    const { api } = standInWith([{ title: 'Sheet1' }]);
    const reply = await api.batchGet(rangesQuery('Novice!C3:C14'));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: {
        code: 400,
        message: 'Unable to parse range: Novice!C3:C14',
        status: 'INVALID_ARGUMENT',
      },
    });
  });

  it('decodes `+` as a space and percent-encoded !, : and emoji in the query string', async () => {
    const { api } = standInWith([{ title: '🌵 test_values_batch_get 1', rows: [['🍇']] }]);
    const reply = await api.batchGet('ranges=%F0%9F%8C%B5+test_values_batch_get+1%21A%3AA');
    expect(reply.status).toBe(200);
    expect(reply.body.valueRanges[0].values).toEqual([['🍇']]);
  });

  it('refuses a start outside the grid', async () => {
    const { api } = standInWith([{ title: 'Sheet1' }]);
    const reply = await api.batchGet(rangesQuery('Sheet1!A1001'));
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(
      'Range (Sheet1!A1001) exceeds grid limits. Max rows: 1000, max columns: 26',
    );
  });
});

describe('the normalised range echo (§0.4)', () => {
  it.each([
    ["'Sheet1'!A1:D4", 'Sheet1!A1:D4'],
    ["'Sheet1'!A1", 'Sheet1!A1'],
    ["'Sheet1'!A1:A1", 'Sheet1!A1'],
    ["'Sheet1'!D4:A1", 'Sheet1!A1:D4'],
    ["'Sheet1'", 'Sheet1!A1:Z1000'],
    ["'Sheet1'!A1:C", 'Sheet1!A1:C1000'],
    ["'Sheet1'!A1:1", 'Sheet1!A1:Z1'],
    ["'D3'!A1:D1", "'D3'!A1:D1"],
    ['Test ClientTest test_import_csv', "'Test ClientTest test_import_csv'!A1:Z1000"],
    ['委员!A1:Z', "'委员'!A1:Z1000"],
    ['A1:B2', 'Sheet1!A1:B2'],
  ])('echoes %s as %s', async (range, echoed) => {
    const { api } = standInWith([
      { title: 'Sheet1' },
      { title: 'D3' },
      { title: 'Test ClientTest test_import_csv' },
      { title: '委员' },
    ]);
    expect(await echoOf(api, range)).toBe(echoed);
  });

  it('bounds a whole sheet by its resized grid', async () => {
    const { api } = standInWith([{ title: 'Sheet1', rowCount: 2, columnCount: 4 }]);
    expect(await echoOf(api, "'Sheet1'")).toBe('Sheet1!A1:D2');
  });

  it('echoes the requested range, not the data, under majorDimension=COLUMNS', async () => {
    const { api } = standInWith([{ title: 'Sheet1', rows: [[null, 'x']] }]);
    expect(await echoOf(api, "'Sheet1'!B1:B", '&majorDimension=COLUMNS')).toBe('Sheet1!B1:B1000');
  });

  it('quotes emoji and Cyrillic titles and bounds open columns by a 10 × 10 grid', async () => {
    const { api } = standInWith([
      { title: '🌵 test_values_batch_get 1', rowCount: 10, columnCount: 10 },
      { title: 'Лист2' },
    ]);
    expect(await echoOf(api, '🌵 test_values_batch_get 1!A:A')).toBe(
      "'🌵 test_values_batch_get 1'!A1:A10",
    );
    expect(await echoOf(api, 'Лист2!A1')).toBe("'Лист2'!A1");
  });

  it('formats windows the same way outside the API', () => {
    expect(formatA1Range("Bob's", { startRow: 0, endRow: 2, startColumn: 1, endColumn: 3 })).toBe(
      "'Bob''s'!B1:C2",
    );
    expect(
      formatA1Range('Data', { startRow: 26, endRow: 27, startColumn: 27, endColumn: 28 }),
    ).toBe('Data!AB27');
  });
});
