import { describe, expect, it } from 'vitest';
import {
  activities,
  analyse,
  analyseRaw,
  coveredCommittee,
  gapsWith,
  issuesWith,
  members,
  reasonsOf,
  settings,
} from '../support/domain-fixture';

describe('contract §2: columns are found by header text', () => {
  it('reads reordered columns and ignores columns staff added', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [
      ['备注', '联系人', '政治面貌', '姓名', '委员编号', '履职党小组', '履职小组', '界别'],
      ['班长', '', '中共党员', '王书记', 'A01', '种业党小组', '种业组', '中共'],
      ['', 'A01', '民盟盟员', '李委员', 'A02', '', '种业组', '民盟'],
    ];
    const result = analyse(tabs);
    expect(result.summary.rates.org).toEqual({ covered: 1, total: 1 });
    expect(result.summary.rates.contact).toEqual({ covered: 1, total: 1 });
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('accepts the English aliases, in any case, and tabs by their English names', () => {
    const tabs = coveredCommittee();
    const { 委员: _, 分党组: __, ...rest } = tabs;
    const result = analyse({
      ...rest,
      Members: [
        ['id', 'NAME', 'Sector', 'Affiliation', 'Duty group', 'Party Group', 'contact', 'Status'],
        ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', '', ''],
        ['A02', '李委员', '民盟', '民盟', '种业组', '', 'A01', ''],
      ],
      'Party subgroup': [
        ['Name', 'ID', 'Post', 'Duties'],
        ['王书记', 'A01', '书记', ''],
      ],
    });
    expect(result.summary.rates.work).toEqual({ covered: 2, total: 2 });
    expect(result.summary.responsibilityGaps).toEqual([]);
  });

  it('ignores surrounding spaces and full-width forms in headers (NFKC)', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [
      [' 委员编号 ', '　姓名', '界别', '政治面貌', '履职小组', '履职党小组', 'Ｃｏｎｔａｃｔ'],
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组', ''],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', 'A01'],
    ];
    expect(analyse(tabs).summary.rates.contact).toEqual({ covered: 1, total: 1 });
  });

  it('uses the first of two columns with the same header and reports the second', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [
      ['委员编号', '姓名', '界别', '政治面貌', '联系人', '联系人'],
      ['A01', '王书记', '中共', '中共党员', '', ''],
      ['A02', '李委员', '民盟', '民盟盟员', 'A01', 'NOBODY'],
    ];
    const result = analyse(tabs);
    expect(issuesWith(result, 'CONFLICT')).toEqual([
      expect.objectContaining({ tab: '委员', row: 1, column: '联系人' }),
    ]);
    expect(issuesWith(result, 'UNKNOWN_PERSON')).toEqual([]);
  });
});

describe('contract §2: a row whose cells are all blank is skipped silently, wherever it is', () => {
  it('skips blank, whitespace-only and missing rows and keeps spreadsheet row numbers', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [
      ...members(['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组']),
      [],
      ['  ', '', null],
      undefined as unknown as [],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', 'A01'],
      ['A03', '', '民盟', '民盟盟员'],
    ];
    const result = analyse(tabs);
    expect(result.summary.rates.work.total).toBe(2);
    expect(issuesWith(result, 'MISSING_VALUE')).toEqual([
      expect.objectContaining({ tab: '委员', row: 7, column: '姓名' }),
    ]);
  });
});

describe('contract §5: only a missing 委员 tab or a missing required 委员 column stops the sync', () => {
  it('stops without a 委员 tab, naming it', () => {
    const { 委员: _, ...rest } = coveredCommittee();
    const result = analyseRaw(rest);
    expect(result).toEqual({
      ok: false,
      problem: { code: 'MISSING_TAB', message: expect.stringContaining('「委员」') },
    });
  });

  it('stops when 委员 lacks a required column, naming each missing column', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [
      ['姓名', '界别', '联系人'],
      ['王书记', '中共', ''],
    ];
    const result = analyseRaw(tabs);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('MISSING_COLUMN');
    expect(result.problem.message).toContain('委员编号');
    expect(result.problem.message).toContain('政治面貌');
    expect(result.problem.message).not.toContain('「姓名」');
  });

  it('says where the header row is when it was moved down', () => {
    const tabs = coveredCommittee();
    tabs.委员 = [['2026 年委员名单'], [], ...members(['A01', '王书记', '中共', '中共党员'])];
    const result = analyseRaw(tabs);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toContain('第 3 行看起来是表头');
  });

  it('goes on without an optional tab, reporting it once', () => {
    const { 活动记录: _, ...rest } = coveredCommittee();
    const result = analyse(rest);
    expect(issuesWith(result, 'MISSING_TAB')).toEqual([
      expect.objectContaining({ tab: '活动记录', row: null }),
    ]);
    expect(reasonsOf(result, 'A02')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
  });

  it('reads no settings tab as all defaults, without an issue', () => {
    const result = analyse(coveredCommittee());
    expect(issuesWith(result, 'MISSING_TAB')).toEqual([]);
    expect(result.summary.period.label).toBe('2026年第二季度');
  });

  it('ignores an optional tab missing a required column, with one issue per column', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = [
      ['日期', '主题', '参与委员'],
      ['2026-05-06', '走访', 'A02'],
    ];
    const result = analyse(tabs);
    expect(issuesWith(result, 'MISSING_COLUMN').map((i) => i.column)).toEqual(['类型', '组织人']);
    expect(reasonsOf(result, 'A02')).toContain('NOT_REACHED');
  });
});

