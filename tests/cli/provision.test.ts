import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_TABS } from '../../sheets-template/template-definition';
import { PROVISION_SCOPES, provisionCommittee } from '../../src/cli/provision-committee';
import { refreshTokenCache } from '../../src/cli/refresh-token-cache';
import { runCli } from '../../src/cli/run-cli';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { type FetchServer, serveFetch } from '../../src/stand-in/serve-fetch';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { MARKER_KEY } from '../../src/sync/build-write-requests';
import { runSync } from '../../src/sync/run-sync';
import { deriveSheetKey } from '../../src/worker/request-signature';
import {
  checkGoogleRequest,
  checkGoogleResponse,
  type GoogleRequest,
  type RequestCheck,
} from '../support/check-google-request';
import { FakeOAuthServer } from './fake-oauth-server';

/**
 * Provisioning through googleapis against the local stand-in (Sheets) and a fake standing in for
 * the Drive and Apps Script APIs. Every request, whichever API it is for, is checked against that
 * API's discovery document, and so is every answer the fake gives.
 */
const standIn = new SheetsStandIn();
const recorded: (GoogleRequest & { authorization: string | null; check: RequestCheck })[] = [];
const answerProblems: string[] = [];
let server: FetchServer;

/** What Drive and Apps Script answer, shaped by the methods' response schemas. */
function answerOf(methodId: string | undefined, body: Record<string, unknown>): object {
  switch (methodId) {
    case 'drive.permissions.create':
      return { kind: 'drive#permission', id: 'permission-1', ...body };
    case 'script.projects.create':
      return { scriptId: 'script-123', createTime: '2026-11-26T06:00:00Z', ...body };
    case 'script.projects.updateContent':
      return { scriptId: 'script-123', ...body };
    default:
      return {};
  }
}

beforeAll(async () => {
  server = await serveFetch(async (request) => {
    const url = new URL(request.url);
    const text = await request.clone().text();
    const google: GoogleRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
    };
    const check = checkGoogleRequest(google, PROVISION_SCOPES);
    recorded.push({ ...google, authorization: request.headers.get('authorization'), check });
    if (url.pathname.startsWith('/v4/')) {
      // The user's token is the fake's to check, not the stand-in's.
      const headers = new Headers(request.headers);
      headers.delete('authorization');
      return standIn.fetch(new Request(request, { headers }));
    }
    const answer = answerOf(check.methodId, (google.body ?? {}) as Record<string, unknown>);
    answerProblems.push(...checkGoogleResponse(check, answer));
    return Response.json(answer);
  });
});
afterAll(() => server.close());

