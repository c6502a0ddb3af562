import { describe, expect, it } from 'vitest';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { sheetsApiCalls } from './sheets-api-calls';

async function setUp() {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({
    sheets: [{ title: '委员' }, { title: '覆盖总览', sheetId: 9 }],
  });
  const api = sheetsApiCalls(standIn, id);
  const created = await api.batchUpdate({
    requests: [
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: 'dual-coverage.output',
            metadataValue: '覆盖总览',
            visibility: 'DOCUMENT',
            location: { sheetId: 9 },
          },
        },
      },
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataId: 77,
            metadataKey: 'dual-coverage.version',
            metadataValue: '1',
            visibility: 'PROJECT',
            location: { spreadsheet: true },
          },
        },
      },
      {
        createDeveloperMetadata: {
          developerMetadata: {
            metadataKey: 'dual-coverage.header',
            visibility: 'DOCUMENT',
            location: {
              dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 1 },
            },
          },
        },
      },
    ],
  });
  return { standIn, id, api, created };
}

describe('createDeveloperMetadata (§5.3)', () => {
  it('fills the read-only locationType and a random positive id when none is given', async () => {
    const { created } = await setUp();
    expect(created.status).toBe(200);
    const [sheet, spreadsheet, row] = created.body.replies.map(
      (reply: { createDeveloperMetadata: { developerMetadata: unknown } }) =>
        reply.createDeveloperMetadata.developerMetadata,
    );
    expect(sheet).toEqual({
      metadataId: sheet.metadataId,
      metadataKey: 'dual-coverage.output',
      metadataValue: '覆盖总览',
      location: { locationType: 'SHEET', sheetId: 9 },
      visibility: 'DOCUMENT',
    });
    expect(sheet.metadataId).toBeGreaterThan(0);
    expect(spreadsheet.location).toEqual({ locationType: 'SPREADSHEET', spreadsheet: true });
    expect(spreadsheet.metadataId).toBe(77);
    // proto3 omits DimensionRange.sheetId when it is 0.
    expect(row.location).toEqual({
      locationType: 'ROW',
      dimensionRange: { dimension: 'ROWS', startIndex: 0, endIndex: 1 },
    });
  });

  it('shows sheet metadata on the sheet, spreadsheet metadata at the top, row metadata in rowMetadata', async () => {
    const { api } = await setUp();
    const { body } = await api.get(
      'fields=developerMetadata.metadataKey,sheets(developerMetadata.metadataKey,data.rowMetadata.developerMetadata.metadataKey)&ranges=委员!A1:A2&ranges=覆盖总览!A1',
    );
    expect(body.developerMetadata).toEqual([{ metadataKey: 'dual-coverage.version' }]);
    expect(body.sheets[0].data[0].rowMetadata).toEqual([
      { developerMetadata: [{ metadataKey: 'dual-coverage.header' }] },
      {},
    ]);
    expect(body.sheets[1].developerMetadata).toEqual([{ metadataKey: 'dual-coverage.output' }]);
  });

  it('refuses a duplicate id and a dimension range wider than one row', async () => {
    const { api } = await setUp();
    const duplicate = await api.batchUpdate({
      requests: [
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataId: 77,
              metadataKey: 'k',
              visibility: 'DOCUMENT',
              location: { spreadsheet: true },
            },
          },
        },
      ],
    });
    expect(duplicate.status).toBe(400);
    const wide = await api.batchUpdate({
      requests: [
        {
          createDeveloperMetadata: {
            developerMetadata: {
              metadataKey: 'k',
              visibility: 'DOCUMENT',
              location: {
                dimensionRange: { sheetId: 0, dimension: 'ROWS', startIndex: 0, endIndex: 2 },
              },
            },
          },
        },
      ],
    });
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toMatch(/^Invalid requests\[0\]\.createDeveloperMetadata: /);
  });
});

describe('developerMetadata:search (§6)', () => {
  it('returns each match with the filters it matched', async () => {
    const { api } = await setUp();
    const byKey = { developerMetadataLookup: { metadataKey: 'dual-coverage.output' } };
    const byValue = { developerMetadataLookup: { metadataValue: '覆盖总览' } };
    const { body } = await api.searchMetadata({ dataFilters: [byKey, byValue] });
    expect(body.matchedDeveloperMetadata).toHaveLength(1);
    expect(body.matchedDeveloperMetadata[0].developerMetadata.location).toEqual({
      locationType: 'SHEET',
      sheetId: 9,
    });
    expect(body.matchedDeveloperMetadata[0].dataFilters).toEqual([byKey, byValue]);
  });

  it('ANDs the fields of one lookup and filters by location type and location', async () => {
    const { api } = await setUp();
    const none = await api.searchMetadata({
      dataFilters: [
        {
          developerMetadataLookup: { metadataKey: 'dual-coverage.output', metadataValue: 'other' },
        },
      ],
    });
    expect(none.body).toEqual({});
    const rows = await api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { locationType: 'ROW' } }],
    });
    expect(
      rows.body.matchedDeveloperMetadata.map(
        (m: { developerMetadata: { metadataKey: string } }) => m.developerMetadata.metadataKey,
      ),
    ).toEqual(['dual-coverage.header']);
    const onSheet = await api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { metadataLocation: { sheetId: 0 } } }],
    });
    expect(onSheet.body.matchedDeveloperMetadata).toHaveLength(1);
    const exact = await api.searchMetadata({
      dataFilters: [
        {
          developerMetadataLookup: {
            metadataLocation: { sheetId: 0 },
            locationMatchingStrategy: 'EXACT_LOCATION',
          },
        },
      ],
    });
    expect(exact.body).toEqual({});
  });

  it('answers {} when nothing matches', async () => {
    const { api } = await setUp();
    const { status, body } = await api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { metadataKey: 'nope' } }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({});
  });
});

describe('deleteDeveloperMetadata', () => {
  it('deletes what a lookup matches and replies with it', async () => {
    const { api } = await setUp();
    const { body } = await api.batchUpdate({
      requests: [
        {
          deleteDeveloperMetadata: {
            dataFilter: { developerMetadataLookup: { metadataKey: 'dual-coverage.output' } },
          },
        },
      ],
    });
    expect(body.replies[0].deleteDeveloperMetadata.deletedDeveloperMetadata[0].metadataKey).toBe(
      'dual-coverage.output',
    );
    const after = await api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { metadataKey: 'dual-coverage.output' } }],
    });
    expect(after.body).toEqual({});
  });

  it('deletes a sheet’s metadata with the sheet', async () => {
    const { api } = await setUp();
    await api.batchUpdate({ requests: [{ deleteSheet: { sheetId: 9 } }] });
    const after = await api.searchMetadata({
      dataFilters: [{ developerMetadataLookup: { metadataKey: 'dual-coverage.output' } }],
    });
    expect(after.body).toEqual({});
  });
});
