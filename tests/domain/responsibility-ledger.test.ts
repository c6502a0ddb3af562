import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/workbook-input';
import { coveredCommittee, groups, subgroup, tasks } from '../support/domain-fixture';
import { type ReviewedSync, reviewAt, syncSequence } from '../support/review-sequence';

/**
 * A 分党组 of four: 王书记 owns 种业组; 钱副书记 owns nothing (SUBGROUP_MEMBER_IDLE, the 书记
 * acts); 孙成员 owns 乡村组, which has no leader and a member with no contact; 赵成员 owns a
 * task and nothing is open for him.
 */
function committee() {
  const tabs = coveredCommittee();
  tabs.分党组 = subgroup(
    ['王书记', 'A01', '书记', ''],
    ['赵成员', '', '成员', ''],
    ['钱副书记', '', '副书记', ''],
    ['孙成员', '', '成员', ''],
  );
  tabs.履职小组 = groups(
    ['种业组', 'A01', '种业党小组', 'A01', 'A01'],
    ['乡村组', '', '', '', '孙成员'],
  );
  tabs.工作任务 = tasks(['修订规则', '赵成员', '2026-06-30', '进行中']);
  tabs.委员.push(['A03', '乡村委员', '民盟', '民盟盟员', '乡村组', '', '', '在任']);
  return tabs;
}

const accountsOf = (run: ReviewedSync) =>
  run.review.accounts.map((a) => [
    a.owner,
    a.post,
    a.openCoverage,
    a.openResponsibility,
    a.oldestOpenDays,
    a.closedThisPeriod,
  ]);

describe('contract §7.3 the responsibility ledger', () => {
  it('lists every 分党组 person, the 书记 first, then 副书记, then 成员 by open rows', () => {
    const runs = syncSequence(committee(), ['2026-05-01', '2026-05-12'], (step, tabs) => {
      if (step === 1)
        tabs.委员 = (tabs.委员 ?? []).map((r) => (r[0] === 'A03' ? [...r.slice(0, 6), 'A01'] : r));
    });
    // On 05-01 nobody had been reached yet; by 05-12 种业组's members were (three rows the 书记
    // closed), and A03 has a contact: NO_CONTACT closed, NOT_CONTACTED opened. GROUP_NO_LEADER
    // and 钱副书记's SUBGROUP_MEMBER_IDLE are eleven days old.
    expect(accountsOf(runs[1] as ReviewedSync)).toEqual([
      ['王书记（A01）', '书记', 0, 1, 11, 3],
      ['钱副书记', '副书记', 0, 0, null, 0],
      ['孙成员', '成员', 2, 1, 11, 1],
      ['赵成员', '成员', 0, 0, null, 0],
    ]);
  });

  it('shows each person’s 分工: the duty groups and tasks they own', () => {
    const tab = reviewAt(committee(), '2026-05-12').review.tabs.find((t) => t.name === '责任落实');
    expect(tab?.rows.map((r) => [r[0], r[2]])).toEqual([
      ['姓名', '分工'],
      ['王书记（A01）', '履职小组：种业组'],
      ['钱副书记', '（无）'],
      ['孙成员', '履职小组：乡村组'],
      ['赵成员', '工作任务：修订规则'],
    ]);
  });

  it('lists anyone else who answers for an open row after the 分党组, and `（无人负责）` last', () => {
    const first = reviewAt(committee(), '2026-05-12');
    const ledger = (first.tabs.缺口台账 as CellValue[][]).map((row) => [...row]);
    // An owner who has left the 分党组 since: a back-dated run does not refresh the row.
    (ledger[1] as CellValue[])[5] = '前任委员';
    const backdated = reviewAt({ ...first.tabs, 缺口台账: ledger }, '2026-05-10');
    expect(accountsOf(backdated).map((a) => a[0])).toEqual([
      '王书记（A01）',
      '钱副书记',
      '孙成员',
      '赵成员',
      '前任委员',
    ]);

    const leaderless = committee();
    leaderless.分党组 = subgroup(['王书记', 'A01', '成员', '']);
    expect(accountsOf(reviewAt(leaderless, '2026-05-12'))).toEqual([
      ['王书记（A01）', '成员', 0, 0, null, 0],
      ['（无人负责）', null, 2, 4, 0, 0],
    ]);
  });

  it('gives the open NO_SECRETARY row to nobody when there is no 分党组', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup();
    tabs.履职小组 = groups();
    tabs.委员 = [tabs.委员[0] as CellValue[]];
    const run = reviewAt(tabs, '2026-05-12');
    expect(accountsOf(run)).toEqual([['（无人负责）', null, 0, 1, 0, 0]]);
  });
});
