import type { Review, ReviewBlock } from './compose-review';
import type { Ledger } from './compute-ledger';
import type { Account } from './compute-responsibility-ledger';
import { LEDGER_FIELDS, LEDGER_TAB, ledgerCells } from './ledger-row';
import type { OutputTab } from './output-tab';
import type { ReviewTabName } from './review-tab-names';
import { TabBuilder } from './tab-builder';

/** An output tab of the review; its name joins OutputTabName when the sync writes it. */
export type ReviewTab = Omit<OutputTab, 'name'> & { name: ReviewTabName };

/** Text units per line of a paragraph in 评估报告: a CJK character counts two. */
const LINE_UNITS = 96;
const CLOSING = new Set('，。、；：）」』”？！…'.split(''));

/**
 * 缺口台账, 责任落实 and 评估报告 as output tabs. Ledger rows are not coloured one by one: at
 * 20,000 rows that would be thousands of format requests in the sync's one write.
 */
export function renderReviewTabs(ledger: Ledger, accounts: Account[], review: Review): ReviewTab[] {
  return [ledgerTab(ledger), accountsTab(accounts), reviewTab(review)];
}

function ledgerTab(ledger: Ledger): ReviewTab {
  const t = new TabBuilder();
  t.add(
    LEDGER_FIELDS.map((field) => LEDGER_TAB.columns[field][0]),
    'header',
  );
  for (const entry of ledger.entries) {
    if (entry.kind === 'row') t.add(ledgerCells(entry.row));
    else t.add(entry.cells, 'muted');
  }
  t.style(1, LEDGER_FIELDS.length - 1, t.rows.length - 1, 1, 'muted');
  return built(t, '缺口台账', [80, 150, 110, 110, 120, 150, 90, 90, 90, 70, 90, 80]);
}

function accountsTab(accounts: Account[]): ReviewTab {
  const t = new TabBuilder();
  t.add(
    ['姓名', '职务', '分工', '未解决覆盖缺口', '未解决责任缺口', '最长持续天数', '本期已解决'],
    'header',
  );
  if (accounts.length === 0)
    t.add(['「分党组」表中尚无人员，缺口台账中也没有未解决的缺口。'], 'muted');
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
    t.style(row, 2, 1, 1, 'wrap');
    t.style(row, 3, 1, 1, a.openCoverage > 0 ? 'bad' : 'good');
    t.style(row, 4, 1, 1, a.openResponsibility > 0 ? 'bad' : 'good');
  }
  return built(t, '责任落实', [160, 70, 320, 110, 110, 100, 90]);
}

function reviewTab(review: Review): ReviewTab {
  const t = new TabBuilder();
  t.add([review.title], 'title');
  t.add([review.subtitle], 'muted');
  for (const section of review.sections) {
    // One blank row before a heading; a section ending in a table has left one already.
    if (t.rows.at(-1)?.length !== 0) t.blank();
    t.add([section.heading], 'section');
    for (const block of section.blocks) addBlock(t, block);
  }
  return built(t, '评估报告', [150, 120, 120, 120, 120, 130]);
}

function addBlock(t: TabBuilder, block: ReviewBlock): void {
  if (block.kind === 'subheading') t.add([block.text], 'label');
  else if (block.kind === 'paragraph') for (const line of lines(block.text)) t.add([line]);
  else {
    t.add(block.columns, 'header');
    for (const row of block.rows) t.add(row, 'wrap');
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
  let line = '';
  for (const char of text) {
    if (units(line) + units(char) > LINE_UNITS && !CLOSING.has(char)) {
      const tail = (WORD.test(char) ? WORD_TAIL : OPENING_TAIL).exec(line)?.[0] ?? '';
      const kept = tail.length < line.length ? line.slice(0, line.length - tail.length) : line;
      result.push(kept);
      line = line.slice(kept.length);
    }
    line += char;
  }
  if (line !== '') result.push(line);
  return result;
}

const WORD = /[A-Za-z0-9-]/;
const WORD_TAIL = /[（「『“]*[A-Za-z0-9-]*$/;
const OPENING_TAIL = /[（「『“]*$/;

function units(text: string): number {
  let n = 0;
  for (const char of text) n += char.charCodeAt(0) > 0xff ? 2 : 1;
  return n;
}

function built(t: TabBuilder, name: ReviewTabName, columnWidths: number[]): ReviewTab {
  return {
    name,
    rows: t.rows,
    styles: t.styles,
    columnWidths,
    // Laid out and given its page header when the sync writes it (issue #13's wiring).
    rowHeights: t.rows.map(() => 21),
    frozenRows: name === '评估报告' ? 0 : 1,
    charts: t.charts,
    print: { landscape: true, header: ['', name, ''], footer: '第 {page} 页，共 {pages} 页' },
  };
}
