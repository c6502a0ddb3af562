import { describe, expect, it } from 'vitest';
import { textUnits } from '../../src/domain/lay-out-tab';
import type { OutputTab } from '../../src/domain/output-tab';
import {
  activities,
  analyse,
  coveredCommittee,
  groups,
  members,
  settings,
  subgroup,
  tasks,
} from '../support/domain-fixture';

const tab = (result: ReturnType<typeof analyse>, name: string) =>
  result.tabs.find((t) => t.name === name) as OutputTab;
const rowStartingWith = (t: OutputTab, first: string) => t.rows.findIndex((r) => r[0] === first);
const stylesAt = (t: OutputTab, row: number, column: number) =>
  t.styles
    .filter(
      (s) =>
        row >= s.row && row < s.row + s.rows && column >= s.column && column < s.column + s.columns,
    )
    .map((s) => s.style);

describe('覆盖总览', () => {
  it('shows the period, the as-of date, the sync time and what started the sync', () => {
    const result = analyse(coveredCommittee(), {
      now: Date.UTC(2026, 4, 12, 6, 30),
      trigger: 'menu',
    });
    const overview = tab(result, '覆盖总览');
    const value = (label: string) => overview.rows[rowStartingWith(overview, label)]?.[1];
    expect(value('统计周期')).toBe('2026年第二季度（2026-04-01 至 2026-06-30）');
    expect(value('截至日期')).toBe('2026-05-12');
    expect(value('同步时间')).toBe('2026-05-12 14:30（菜单「立即同步」）');
  });

  it('heads with the three rates, their counts, as percentages coloured by band', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ...Array.from({ length: 9 }, (_, i) => [
        `B${i}`,
        `党员${i}`,
        '中共',
        '中共党员',
        '种业组',
        '种业党小组',
      ]),
    );
    tabs.委员.push(['B9', '未编入', '中共', '中共党员', '种业组', '']);
    const overview = tab(analyse(tabs), '覆盖总览');
    const org = rowStartingWith(overview, '组织覆盖率');
    expect(overview.rows[org]).toEqual(['组织覆盖率', 10 / 11, 10, 11, 1, expect.any(String)]);
    expect(stylesAt(overview, org, 1)).toEqual(['percent', 'warn']);
    const contact = rowStartingWith(overview, '联系落实率');
    expect(stylesAt(overview, contact, 1)).toEqual(['percent', 'good']);
    const work = rowStartingWith(overview, '工作覆盖率');
    expect(stylesAt(overview, work, 1)).toEqual(['percent', 'bad']);
  });

  it('counts gaps and issues, then breaks rates down per 界别 and per 履职小组 with chart regions', () => {
    const result = analyse(coveredCommittee());
    const overview = tab(result, '覆盖总览');
    expect(overview.rows[rowStartingWith(overview, '覆盖缺口')]?.[1]).toBe(0);
    expect(overview.rows[rowStartingWith(overview, '数据问题')]?.[1]).toBe(0);
    const [bySector, byGroup] = overview.charts;
    expect(overview.rows[bySector?.headerRow as number]?.[0]).toBe('界别');
    expect(overview.rows[byGroup?.headerRow as number]?.[0]).toBe('履职小组');
    expect(bySector?.rows).toBe(2);
    expect(overview.rows[(byGroup?.headerRow as number) + 1]).toEqual([
      '种业组',
      2,
      1,
      '1/1',
      1,
      '2/2',
      1,
      '1/1',
      0,
    ]);
  });

  it('lists each contact person’s load, overloaded first', () => {
    const tabs = coveredCommittee();
    tabs.设置 = [
      ['项目', '值'],
      ['联系人负荷上限', 1],
    ];
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '种业组', '种业党小组'],
      ['A04', '乙', '民盟', '民盟', '', '', 'A03'],
    );
    tabs.委员.push(['A05', '丙', '民盟', '民盟', '', '', 'A01']);
    const overview = tab(analyse(tabs), '覆盖总览');
    const header = rowStartingWith(overview, '联系人');
    expect(overview.rows[header + 1]).toEqual([
      '王书记',
      'A01',
      '分党组书记',
      '种业组',
      2,
      1,
      1,
      '超负荷',
    ]);
    expect(overview.rows[header + 2]).toEqual([
      '甲',
      'A03',
      '中共党员委员',
      '种业组',
      1,
      1,
      0,
      '正常',
    ]);
    expect(stylesAt(overview, header + 1, 7)).toContain('bad');
    expect(stylesAt(overview, header + 2, 7)).toContain('good');
  });
});

