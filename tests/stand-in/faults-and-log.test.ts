import { describe, expect, it } from 'vitest';
import type { StandInRequestInfo } from '../../src/stand-in/create-stand-in-app';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';

function setUp(
  onRequest?: (info: StandInRequestInfo) => Response | undefined | Promise<Response | undefined>,
) {
  const standIn = new SheetsStandIn(onRequest ? { onRequest } : {});
  const id = standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
  return { standIn, id };
}

describe('fetch reaches the stand-in from any origin', () => {
  it('serves the real Google URLs and a local base URL alike', async () => {
    const { standIn, id } = setUp();
    for (const base of ['https://sheets.googleapis.com/v4/', 'http://127.0.0.1:8787/v4/']) {
      const response = await standIn.fetch(`${base}spreadsheets/${id}?fields=spreadsheetId`);
      expect(await response.json()).toEqual({ spreadsheetId: id });
    }
    const request = new Request(
      `https://sheets.googleapis.com/v4/spreadsheets/${id}?fields=spreadsheetId`,
    );
    expect((await standIn.fetch(request)).status).toBe(200);
  });
});

describe('the request log', () => {
  it('records method, path, kind and status of every request, faults included', async () => {
    let failNext = true;
    const { standIn, id } = setUp(() => {
      if (!failNext) return undefined;
      failNext = false;
      return new Response('{}', { status: 503 });
    });
    const base = `https://sheets.googleapis.com/v4/spreadsheets/${id}`;
    await standIn.fetch(`${base}:batchUpdate`, { method: 'POST', body: '{"requests":[]}' });
    await standIn.fetch(`${base}:batchUpdate`, { method: 'POST', body: '{"requests":[]}' });
    await standIn.fetch(`${base}/values:batchGet?ranges=A1`);
    await standIn.fetch('https://sheets.googleapis.com/v4/spreadsheets/other');
    expect(standIn.requests).toEqual([
      {
        method: 'POST',
        path: `/v4/spreadsheets/${id}:batchUpdate`,
        kind: 'spreadsheets.batchUpdate',
        status: 503,
      },
      {
        method: 'POST',
        path: `/v4/spreadsheets/${id}:batchUpdate`,
        kind: 'spreadsheets.batchUpdate',
        status: 400,
      },
      {
        method: 'GET',
        path: `/v4/spreadsheets/${id}/values:batchGet`,
        kind: 'values.batchGet',
        status: 200,
      },
      { method: 'GET', path: '/v4/spreadsheets/other', kind: 'spreadsheets.get', status: 404 },
    ]);
    standIn.clearRequests();
    expect(standIn.requests).toEqual([]);
  });
});

describe('fault injection', () => {
  it('sends the hook’s canned response instead of handling the request, so nothing is written', async () => {
    const { standIn, id } = setUp((info) =>
      info.kind === 'values.batchUpdate'
        ? new Response(
            JSON.stringify({
              error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED' },
            }),
            {
              status: 429,
              headers: { 'retry-after': '2', 'content-type': 'application/json; charset=UTF-8' },
            },
          )
        : undefined,
    );
    const response = await standIn.fetch(
      `https://sheets.googleapis.com/v4/spreadsheets/${id}/values:batchUpdate`,
      {
        method: 'POST',
        body: JSON.stringify({
          valueInputOption: 'RAW',
          data: [{ range: 'Sheet1!A1', values: [['x']] }],
        }),
      },
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(standIn.snapshot(id).sheets[0]?.rows).toEqual([]);
  });

  it('can send a truncated or non-JSON body, or delay before answering', async () => {
    const { standIn, id } = setUp();
    const url = `https://sheets.googleapis.com/v4/spreadsheets/${id}`;
    standIn.onRequest = () => new Response('{"spreadsheetId": "', { status: 200 });
    await expect((await standIn.fetch(url)).json()).rejects.toThrow();
    standIn.onRequest = () =>
      new Response('<html>Bad Gateway</html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      });
    expect((await standIn.fetch(url)).status).toBe(502);
    standIn.onRequest = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return undefined;
    };
    const started = performance.now();
    expect((await standIn.fetch(url)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('is told which method each request is', async () => {
    const seen: string[] = [];
    const { standIn, id } = setUp((info) => {
      seen.push(info.kind);
      return undefined;
    });
    const base = `https://sheets.googleapis.com/v4/spreadsheets/${id}`;
    await standIn.fetch(`${base}/developerMetadata:search`, { method: 'POST', body: '{}' });
    await standIn.fetch(`${base}/values:batchClear`, { method: 'POST', body: '{"ranges":["A1"]}' });
    await standIn.fetch('https://sheets.googleapis.com/v4/spreadsheets', {
      method: 'POST',
      body: '{}',
    });
    await standIn.fetch('https://oauth2.googleapis.com/token', { method: 'POST', body: '' });
    expect(seen).toEqual([
      'developerMetadata.search',
      'values.batchClear',
      'spreadsheets.create',
      'token',
    ]);
  });
});

describe('spreadsheets.create', () => {
  it('creates a spreadsheet with its sheets and returns it with its new id', async () => {
    const standIn = new SheetsStandIn();
    const response = await standIn.fetch('https://sheets.googleapis.com/v4/spreadsheets', {
      method: 'POST',
      body: JSON.stringify({
        properties: { title: '农业和农村委员会' },
        sheets: [
          { properties: { title: '委员', gridProperties: { frozenRowCount: 1 } } },
          { properties: { title: '设置', sheetId: 3 } },
        ],
      }),
    });
    const body = (await response.json()) as {
      spreadsheetId: string;
      properties: unknown;
      sheets: Array<{ properties: unknown }>;
    };
    expect(response.status).toBe(200);
    expect(body.spreadsheetId).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(body.properties).toMatchObject({ title: '农业和农村委员会', timeZone: 'Etc/GMT' });
    expect(body.sheets.map((sheet) => sheet.properties)).toEqual([
      {
        sheetId: 0,
        title: '委员',
        index: 0,
        sheetType: 'GRID',
        gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 1 },
      },
      {
        sheetId: 3,
        title: '设置',
        index: 1,
        sheetType: 'GRID',
        gridProperties: { rowCount: 1000, columnCount: 26 },
      },
    ]);
    expect(standIn.snapshot(body.spreadsheetId).title).toBe('农业和农村委员会');
  });
});
