import { describe, expect, it } from 'vitest';
import type { Review, ReviewBlock } from '../../src/domain/compose-review';
import type { CellValue } from '../../src/domain/workbook-input';
import {
  activities,
  coveredCommittee,
  difficulties,
  groups,
  items,
  settings,
  subgroup,
  tasks,
} from '../support/domain-fixture';
import { oneGap, type ReviewedSync, reviewAt, syncSequence } from '../support/review-sequence';

const reviewOf = (tabs: Record<string, CellValue[][]>, asOf = '2026-05-12') =>
  reviewAt(tabs, asOf).review.review;

/** The blocks of section n (1-based) under the sub-heading that starts with `sub`, if given. */
function blocks(review: Review, n: number, sub?: string): ReviewBlock[] {
  const all = review.sections[n - 1]?.blocks ?? [];
  if (sub === undefined) return all;
  const start = all.findIndex((b) => b.kind === 'subheading' && b.text.includes(sub));
  const end = all.findIndex((b, i) => i > start && b.kind === 'subheading');
  return all.slice(start + 1, end < 0 ? undefined : end);
}
const texts = (list: ReviewBlock[]) => list.flatMap((b) => (b.kind === 'table' ? [] : [b.text]));
const tables = (list: ReviewBlock[]) =>
  list.flatMap((b) => (b.kind === 'table' ? [[b.columns, ...b.rows]] : []));

describe('contract §7.4 the review', () => {
  it('has a title, the period and date, and the five sections in order', () => {
    const tabs = { ...coveredCommittee(), 设置: settings(['专委会名称', '农业委员会']) };
    const review = reviewOf(tabs);
    expect(review.title).toBe('农业委员会“两个全覆盖”工作评估报告');
    expect(review.subtitle).toBe('（2026年第二季度，数据截至2026年5月12日）');
    expect(review.sections.map((s) => s.heading)).toEqual([
      '一、基本情况',
      '二、“两个全覆盖”落实情况',
      '三、责任落实情况',
      '四、存在的问题',
      '五、下一步工作建议',
    ]);
  });
});

describe('contract §7.4 section 1: 基本情况', () => {
  it('counts members, CPC and non-CPC, groups and party groups, and names the 分党组 by post', () => {
    const tabs = coveredCommittee();
    tabs.分党组 = subgroup(
      ['王书记', 'A01', '书记', ''],
      ['钱副', '', '副书记', ''],
      ['孙甲', '', '成员', ''],
    );
    expect(texts(blocks(reviewOf(tabs), 1))).toEqual([
      '本报告评估本专委会2026年第二季度（2026年4月1日至2026年6月30日）“两个全覆盖”工作情况，数据截至2026年5月12日。',
      '全委现有在任委员2名，其中中共党员委员1名、党外委员1名。',
      '设履职小组1个，建立履职党小组1个。',
      '分党组共3人：书记王书记；副书记钱副；成员孙甲。',
    ]);
  });

  it('says plainly what is missing: no members, no groups, no 分党组 or no 书记', () => {
    const empty = { ...coveredCommittee(), 分党组: subgroup(), 履职小组: groups() };
    empty.委员 = [empty.委员[0] as CellValue[]];
    expect(texts(blocks(reviewOf(empty), 1)).slice(1)).toEqual([
      '「委员」表中没有在任委员。',
      '尚未设立履职小组，尚未建立履职党小组。',
      '「分党组」表中尚无人员，尚未明确分党组书记。',
    ]);
    const noSecretary = { ...coveredCommittee(), 分党组: subgroup(['王书记', 'A01', '成员', '']) };
    expect(texts(blocks(reviewOf(noSecretary), 1))[3]).toBe(
      '分党组共1人：成员王书记。尚未明确分党组书记。',
    );
  });
});

