import { describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { validateAgainstDiscovery } from '../../src/stand-in/validate-against-discovery';
import { sheetsApiCalls } from './sheets-api-calls';

const goodBody = {
  requests: [
    {
      addSheet: {
        properties: {
          sheetId: 5,
          title: '覆盖总览',
          gridProperties: { rowCount: 10, columnCount: 4 },
        },
      },
    },
    {
      updateCells: {
        start: { sheetId: 5, rowIndex: 0, columnIndex: 0 },
        rows: [
          {
            values: [
              {
                userEnteredValue: { numberValue: 0.5 },
                userEnteredFormat: { numberFormat: { type: 'PERCENT', pattern: '0%' } },
              },
            ],
          },
        ],
        fields: 'userEnteredValue,userEnteredFormat.numberFormat',
      },
    },
    {
      updateDimensionProperties: {
        range: { sheetId: 5, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
        properties: { pixelSize: 120 },
        fields: 'pixelSize',
      },
    },
  ],
  includeSpreadsheetInResponse: false,
};

describe('request bodies are checked against the discovery document', () => {
  it('accepts a correct body', () => {
    expect(validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', goodBody)).toEqual([]);
  });

  it('reports an unknown field at its parent, as Google words it', () => {
    const problems = validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', {
      requests: [{ addSheet: { properties: { title: 'x', colour: 'red' } } }],
    });
    expect(problems).toEqual([
      {
        code: 'UNKNOWN_FIELD',
        path: 'requests[0].addSheet.properties',
        problem: `Invalid JSON payload received. Unknown name "colour" at 'requests[0].add_sheet.properties': Cannot find field.`,
      },
    ]);
  });

  it('reports a top-level unknown field without a location', () => {
    expect(
      validateAgainstDiscovery('BatchUpdateValuesRequest', { valueInputOption: 'RAW', x: 1 })[0]
        ?.problem,
    ).toBe('Invalid JSON payload received. Unknown name "x": Cannot find field.');
  });

  it('reports a wrong enum value with its proto type', () => {
    const problems = validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', {
      requests: [
        {
          insertDimension: {
            range: { sheetId: 0, dimension: 'DIAGONAL', startIndex: 0, endIndex: 1 },
          },
        },
      ],
    });
    expect(problems).toEqual([
      {
        code: 'INVALID_VALUE',
        path: 'requests[0].insertDimension.range.dimension',
        problem: `Invalid value at 'requests[0].insert_dimension.range.dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), "DIAGONAL"`,
      },
    ]);
  });

  it('tells int32 from double and strings from numbers', () => {
    const problems = validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', {
      requests: [
        { deleteSheet: { sheetId: 1.5 } },
        {
          updateCells: {
            start: { sheetId: 0 },
            rows: [{ values: [{ userEnteredValue: { numberValue: 'many' } }] }],
            fields: 7,
          },
        },
      ],
    });
    expect(problems.map((problem) => problem.problem)).toEqual([
      "Invalid value at 'requests[0].delete_sheet.sheet_id' (TYPE_INT32), 1.5",
      `Invalid value at 'requests[1].update_cells.rows[0].values[0].user_entered_value.number_value' (TYPE_DOUBLE), "many"`,
      "Invalid value at 'requests[1].update_cells.fields' (TYPE_STRING), 7",
    ]);
  });

  it('accepts what proto3 JSON accepts: null for unset, snake_case names, int32 as a decimal string', () => {
    expect(
      validateAgainstDiscovery('BatchUpdateSpreadsheetRequest', {
        requests: [
          { delete_sheet: { sheet_id: '12' } },
          { addProtectedRange: { protectedRange: { description: null } } },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses bad bodies at the API with every problem, before looking at the spreadsheet', async () => {
    const standIn = new SheetsStandIn();
    const reply = await sheetsApiCalls(standIn, 'no-such-id').batchUpdate({
      requests: [{ addSheet: { properties: { title: 'x', colour: 'red', hidden: 'yes' } } }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message.split('\n')).toEqual([
      `Invalid JSON payload received. Unknown name "colour" at 'requests[0].add_sheet.properties': Cannot find field.`,
      `Invalid value at 'requests[0].add_sheet.properties.hidden' (TYPE_BOOL), "yes"`,
    ]);
    expect(
      reply.body.error.details[0].fieldViolations.map((v: { field: string }) => v.field),
    ).toEqual(['requests[0].add_sheet.properties', 'requests[0].add_sheet.properties.hidden']);
  });
});