describe('npm run cli -- provision', () => {
  it('creates the sheet from the template definition, shares it, installs the menu, and it syncs', async () => {
    const first = recorded.length;
    const done = await provisionCommittee({
      auth: undefined,
      googleRoot: `${server.url}/`,
      title: '农业和农村委员会',
      sample: true,
      serviceAccountEmail: 'sync@project.iam.gserviceaccount.com',
      staffEmails: ['clerk@example.cn'],
      signingSecret: 'provision-test-secret',
    });
    expect(done.sheetKey).toBe(await deriveSheetKey('provision-test-secret', done.spreadsheetId));
    expect(done.scriptId).toBe('script-123');

    // Each request is a method of its API's discovery document, sent as that document says.
    const sent = recorded.slice(first);
    expect(sent.map((r) => r.check.methodId)).toEqual([
      'sheets.spreadsheets.create',
      'sheets.spreadsheets.batchUpdate',
      'drive.permissions.create',
      'drive.permissions.create',
      'script.projects.create',
      'script.projects.updateContent',
    ]);
    for (const request of sent)
      expect(request.check.problems, `${request.method} ${request.path}`).toEqual([]);
    expect(answerProblems).toEqual([]);

    const query = new URLSearchParams({
      fields:
        'sheets(properties(title,gridProperties.frozenRowCount),protectedRanges(warningOnly),developerMetadata(metadataKey,metadataValue),data.rowData.values(userEnteredValue,dataValidation.condition.type))',
    });
    for (const name of [...TEMPLATE_TABS.map((t) => t.name), ...OUTPUT_TAB_NAMES])
      query.append('ranges', `'${name}'!A1:H2`);
    const response = await standIn.fetch(
      `${server.url}/v4/spreadsheets/${done.spreadsheetId}?${query}`,
    );
    expect(response.status).toBe(200);
    type Sheet = {
      properties: { title: string; gridProperties?: { frozenRowCount?: number } };
      protectedRanges?: { warningOnly?: boolean }[];
      developerMetadata?: { metadataKey: string; metadataValue: string }[];
      data: {
        rowData?: {
          values?: {
            userEnteredValue?: { stringValue?: string };
            dataValidation?: { condition: { type: string } };
          }[];
        }[];
      }[];
    };
    const { sheets } = (await response.json()) as { sheets: Sheet[] };
    expect(sheets.map((s) => s.properties.title)).toEqual([
      ...TEMPLATE_TABS.map((t) => t.name),
      ...OUTPUT_TAB_NAMES,
    ]);
    for (const tab of TEMPLATE_TABS) {
      const sheet = sheets.find((s) => s.properties.title === tab.name) as Sheet;
      const [header, firstRow] = sheet.data[0]?.rowData ?? [];
      expect(
        header?.values?.map((v) => v.userEnteredValue?.stringValue),
        tab.name,
      ).toEqual(tab.columns.map((c) => c.header));
      expect(sheet.properties.gridProperties?.frozenRowCount).toBe(1);
      tab.columns.forEach((column, c) => {
        const kind = column.validation?.kind;
        const expected =
          kind === 'list'
            ? 'ONE_OF_LIST'
            : kind === 'range'
              ? 'ONE_OF_RANGE'
              : kind === 'date'
                ? 'DATE_IS_VALID'
                : undefined;
        // 设置 has one validated cell (评估周期, row 3), not a validated column.
        if (tab.name !== '设置')
          expect(
            firstRow?.values?.[c]?.dataValidation?.condition.type,
            `${tab.name} ${column.header}`,
          ).toBe(expected);
      });
    }
    for (const name of OUTPUT_TAB_NAMES) {
      const sheet = sheets.find((s) => s.properties.title === name) as Sheet;
      expect(sheet.protectedRanges).toEqual([{ warningOnly: true }]);
      expect(sheet.developerMetadata).toEqual([{ metadataKey: MARKER_KEY, metadataValue: name }]);
    }

    const permissions = recorded.filter(
      (r) => r.path === `/drive/v3/files/${done.spreadsheetId}/permissions`,
    );
    expect(permissions.map((p) => [p.body, p.query.get('sendNotificationEmail')])).toEqual([
      [
        { type: 'user', role: 'writer', emailAddress: 'sync@project.iam.gserviceaccount.com' },
        'false',
      ],
      [{ type: 'user', role: 'writer', emailAddress: 'clerk@example.cn' }, null],
    ]);
    expect(recorded.find((r) => r.path === '/v1/projects')?.body).toEqual({
      title: '农业和农村委员会 · 两个全覆盖',
      parentId: done.spreadsheetId,
    });
    const content = recorded.find((r) => r.path === '/v1/projects/script-123/content');
    expect(content?.method).toBe('PUT');
    expect(content?.body).toEqual({
      files: [
        {
          name: 'appsscript',
          type: 'JSON',
          source: await readFile('sheets-template/apps-script/appsscript.json', 'utf8'),
        },
        {
          name: 'Code',
          type: 'SERVER_JS',
          source: await readFile('sheets-template/apps-script/Code.js', 'utf8'),
        },
      ],
    });

    // The provisioned sheet syncs at once, in three calls (layout, values, one write): its
    // output tabs already carry markers.
    const client = createSheetsClient({ fetch: standIn.fetch });
    const summary = await runSync({
      spreadsheetId: done.spreadsheetId,
      client,
      trigger: 'cli',
      asOf: '2026-06-20',
    });
    expect(summary.stats.sheetsApiCalls).toBe(3);
    expect(summary.rates.org).toEqual({ covered: 16, total: 19 });
  });

  it('the discovery check itself refuses what Google would: a misspelt field, an unknown parameter, a missing scope', () => {
    const permission = {
      method: 'POST',
      path: '/drive/v3/files/abc/permissions',
      query: new URLSearchParams({ sendNotificationEmails: 'false', supportsAllDrives: 'yes' }),
      body: { type: 'user', role: 'writer', emailAdress: 'sync@x.iam.gserviceaccount.com' },
    };
    const check = checkGoogleRequest(permission, ['https://www.googleapis.com/auth/spreadsheets']);
    expect(check.methodId).toBe('drive.permissions.create');
    expect(check.problems).toEqual([
      'unknown query sendNotificationEmails',
      'query supportsAllDrives=yes is not a boolean',
      'body : Invalid JSON payload received. Unknown name "emailAdress": Cannot find field.',
      'none of the granted scopes authorises drive.permissions.create',
    ]);
    expect(
      checkGoogleRequest(
        { method: 'POST', path: '/v1/projects/x/content', query: new URLSearchParams(), body: {} },
        PROVISION_SCOPES,
      ).problems,
    ).toEqual([
      'no method of Sheets v4, Drive v3 or Apps Script v1 is POST /v1/projects/x/content',
    ]);
    expect(
      checkGoogleResponse(
        checkGoogleRequest(
          { method: 'POST', path: '/v1/projects', query: new URLSearchParams(), body: {} },
          PROVISION_SCOPES,
        ),
        { scriptId: 7 },
      ),
    ).toEqual([`Invalid value at 'script_id' (TYPE_STRING), 7`]);
  });

  it('from the command line, as the administrator: the cached sign-in’s token on every request', async () => {
    const google = await new FakeOAuthServer().start();
    try {
      const configHome = await mkdtemp(join(tmpdir(), 'dual-coverage-provision-'));
      const clientFile = join(configHome, 'client_secret.json');
      await writeFile(clientFile, JSON.stringify(google.clientFile()));
      const env = { XDG_CONFIG_HOME: configHome };
      await refreshTokenCache(env, google.clientId).save({
        refreshToken: google.issueRefreshToken(PROVISION_SCOPES.join(' ')),
        scopes: [...PROVISION_SCOPES],
      });
      const first = recorded.length;
      let stdout = '';
      let stderr = '';
      const code = await runCli(
        [
          'provision',
          ...['--title', '外事委员会', '--oauth-client', clientFile],
          ...['--service-account', 'sync@project.iam.gserviceaccount.com'],
          ...['--google-root', `${server.url}/`],
        ],
        { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`已登录 Google（授权保存在 ${join(configHome, 'dual-coverage')}`);
      expect(stdout).toContain('已创建表格「外事委员会」');
      const sent = recorded.slice(first);
      expect(sent).toHaveLength(5);
      for (const request of sent) expect(request.check.problems).toEqual([]);
      const [authorization] = new Set(sent.map((r) => r.authorization));
      expect(new Set(sent.map((r) => r.authorization)).size).toBe(1);
      expect(google.issued(authorization?.replace(/^Bearer /, '') ?? '')).toBe(true);
      expect(google.tokenRequests).toEqual([{ grantType: 'refresh_token', status: 200 }]);
    } finally {
      await google.close();
    }
  });

  it('without an OAuth client it says which file to pass', async () => {
    let stderr = '';
    const code = await runCli(
      ['provision', '--title', '外事委员会', '--service-account', 'sync@x.iam.gserviceaccount.com'],
      { stdout: () => undefined, stderr: (t) => (stderr += t), env: {} },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^provision 需要 --oauth-client client_secret\.json：管理员自己的“桌面应用”OAuth 客户端/,
    );
  });
});