describe('contract §7.4 section 2: the two coverages', () => {
  it('gives the three rates now, at the previous close and the change', () => {
    const tabs = {
      ...oneGap(),
      历史: [
        ['日期', '组织覆盖率', '工作覆盖率', '联系落实率', '联系 已/应'],
        ['2026-03-31', 1, 0.5, '—', '0/0'],
      ],
    };
    const section = blocks(reviewOf(tabs), 2, '（一）');
    expect(tables(section)).toEqual([
      [
        ['指标', '本期', '上期末', '变化'],
        ['组织覆盖率', '100.0%（1/1）', '100.0%', '持平'],
        ['工作覆盖率', '50.0%（1/2）', '50.0%', '持平'],
        ['联系落实率', '0.0%（0/1）', '—', '—'],
      ],
    ]);
    expect(texts(section)).toEqual([
      '与上期末记录（2026年3月31日）相比，组织覆盖率持平，工作覆盖率持平，联系落实率无可比数据。',
    ]);
  });

  it('says there is nothing to compare with when 历史 has no previous close', () => {
    const section = blocks(reviewOf(coveredCommittee()), 2, '（一）');
    expect(tables(section)[0]?.[1]).toEqual(['组织覆盖率', '100.0%（1/1）', '—', '—']);
    expect(texts(section)).toEqual([
      '「历史」表中没有2026年第一季度期末（2026年3月31日）及以前的记录，暂无上期数据可比。',
    ]);
  });

  it('lists at most the three lowest 界别 and 履职小组 below full 工作覆盖率, or says all are full', () => {
    expect(texts(blocks(reviewOf(coveredCommittee()), 2, '（二）'))).toEqual([
      '各界别的工作覆盖率均为100%。',
      '各履职小组的工作覆盖率均为100%。',
    ]);
    const tabs = coveredCommittee();
    for (const [i, sector] of ['工商界', '教育界', '医药界', '文艺界'].entries())
      tabs.委员.push([`B${i}`, `委员${i}`, sector, '中共党员', '种业组', '种业党小组']);
    const [sectors, dutyGroups] = tables(blocks(reviewOf(tabs), 2, '（二）'));
    expect(sectors).toEqual([
      ['界别', '在任委员', '工作覆盖率'],
      // Four sectors at 0 %: ties in code-point order of the name, 医 < 工 < 教 < 文.
      ['医药界', '1', '0.0%（0/1）'],
      ['工商界', '1', '0.0%（0/1）'],
      ['教育界', '1', '0.0%（0/1）'],
    ]);
    expect(dutyGroups).toEqual([
      ['履职小组', '在任委员', '工作覆盖率'],
      ['种业组', '6', '33.3%（2/6）'],
    ]);
  });

  it('names contact persons over the cap, or says none is', () => {
    expect(texts(blocks(reviewOf(coveredCommittee()), 2, '（三）'))).toEqual([
      '没有联系人超过负荷上限（每人6名委员）。',
    ]);
    const tabs = { ...coveredCommittee(), 设置: settings(['联系人负荷上限', 1]) };
    tabs.委员.push(['A03', '丙', '民盟', '民盟盟员', '种业组', '', 'A01']);
    const section = blocks(reviewOf(tabs), 2, '（三）');
    expect(texts(section)).toEqual(['联系人负荷上限为每人1名委员，超过上限的联系人有1名：']);
    expect(tables(section)).toEqual([
      [
        ['联系人', '联系委员数', '超出'],
        ['王书记（A01）', '2', '1'],
      ],
    ]);
  });
});

describe('contract §7.4 section 3: who answers for what', () => {
  it('states what the ledger opened, closed and holds open, then each owner and the open responsibility gaps', () => {
    const tabs = oneGap();
    tabs.履职小组.push(['乡村组', '', '', '', 'A01']);
    const section = blocks(reviewOf(tabs), 3);
    expect(texts(section)[0]).toBe(
      '本期（2026年4月1日至2026年5月12日）缺口台账新发现覆盖缺口1项、责任缺口1项，解决覆盖缺口0项、责任缺口0项；目前尚未解决覆盖缺口1项、责任缺口1项。',
    );
    expect(tables(section)).toEqual([
      [
        ['姓名', '职务', '未解决覆盖缺口', '未解决责任缺口', '最长持续天数', '本期已解决'],
        ['王书记（A01）', '书记', '1', '1', '0', '0'],
      ],
      [
        ['类型', '数量', '应由谁落实'],
        ['履职小组无组长', '1', '王书记（A01）'],
      ],
    ]);
  });

  it('says when no responsibility gap is open, and notes a restarted or back-dated ledger', () => {
    expect(texts(blocks(reviewOf(coveredCommittee()), 3, '（二）'))).toEqual([
      '缺口台账中没有未解决的责任缺口。',
    ]);
    const first = reviewAt(oneGap(), '2026-05-12');
    const { 缺口台账: _, ...deleted } = first.tabs;
    expect(texts(blocks(reviewAt(deleted, '2026-05-20').review.review, 3))[1]).toBe(
      '「缺口台账」已于本次同步重新开始记录，此前的缺口记录不在统计之内。',
    );
    expect(texts(blocks(reviewAt(first.tabs, '2026-05-01').review.review, 3))[1]).toBe(
      '本次按2026年5月1日回溯统计，缺口台账未作更新，台账数字为最近一次同步时的状态。',
    );
  });
});

