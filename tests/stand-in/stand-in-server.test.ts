import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { type StandInServer, startStandInServer } from '../../src/stand-in/start-stand-in-server';

let server: StandInServer | undefined;
let directory: string | undefined;

afterEach(async () => {
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
  server = undefined;
  directory = undefined;
});

describe('the stand-in server on 127.0.0.1', () => {
  it('serves a workbook over HTTP and saves it back after a write', async () => {
    directory = await mkdtemp(join(tmpdir(), 'stand-in-server-'));
    const path = join(directory, 'committee.xlsx');
    const seed = new ExcelJS.Workbook();
    seed.addWorksheet('委员').addRow(['委员编号', '姓名']);
    await seed.xlsx.writeFile(path);

    server = await startStandInServer({
      port: 0,
      host: '127.0.0.1',
      xlsxPath: path,
      spreadsheetId: 'committee',
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const read = await fetch(
      `${server.url}/v4/spreadsheets/committee/values:batchGet?ranges=${encodeURIComponent("'委员'!A1:B1")}`,
    );
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = (await read.json()) as { valueRanges: Array<{ values: string[][] }> };
    expect(body.valueRanges[0]?.values).toEqual([['委员编号', '姓名']]);

    const write = await fetch(`${server.url}/v4/spreadsheets/committee/values:batchUpdate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        valueInputOption: 'RAW',
        data: [{ range: "'委员'!A2", values: [['NY-001', '张三']] }],
      }),
    });
    expect(write.status).toBe(200);

    const saved = new ExcelJS.Workbook();
    await saved.xlsx.readFile(path);
    expect(saved.getWorksheet('委员')?.getCell('B2').value).toBe('张三');
  });

  it('creates a missing workbook file', async () => {
    directory = await mkdtemp(join(tmpdir(), 'stand-in-server-'));
    const path = join(directory, 'new.xlsx');
    server = await startStandInServer({ xlsxPath: path });
    const response = await fetch(
      `${server.url}/v4/spreadsheets/${server.spreadsheetId}?fields=sheets.properties.title`,
    );
    expect(await response.json()).toEqual({ sheets: [{ properties: { title: 'Sheet1' } }] });
    const created = new ExcelJS.Workbook();
    await created.xlsx.readFile(path);
    expect(created.getWorksheet('Sheet1')).toBeDefined();
  });
});
