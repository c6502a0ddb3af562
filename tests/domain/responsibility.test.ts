import { describe, expect, it } from 'vitest';
import {
  analyse,
  coveredCommittee,
  difficulties,
  gapsWith,
  groups,
  items,
  settings,
  subgroup,
  tasks,
} from '../support/domain-fixture';

describe('contract §4.3 responsibility gaps', () => {
  it('finds none in a committee where every responsibility has an owner', () => {
    expect(analyse(coveredCommittee()).summary.responsibilityGaps).toEqual([]);
  });

  it('NO_SECRETARY: no 书记 in 分党组, or no 分党组 tab; the subject is empty', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(['王书记', 'A01', '副书记', '']);
    expect(gapsWith(analyse(tabs), 'NO_SECRETARY')).toEqual([
      { code: 'NO_SECRETARY', subject: '', owner: null, detail: expect.any(String) },
    ]);
    const { 分党组: _, ...withoutTab } = coveredCommittee();
    expect(gapsWith(analyse(withoutTab), 'NO_SECRETARY')).toHaveLength(1);
  });

  it('GROUP_NO_LEADER: 组长 blank or unresolved; the group owner acts', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(['乡村组', '', '', '', 'A01'], ['水利组', '无此人', '', '', 'A01']);
    expect(gapsWith(analyse(tabs), 'GROUP_NO_LEADER')).toEqual([
      expect.objectContaining({ subject: '乡村组', owner: '王书记' }),
      expect.objectContaining({ subject: '水利组', owner: '王书记' }),
    ]);
  });

  it('GROUP_NO_OWNER: 分党组责任人 blank, unresolved or not a 分党组 person; the 书记 acts', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(
      ['乡村组', 'A01', '', '', ''],
      ['水利组', 'A01', '', '', '无此人'],
      ['林业组', 'A01', '', '', 'A02'],
    );
    const found = gapsWith(analyse(tabs), 'GROUP_NO_OWNER');
    expect(found.map((g) => [g.subject, g.owner])).toEqual([
      ['乡村组', '王书记'],
      ['林业组', '王书记'],
      ['水利组', '王书记'],
    ]);
    expect(found.find((g) => g.subject === '林业组')?.detail).toContain('不是分党组成员');
  });

  it('GROUP_NO_PARTY_GROUP: a duty group with an active CPC member and no 履职党小组', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(['乡村组', 'A01', '', '', 'A01'], ['林业组', 'A01', '', '', 'A01']);
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '乡村组', ''],
      ['A04', '乙', '中共', '中共党员', '林业组', '', '', '离任'],
    );
    expect(gapsWith(analyse(tabs), 'GROUP_NO_PARTY_GROUP')).toEqual([
      expect.objectContaining({
        subject: '乡村组',
        owner: '王书记',
        detail: expect.stringContaining('1 名'),
      }),
    ]);
  });

  it('PARTY_GROUP_NO_LEADER: 党小组组长 blank, unresolved or not CPC', () => {
    const tabs = coveredCommittee();
    tabs.履职小组 = groups(
      ['种业组', 'A01', '种业党小组', '', 'A01'],
      ['乡村组', 'A01', '乡村党小组', '无此人', 'A01'],
      ['林业组', 'A01', '林业党小组', 'A02', 'A01'],
    );
    const found = gapsWith(analyse(tabs), 'PARTY_GROUP_NO_LEADER');
    expect(found.map((g) => g.subject)).toEqual(['乡村党小组', '林业党小组', '种业党小组']);
    expect(found.every((g) => g.owner === '王书记')).toBe(true);
  });

  it('PARTY_GROUP_NO_SUBGROUP_MEMBER: none of its leader, duty-group owners or members is in 分党组', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '乡村组', '乡村党小组'],
      ['A04', '乙', '中共', '中共党员', '林业组', '林业党小组'],
    );
    tabs.履职小组.push(
      // Only A03: nobody of 分党组.
      ['乡村组', 'A03', '乡村党小组', 'A03', ''],
      // Its duty group's owner 陈刚 is in 分党组.
      ['林业组', 'A04', '林业党小组', 'A04', '陈刚'],
    );
    tabs.活动记录.push(['2026-05-09', '理论学习', '', '陈刚', 'A03、A04']);
    expect(gapsWith(analyse(tabs), 'PARTY_GROUP_NO_SUBGROUP_MEMBER')).toEqual([
      expect.objectContaining({ subject: '乡村党小组', owner: '王书记' }),
    ]);
    // A registered member in 分党组 is enough too.
    tabs.分党组.push(['甲', 'A03', '成员', '']);
    expect(gapsWith(analyse(tabs), 'PARTY_GROUP_NO_SUBGROUP_MEMBER')).toEqual([]);
  });

  it('SUBGROUP_MEMBER_IDLE: a non-书记 who owns no group, no task and organised no counting activity', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(
      ['陈刚', '', '副书记', ''],
      ['周敏', '', '成员', ''],
      ['吴强', '', '成员', ''],
      ['郑红', '', '成员', ''],
    );
    tabs.工作任务 = tasks(['起草学习计划', '周敏', '2026-06-30', '进行中']);
    tabs.活动记录.push(
      ['2026-05-09', '其他', '', '吴强', 'A02'],
      ['2026-03-01', '理论学习', '', '郑红', 'A02'],
    );
    const found = gapsWith(analyse(tabs), 'SUBGROUP_MEMBER_IDLE');
    expect(found.map((g) => [g.subject, g.owner])).toEqual([
      ['郑红', '王书记'],
      ['陈刚', '王书记'],
    ]);
  });

  it('CONTACT_OVERLOADED: a load above 联系人负荷上限, not counting suggestions', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['联系人负荷上限', 2]);
    tabs.委员.push(
      ['A03', '甲', '民盟', '民盟', '种业组', '', 'A01'],
      ['A04', '乙', '民盟', '民盟', '种业组', '', ''],
    );
    const two = analyse(tabs);
    expect(gapsWith(two, 'CONTACT_OVERLOADED')).toEqual([]);
    tabs.委员.push(['A05', '丙', '民盟', '民盟', '种业组', '', '王书记']);
    expect(gapsWith(analyse(tabs), 'CONTACT_OVERLOADED')).toEqual([
      expect.objectContaining({
        subject: 'A01',
        owner: '王书记',
        detail: expect.stringContaining('3 名'),
      }),
    ]);
  });

  it('ITEM_NO_CONSULTATION: an item decided this period without a linked 征求意见 reaching CPC and non-CPC members before it', () => {
    const tabs = coveredCommittee();
    tabs.重要事项 = items(
      ['S1', '种业调研报告', '2026-05-05', 'A01'],
      ['S2', '年度协商计划', '2026-05-05', 'A01'],
      ['S3', '仅党员', '2026-05-05', 'A01'],
      ['S4', '事后征求', '2026-05-05', 'A01'],
      ['S5', '上期事项', '2026-03-05', 'A01'],
    );
    tabs.活动记录.push(
      ['2026-04-20', '征求意见', '', 'A01', 'A01、A02', 'S1'],
      ['2026-03-20', '征求意见', '', 'A01', '全体', 'S2'],
      ['2026-04-20', '征求意见', '', 'A01', 'A01', 'S3'],
      ['2026-05-06', '征求意见', '', 'A01', 'A01、A02', 'S4'],
    );
    expect(gapsWith(analyse(tabs), 'ITEM_NO_CONSULTATION').map((g) => g.subject)).toEqual([
      'S3',
      'S4',
    ]);
  });

  it('ITEM_NOT_BRIEFED: past the deadline, the linked 传达通报 within it did not reach every active member', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['传达时限天数', 5]);
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '种业组', '', 'A01']);
    tabs.重要事项 = items(
      ['S1', '全部传达', '2026-05-01', 'A01'],
      ['S2', '漏了一人', '2026-05-01', 'A01'],
      ['S3', '超时传达', '2026-05-01', 'A01'],
      ['S4', '尚在时限内', '2026-05-08', 'A01'],
    );
    tabs.活动记录.push(
      ...['S1', 'S2', 'S3', 'S4'].map((s) => ['2026-04-25', '征求意见', '', 'A01', '全体', s]),
      ['2026-05-02', '传达通报', '', 'A01', 'A01、A02', 'S1'],
      ['2026-05-06', '传达通报', '', 'A01', 'A03', 'S1'],
      ['2026-05-02', '传达通报', '', 'A01', 'A01、A02', 'S2'],
      ['2026-05-07', '传达通报', '', 'A01', '全体', 'S3'],
    );
    const found = gapsWith(analyse(tabs), 'ITEM_NOT_BRIEFED');
    expect(found.map((g) => g.subject)).toEqual(['S3', 'S2']);
    expect(found[0]?.detail).toContain('3 名');
    expect(found[1]?.detail).toContain('1 名');
  });

  it('ITEM_NOT_BRIEFED: a deadline falling exactly on the as-of date is still in time; the day after, it is a gap', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['传达时限天数', 5]);
    tabs.重要事项 = items(['S1', '未传达', '2026-05-07', 'A01']);
    expect(gapsWith(analyse(tabs, { asOf: '2026-05-12' }), 'ITEM_NOT_BRIEFED')).toEqual([]);
    expect(gapsWith(analyse(tabs, { asOf: '2026-05-13' }), 'ITEM_NOT_BRIEFED')).toEqual([
      expect.objectContaining({
        subject: 'S1',
        detail: expect.stringContaining('传达时限至 2026-05-12，仍有 2 名'),
      }),
    ]);
  });

  it('ITEM_NOT_BRIEFED: a 传达通报 counts from the decision day to the deadline, both included', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['传达时限天数', 5]);
    tabs.重要事项 = items(
      ['S1', '当天传达', '2026-05-01', 'A01'],
      ['S2', '决定前一天', '2026-05-01', 'A01'],
      ['S3', '时限当天', '2026-05-01', 'A01'],
      ['S4', '时限后一天', '2026-05-01', 'A01'],
    );
    tabs.活动记录.push(
      ['2026-05-01', '传达通报', '', 'A01', '全体', 'S1'],
      ['2026-04-30', '传达通报', '', 'A01', '全体', 'S2'],
      ['2026-05-06', '传达通报', '', 'A01', 'A01、A02', 'S3'],
      ['2026-05-07', '传达通报', '', 'A01', 'A01、A02', 'S4'],
    );
    const found = gapsWith(analyse(tabs), 'ITEM_NOT_BRIEFED').map((g) => g.subject);
    expect(found.sort()).toEqual(['S2', 'S4']);
  });

  it('ITEM_*: only items decided in [P.start, D], both ends included', () => {
    const tabs = coveredCommittee();
    tabs.重要事项 = items(
      ['S1', '期初', '2026-04-01', 'A01'],
      ['S2', '上期末', '2026-03-31', 'A01'],
      ['S3', '当天', '2026-05-12', 'A01'],
      ['S4', '明天', '2026-05-13', 'A01'],
    );
    const found = gapsWith(analyse(tabs), 'ITEM_NO_CONSULTATION').map((g) => g.subject);
    expect(found).toEqual(['S1', 'S3']);
  });

  it('ITEM_NO_CONSULTATION: a 征求意见 dated on the decision day counts', () => {
    const tabs = coveredCommittee();
    tabs.重要事项 = items(['S1', '当天征求', '2026-05-05', 'A01']);
    tabs.活动记录.push(['2026-05-05', '征求意见', '', 'A01', 'A01、A02', 'S1']);
    expect(gapsWith(analyse(tabs), 'ITEM_NO_CONSULTATION')).toEqual([]);
  });

  it('ITEM_NO_CONSULTATION: a 征求意见 must reach an active CPC and an active non-CPC member, 全体 too', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '种业组', '', 'A01', '离任']);
    tabs.重要事项 = items(['S1', '仅离任党外', '2026-05-05', 'A01']);
    tabs.活动记录.push(['2026-05-01', '征求意见', '', 'A01', 'A01、A03', 'S1']);
    expect(gapsWith(analyse(tabs), 'ITEM_NO_CONSULTATION')).toHaveLength(1);
    // With A02 gone too, 全体 reaches no non-CPC member.
    tabs.委员 = tabs.委员.map((r) => (r[0] === 'A02' ? [...r.slice(0, 7), '离任'] : r));
    tabs.活动记录.push(['2026-05-02', '征求意见', '', 'A01', '全体', 'S1']);
    expect(gapsWith(analyse(tabs), 'ITEM_NO_CONSULTATION')).toHaveLength(1);
  });

  it('SUBGROUP_MEMBER_IDLE: organising counts from P.start to D, not a plan dated later', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', ''], ['周敏', '', '成员', ''], ['吴强', '', '成员', '']);
    tabs.活动记录.push(
      ['2026-04-01', '理论学习', '', '陈刚', 'A02'],
      ['2026-05-12', '理论学习', '', '周敏', 'A02'],
      ['2026-05-13', '理论学习', '', '吴强', 'A02'],
    );
    expect(gapsWith(analyse(tabs), 'SUBGROUP_MEMBER_IDLE').map((g) => g.subject)).toEqual(['吴强']);
  });

  it('DIFFICULTY_*: a 分党组 责任人 acts, else the 分党组 owner of the member’s duty group', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.履职小组.push(['乡村组', 'A01', '', '', '陈刚']);
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '乡村组', '', 'A01']);
    tabs.困难诉求 = difficulties(
      ['2026-03-01', 'A02', '由分党组成员办', '陈刚', '待办'],
      ['2026-03-01', 'A03', '由党外委员办', 'A02', '待办'],
      ['2026-03-01', 'A03', '无人办', '', '待办'],
    );
    const result = analyse(tabs);
    expect(gapsWith(result, 'DIFFICULTY_OVERDUE').map((g) => [g.subject, g.owner])).toEqual([
      ['A02', '陈刚'],
      ['A03', '陈刚'],
      ['A03', '陈刚'],
    ]);
    expect(gapsWith(result, 'DIFFICULTY_NO_OWNER').map((g) => [g.subject, g.owner])).toEqual([
      ['A03', '陈刚'],
    ]);
  });

  it('PARTY_GROUP_*: the 分党组 owner of its duty group acts; a registered 分党组 member is enough', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', ''], ['孙委员', 'A05', '成员', '']);
    tabs.委员.push(
      ['A04', '钱委员', '中共', '中共党员', '林业组', '林业党小组'],
      ['A05', '孙委员', '中共', '中共党员', '林业组', '林业党小组'],
    );
    tabs.履职小组.push(
      ['乡村组', 'A01', '乡村党小组', '', '陈刚'],
      ['水利组', 'A01', '水利党小组', 'A02', '陈刚'],
      ['林业组', 'A04', '林业党小组', 'A04', ''],
    );
    const result = analyse(tabs);
    expect(gapsWith(result, 'PARTY_GROUP_NO_LEADER')).toEqual([
      expect.objectContaining({
        subject: '乡村党小组',
        owner: '陈刚',
        detail: '未填写党小组组长。',
      }),
      expect.objectContaining({
        subject: '水利党小组',
        owner: '陈刚',
        detail: expect.stringContaining('「A02」不是中共党员'),
      }),
    ]);
    // 林业党小组: neither its leader nor an owner is in 分党组, but its member A05 is.
    expect(gapsWith(result, 'PARTY_GROUP_NO_SUBGROUP_MEMBER')).toEqual([]);
  });

  it('SUBGROUP_MEMBER_IDLE: owning a duty group is a share; the 书记 is never idle', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(['王书记', 'A01', '书记', ''], ['陈刚', '', '成员', '']);
    tabs.履职小组 = groups(['种业组', 'A01', '种业党小组', 'A01', '陈刚']);
    tabs.活动记录 = [];
    expect(gapsWith(analyse(tabs), 'SUBGROUP_MEMBER_IDLE')).toEqual([]);
  });

  it('ITEM_*: only a linked 征求意见 consults and only a linked 传达通报 briefs, reaching active members', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '离任党员', '中共', '中共党员', '', '', '', '离任']);
    tabs.重要事项 = items(
      ['S1', '调研', '2026-04-10', 'A01'],
      ['S2', '离任者', '2026-04-10', 'A01'],
    );
    tabs.活动记录.push(
      ['2026-04-01', '调研', '', 'A01', 'A01、A02', 'S1'],
      ['2026-04-11', '联系谈心', '', 'A01', '全体', 'S1'],
      ['2026-04-01', '征求意见', '', 'A01', 'A03、A02', 'S2'],
      ['2026-04-11', '传达通报', '', 'A01', '全体', 'S2'],
    );
    const result = analyse(tabs);
    expect(gapsWith(result, 'ITEM_NO_CONSULTATION').map((g) => g.subject)).toEqual(['S1', 'S2']);
    expect(gapsWith(result, 'ITEM_NOT_BRIEFED').map((g) => g.subject)).toEqual(['S1']);
  });

  it('DIFFICULTY_*: the most overdue first; a 分党组 person who is not a member may raise one', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['诉求办结时限天数', 10]);
    tabs.困难诉求 = difficulties(
      ['2026-04-20', 'A02', '稍晚', 'A01', '待办'],
      ['2026-04-01', 'A02', '最早', 'A01', '待办'],
    );
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.困难诉求.push(['2026-04-10', '陈刚', '非委员', '', '待办']);
    const found = gapsWith(analyse(tabs), 'DIFFICULTY_OVERDUE');
    expect(found.map((g) => [g.subject, g.detail.match(/已超期 (\d+) 天/)?.[1]])).toEqual([
      ['A02', '31'],
      ['陈刚', '22'],
      ['A02', '12'],
    ]);
  });

  it('TASK_NO_OWNER, TASK_OWNER_NOT_SUBGROUP and TASK_OVERDUE', () => {
    const tabs = coveredCommittee();
    tabs.工作任务 = tasks(
      ['无人负责', '', '', '未开始'],
      ['查无此人', '无此人', '', ''],
      ['党外负责', 'A02', '', '进行中'],
      ['逾期任务', 'A01', '2026-05-01', '进行中'],
      ['按期完成', 'A01', '2026-05-01', '已完成', '2026-04-30'],
      ['今天截止', 'A01', '2026-05-12', '未开始'],
    );
    const result = analyse(tabs);
    expect(gapsWith(result, 'TASK_NO_OWNER').map((g) => g.subject)).toEqual([
      '无人负责',
      '查无此人',
    ]);
    expect(gapsWith(result, 'TASK_OWNER_NOT_SUBGROUP')).toEqual([
      expect.objectContaining({ subject: '党外负责', owner: '王书记' }),
    ]);
    expect(gapsWith(result, 'TASK_OVERDUE')).toEqual([
      expect.objectContaining({
        subject: '逾期任务',
        owner: '王书记',
        detail: expect.stringContaining('11 天'),
      }),
    ]);
  });

  it('DIFFICULTY_NO_OWNER and DIFFICULTY_OVERDUE; the subject is the member', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['诉求办结时限天数', 10]);
    tabs.困难诉求 = difficulties(
      ['2026-05-03', 'A02', '调研经费', '', '待办'],
      ['2026-04-20', '李委员', '场地协调', 'A01', '办理中'],
      ['2026-04-20', 'A02', '已解决的', 'A01', '已解决', '2026-04-25'],
      ['2026-05-02', 'A02', '刚到期', 'A01', ''],
    );
    const result = analyse(tabs);
    expect(gapsWith(result, 'DIFFICULTY_NO_OWNER')).toEqual([
      expect.objectContaining({ subject: 'A02', owner: '王书记' }),
    ]);
    expect(gapsWith(result, 'DIFFICULTY_OVERDUE')).toEqual([
      expect.objectContaining({ subject: 'A02', detail: expect.stringContaining('已超期 12 天') }),
    ]);
  });

  it('lists gaps in the order of the table, the most overdue first within a code', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(['王书记', 'A01', '成员', '']);
    tabs.工作任务 = tasks(
      ['小逾期', 'A01', '2026-05-10'],
      ['大逾期', 'A01', '2026-04-10'],
      ['无主', ''],
    );
    const codes = analyse(tabs).summary.responsibilityGaps.map((g) => `${g.code}:${g.subject}`);
    expect(codes).toEqual([
      'NO_SECRETARY:',
      'TASK_NO_OWNER:无主',
      'TASK_OVERDUE:大逾期',
      'TASK_OVERDUE:小逾期',
    ]);
  });
});
