import { describe, expect, it } from 'vitest';
import { createAccessTokenSource } from '../../src/sheets/service-account-token';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { sheetsApiCalls } from './sheets-api-calls';

function setUp() {
  const standIn = new SheetsStandIn();
  const id = standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1', rows: [['a'], ['b']] }] });
  return { standIn, id, api: sheetsApiCalls(standIn, id) };
}

const freeze = (gridProperties: Record<string, number>, fields: string) => ({
  requests: [{ updateSheetProperties: { properties: { sheetId: 0, gridProperties }, fields } }],
});

describe('frozen rows and columns: at least one must scroll (node-google-spreadsheet#528)', () => {
  it('refuses to freeze every row of the grid, and changes nothing', async () => {
    const { api, standIn, id } = setUp();
    const before = standIn.snapshot(id);
    const reply = await api.batchUpdate(
      freeze({ rowCount: 2, frozenRowCount: 2 }, 'gridProperties(rowCount,frozenRowCount)'),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 400,
      message:
        "Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.",
      status: 'INVALID_ARGUMENT',
    });
    expect(standIn.snapshot(id)).toEqual(before);
  });

  it('refuses to shrink a grid onto its frozen rows, and to freeze every column', async () => {
    const { api } = setUp();
    expect(
      (await api.batchUpdate(freeze({ frozenRowCount: 1 }, 'gridProperties.frozenRowCount')))
        .status,
    ).toBe(200);
    const shrink = await api.batchUpdate(freeze({ rowCount: 1 }, 'gridProperties.rowCount'));
    expect(shrink.body.error.message).toBe(
      "Invalid requests[0].updateSheetProperties: You can't freeze all visible rows on the sheet.",
    );
    const columns = await api.batchUpdate(
      freeze({ frozenColumnCount: 26 }, 'gridProperties.frozenColumnCount'),
    );
    expect(columns.body.error.message).toBe(
      "Invalid requests[0].updateSheetProperties: You can't freeze all visible columns on the sheet.",
    );
  });

  it('allows all rows but one, as the sync freezes a one-row output tab (rowCount − 1)', async () => {
    const { api } = setUp();
    const reply = await api.batchUpdate(
      freeze({ rowCount: 2, frozenRowCount: 1 }, 'gridProperties(rowCount,frozenRowCount)'),
    );
    expect(reply.status).toBe(200);
  });

  it('applies the same rule to addSheet and spreadsheets.create', async () => {
    const { api, standIn } = setUp();
    const added = await api.batchUpdate({
      requests: [
        {
          addSheet: {
            properties: { title: '历史', gridProperties: { rowCount: 1, frozenRowCount: 1 } },
          },
        },
      ],
    });
    expect(added.body.error.message).toBe(
      "Invalid requests[0].addSheet: You can't freeze all visible rows on the sheet.",
    );
    const created = await standIn.fetch('https://sheets.googleapis.com/v4/spreadsheets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        sheets: [{ properties: { gridProperties: { rowCount: 3, frozenRowCount: 5 } } }],
      }),
    });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { error: { message: string } }).error.message).toBe(
      "You can't freeze all visible rows on the sheet.",
    );
  });
});

describe('sharing: a viewer reads, only an editor writes', () => {
  it('lets a viewer read and refuses its write with 403 The caller does not have permission', async () => {
    const { standIn, id } = setUp();
    const viewer = await standIn.createServiceAccount('viewer@x.iam.gserviceaccount.com');
    const editor = await standIn.createServiceAccount('editor@x.iam.gserviceaccount.com');
    standIn.share(id, [editor.client_email], [viewer.client_email]);
    const tokenOf = (key: typeof viewer) =>
      createAccessTokenSource({ key, fetch: standIn.fetch }).getToken();
    const asViewer = sheetsApiCalls(standIn, id, await tokenOf(viewer));
    const asEditor = sheetsApiCalls(standIn, id, await tokenOf(editor));
    const write = {
      requests: [{ updateSpreadsheetProperties: { properties: { title: 'x' }, fields: 'title' } }],
    };

    expect((await asViewer.get('fields=sheets.properties.title')).status).toBe(200);
    expect((await asViewer.batchGet('ranges=Sheet1')).status).toBe(200);
    const refused = await asViewer.batchUpdate(write);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 403,
      message: 'The caller does not have permission',
      status: 'PERMISSION_DENIED',
    });
    for (const denied of [
      await asViewer.valuesBatchUpdate({ valueInputOption: 'RAW', data: [] }),
      await asViewer.valuesBatchClear({ ranges: ['Sheet1'] }),
    ])
      expect(denied.status).toBe(403);
    expect((await asEditor.batchUpdate(write)).status).toBe(200);
    // The roles survive the editor's write.
    expect((await asViewer.batchUpdate(write)).status).toBe(403);
    expect((await asViewer.get('fields=properties.title')).body).toEqual({
      properties: { title: 'x' },
    });
  });
});
