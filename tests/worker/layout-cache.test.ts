import { afterEach, describe, expect, it, vi } from 'vitest';
import { coveredCommittee, settings } from '../support/domain-fixture';
import { signedSync, workerHarness } from './worker-harness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('issue #12: the sheet’s Durable Object keeps its layout between syncs', () => {
  it('syncs a template-made sheet in three Sheets calls the first time and two after', async () => {
    const { standIn, addSpreadsheet } = await workerHarness();
    const id = addSpreadsheet({
      设置: settings(['专委会名称', '测试专委会']),
      ...coveredCommittee(),
    });
    const sheetsCalls = async (nonce: string) => {
      const response = await signedSync(id, {
        body: JSON.stringify({ trigger: 'menu', nonce }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { stats: { sheetsApiCalls: number } }).stats
        .sheetsApiCalls;
    };
    expect(await sheetsCalls('first')).toBe(3);
    const before = standIn.requests.length;
    expect(await sheetsCalls('second')).toBe(2);
    expect(
      standIn.requests
        .slice(before)
        .map((r) => r.kind)
        .filter((kind) => kind !== 'token'),
    ).toEqual(['values.batchGet', 'spreadsheets.batchUpdate']);
  });
});