describe('contract §2.1 设置', () => {
  it('applies every key', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(
      ['专委会名称', '农业和农村委员会'],
      ['评估周期', '月'],
      ['联系频次', 2],
      ['联系人负荷上限', '3'],
      ['传达时限天数', 10],
      ['诉求办结时限天数', 15],
      ['时区', 'Asia/Urumqi'],
    );
    const result = analyse(tabs);
    expect(result.summary.period).toEqual({
      label: '2026年5月',
      start: '2026-05-01',
      end: '2026-05-31',
    });
    expect(reasonsOf(result, 'A02')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
    expect(result.tabs[0]?.rows[0]?.[0]).toBe('农业和农村委员会「两个全覆盖」覆盖总览');
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('reports unknown keys and unparsable values and keeps the defaults', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(
      ['联系人上限', 3],
      ['联系频次', 0],
      ['联系人负荷上限', 2.5],
      ['评估周期', '两月'],
      ['时区', 'Mars/Olympus'],
      ['传达时限天数', '一周'],
    );
    const result = analyse(tabs);
    expect(issuesWith(result, 'UNKNOWN_KEY')).toEqual([
      expect.objectContaining({ tab: '设置', row: 2, column: '项目' }),
    ]);
    expect(issuesWith(result, 'BAD_VALUE').map((i) => i.row)).toEqual([3, 4, 5, 6, 7]);
    expect(result.summary.period.label).toBe('2026年第二季度');
    expect(reasonsOf(result, 'A02')).toEqual([]);
  });

  it('uses the spreadsheet time zone when 设置 names none, else Asia/Shanghai', () => {
    // 2026-05-11 20:00 UTC is already 2026-05-12 in Shanghai, still 2026-05-11 in New York.
    const now = Date.UTC(2026, 4, 11, 20);
    const noAsOf = { now, asOf: undefined };
    expect(analyse(coveredCommittee(), noAsOf).summary.asOf).toBe('2026-05-12');
    expect(
      analyse(coveredCommittee(), { ...noAsOf, spreadsheetTimeZone: 'America/New_York' }).summary
        .asOf,
    ).toBe('2026-05-11');
    const tabs = coveredCommittee();
    tabs.设置 = settings(['时区', 'America/New_York']);
    expect(analyse(tabs, { ...noAsOf, spreadsheetTimeZone: 'Asia/Tokyo' }).summary.asOf).toBe(
      '2026-05-11',
    );
  });
});

describe('contract §2.1 委员', () => {
  it('excludes later duplicate IDs, compared case-insensitively after NFKC', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', 'A01'],
      ['ａ０２', '李二', '民盟', '民盟盟员', '种业组', '', 'A01'],
    );
    const result = analyse(tabs);
    expect(issuesWith(result, 'DUPLICATE_ID')).toEqual([
      expect.objectContaining({ tab: '委员', row: 4, column: '委员编号' }),
    ]);
    expect(result.summary.rates.work.total).toBe(2);
  });

  it('excludes a row missing 委员编号, 姓名 or 政治面貌', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['', '无编号', '民盟', '民盟'],
      ['A04', '', '民盟', '民盟'],
      ['A05', '无面貌', '民盟', ''],
    );
    const result = analyse(tabs);
    expect(issuesWith(result, 'MISSING_VALUE').map((i) => [i.row, i.column])).toEqual([
      [4, '委员编号'],
      [5, '姓名'],
      [6, '政治面貌'],
    ]);
    expect(result.summary.rates.work.total).toBe(2);
  });

  it('counts a blank 界别 as 未填写, with an issue', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '赵委员', '', '无党派人士', '种业组', '', 'A01']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'MISSING_VALUE')).toEqual([
      expect.objectContaining({ row: 4, column: '界别' }),
    ]);
    const bySector = result.tabs[0]?.rows.find((r) => r[0] === '未填写');
    expect(bySector?.[1]).toBe(1);
  });

  it('knows every affiliation of the vocabulary, and treats any other value as non-CPC with an issue', () => {
    const cpc = ['中共党员', '中国共产党党员', '共产党员', '中共预备党员', '中共', '党员'];
    const others = [
      '民革党员',
      '民盟盟员',
      '民建会员',
      '民进会员',
      '农工党党员',
      '致公党党员',
      '九三学社社员',
      '台盟盟员',
    ];
    const short = [
      '民革',
      '民盟',
      '民建',
      '民进',
      '农工党',
      '致公党',
      '九三学社',
      '台盟',
      '无党派人士',
      '无党派',
      '群众',
    ];
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ...cpc.map((a, i) => [`C${i}`, `党员${i}`, '中共', a, '种业组', '种业党小组']),
      ...[...others, ...short].map((a, i) => [`N${i}`, `党外${i}`, '其他', a, '种业组', '', 'C0']),
      ['X1', '未知', '其他', '共青团员', '种业组', '', 'C0'],
    );
    const result = analyse(tabs);
    expect(result.summary.rates.org.total).toBe(cpc.length);
    expect(result.summary.rates.contact.total).toBe(others.length + short.length + 1);
    expect(issuesWith(result, 'BAD_VALUE')).toEqual([
      expect.objectContaining({
        row: 27,
        column: '政治面貌',
        message: expect.stringContaining('非中共党员'),
      }),
    ]);
  });

  it('treats an unknown 履职小组 as blank, with UNKNOWN_GROUP', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '赵委员', '中共', '中共党员', '水利组', '种业党小组']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'UNKNOWN_GROUP')).toEqual([
      expect.objectContaining({ row: 4, column: '履职小组' }),
    ]);
    expect(result.tabs[0]?.rows.some((r) => r[0] === '（未分组）')).toBe(true);
  });

  it('ignores a 履职党小组 filled for a non-CPC member, with an issue', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '种业党小组', 'A01'],
    );
    const result = analyse(tabs);
    expect(issuesWith(result, 'BAD_VALUE')).toEqual([
      expect.objectContaining({ row: 3, column: '履职党小组' }),
    ]);
    expect(result.summary.rates.org.total).toBe(1);
  });

  it('counts only 在任 (or blank) members as active; another status is an issue, treated as 在任', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '离任者', '民盟', '民盟', '种业组', '', '', '离任'],
      ['A04', '暂停者', '民盟', '民盟', '种业组', '', '', '暂停'],
      ['A05', '退休', '民盟', '民盟', '种业组', '', 'A01', '退休'],
    );
    const result = analyse(tabs);
    expect(result.summary.rates.work.total).toBe(3);
    expect(reasonsOf(result, 'A03')).toEqual([]);
    expect(reasonsOf(result, 'A05')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
    expect(issuesWith(result, 'BAD_VALUE')).toEqual([
      expect.objectContaining({ row: 6, column: '状态' }),
    ]);
  });
});

