import { describe, expect, it } from 'vitest';
import {
  createAccessTokenSource,
  parseServiceAccountKey,
} from '../../src/sheets/service-account-token';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';

describe('the project’s Sheets client works against the stand-in unchanged', () => {
  it('gets a token with a stand-in key file, reads, and writes atomically', async () => {
    const standIn = new SheetsStandIn();
    const keyFile = await standIn.createServiceAccount(
      'sync@dual-coverage-test.iam.gserviceaccount.com',
    );
    const id = standIn.createSpreadsheet({
      sheets: [{ title: '委员', rows: [['委员编号', '姓名']] }],
    });
    standIn.share(id, [keyFile.client_email]);
    const tokens = createAccessTokenSource({
      fetch: standIn.fetch,
      key: parseServiceAccountKey(keyFile),
    });
    const client = createSheetsClient({ fetch: standIn.fetch, tokens });

    const read = await client.getSpreadsheet(id, {
      fields: 'sheets(properties(sheetId,title),data.rowData.values.effectiveValue)',
      ranges: ["'委员'!A1:B2"],
    });
    expect(read.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[1]?.effectiveValue).toEqual({
      stringValue: '姓名',
    });

    const written = await client.batchUpdate(id, {
      requests: [
        { addSheet: { properties: { sheetId: 11, title: '覆盖总览' } } },
        {
          updateCells: {
            start: { sheetId: 11 },
            rows: [{ values: [{ userEnteredValue: { stringValue: '=IMPORTXML(1)' } }] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    });
    expect(written.replies).toHaveLength(2);
    expect(standIn.snapshot(id).sheets[1]?.rows).toEqual([['=IMPORTXML(1)']]);
    expect(standIn.requests.map((request) => `${request.kind} ${request.status}`)).toEqual([
      'token 200',
      'spreadsheets.get 200',
      'spreadsheets.batchUpdate 200',
    ]);
  });
});
