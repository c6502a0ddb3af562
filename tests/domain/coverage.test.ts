import { describe, expect, it } from 'vitest';
import {
  activities,
  analyse,
  coveredCommittee,
  members,
  reasonsOf,
  settings,
  subgroup,
} from '../support/domain-fixture';

describe('contract §4.1 组织覆盖率 (org)', () => {
  it('counts active CPC members whose 履职党小组 names an existing party group', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '种业组', ''],
      ['A04', '乙', '中共', '中共预备党员', '种业组', '不存在党小组'],
      ['A05', '丙', '中共', '党员', '种业组', '种业党小组'],
      ['A06', '丁', '中共', '中共党员', '种业组', '', '', '离任'],
    );
    expect(analyse(tabs).summary.rates.org).toEqual({ covered: 2, total: 4 });
  });

  it('is 0 of 0 without CPC members, shown as — and never as 100 %', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(['A02', '李委员', '民盟', '民盟盟员', '种业组', '', '陈刚']);
    tabs.分党组 = subgroup(['陈刚', '', '书记', '']);
    tabs.履职小组 = [['履职小组'], ['种业组']];
    const result = analyse(tabs);
    expect(result.summary.rates.org).toEqual({ covered: 0, total: 0 });
    const overview = result.tabs[0]?.rows.find((r) => r[0] === '组织覆盖率');
    expect(overview?.[1]).toBe('—');
    expect(result.history.row[2]).toBe('—');
  });
});

describe('contract §4.1 工作覆盖率 (work)', () => {
  it('needs structural coverage and 联系频次 counting party-work activities', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      // Structurally covered, not touched.
      ['A03', '甲', '中共', '中共党员', '种业组', '种业党小组'],
      // Touched, but without a party group.
      ['A04', '乙', '中共', '中共党员', '种业组', ''],
      // Touched, but without a contact.
      ['A05', '丙', '民盟', '民盟'],
    );
    tabs.活动记录.push(['2026-05-09', '履职通知', '', 'A01', 'A04、A05']);
    expect(analyse(tabs).summary.rates.work).toEqual({ covered: 2, total: 5 });
  });

  it('needs as many touches as 联系频次', () => {
    const tabs = coveredCommittee();
    tabs.设置 = settings(['联系频次', 2]);
    tabs.活动记录.push(['2026-05-09', '履职通知', '', 'A01', 'A01']);
    const once = analyse(tabs);
    expect(once.summary.rates.work).toEqual({ covered: 1, total: 2 });
    tabs.活动记录.push(['2026-05-10', '调研', '', 'A01', 'A02']);
    expect(analyse(tabs).summary.rates.work).toEqual({ covered: 2, total: 2 });
  });
});

describe('contract §4.1 联系落实率 (contact)', () => {
  it('counts non-CPC members listed in 联系频次 counting 联系谈心 organised by their contact', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '赵委员', '九三学社', '九三学社社员', '种业组', '', 'A01'],
      ['A04', '钱委员', '民进', '民进会员', '种业组', '', 'A05'],
      ['A05', '孙委员', '中共', '中共党员', '种业组', '种业党小组'],
    );
    tabs.活动记录.push(
      // A03 is reached by a 调研, not by a 联系谈心.
      ['2026-05-09', '调研', '', 'A01', 'A03'],
      // A04 talks with A01, who is not A04's contact.
      ['2026-05-09', '联系谈心', '', 'A01', 'A04'],
    );
    expect(analyse(tabs).summary.rates.contact).toEqual({ covered: 1, total: 3 });
  });

  it('accepts only valid contacts: an active CPC member or a 分党组 person, other than the member', () => {
    const tabs = coveredCommittee();
    tabs.分党组.push(['陈刚', '', '成员', '']);
    tabs.委员.push(
      ['A03', '自己', '民盟', '民盟', '种业组', '', 'A03'],
      ['A04', '找党外', '民盟', '民盟', '种业组', '', 'A02'],
      ['A05', '找离任', '民盟', '民盟', '种业组', '', 'A06'],
      ['A06', '离任党员', '中共', '中共党员', '', '', '', '离任'],
      ['A07', '找分党组', '民盟', '民盟', '种业组', '', '陈刚'],
    );
    tabs.活动记录.push(
      ['2026-05-09', '联系谈心', '', 'A03', 'A03'],
      ['2026-05-09', '联系谈心', '', 'A02', 'A04'],
      ['2026-05-09', '联系谈心', '', 'A06', 'A05'],
      ['2026-05-09', '联系谈心', '', '陈刚', 'A07'],
    );
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A03')).toContain('INVALID_CONTACT');
    expect(reasonsOf(result, 'A04')).toContain('INVALID_CONTACT');
    expect(reasonsOf(result, 'A05')).toContain('INVALID_CONTACT');
    expect(reasonsOf(result, 'A07')).toEqual([]);
    expect(result.summary.rates.contact).toEqual({ covered: 2, total: 5 });
  });
});

