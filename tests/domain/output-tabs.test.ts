import { describe, expect, it } from 'vitest';
import type { OutputTab } from '../../src/domain/output-tab';
import { analyse, coveredCommittee, members, subgroup, tasks } from '../support/domain-fixture';

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
    expect(stylesAt(overview, header + 1, 7)).toEqual(['bad']);
  });
});

describe('覆盖缺口, 责任缺口 and 数据问题', () => {
  it('writes coverage gaps with Chinese reasons and a suggestion', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟盟员', '种业组', '', '']);
    const gaps = tab(analyse(tabs), '覆盖缺口');
    expect(gaps.frozenRows).toBe(1);
    expect(gaps.rows[1]).toEqual([
      'A03',
      '甲',
      '民盟',
      '民盟盟员',
      '种业组',
      '未明确联系人；本期未参与党的工作',
      '联系人可定为 王书记（A01）',
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

  it('starts with the header and the as-of date’s row', () => {
    const update = history([]);
    expect(update.header).toEqual(header);
    expect(update.rowIndex).toBe(1);
    expect(update.row).toEqual(['2026-05-12', '2026年第二季度', 1, 1, 1, 0, 0, 0]);
  });

  it('replaces the as-of date’s row where it is, whatever form its date has', () => {
    expect(history([header, ['2026-04-01'], [46154, '旧'], ['2026-06-01']]).rowIndex).toBe(2);
    expect(history([header, ['2026年5月12日', '旧']]).rowIndex).toBe(1);
  });

  it('adds a new date after the last filled row, leaving staff rows alone', () => {
    expect(history([header, ['2026-04-01'], [], ['备注：4月起按新口径'], []]).rowIndex).toBe(4);
  });
});
