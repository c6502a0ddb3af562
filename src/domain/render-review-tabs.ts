import type { Analysis } from './analysis';
import type { Review, ReviewBlock } from './compose-review';
import type { Ledger } from './compute-ledger';
import type { Account } from './compute-responsibility-ledger';
import { textUnits, unitsIn } from './lay-out-tab';
import { LEDGER_FIELDS, LEDGER_TAB, ledgerCells } from './ledger-row';
import type { OutputTab } from './output-tab';
import { TabBuilder } from './tab-builder';

/**
 * 评估报告 prints as a document: A4 portrait, one page wide at full size (660 px, the printable
 * width: tab-builder's PORTRAIT_PX). A name with its 委员编号 fits columns A–C without wrapping,
 * and the rates table (指标, 本期, 上期末, 变化) fits A–D; longer text wraps in its cell.
 */
const REVIEW_WIDTHS = [136, 136, 136, 104, 84, 64];
/**
 * Text units per paragraph line of 评估报告, measured as every column is: a line must fit the
 * tab's width in Excel's 11 pt too, or its end would fall outside the printed page.
 */
const LINE_UNITS = unitsIn(REVIEW_WIDTHS.reduce((sum, w) => sum + w, 0));
const CLOSING = new Set('，。、；：）」』”？！…'.split(''));

/** 缺口台账, 责任落实 and 评估报告 as output tabs (contract §7.1, §7.3, §7.4). */
export function renderReviewTabs(
  analysis: Analysis,
  ledger: Ledger,
  accounts: Account[],
  review: Review,
): OutputTab[] {
  return [
    ledgerTab(analysis, ledger),
    accountsTab(analysis, accounts),
    reviewTab(analysis, review),
  ];
}

/**
 * 缺口台账: one line per row, each column as wide as its longest text, so a ledger of 20,000
 * rows stays a register to filter, and its write carries no per-row heights or wrapping
 * formats.
 */
function ledgerTab(analysis: Analysis, ledger: Ledger): OutputTab {
  const t = new TabBuilder();
  t.add(
    LEDGER_FIELDS.map((field) => LEDGER_TAB.columns[field][0]),
    'header',
  );
  for (const entry of ledger.entries) {
    if (entry.kind === 'row') t.add(ledgerCells(entry.row));
    else t.add(entry.cells, 'muted');
  }
  // Ranges over whole columns: the write makes each one request, however long the ledger.
  const below = t.rows.length - 1;
  t.style(1, LEDGER_FIELDS.indexOf('days'), below, 1, 'center');
  t.style(1, LEDGER_FIELDS.indexOf('check'), below, 1, 'muted');
  return {
    ...t.build('缺口台账', 1, analysis, { wrap: false }),
    // Edited in place: a sync changes the open rows, appends new ones, drops a few at the cap.
    readRows: [0, ...ledger.entries.map((entry) => entry.readRow ?? -1)],
  };
}

function accountsTab(analysis: Analysis, accounts: Account[]): OutputTab {
  const t = new TabBuilder();
  t.add(
    ['姓名', '职务', '分工', '未解决覆盖缺口', '未解决责任缺口', '最长持续天数', '本期已解决'],
    'header',
  );
  if (accounts.length === 0)
    t.line(['「分党组」表中尚无人员，缺口台账中也没有未解决的缺口。'], 'muted');
  for (const a of accounts) {
    const duties = [
      a.dutyGroups.length > 0 ? `履职小组：${a.dutyGroups.join('、')}` : '',
      a.tasks.length > 0 ? `工作任务：${a.tasks.join('、')}` : '',
    ].filter((part) => part !== '');
    const row = t.add([
      a.owner,
      a.post ?? '—',
      duties.length > 0 ? duties.join('；') : a.post ? '（无）' : '',
      a.openCoverage,
      a.openResponsibility,
      a.oldestOpenDays ?? '—',
      a.closedThisPeriod,
    ]);
    t.style(row, 3, 1, 4, 'center');
    t.style(row, 3, 1, 1, a.openCoverage > 0 ? 'bad' : 'good');
    t.style(row, 4, 1, 1, a.openResponsibility > 0 ? 'bad' : 'good');
  }
  return t.build('责任落实', 1, analysis);
}

function reviewTab(analysis: Analysis, review: Review): OutputTab {
  const t = new TabBuilder();
  t.line([review.title], 'title');
  t.line([review.subtitle], 'muted');
  for (const section of review.sections) {
    // One blank row before a heading; a section ending in a table has left one already.
    if (t.rows.at(-1)?.length !== 0) t.blank();
    t.line([section.heading], 'section');
    for (const block of section.blocks) addBlock(t, block);
  }
  return t.build('评估报告', 0, analysis, { columnWidths: REVIEW_WIDTHS, wrap: true });
}

function addBlock(t: TabBuilder, block: ReviewBlock): void {
  if (block.kind === 'subheading') t.line([block.text], 'label');
  else if (block.kind === 'paragraph') for (const line of lines(block.text)) t.line([line]);
  else {
    t.add(block.columns, 'header');
    for (const row of block.rows) t.add(row);
    t.blank();
  }
}

/**
 * A paragraph cut into lines that fit the tab's width, each written to one cell and shown
 * across the empty cells to its right. No line starts with closing punctuation or ends with
 * opening punctuation, and a run of Latin letters and digits (a 委员编号) is not split.
 */
function lines(text: string): string[] {
  const result: string[] = [];
  // The line's units, kept as characters are added rather than counted again for each one:
  // they add up, except after a lone high surrogate, which textUnits reads with what follows.
  const additive = !LONE_HIGH_SURROGATE.test(text);
  let line = '';
  let units = 0;
  for (const char of text) {
    const charUnits = textUnits(char);
    if (units + charUnits > LINE_UNITS && !CLOSING.has(char)) {
      const tail = (WORD.test(char) ? WORD_TAIL : OPENING_TAIL).exec(line)?.[0] ?? '';
      const kept = tail.length < line.length ? line.slice(0, line.length - tail.length) : line;
      result.push(kept);
      line = line.slice(kept.length);
      units = textUnits(line);
    }
    line += char;
    units = additive ? units + charUnits : textUnits(line);
  }
  if (line !== '') result.push(line);
  return result;
}

const LONE_HIGH_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/;

const WORD = /[A-Za-z0-9-]/;
const WORD_TAIL = /[（「『“]*[A-Za-z0-9-]*$/;
const OPENING_TAIL = /[（「『“]*$/;