describe('contract §4.2 coverage-gap reasons', () => {
  it('NO_PARTY_GROUP: a CPC member with a blank 履职党小组', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '中共', '中共党员', '种业组', '']);
    tabs.活动记录.push(['2026-05-09', '理论学习', '', 'A01', 'A03']);
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['NO_PARTY_GROUP']);
  });

  it('UNKNOWN_PARTY_GROUP: a CPC member whose 履职党小组 names no party group', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '中共', '中共党员', '种业组', '种业党支部']);
    tabs.活动记录.push(['2026-05-09', '理论学习', '', 'A01', 'A03']);
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['UNKNOWN_PARTY_GROUP']);
  });

  it('NO_CONTACT: a non-CPC member with a blank 联系人', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '种业组', '', '']);
    tabs.活动记录.push(['2026-05-09', '履职通知', '', 'A01', 'A03']);
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['NO_CONTACT']);
  });

  it('INVALID_CONTACT: a non-CPC member whose 联系人 is filled but not a valid contact', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '种业组', '', 'A02']);
    tabs.活动记录.push(['2026-05-09', '履职通知', '', 'A01', 'A03']);
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['INVALID_CONTACT']);
  });

  it('NOT_CONTACTED: a valid contact who held fewer 联系谈心 than 联系频次', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '民盟', '民盟', '种业组', '', 'A01']);
    tabs.活动记录.push(['2026-05-09', '履职通知', '', 'A01', 'A03']);
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['NOT_CONTACTED']);
  });

  it('NOT_REACHED: fewer counting party-work activities than 联系频次, CPC or not', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['A03', '甲', '中共', '中共党员', '种业组', '种业党小组']);
    tabs.活动记录.push(
      ['2026-05-09', '其他', '', 'A01', 'A03'],
      ['2026-03-09', '理论学习', '', 'A01', 'A03'],
    );
    expect(reasonsOf(analyse(tabs), 'A03')).toEqual(['NOT_REACHED']);
  });

  it('gives several reasons in the order of the table, for active members only', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '甲', '民盟', '民盟', '种业组', '', 'NOBODY'],
      ['A04', '乙', '民盟', '民盟', '', '', '', '离任'],
    );
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A03')).toEqual(['INVALID_CONTACT', 'NOT_REACHED']);
    expect(result.summary.coverageGaps.map((g) => g.memberId)).toEqual(['A03']);
  });

  it('names the member by the normalised 委员编号', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(['ＮＹ－０１１', '甲', '民盟', '民盟']);
    expect(analyse(tabs).summary.coverageGaps[0]?.memberId).toBe('NY-011');
  });

  it('lists the most urgent first: structural reasons, then more reasons, then 委员编号', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(['2026-05-06', '联系谈心', '', 'A01', 'A02']);
    tabs.委员.push(['A03', '甲', '中共', '中共党员', '种业组', ''], ['A00', '乙', '民盟', '民盟']);
    const result = analyse(tabs);
    expect(result.summary.coverageGaps.map((g) => g.memberId)).toEqual(['A03', 'A00', 'A01']);
    expect(result.tabs[1]?.rows.slice(1).map((r) => r[0])).toEqual(['A03', 'A00', 'A01']);
  });
});