describe('contract §7.4 section 4: problems', () => {
  it('lists persistent gaps with their consecutive periods, or says there are none', () => {
    const runs = syncSequence(oneGap(), ['2026-03-20', '2026-05-12']);
    const [, second] = runs as [ReviewedSync, ReviewedSync];
    expect(texts(blocks(second.review.review, 4, '（一）'))).toEqual([
      '从上期延续至今仍未解决的缺口1项（连续期数含本期）：',
    ]);
    expect(tables(blocks(second.review.review, 4, '（一）'))).toEqual([
      [
        ['类别', '类型', '对象', '连续期数', '应由谁落实'],
        ['覆盖缺口', '未明确联系人', '李委员（A02）', '2', '王书记（A01）'],
      ],
    ]);
    expect(texts(blocks((runs[0] as ReviewedSync).review.review, 4, '（一）'))).toEqual([
      '没有从上期延续至今仍未解决的缺口。',
    ]);
  });

  it('lists overdue tasks and overdue difficulties, or says there are none', () => {
    const none = reviewOf(coveredCommittee());
    expect(texts(blocks(none, 4, '（二）'))).toEqual(['没有逾期未完成的工作任务。']);
    expect(texts(blocks(none, 4, '（三）'))).toEqual(['没有超期未解决的困难诉求。']);
    const tabs = {
      ...coveredCommittee(),
      工作任务: tasks(['修订规则', 'A01', '2026-05-02', '进行中']),
      困难诉求: difficulties(['2026-03-01', 'A02', '子女入学', 'A01', '办理中']),
    };
    const review = reviewOf(tabs);
    expect(tables(blocks(review, 4, '（二）'))).toEqual([
      [
        ['任务', '应由谁落实', '情况'],
        ['修订规则', '王书记（A01）', '截止日期 2026-05-02，已逾期 10 天，状态为「进行中」。'],
      ],
    ]);
    expect(tables(blocks(review, 4, '（三）'))[0]?.[1]).toEqual([
      '李委员（A02）',
      '王书记（A01）',
      expect.stringContaining('已超期 42 天'),
    ]);
  });

  it('lists items decided without consultation or not briefed; without gaps it counts the items', () => {
    const noItems = reviewOf(coveredCommittee());
    expect(texts(blocks(noItems, 4, '（四）'))).toEqual([
      '本期截至2026年5月12日没有决定重要事项。',
    ]);

    const consulted = coveredCommittee();
    consulted.重要事项 = items(['ZX-1', '调研方案', '2026-05-09', 'A01']);
    consulted.活动记录.push(
      ['2026-05-07', '征求意见', '', 'A01', 'A01、A02', 'ZX-1'],
      ['2026-05-10', '传达通报', '', 'A01', '全体', 'ZX-1'],
    );
    expect(texts(blocks(reviewOf(consulted), 4, '（四）'))).toEqual([
      '本期决定的1项重要事项均在决定前征求了党员委员和党外委员意见；尚无已过传达时限的事项。',
    ]);
    expect(texts(blocks(reviewOf(consulted, '2026-05-20'), 4, '（四）'))).toEqual([
      '本期决定的1项重要事项均在决定前征求了党员委员和党外委员意见；已过传达时限的1项均已传达到全体在任委员。',
    ]);

    const unconsulted = coveredCommittee();
    unconsulted.重要事项 = items(['ZX-2', '提案意见', '2026-05-01', 'A01']);
    expect(tables(blocks(reviewOf(unconsulted), 4, '（四）'))).toEqual([
      [
        ['事项编号', '问题', '情况', '应由谁落实'],
        ['ZX-2', '决策前未征求意见', expect.stringContaining('「提案意见」'), '王书记（A01）'],
        [
          'ZX-2',
          '决策后未及时传达',
          expect.stringContaining('2 名在任委员未被传达'),
          '王书记（A01）',
        ],
      ],
    ]);
  });

  it('cuts a long list at twenty rows and says how many more the tab holds', () => {
    const tabs = coveredCommittee();
    tabs.工作任务 = tasks(
      ...Array.from({ length: 23 }, (_, i) => [`任务${i}`, 'A01', '2026-05-01', '进行中']),
    );
    const [table] = tables(blocks(reviewOf(tabs), 4, '（二）'));
    expect(table).toHaveLength(22);
    expect(table?.[21]).toEqual(['另有3项，详见「责任缺口」表', '', '']);
  });
});

