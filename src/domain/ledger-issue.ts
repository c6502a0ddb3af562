import { isoFromSerial, type Serial } from './calendar-date';
import type { DataIssue } from './data-issue';
import { dataIssue } from './issue-messages';
import { LEDGER_TAB } from './ledger-row';

/** What the ledger reports about itself, with the facts each message states. */
export type LedgerIssueFacts =
  | { code: 'BACKDATED'; asOf: Serial; latest: Serial }
  | { code: 'LEDGER_RESTARTED'; asOf: Serial }
  | { code: 'LEDGER_TRIMMED'; dropped: number; cap: number }
  | { code: 'LEDGER_EDITED'; rows: number[] };

const SHOWN_ROWS = 10;

/** The data issue, in Chinese with how to fix it, about the 缺口台账 tab as a whole. */
export function ledgerIssue(facts: LedgerIssueFacts): DataIssue {
  const tab = LEDGER_TAB.name;
  switch (facts.code) {
    case 'BACKDATED': {
      const latest = isoFromSerial(facts.latest);
      return dataIssue(
        tab,
        null,
        '最近发现',
        'BACKDATED',
        latest,
        `本次同步的截至日期 ${isoFromSerial(facts.asOf)} 早于台账中最近一次发现缺口的日期 ${latest}，缺口台账保持原样，未作更新。`,
        `台账只能向后更新：请按 ${latest} 或之后的日期同步；要查看过去某一天的覆盖率，请看「历史」表。`,
      );
    }
    case 'LEDGER_RESTARTED':
      return dataIssue(
        tab,
        null,
        '',
        'LEDGER_RESTARTED',
        '',
        `「${tab}」表已被删除或清空，台账从本次同步（${isoFromSerial(facts.asOf)}）起重新记录：此前的缺口记录不再延续，首次发现日期从本次算起。`,
        `「${tab}」由同步自动维护，请勿删除或清空；如需旧记录，请从删除前的版本或备份中复制出来另行保存。`,
      );
    case 'LEDGER_TRIMMED':
      return dataIssue(
        tab,
        null,
        '',
        'LEDGER_TRIMMED',
        '',
        `缺口台账已达 ${facts.cap.toLocaleString('en-US')} 行上限，本次删去了最早关闭的 ${facts.dropped} 行记录。`,
        `如需保留全部记录，请定期把「${tab}」复制到另一个工作簿存档。`,
      );
    case 'LEDGER_EDITED': {
      const shown = facts.rows.slice(0, SHOWN_ROWS).join('、');
      const more = facts.rows.length > SHOWN_ROWS ? ' 等' : '';
      return dataIssue(
        tab,
        facts.rows[0] ?? null,
        '',
        'LEDGER_EDITED',
        '',
        `第 ${shown}${more} 行（共 ${facts.rows.length} 行）被手工修改过，已作为历史记录原样保留，今后同步不再更新；对应的缺口如仍存在，将另起一行记录。`,
        `「${tab}」由同步自动维护，请勿修改；如需备注，请记在其他表中。`,
      );
    }
  }
}
