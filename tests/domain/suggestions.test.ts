import { describe, expect, it } from 'vitest';
import {
  analyse,
  coveredCommittee,
  groups,
  members,
  settings,
  subgroup,
} from '../support/domain-fixture';

const suggestionOf = (result: ReturnType<typeof analyse>, id: string) =>
  result.summary.coverageGaps.find((g) => g.memberId === id)?.suggestion;

describe('contract §4.4 suggestions: party groups', () => {
  it('suggests the party group of the member’s duty group for NO_PARTY_GROUP and UNKNOWN_PARTY_GROUP', () => {
    const tabs = coveredCommittee();
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '种业组', ''],
      ['A04', '乙', '中共', '中共党员', '种业组', '种子党小组'],
    );
    const result = analyse(tabs);
    expect(suggestionOf(result, 'A03')).toEqual({ partyGroup: '种业党小组' });
    expect(suggestionOf(result, 'A04')).toEqual({ partyGroup: '种业党小组' });
  });

  it('suggests nothing when the duty group has no party group, or the member no duty group', () => {
    const tabs = coveredCommittee();
    tabs.履职小组.push(['乡村组', 'A01', '', '', 'A01']);
    tabs.委员.push(
      ['A03', '甲', '中共', '中共党员', '乡村组', ''],
      ['A04', '乙', '中共', '中共党员', '', ''],
    );
    const result = analyse(tabs);
    expect(suggestionOf(result, 'A03')).toEqual({});
    expect(suggestionOf(result, 'A04')).toEqual({});
  });

  it('is {} for gaps that call for no suggestion', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = [];
    const result = analyse(tabs);
    expect(suggestionOf(result, 'A02')).toEqual({});
  });
});

