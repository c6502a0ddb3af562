import { describe, expect, it } from 'vitest';
import { benchLedgerRows } from '../../src/cli/bench-ledger';
import { LEDGER_CAP } from '../../src/domain/compute-ledger';
import type { CellValue } from '../../src/domain/workbook-input';
import type { BatchUpdateSpreadsheetRequest } from '../../src/sheets/sheets-api-types';
import { createSheetsClient } from '../../src/sheets/sheets-client';
import { SheetsStandIn } from '../../src/stand-in/sheets-stand-in';
import { runSync } from '../../src/sync/run-sync';
import { coveredCommittee } from '../support/domain-fixture';
import { reviewAt } from '../support/review-sequence';

type Row = CellValue[];

/** A committee in the stand-in, with one member uncovered, and each write the sync sent. */
function committee() {
  const standIn = new SheetsStandIn();
  const tabs: Record<string, Row[]> = coveredCommittee();
  tabs.委员?.push(['A03', '张', '民盟', '民盟盟员', '种业组', '', '', '在任']);
  const id = standIn.createSpreadsheet({
    title: '测试专委会',
    sheets: Object.entries(tabs).map(([title, rows]) => ({
      title,
      rows: rows.map((row) => row.map((value) => value ?? null)),
    })),
  });
  const writes: BatchUpdateSpreadsheetRequest[] = [];
  const client = createSheetsClient({
    fetch: async (url, init) => {
      if (url.includes(':batchUpdate') && typeof init.body === 'string')
        writes.push(JSON.parse(init.body));
      return standIn.fetch(url, init);
    },
  });
  const all = () =>
    Object.fromEntries(standIn.snapshot(id).sheets.map((s) => [s.title, s.rows as Row[]]));
  const sheetIdOf = (title: string) =>
    standIn.snapshot(id).sheets.find((s) => s.title === title)?.sheetId;
  return {
    standIn,
    id,
    writes,
    all,
    sheetIdOf,
    ledger: () => all().缺口台账 ?? [],
    /** Puts `history` (header first) above the rows of 缺口台账, as if kept for years. */
    async prepend(history: Row[]) {
      const rows = [...history, ...(all().缺口台账 ?? []).slice(1)];
      const sheetId = sheetIdOf('缺口台账');
      await createSheetsClient({ fetch: standIn.fetch }).batchUpdate(id, {
        requests: [
          {
            updateSheetProperties: {
              properties: { sheetId, gridProperties: { rowCount: rows.length, columnCount: 12 } },
              fields: 'gridProperties.rowCount,gridProperties.columnCount',
            },
          },
          {
            updateCells: {
              start: { sheetId, rowIndex: 0, columnIndex: 0 },
              rows: rows.map((row) => ({
                values: row.map((v) =>
                  typeof v === 'number'
                    ? { userEnteredValue: { numberValue: v } }
                    : v
                      ? { userEnteredValue: { stringValue: String(v) } }
                      : {},
                ),
              })),
              fields: 'userEnteredValue',
            },
          },
        ],
      });
    },
    /** Staff fill in a member's 联系人, as in the sheet. */
    async setContact(memberId: string, contact: string) {
      const row = all().委员?.findIndex((cells) => cells[0] === memberId) ?? -1;
      await createSheetsClient({ fetch: standIn.fetch }).batchUpdate(id, {
        requests: [
          {
            updateCells: {
              start: { sheetId: sheetIdOf('委员'), rowIndex: row, columnIndex: 6 },
              rows: [{ values: [{ userEnteredValue: { stringValue: contact } }] }],
              fields: 'userEnteredValue',
            },
          },
        ],
      });
    },
    /** Syncs and returns what the domain says the ledger should now hold, for comparison. */
    async sync(asOf: string): Promise<Row[]> {
      const expected = reviewAt(all(), asOf).review.tabs.find((t) => t.name === '缺口台账');
      await runSync({ spreadsheetId: id, client, trigger: 'cli', asOf });
      return (expected?.rows ?? []).map(trimmed);
    },
    /** Rows of 缺口台账 the last write put values into (updateCells), header included. */
    ledgerRowsWritten(): number {
      const sheetId = sheetIdOf('缺口台账');
      return (writes.at(-1)?.requests ?? [])
        .flatMap((r) => (r.updateCells?.range?.sheetId === sheetId ? [r.updateCells] : []))
        .reduce((sum, u) => sum + (u?.rows?.length ?? 0), 0);
    },
  };
}