describe('覆盖缺口, 责任缺口 and 数据问题', () => {
  it('writes coverage gaps with Chinese reasons, what to do, who does it and the current contact', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟盟员', '种业组', '', '']);
    const gaps = tab(analyse(tabs), '覆盖缺口');
    expect(gaps.frozenRows).toBe(1);
    expect(gaps.rows[0]).toEqual([
      '委员编号',
      '姓名',
      '界别',
      '政治面貌',
      '履职小组',
      '缺口原因',
      '建议',
      '应由谁落实',
      '联系人',
      '党的工作次数',
      '联系谈心次数',
    ]);
    expect(gaps.rows[1]).toEqual([
      'A03',
      '甲',
      '民盟',
      '民盟盟员',
      '种业组',
      '未明确联系人；本期未参与党的工作',
      '联系人可定为 王书记（A01）；本期尚无已安排的党的工作可邀请其参加：请王书记（A01）于 2026-06-30 前邀请其参加一次（如理论学习、传达通报）',
      '王书记（A01）',
      '',
      0,
      0,
    ]);
  });

  it('says so in one line when there is nothing to list', () => {
    const result = analyse(coveredCommittee());
    expect(tab(result, '覆盖缺口').rows).toHaveLength(2);
    expect(tab(result, '责任缺口').rows[1]).toEqual(['本期各项责任均已落实到人。']);
    expect(tab(result, '数据问题').rows[1]).toEqual(['没有发现数据问题。']);
  });

  it('writes responsibility gaps with who should act, or that no 书记 is named', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(['王书记', 'A01', '成员', '']);
    tabs.工作任务 = tasks(['整理台账', '']);
    const gaps = tab(analyse(tabs), '责任缺口');
    expect(gaps.rows[1]).toEqual([
      '未明确分党组书记',
      '分党组',
      '（尚未明确分党组书记）',
      expect.any(String),
    ]);
    expect(gaps.rows[2]).toEqual([
      '任务无责任人',
      '整理台账',
      '（尚未明确分党组书记）',
      '未填写责任人。',
    ]);
  });

  it('names person subjects with their name and 委员编号', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['闲置', 'A03', '成员', '']);
    tabs.委员.push(['A03', '闲置', '中共', '中共党员', '种业组', '种业党小组']);
    const gaps = tab(analyse(tabs), '责任缺口');
    expect(gaps.rows[1]?.slice(0, 3)).toEqual([
      '分党组成员未落实分工',
      '闲置（A03）',
      '王书记（A01）',
    ]);
  });

  it('writes each data issue with its tab, row, column, value, problem and fix', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', '张三'],
    );
    const issues = tab(analyse(tabs), '数据问题');
    expect(issues.rows[0]).toEqual(['表', '行', '列', '当前值', '问题', '如何修改']);
    expect(issues.rows[1]).toEqual([
      '委员',
      3,
      '联系人',
      '张三',
      expect.stringContaining('「张三」'),
      expect.stringContaining('委员编号'),
    ]);
  });

  it('cuts very long cell values in issues', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '长', '民盟', 'x'.repeat(50_000)]);
    const [issue] = analyse(tabs).summary.dataIssues;
    expect(issue?.message.length).toBeLessThan(400);
  });
});