describe('contract §4.4 suggestions: contacts', () => {
  /** Three CPC candidates: C1 in 种业组/农业界, C2 in 乡村组/农业界, C3 in 乡村组/经济界. */
  function candidates(...needy: string[][]) {
    const tabs = coveredCommittee();
    tabs.履职小组 = groups(
      ['种业组', 'A01', '种业党小组', 'A01', 'A01'],
      ['乡村组', 'A01', '种业党小组', 'A01', 'A01'],
    );
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ['C1', '一号', '农业界', '中共党员', '种业组', '种业党小组'],
      ['C2', '二号', '农业界', '中共党员', '乡村组', '种业党小组'],
      ['C3', '三号', '经济界', '中共党员', '乡村组', '种业党小组'],
      ...needy,
    );
    tabs.活动记录 = [];
    return tabs;
  }

  it('prefers the same duty group, then the same sector, then the lowest load, then the lowest 委员编号', () => {
    const result = analyse(
      candidates(
        ['N1', '同组同界', '经济界', '民盟', '乡村组', ''],
        ['N2', '同组', '教育界', '民盟', '乡村组', ''],
        ['N3', '同界', '农业界', '民盟', '', ''],
        ['N4', '都不同', '教育界', '民盟', '', ''],
      ),
    );
    expect(suggestionOf(result, 'N1')).toEqual({ contact: 'C3' });
    // 乡村组 has C2 (load 0) and C3 (load 1 after N1): the lower load wins.
    expect(suggestionOf(result, 'N2')).toEqual({ contact: 'C2' });
    // 农业界: C1 (load 0) and C2 (load 1).
    expect(suggestionOf(result, 'N3')).toEqual({ contact: 'C1' });
    // Loads are now A01 0, C1 1, C2 1, C3 1: the lowest load is A01.
    expect(suggestionOf(result, 'N4')).toEqual({ contact: 'A01' });
  });

  it('prefers the same duty group over the same sector, even at a higher load and 委员编号', () => {
    const tabs = candidates();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '', '种业党小组'],
      // Same sector as N1, other duty group, load 0.
      ['A05', '同界', '农业界', '中共党员', '乡村组', '种业党小组'],
      // Same duty group as N1, other sector, load 1.
      ['G9', '同组', '经济界', '中共党员', '种业组', '种业党小组'],
      ['M1', '已配', '教育界', '民盟', '', '', 'G9'],
      ['N1', '待配', '农业界', '民盟', '种业组', ''],
    );
    expect(suggestionOf(analyse(tabs), 'N1')).toEqual({ contact: 'G9' });
  });

  it('takes members in 委员编号 order, counting earlier suggestions in the load', () => {
    const tabs = candidates(
      ['N2', '后', '教育界', '民盟', '', ''],
      ['N1', '先', '教育界', '民盟', '', ''],
    );
    tabs.设置 = settings(['联系人负荷上限', 1]);
    const result = analyse(tabs);
    expect(suggestionOf(result, 'N1')).toEqual({ contact: 'A01' });
    expect(suggestionOf(result, 'N2')).toEqual({ contact: 'C1' });
  });

  it('counts existing 联系人 in the load and skips candidates at the cap', () => {
    const tabs = candidates(
      ['M1', '已配', '教育界', '民盟', '', '', 'A01'],
      ['M2', '已配', '教育界', '民盟', '', '', 'C1'],
      ['N1', '待配', '教育界', '民盟', '', ''],
    );
    tabs.设置 = settings(['联系人负荷上限', 1]);
    expect(suggestionOf(analyse(tabs), 'N1')).toEqual({ contact: 'C2' });
  });

  it('says so (contact: null) when no candidate is left', () => {
    const tabs = candidates(
      ['N1', '甲', '教育界', '民盟', '', ''],
      ['N2', '乙', '教育界', '民盟', '', '', 'NOBODY'],
    );
    tabs.委员 = tabs.委员.filter((r) => !['C1', 'C2', 'C3'].includes(String(r[0])));
    tabs.设置 = settings(['联系人负荷上限', 1]);
    const result = analyse(tabs);
    expect(suggestionOf(result, 'N1')).toEqual({ contact: 'A01' });
    expect(suggestionOf(result, 'N2')).toEqual({ contact: null });
    expect(result.tabs[1]?.rows.find((r) => r[0] === 'N2')?.[6]).toContain('暂无可选联系人');
  });

  it('offers 分党组 persons without 委员编号 after members, by 姓名, and never inactive or non-CPC members', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['X1', '离任党员', '中共', '中共党员', '', '', '', '离任'],
      ['X2', '党外', '民盟', '民盟'],
    );
    tabs.分党组 = subgroup(['甲', '', '书记', ''], ['乙', '', '成员', '']);
    tabs.活动记录 = [];
    const result = analyse(tabs);
    // Both have load 0: 乙 (U+4E59) sorts before 甲 (U+7532).
    expect(suggestionOf(result, 'X2')).toEqual({ contact: '乙' });
    tabs.委员.push(['Z9', '党员', '中共', '中共党员']);
    expect(suggestionOf(analyse(tabs), 'X2')).toEqual({ contact: 'Z9' });
  });

  it('offers a 分党组 person whose member row is not 在任, and a non-member after members even with an earlier name', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '', '', '', '离任'],
      ['X2', '党外', '民盟', '民盟'],
    );
    tabs.活动记录 = [];
    expect(suggestionOf(analyse(tabs), 'X2')).toEqual({ contact: 'A01' });
    tabs.分党组.push(['Amy', '', '成员', '']);
    tabs.委员.push(['B2', '党员', '中共', '中共党员']);
    tabs.设置 = settings(['联系人负荷上限', 1]);
    tabs.委员.push(['X3', '党外二', '民盟', '民盟'], ['X4', '党外三', '民盟', '民盟']);
    const result = analyse(tabs);
    expect(['X2', 'X3', 'X4'].map((id) => suggestionOf(result, id))).toEqual([
      { contact: 'A01' },
      { contact: 'B2' },
      { contact: 'Amy' },
    ]);
  });

  it('treats a blank 履职小组 or 界别 as no one’s: it draws no candidate who left it blank too', () => {
    const tabs = candidates(['N1', '待配', '', '民盟', '', '']);
    tabs.委员.push(['B0', '空白', '', '中共党员', '', '']);
    tabs.设置 = settings(['联系人负荷上限', 1]);
    tabs.委员 = tabs.委员.filter((r) => !['C1', 'C2', 'C3'].includes(String(r[0])));
    expect(suggestionOf(analyse(tabs), 'N1')).toEqual({ contact: 'A01' });
  });

  it('orders 委员编号 by plain code points', () => {
    const tabs = candidates(['N1', '甲', '教育界', '民盟', '', '']);
    tabs.委员 = members(
      ['b1', '小写', '中共', '中共党员', '', '种业党小组'],
      ['B2', '大写', '中共', '中共党员', '', '种业党小组'],
      ['N1', '甲', '教育界', '民盟', '', ''],
    );
    expect(suggestionOf(analyse(tabs), 'N1')).toEqual({ contact: 'B2' });
  });
});
