import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/sync/run-sync';
import { coveredCommittee, members, settings } from '../support/domain-fixture';
import { standInWorkbook } from '../support/stand-in-workbook';
import { CELL_LIMIT, longText } from './hostile-workbook';

/** Bugs the hostile workbooks found, each pinned by the smallest workbook that shows it. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('an output cell never exceeds the 50,000 characters Google accepts', () => {
  it('cuts a 50,000-character committee name copied into the overview title, and syncs', async () => {
    const tabs = { ...coveredCommittee(), 设置: settings(['专委会名称', longText('农')]) };
    const book = standInWorkbook(tabs);
    await book.sync();
    const title = book.tab('覆盖总览')[0]?.[0] as string;
    expect(title).toHaveLength(CELL_LIMIT);
    expect(title.endsWith('农…')).toBe(true);
  });

  it('cuts a name NFKC lengthens: ﷺ is 18 characters', async () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', longText('ﷺ'), '民盟', '民盟']);
    const book = standInWorkbook(tabs);
    await book.sync();
    const name = String(book.tab('覆盖缺口').find((row) => row[0] === 'A03')?.[1]);
    expect(name).toHaveLength(CELL_LIMIT);
    expect(name.endsWith('…')).toBe(true);
  });

  it('never cuts an emoji in half', async () => {
    const tabs = { ...coveredCommittee(), 设置: settings(['专委会名称', longText('🌾')]) };
    const book = standInWorkbook(tabs);
    await book.sync();
    const title = book.tab('覆盖总览')[0]?.[0] as string;
    expect(title).not.toMatch(LONE_SURROGATE);
    expect(title.endsWith('🌾…')).toBe(true);
  });
});

describe('a data issue quotes a long cell cut to 200 characters', () => {
  it.each([
    ['an unknown duty group', ['A03', '新委员', '民盟', '民盟', longText('组')], 'UNKNOWN_GROUP'],
    ['a duplicate 委员编号', [longText('Ｉ'), '新委员', '民盟', '民盟'], 'DUPLICATE_ID'],
  ])('%s', async (_what, row, code) => {
    const tabs = coveredCommittee();
    tabs.委员.push(row);
    if (code === 'DUPLICATE_ID') tabs.委员.push(row);
    const { dataIssues } = await standInWorkbook(tabs).sync();
    const issue = dataIssues.find((i) => i.code === code);
    expect(issue?.message.length).toBeLessThan(400);
    expect(issue?.message).toContain('…');
  });

  it('for an unknown 设置 key too', async () => {
    const tabs = { ...coveredCommittee(), 设置: settings([longText('键'), '1']) };
    const { dataIssues } = await standInWorkbook(tabs).sync();
    expect(dataIssues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_KEY',
        message: expect.stringMatching(/^.{0,300}$/),
      }),
    ]);
  });

  it('and lists the IDs of same-named members cut too', async () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      [longText('Ｘ'), '同名', '民盟', '民盟'],
      [longText('Ｙ'), '同名', '民盟', '民盟'],
      ['A03', '新委员', '民盟', '民盟', '', '', '同名'],
    );
    const { dataIssues } = await standInWorkbook(tabs).sync();
    const issue = dataIssues.find((i) => i.code === 'AMBIGUOUS_NAME');
    expect(issue?.message.length).toBeLessThan(600);
  });
});

describe('contract §5: staff tabs with output names', () => {
  it('are all named at once, so staff rename them in one go', async () => {
    const book = standInWorkbook({ ...coveredCommittee(), 历史: [['旧表']], 覆盖缺口: [['我的']] });
    const error = await book.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toContain('工作表「历史」「覆盖缺口」不是同步生成的');
    expect((error as SyncError).message).toContain('请把它们改名');
  });

  it('still names a single one as before', async () => {
    const tabs = { ...coveredCommittee(), 委员: members(['A01', '王书记', '中共', '中共党员']) };
    const error = await standInWorkbook({ ...tabs, 历史: [['旧表']] })
      .sync()
      .catch((e: unknown) => e);
    expect((error as SyncError).message).toBe(
      '工作表「历史」不是同步生成的，为免覆盖其内容，本次没有写入任何数据：请把它改名（例如「历史（原）」）后再同步。',
    );
  });
});
