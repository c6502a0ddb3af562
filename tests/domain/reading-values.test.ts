import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateCell, serialFromIso } from '../../src/domain/calendar-date';
import { computePeriod } from '../../src/domain/compute-period';
import { normaliseText } from '../../src/domain/normalise-text';
import { parseWorkbook } from '../../src/domain/parse-workbook';
import {
  activities,
  analyse,
  coveredCommittee,
  issuesWith,
  members,
  reasonsOf,
  subgroup,
} from '../support/domain-fixture';

/** A committee whose one non-CPC member A02 names `contact`; the contact talked to A02. */
function withContact(
  contact: string,
  extraMembers: unknown[][] = [],
  extraSubgroup: unknown[][] = [],
) {
  const tabs = coveredCommittee();
  tabs.委员 = members(
    ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
    ['A02', '李委员', '民盟', '民盟盟员', '种业组', '', contact],
    ...(extraMembers as string[][]),
  );
  tabs.分党组 = subgroup(['王书记', 'A01', '书记', ''], ...(extraSubgroup as string[][]));
  return tabs;
}

describe('contract §3.1 person references', () => {
  it('1. matches a 委员编号 case-insensitively after NFKC', () => {
    const result = analyse(withContact('ａ０１'));
    expect(reasonsOf(result, 'A02')).toEqual([]);
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('2. else matches the 姓名 of exactly one member row, of any status', () => {
    expect(reasonsOf(analyse(withContact('王书记')), 'A02')).toEqual([]);
    const retired = analyse(
      withContact('老张', [['A03', '老张', '中共', '中共党员', '', '', '', '离任']]),
    );
    // Resolves to the retired member, who is not a valid contact: no data issue, a gap.
    expect(reasonsOf(retired, 'A02')).toEqual(['INVALID_CONTACT']);
    expect(retired.summary.dataIssues).toEqual([]);
  });

  it('2. a 姓名 shared by two or more member rows is AMBIGUOUS_NAME, unresolved', () => {
    const tabs = withContact('张华', [
      ['A03', '张华', '中共', '中共党员', '种业组', '种业党小组'],
      ['A04', '张华', '中共', '中共党员', '种业组', '种业党小组'],
    ]);
    const result = analyse(tabs);
    expect(issuesWith(result, 'AMBIGUOUS_NAME')).toEqual([
      expect.objectContaining({
        tab: '委员',
        row: 3,
        column: '联系人',
        message: expect.stringContaining('A03、A04'),
      }),
    ]);
    expect(reasonsOf(result, 'A02')).toContain('INVALID_CONTACT');
  });

  it('3. else matches the 姓名 of exactly one 分党组 row without 委员编号', () => {
    const tabs = withContact('陈刚', [], [['陈刚', '', '成员', '']]);
    tabs.活动记录 = activities(
      ['2026-05-06', '联系谈心', '', '陈刚', 'A02'],
      ['2026-05-07', '理论学习', '', 'A01', 'A01'],
    );
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A02')).toEqual([]);
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('prefers a member 姓名 over a non-member 分党组 姓名', () => {
    const tabs = withContact(
      '陈刚',
      [['A03', '陈刚', '中共', '中共党员', '种业组', '种业党小组']],
      [['陈刚', '', '成员', '']],
    );
    tabs.活动记录.push(['2026-05-07', '联系谈心', '', 'A03', 'A02']);
    const result = analyse(tabs);
    expect(result.tabs[0]?.rows.find((r) => r[0] === '陈刚')?.[1]).toBe('A03');
  });

  it('4. else is UNKNOWN_PERSON, unresolved', () => {
    const result = analyse(withContact('NOBODY'));
    expect(issuesWith(result, 'UNKNOWN_PERSON')).toEqual([
      expect.objectContaining({ tab: '委员', row: 3, column: '联系人' }),
    ]);
    expect(reasonsOf(result, 'A02')).toEqual(['INVALID_CONTACT']);
  });

  it('treats a 分党组 row with a 委员编号 as that member: one person, two roles', () => {
    const tabs = withContact('A01');
    // 王书记 is a member (A01) and the 书记: organising as either name is the same person.
    tabs.活动记录 = activities(
      ['2026-05-06', '联系谈心', '', '王书记', 'A02'],
      ['2026-05-07', '理论学习', '', 'A01', 'A01'],
    );
    const result = analyse(tabs);
    expect(reasonsOf(result, 'A02')).toEqual([]);
    expect(result.summary.responsibilityGaps).toEqual([]);
  });

  it('removes the padding spaces staff put inside two-character names', () => {
    const tabs = withContact('王　书记');
    expect(reasonsOf(analyse(tabs), 'A02')).toEqual([]);
  });

  it('splits lists on 、 , ， ; ； / and line breaks', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ...['A02', 'A03', 'A04', 'A05', 'A06', 'A07', 'A08', 'A09'].map((id) => [
        id,
        `委员${id}`,
        '民盟',
        '民盟',
        '种业组',
        '',
        'A01',
      ]),
    );
    tabs.活动记录 = activities(
      ['2026-05-06', '联系谈心', '', 'A01', 'A02、A03,A04，A05;A06；A07/A08\nA09'],
      ['2026-05-07', '理论学习', '', 'A01', 'A01'],
    );
    const result = analyse(tabs);
    expect(result.summary.rates.contact).toEqual({ covered: 8, total: 8 });
    expect(result.summary.dataIssues).toEqual([]);
  });

  it('compares text in its NFKC form, trimmed, whatever mix of characters a cell holds', () => {
    // Text normalisation leaves alone, around one character that may be anything: one it
    // changes, one that combines with its neighbour, or another it leaves alone.
    const plain = fc.string({
      unit: fc.constantFrom(...'aZ9 -、。「」【】〇々王委'),
      maxLength: 6,
    });
    const any = fc.constantFrom(...'a、】王，；　①ｶﾞ\u3099\u0301\u2028\t\ufb01㍻');
    fc.assert(
      fc.property(plain, any, plain, (before, character, after) => {
        const text = before + character + after;
        expect(normaliseText(text)).toBe(text.normalize('NFKC').trim());
      }),
    );
  });

  it('lists each row its own participants, each once', () => {
    const tabs = coveredCommittee();
    tabs.委员 = members(
      ['A01', '王书记', '中共', '中共党员', '种业组', '种业党小组'],
      ...['A02', 'A03', 'A04'].map((id) => [id, `委员${id}`, '民盟', '民盟', '种业组', '', 'A01']),
    );
    tabs.活动记录 = activities(
      ['2026-05-06', '理论学习', '', 'A01', 'A02、A03、A04、委员A02'],
      ['2026-05-07', '理论学习', '', 'A01', 'A03、A03'],
      ['2026-05-08', '理论学习', '', 'A01', ''],
      ['2026-05-09', '理论学习', '', 'A01', '全体、A04'],
    );
    const parsed = parseWorkbook({ tabs: new Map(Object.entries(tabs)), now: 0, trigger: 'cli' });
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(
      parsed.workbook.activities.map((a) => [a.everyone, a.participants.map((m) => m.id)]),
    ).toEqual([
      [false, ['A02', 'A03', 'A04']],
      [false, ['A03']],
      [false, []],
      [true, ['A04']],
    ]);
  });

  it('reads 全体 and 全体委员 as every active member', () => {
    for (const everyone of ['全体', '全体委员']) {
      const tabs = coveredCommittee();
      tabs.委员.push(['A03', '赵委员', '民盟', '民盟', '种业组', '', 'A01']);
      tabs.活动记录 = activities(['2026-05-06', '联系谈心', '', 'A01', everyone]);
      const result = analyse(tabs);
      expect(result.summary.rates.work).toEqual({ covered: 3, total: 3 });
      expect(result.summary.rates.contact).toEqual({ covered: 2, total: 2 });
    }
  });

  it('counts a member listed twice in one activity once', () => {
    const tabs = coveredCommittee();
    tabs.设置 = [
      ['项目', '值'],
      ['联系频次', 2],
    ];
    tabs.活动记录 = activities(['2026-05-06', '联系谈心', '', 'A01', 'A02、李委员、A01']);
    expect(reasonsOf(analyse(tabs), 'A02')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
  });
});

describe('contract §3.2 dates', () => {
  it('reads a spreadsheet serial (epoch 1899-12-30), ignoring the time of day', () => {
    expect(parseDateCell(46154)).toBe(serialFromIso('2026-05-12'));
    expect(parseDateCell(46154.75)).toBe(serialFromIso('2026-05-12'));
    expect(parseDateCell(1)).toBe(serialFromIso('1899-12-31'));
  });

  it('reads serials from 1 to 2,958,465 (9999-12-31), the dates a spreadsheet can show', () => {
    expect(parseDateCell(2_958_465)).toBe(serialFromIso('9999-12-31'));
    expect(parseDateCell(2_958_465.99)).toBe(serialFromIso('9999-12-31'));
    expect(parseDateCell(2_958_466)).toBeUndefined();
    expect(parseDateCell(0.5)).toBeUndefined();
  });

  it('reads YYYY-MM-DD, YYYY/M/D, YYYY.M.D and YYYY年M月D日', () => {
    const may12 = serialFromIso('2026-05-12');
    for (const text of [
      '2026-05-12',
      '2026/5/12',
      '2026.5.12',
      '2026年5月12日',
      '2026/05/12',
      '2026-5-12',
      '2026 年 5 月 12 日',
    ])
      expect(parseDateCell(text), text).toBe(may12);
  });

  it('reads full-width digits once normalised, as staff type them in Chinese input modes', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(
      ['２０２６年５月６日', '联系谈心', '', 'A01', 'A02'],
      ['２０２６／５／８', '理论学习', '', 'A01', 'A01'],
    );
    const result = analyse(tabs);
    expect(result.summary.dataIssues).toEqual([]);
    expect(result.summary.coverageGaps).toEqual([]);
  });

  it('reports anything else as BAD_DATE', () => {
    for (const bad of [
      '2026-02-30',
      '0099-01-01',
      '5月12日',
      '2026-05',
      '明天',
      '12/05/2026',
      'x2026-05-12',
      '2026-05-12 10:30',
      '2026年5月12日前',
      0,
      -3,
      3e7,
      true,
    ])
      expect(parseDateCell(bad as string), String(bad)).toBeUndefined();
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(
      ['2026-13-01', '联系谈心', '', 'A01', 'A02'],
      [true, '理论学习', '', 'A01', 'A01'],
    );
    expect(issuesWith(analyse(tabs), 'BAD_DATE').map((i) => i.row)).toEqual([2, 3]);
  });

  it('reads two-digit months in every form, and the as-of date only as YYYY-MM-DD', () => {
    expect(parseDateCell('2026年12月31日')).toBe(serialFromIso('2026-12-31'));
    expect(parseDateCell('2026.12.31')).toBe(serialFromIso('2026-12-31'));
    for (const text of ['2026-05-12T00', ' 2026-05-12', '2026-5-12'])
      expect(serialFromIso(text), text).toBeUndefined();
  });

  it('refuses a date with mixed separators such as 2026-05/12 as BAD_DATE', () => {
    for (const mixed of ['2026-05/12', '2026/5.12', '2026.5-12', '2026年5-12', '2026-5月12日'])
      expect(parseDateCell(mixed), mixed).toBeUndefined();
    const tabs = coveredCommittee();
    tabs.活动记录.push(['2026-05/12', '理论学习', '', 'A01', 'A01']);
    expect(issuesWith(analyse(tabs), 'BAD_DATE')).toEqual([
      expect.objectContaining({ tab: '活动记录', row: 4, column: '日期' }),
    ]);
  });

  it('names a formula error in a date cell for what it is', () => {
    const tabs = coveredCommittee();
    tabs.活动记录 = activities(['#REF!', '联系谈心', '', 'A01', 'A02']);
    const [issue] = analyse(tabs).summary.dataIssues;
    expect(issue?.message).toContain('公式错误 #REF!');
  });
});

describe('contract §3.3 today and the period', () => {
  it('takes the calendar month, quarter, half-year or year containing the as-of date', () => {
    const d = serialFromIso('2026-08-15') as number;
    const iso = (p: { start: number; end: number }) =>
      [p.start, p.end].map((s) => new Date((s - 25569) * 864e5).toISOString().slice(0, 10));
    expect(computePeriod('月', d).label).toBe('2026年8月');
    expect(iso(computePeriod('月', d))).toEqual(['2026-08-01', '2026-08-31']);
    expect(computePeriod('季度', d).label).toBe('2026年第三季度');
    expect(iso(computePeriod('季度', d))).toEqual(['2026-07-01', '2026-09-30']);
    expect(computePeriod('半年', d).label).toBe('2026年下半年');
    expect(iso(computePeriod('半年', d))).toEqual(['2026-07-01', '2026-12-31']);
    expect(computePeriod('年', d).label).toBe('2026年');
    expect(iso(computePeriod('年', d))).toEqual(['2026-01-01', '2026-12-31']);
    expect(iso(computePeriod('月', serialFromIso('2028-02-10') as number))).toEqual([
      '2028-02-01',
      '2028-02-29',
    ]);
    expect(computePeriod('半年', serialFromIso('2026-06-30') as number).label).toBe('2026年上半年');
    expect(computePeriod('季度', serialFromIso('2026-12-31') as number).label).toBe(
      '2026年第四季度',
    );
  });

  it('ends a monthly period in November on 11-30 and calls January–March 第一季度', () => {
    const november = computePeriod('月', serialFromIso('2026-11-30') as number);
    expect([november.start, november.end]).toEqual(
      ['2026-11-01', '2026-11-30'].map((d) => serialFromIso(d)),
    );
    expect(computePeriod('季度', serialFromIso('2026-01-01') as number).label).toBe(
      '2026年第一季度',
    );
  });

  it('counts an activity when P.start ≤ its date ≤ D: earlier periods and plans do not count', () => {
    const at = (date: string) => {
      const tabs = coveredCommittee();
      tabs.活动记录 = activities(
        [date, '联系谈心', '', 'A01', 'A02'],
        ['2026-05-08', '理论学习', '', 'A01', 'A01'],
      );
      return reasonsOf(analyse(tabs), 'A02');
    };
    expect(at('2026-04-01')).toEqual([]);
    expect(at('2026-05-12')).toEqual([]);
    expect(at('2026-03-31')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
    expect(at('2026-05-13')).toEqual(['NOT_CONTACTED', 'NOT_REACHED']);
  });

  it('raises no issue for later-dated rows (plans)', () => {
    const tabs = coveredCommittee();
    tabs.活动记录.push(['2026-09-01', '理论学习', '下季度计划', 'A01', 'A02']);
    expect(analyse(tabs).summary.dataIssues).toEqual([]);
  });

  it('uses the as-of date given to the sync over the clock', () => {
    const result = analyse(coveredCommittee(), { asOf: '2026-07-02', now: Date.UTC(2030, 0, 1) });
    expect(result.summary.asOf).toBe('2026-07-02');
    expect(result.summary.period.label).toBe('2026年第三季度');
  });
});