describe('覆盖缺口: every row says what to do and who does it', () => {
  const rowOf = (tabs: ReturnType<typeof coveredCommittee>, id: string) => {
    const gaps = tab(analyse(tabs), '覆盖缺口');
    const row = gaps.rows.find((r) => r[0] === id) ?? [];
    return { reasons: row[5], advice: row[6], owner: row[7], contact: row[8] };
  };

  it('本期未联系谈心: the member’s contact talks with them before the period ends', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(['2026-05-08', '理论学习', '学习', 'A01', 'A01、A02']);
    expect(rowOf(tabs, 'A02')).toEqual({
      reasons: '本期未联系谈心',
      advice: '请王书记（A01）于 2026-06-30 前与其联系谈心（本期已 0 次，应 1 次）',
      owner: '王书记（A01）',
      contact: '王书记（A01）',
    });
  });

  it('本期未联系谈心 with a talk already planned says so', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(
      ['2026-05-08', '理论学习', '学习', 'A01', 'A01、A02'],
      ['2026-06-02', '联系谈心', '走访', 'A01', 'A02'],
    );
    expect(rowOf(tabs, 'A02').advice).toBe(
      '已安排 2026-06-02 的联系谈心（活动记录第 3 行），按期开展即可补上',
    );
  });

  it('本期未参与党的工作: the next planned party work of the period and its organiser', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '丙', '中共', '中共党员', '种业组', '种业党小组', '', '在任']);
    tabs.分党组.push(['赵成员', '', '成员', '']);
    tabs.活动记录.push(
      ['2026-07-02', '理论学习', '下季度', 'A01', 'A01'],
      ['2026-06-10', '其他', '聚餐', 'A01', 'A01'],
      ['2026-06-20', '传达通报', '传达', '赵成员', 'A01'],
    );
    expect(rowOf(tabs, 'A03')).toMatchObject({
      reasons: '本期未参与党的工作',
      advice: '可邀请其参加 2026-06-20 的传达通报（活动记录第 6 行），组织人 赵成员',
      // The organiser does the work; the duty group's 分党组责任人 answers for it.
      owner: '王书记（A01）',
    });
  });

  it('本期未参与党的工作: a planned 全体 activity already includes the member', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '丙', '中共', '中共党员', '种业组', '种业党小组', '', '在任']);
    tabs.活动记录.push(['2026-06-20', '理论学习', '全体学习', 'A01', '全体']);
    expect(rowOf(tabs, 'A03').advice).toBe(
      '已列入 2026-06-20 的理论学习（活动记录第 4 行），按期开展即可补上',
    );
  });

  it('本期未参与党的工作 with nothing planned: the party group leader of a CPC member arranges it', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '丙', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
      ['A04', '丁', '中共', '中共党员', '种业组', '种业党小组', '', '在任'],
    );
    tabs.履职小组 = groups(['种业组', 'A01', '种业党小组', 'A04', 'A01']);
    tabs.活动记录.push(['2026-05-09', '理论学习', '学习', 'A01', 'A04']);
    expect(rowOf(tabs, 'A03')).toMatchObject({
      advice:
        '本期尚无已安排的党的工作可邀请其参加：请丁（A04）于 2026-06-30 前邀请其参加一次（如理论学习、传达通报）',
      owner: '王书记（A01）',
    });
  });

  it('planned work: after the as-of date and by the period’s end, earliest first, one listing the member first', () => {
    const withPlans = (...planned: Array<[string, string, string, string, string]>) => {
      const tabs = coveredCommittee();
      tabs.委员.push(['A03', '丙', '中共', '中共党员', '种业组', '种业党小组', '', '在任']);
      tabs.活动记录.push(...planned);
      return rowOf(tabs, 'A03').advice;
    };
    // Rows 4–7: on the as-of date (done, not planned), after the period, the later of two
    // unlisted ones, then the earlier one further down the sheet.
    expect(
      withPlans(
        ['2026-05-12', '理论学习', '当天', 'A01', 'A01'],
        ['2026-07-01', '理论学习', '下季度', 'A01', 'A01、A03'],
        ['2026-06-25', '理论学习', '晚', 'A01', 'A01'],
        ['2026-06-15', '传达通报', '早', 'A01', 'A01'],
      ),
    ).toBe('可邀请其参加 2026-06-15 的传达通报（活动记录第 7 行），组织人 王书记（A01）');
    // A later one that lists the member wins over an earlier one that does not; a still later
    // listing one does not take over.
    expect(
      withPlans(
        ['2026-06-15', '传达通报', '早', 'A01', 'A01'],
        ['2026-06-25', '理论学习', '列入', 'A01', 'A01、A03'],
        ['2026-06-28', '理论学习', '全体', 'A01', '全体'],
      ),
    ).toBe('已列入 2026-06-25 的理论学习（活动记录第 5 行），按期开展即可补上');
    // The period's last day is still in it.
    expect(withPlans(['2026-06-30', '理论学习', '期末', 'A01', 'A01'])).toBe(
      '可邀请其参加 2026-06-30 的理论学习（活动记录第 4 行），组织人 王书记（A01）',
    );
  });

  it('本期未联系谈心: only a talk the contact organises with the member counts as planned', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['B01', '赵', '中共', '中共党员', '种业组', '种业党小组', '', '在任']);
    tabs.活动记录 = activities(
      ['2026-05-08', '理论学习', '学习', 'A01', 'A01、A02、B01'],
      ['2026-06-02', '联系谈心', '别人组织', 'B01', 'A02'],
      ['2026-06-03', '联系谈心', '找别人谈', 'A01', 'B01'],
      ['2026-06-04', '理论学习', '不是谈心', 'A01', 'A02'],
    );
    expect(rowOf(tabs, 'A02').advice).toBe(
      '请王书记（A01）于 2026-06-30 前与其联系谈心（本期已 0 次，应 1 次）',
    );
  });

  it('organisational reasons fall to the duty group’s 分党组责任人, else the 书记', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['B01', '副', '中共', '中共党员', '', '', '', '在任']);
    tabs.分党组.push(['副', 'B01', '副书记', '']);
    tabs.履职小组.push(['乡村组', '', '乡村党小组', '', 'B01'], ['空组', '', '', '', 'B01']);
    tabs.委员.push(
      ['A03', '丙', '中共', '中共党员', '乡村组', '', '', '在任'],
      ['A04', '丁', '中共', '中共党员', '空组', '没有的党小组', '', '在任'],
      ['A05', '戊', '民盟', '民盟盟员', '', '', '李委员', '在任'],
    );
    tabs.活动记录.push(['2026-05-10', '理论学习', '学习', 'A01', 'A03、A04、A05、B01']);
    expect(rowOf(tabs, 'A03')).toMatchObject({
      advice: '编入「乡村党小组」',
      owner: '副（B01）',
    });
    expect(rowOf(tabs, 'A04')).toMatchObject({
      reasons: '所填党小组不存在',
      advice: '「空组」尚未建立履职党小组：请先建立，再把其编入',
      owner: '副（B01）',
    });
    expect(rowOf(tabs, 'A05')).toMatchObject({
      reasons: '联系人无效',
      advice: '联系人可定为 丙（A03）',
      owner: '王书记（A01）',
      contact: '李委员（无效）',
    });
  });

  it('names for every reason the one who answers in 缺口台账 too: one rule, one function', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['副', 'B01', '副书记', '']);
    tabs.委员.push(
      ['B01', '副', '中共', '中共党员', '乡村组', '乡村党小组', '', '在任'],
      ['A03', '丙', '民盟', '民盟盟员', '乡村组', '', 'A01', '在任'],
      ['A04', '丁', '中共', '中共党员', '', '', '', '在任'],
    );
    tabs.履职小组.push(['乡村组', 'B01', '乡村党小组', 'B01', 'B01']);
    tabs.活动记录.push(['2026-06-20', '理论学习', '学习', 'B01', 'B01']);
    const result = analyse(tabs);
    const gaps = tab(result, '覆盖缺口');
    const ledger = tab(result, '缺口台账');
    const owners = new Map(gaps.rows.slice(1).map((row) => [row[0], row[7]]));
    // A03: 本期未联系谈心 and 本期未参与党的工作, the contact (A01) and the organiser (B01) act.
    expect(owners.get('A03')).toBe('副（B01）');
    expect(owners.get('A04')).toBe('王书记（A01）');
    const ledgerRows = ledger.rows.slice(1).filter((row) => row[0] === '覆盖缺口');
    expect(ledgerRows.length).toBeGreaterThan(3);
    for (const row of ledgerRows) expect(row[5], String(row[2])).toBe(owners.get(row[2] as string));
  });

  it('names no one when there is no 书记 to fall back on', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(['王书记', 'A01', '成员', '']);
    tabs.委员.push(['A03', '丙', '中共', '中共党员', '', '', '', '在任']);
    tabs.活动记录.push(['2026-05-10', '理论学习', '学习', 'A01', 'A03']);
    expect(rowOf(tabs, 'A03')).toMatchObject({
      advice: '请先明确其履职小组，再编入该组的履职党小组',
      owner: '（尚未明确分党组书记）',
    });
  });
});