describe('contract §2.1 分党组', () => {
  it('accepts 党组成员 as 成员 and treats other posts as 成员, with an issue', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '党组成员', ''], ['周敏', '', '主任', '']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'BAD_VALUE')).toEqual([
      expect.objectContaining({ row: 4, column: '职务' }),
    ]);
    const idle = result.summary.responsibilityGaps.filter((g) => g.code === 'SUBGROUP_MEMBER_IDLE');
    expect(idle.map((g) => g.subject)).toEqual(['周敏', '陈刚']);
  });

  it('makes the first 书记 the 书记 and counts the others as 成员', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '书记', '']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'DUPLICATE_SECRETARY')).toEqual([
      expect.objectContaining({ row: 3 }),
    ]);
    expect(result.summary.responsibilityGaps).toEqual([
      expect.objectContaining({ code: 'SUBGROUP_MEMBER_IDLE', subject: '陈刚', owner: '王书记' }),
    ]);
  });

  it('treats an unknown 委员编号 as a non-member, named by 姓名', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', 'Z99', '成员', '']);
    tabs.活动记录.push(['2026-05-07', '理论学习', '', '陈刚', 'A01、A02']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'UNKNOWN_PERSON')).toEqual([
      expect.objectContaining({ tab: '分党组', row: 3, column: '委员编号' }),
    ]);
    expect(result.summary.responsibilityGaps).toEqual([]);
  });

  it('counts every 分党组 person as CPC and active', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.委员.push(['A03', '赵委员', '民盟', '民盟', '种业组', '', '陈刚']);
    tabs.活动记录.push(['2026-05-07', '联系谈心', '', '陈刚', 'A03']);
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A03')).toEqual([]);
  });
});