/** A row as the stand-in's snapshot shows it: blanks as null, none trailing. */
function trimmed(row: readonly CellValue[]): Row {
  const cells = row.map((v) => (v === '' || v === undefined ? null : v));
  while (cells.length > 0 && cells.at(-1) === null) cells.pop();
  return cells;
}

describe('缺口台账 is edited in place, in the sync’s one write (contract §5, §7.1)', () => {
  it('holds after each sync exactly the ledger the domain computes: refreshed, closed, appended', async () => {
    const book = committee();
    expect(book.ledger().map(trimmed)).toEqual([]);
    const first = await book.sync('2026-05-12');
    expect(book.ledger().map(trimmed)).toEqual(first);
    // 张 (A03) has no contact: two rows open, and nothing else.
    expect(first.slice(1).map((row) => [row[1], row[2], row[10]])).toEqual([
      ['未明确联系人', 'A03', '未解决'],
      ['本期未参与党的工作', 'A03', '未解决'],
    ]);

    // The next day both rows are refreshed in place; no other row is written.
    const refreshed = await book.sync('2026-05-13');
    expect(book.ledger().map(trimmed)).toEqual(refreshed);
    expect(book.ledgerRowsWritten()).toBe(2);

    // A contact is named: NO_CONTACT closes; NOT_CONTACTED opens and is appended.
    await book.setContact('A03', 'A01');
    const changed = await book.sync('2026-05-20');
    expect(book.ledger().map(trimmed)).toEqual(changed);
    expect(changed.slice(1).map((row) => [row[1], row[8], row[10]])).toEqual([
      ['未明确联系人', '2026-05-20', '已解决'],
      ['本期未参与党的工作', null, '未解决'],
      ['本期未联系谈心', null, '未解决'],
    ]);
    // The closed row, the refreshed one and the appended one: nothing more.
    expect(book.ledgerRowsWritten()).toBe(3);

    // The same date again changes nothing, and writes no row of the ledger.
    expect(book.ledger().map(trimmed)).toEqual(await book.sync('2026-05-20'));
    expect(book.ledgerRowsWritten()).toBe(0);
  });

  it('at 20,000 rows deletes the oldest closed rows and appends, leaving the rest unwritten', async () => {
    const book = committee();
    await book.sync('2026-05-11');
    await book.prepend(benchLedgerRows(LEDGER_CAP - 1));
    const expected = await book.sync('2026-05-12');
    const ledger = book.ledger().map(trimmed);
    expect(ledger).toEqual(expected);
    // 19,999 closed rows and two open: the oldest closed one dropped, the open two refreshed.
    expect(ledger).toHaveLength(LEDGER_CAP + 1);
    expect(book.ledgerRowsWritten()).toBe(2);
    const requests = book.writes.at(-1)?.requests ?? [];
    expect(requests.filter((r) => r.deleteDimension)).toHaveLength(1);
    // The 持续天数 and 校验码 columns' styles are one request each, not a format in each row.
    const sheetId = book.sheetIdOf('缺口台账');
    const columnStyles = requests.filter((r) => r.repeatCell?.range?.sheetId === sheetId);
    expect(columnStyles.map((r) => r.repeatCell?.range)).toEqual([
      {
        sheetId,
        startRowIndex: 1,
        endRowIndex: LEDGER_CAP + 1,
        startColumnIndex: 9,
        endColumnIndex: 10,
      },
      {
        sheetId,
        startRowIndex: 1,
        endRowIndex: LEDGER_CAP + 1,
        startColumnIndex: 11,
        endColumnIndex: 12,
      },
    ]);

    // The nightly sync after: the two open rows refreshed, no other row written.
    const nightly = await book.sync('2026-05-13');
    expect(book.ledger().map(trimmed)).toEqual(nightly);
    expect(book.ledgerRowsWritten()).toBe(2);
    // The ledger's part of the write: a few kilobytes, where 20,000 rows would be some 12 MB.
    const ledgerRequests = (book.writes.at(-1)?.requests ?? []).filter((r) =>
      JSON.stringify(r).includes(`"sheetId":${sheetId}`),
    );
    expect(JSON.stringify(ledgerRequests).length).toBeLessThan(5_000);
  });
});