describe('layout: columns fitted to their content, long text wrapped, print setup', () => {
  it('gives every column of every tab a width, CJK text counting double', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '欧阳长名字', '民盟', '民盟盟员', '种业组', '', '']);
    const result = analyse(tabs);
    for (const t of result.tabs) {
      const columns = Math.max(...t.rows.map((r) => r.length));
      expect(t.columnWidths, t.name).toHaveLength(columns);
      expect(t.rowHeights, t.name).toHaveLength(t.rows.length);
    }
    const gaps = tab(result, '覆盖缺口');
    // Five CJK characters are wider than the six ASCII ones of the IDs.
    expect(gaps.columnWidths[1]).toBeGreaterThan(gaps.columnWidths[0] as number);
    expect(result.history.columnWidths).toHaveLength(result.history.header.length);
  });

  it('measures text in units: wide (CJK, full-width, emoji) characters two, others one', () => {
    expect(textUnits('NY-001')).toBe(6);
    expect(textUnits('王伟（ＮＹ）')).toBe(12);
    expect(textUnits('𠮷🌾a')).toBe(5);
  });

  it('wraps text wider than the widest column, and makes its row taller', () => {
    const tabs = coveredCommittee();
    tabs.工作任务 = tasks([`${'很长的任务说明'.repeat(12)}`, '']);
    const gaps = tab(analyse(tabs), '责任缺口');
    const row = gaps.rows.findIndex((r) => String(r[1]).startsWith('很长'));
    expect(gaps.columnWidths[1]).toBeLessThanOrEqual(300);
    expect(stylesAt(gaps, row, 1)).toContain('wrap');
    expect(gaps.rowHeights[row]).toBeGreaterThan(3 * (gaps.rowHeights[0] as number));
    expect(stylesAt(gaps, row, 0)).toContain('top');
  });

  it('lets titles and notes run on: they set no column width', () => {
    const overview = tab(
      analyse({ ...coveredCommittee(), 设置: settings(['专委会名称', '名称'.repeat(40)]) }),
      '覆盖总览',
    );
    expect(overview.columnWidths[0]).toBeLessThan(200);
    expect(stylesAt(overview, 0, 0)).not.toContain('wrap');
  });

  it('prints on A4 one page wide, landscape when wide, headed by committee, tab and date', () => {
    const result = analyse({ ...coveredCommittee(), 设置: settings(['专委会名称', '农业委']) });
    const gaps = tab(result, '覆盖缺口');
    expect(gaps.print).toEqual({
      landscape: true,
      header: ['农业委', '覆盖缺口', '截至 2026-05-12'],
      footer: '第 {page} 页，共 {pages} 页',
    });
    expect(result.history.print.header[1]).toBe('历史');
    expect(tab(result, '覆盖总览').frozenRows).toBe(1);
  });
});