describe('contract §2.1 履职小组', () => {
  it('excludes later duplicate names', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(['种业组', '', '', '', '']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'DUPLICATE_ID')).toEqual([
      expect.objectContaining({ tab: '履职小组', row: 3 }),
    ]);
    expect(result.summary.responsibilityGaps).toEqual([]);
  });

  it('takes the party groups from the distinct 履职党小组 values; two duty groups may share one', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(['乡村组', 'A01', '种业党小组', '', 'A01']);
    tabs.委员.push(['A03', '赵委员', '中共', '中共党员', '乡村组', '种业党小组']);
    tabs.活动记录.push(['2026-05-07', '理论学习', '', 'A01', 'A03']);
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A03')).toEqual([]);
    expect(result.summary.responsibilityGaps).toEqual([]);
  });

  it('reports different 党小组组长 for one party group and counts the first', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '赵委员', '中共', '中共党员', '乡村组', '种业党小组']);
    tabs.履职小组.push(['乡村组', 'A01', '种业党小组', 'A03', 'A01']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'CONFLICT')).toEqual([
      expect.objectContaining({ tab: '履职小组', row: 3, column: '党小组组长' }),
    ]);
    expect(gapsWith(result, 'PARTY_GROUP_NO_LEADER')).toEqual([]);
  });
});

describe('contract §2.1 活动记录', () => {
  it('excludes rows with a bad or missing 日期 or 类型, or a blank 组织人', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(
      ['下周', '联系谈心', '', 'A01', 'A02'],
      ['', '联系谈心', '', 'A01', 'A02'],
      ['2026-05-06', '座谈', '', 'A01', 'A02'],
      ['2026-05-06', '', '', 'A01', 'A02'],
      ['2026-05-06', '联系谈心', '', '', 'A02'],
    );
    const result = analyse(tabs);
    expect(result.summary.dataIssues.map((i) => [i.row, i.code, i.column])).toEqual([
      [2, 'BAD_DATE', '日期'],
      [3, 'MISSING_VALUE', '日期'],
      [4, 'BAD_VALUE', '类型'],
      [5, 'MISSING_VALUE', '类型'],
      [6, 'MISSING_VALUE', '组织人'],
    ]);
    expect(reasonsOf(result, 'A02')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
  });

  it('keeps a row with an unresolved participant; the others still count', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(['2026-05-06', '联系谈心', '', 'A01', '张三、A02']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'UNKNOWN_PERSON')).toEqual([
      expect.objectContaining({
        row: 2,
        column: '参与委员',
        message: expect.stringContaining('张三'),
      }),
    ]);
    expect(reasonsOf(result, 'A02')).toEqual([]);
  });

  it('is party work only when organised by a CPC person and not of type 其他', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '赵委员', '民盟', '民盟', '种业组', '', 'A01']);
    tabs.活动记录 = activities(
      ['2026-05-06', '联系谈心', '', 'A01', 'A02、A03'],
      ['2026-05-07', '调研', '', 'A02', 'A03'],
      ['2026-05-08', '其他', '', 'A01', 'A03'],
    );
    const result = analyse(tabs);
    const gap = result.tabs[1]?.rows.find((r) => r[0] === 'A03');
    expect(reasonsOf(result, 'A03')).toEqual([]);
    expect(gap).toBeUndefined();
    tabs.活动记录.splice(1, 1);
    const without = analyse(tabs);
    expect(reasonsOf(without, 'A03')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
  });

  it('does not count 分党组 persons who are not members as participants', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.活动记录 = activities(
      ['2026-05-06', '联系谈心', '', 'A01', 'A02'],
      ['2026-05-07', '理论学习', '', 'A01', '陈刚'],
    );
    const result = analyse(tabs);
    expect(result.summary.rates.work).toEqual({ covered: 1, total: 2 });
    expect(reasonsOf(result, 'A01')).toEqual(['NOT_REACHED']);
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('reports a 关联事项 that names no item', () => {
    const tabs = coveredCommittee();
    tabs.活动记录.push(['2026-05-07', '征求意见', '', 'A01', 'A02', 'X-9']);
    const result = analyse(tabs);
    expect(issuesWith(result, 'BAD_VALUE')).toEqual([
      expect.objectContaining({ row: 4, column: '关联事项' }),
    ]);
  });
});