describe('contract §7.4 section 5: next steps', () => {
  it('gives one line per open gap code with its count, the action and the owners', () => {
    const tabs = oneGap();
    tabs.分党组 = subgroup(['王书记', 'A01', '书记', ''], ['赵成员', '', '成员', '']);
    tabs.履职小组.push(['乡村组', '', '', '', '赵成员']);
    tabs.委员.push(['A03', '丙', '民盟', '民盟盟员', '乡村组', '', '', '在任']);
    expect(texts(blocks(reviewOf(tabs), 5))).toEqual([
      '1. 为2名党外委员明确联系人（由王书记（A01）、赵成员负责落实）。',
      '2. 在本期结束前组织1名委员参加学习、通报、调研等党的工作（由赵成员负责落实）。',
      '3. 为1个履职小组明确组长（由赵成员负责落实）。',
    ]);
  });

  it('says who must be named first when nobody answers, and says so when nothing is open', () => {
    const tabs = { ...coveredCommittee(), 分党组: subgroup(['王书记', 'A01', '副书记', '']) };
    expect(texts(blocks(reviewOf(tabs), 5))).toEqual([
      '1. 明确分党组书记，并在「分党组」表中登记（尚无人负责，须先明确分党组书记）。',
    ]);
    expect(texts(blocks(reviewOf(coveredCommittee()), 5))).toEqual([
      '缺口台账中没有未解决的缺口。',
    ]);
  });
});

describe('the 评估报告 tab', () => {
  it('prints the review: title, sections, paragraphs cut to the page width, tables with headers', () => {
    const run = reviewAt({ ...oneGap(), 活动记录: activities() }, '2026-05-12');
    const tab = run.review.tabs.find((t) => t.name === '评估报告');
    if (!tab) throw new Error('no 评估报告');
    const styleOf = (row: number) =>
      tab.styles.filter((s) => s.row === row && s.column === 0).map((s) => s.style);
    expect(tab.rows[0]).toEqual([run.review.review.title]);
    expect(styleOf(0)).toEqual(['title']);
    const heading = tab.rows.findIndex((r) => r[0] === '二、“两个全覆盖”落实情况');
    expect(styleOf(heading)).toEqual(['section']);
    const header = tab.rows.findIndex((r) => r[0] === '指标');
    expect(styleOf(header)).toEqual(['header']);
    const width = (text: string) =>
      [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0xff ? 2 : 1), 0);
    const lines = tab.rows.filter((r) => r.length === 1 && typeof r[0] === 'string');
    for (const [line] of lines) expect(width(line as string)).toBeLessThanOrEqual(98);
    // A paragraph's lines put back together are the paragraph.
    const first = texts(blocks(run.review.review, 1))[0] as string;
    const start = tab.rows.findIndex((r) => first.startsWith(String(r[0])));
    expect(
      tab.rows
        .slice(start, start + 2)
        .map((r) => r[0])
        .join(''),
    ).toBe(first);
  });

  it('lays 缺口台账 out as a register: one line a row, each column as wide as its longest text', () => {
    const run = reviewAt({ ...oneGap(), 活动记录: activities() }, '2026-05-12');
    const tab = run.review.tabs.find((t) => t.name === '缺口台账');
    if (!tab) throw new Error('no 缺口台账');
    expect(tab.styles.map((s) => s.style)).not.toContain('wrap');
    expect(new Set(tab.rowHeights).size).toBe(1);
    const units = (text: string) =>
      [...text].reduce((n, c) => n + (c.charCodeAt(0) > 0xff ? 2 : 1), 0);
    tab.columnWidths.forEach((width, c) => {
      const longest = Math.max(...tab.rows.slice(1).map((r) => units(String(r[c] ?? ''))));
      // 7.5 px a unit and the padding: the longest text shows whole up to the 300 px cap.
      expect(width).toBeGreaterThanOrEqual(Math.min(300, longest * 7.5 + 14));
    });
  });
});