describe('历史', () => {
  const history = (rows: unknown[][]) => {
    const tabs = coveredCommittee() as Record<string, unknown[][]>;
    tabs.历史 = rows;
    return analyse(tabs as never).history;
  };
  const header = [
    '日期',
    '周期',
    '组织覆盖率',
    '工作覆盖率',
    '联系落实率',
    '覆盖缺口数',
    '责任缺口数',
    '数据问题数',
  ];

  const counts = ['组织 已/应', '工作 已/应', '联系 已/应'];

  it('starts with the header and the as-of date’s row, the rates’ counts in columns I–K', () => {
    const update = history([]);
    expect(update.header).toEqual([...header, ...counts]);
    expect(update.rowIndex).toBe(1);
    expect(update.row).toEqual([
      ...['2026-05-12', '2026年第二季度', 1, 1, 1, 0, 0, 0],
      ...['1/1', '2/2', '1/1'],
    ]);
    expect(update.columns).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('puts the counts right of columns staff wrote in, and keeps them there', () => {
    // A 历史 from before the counts, with a staff note in column I of one row.
    const old = [header, ['2026-03-31', '2026年第一季度', 1, 1, 1, 0, 0, 0, '3月集中走访']];
    expect(history(old).columns.slice(8)).toEqual([9, 10, 11]);
    const synced = [[...header, '', ...counts], old[1] as unknown[]];
    expect(history(synced).columns.slice(8)).toEqual([9, 10, 11]);
    // Once placed, a note written later further right does not move them.
    const noted = [
      [...header, '', ...counts],
      [...(old[1] as unknown[]), '', '', '', '备注'],
    ];
    expect(history(noted).columns.slice(8)).toEqual([9, 10, 11]);
  });

  it('replaces the as-of date’s row where it is, whatever form its date has', () => {
    expect(history([header, ['2026-04-01'], [46154, '旧'], ['2026-06-01']]).rowIndex).toBe(2);
    expect(history([header, ['2026年5月12日', '旧']]).rowIndex).toBe(1);
  });

  it('adds a new date after the last filled row, leaving staff rows alone', () => {
    expect(history([header, ['2026-04-01'], [], ['备注：4月起按新口径'], []]).rowIndex).toBe(4);
  });
});
