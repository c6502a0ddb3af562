import type { Analysis } from './analysis';
import { formatInstant, isoFromSerial } from './calendar-date';
import { compareText } from './compare-text';
import { countInto, emptyRate, type MemberCoverage, type Rate } from './compute-coverage';
import { TRIGGER_LABELS } from './gap-labels';
import type { OutputTab } from './output-tab';
import { rateValue, TabBuilder } from './tab-builder';
import type { Person } from './workbook-model';

const NO_GROUP = '（未分组）';

interface Breakdown {
  label: string;
  members: number;
  org: Rate;
  work: Rate;
  contact: Rate;
  withGaps: number;
}

/**
 * 覆盖总览: the headline rates with their counts, the counts of gaps and issues, then the rates
 * per 界别 and per 履职小组 and each contact person's load, each table worst first.
 */
export function renderOverview(analysis: Analysis): OutputTab {
  const { workbook, period, coverage, input } = analysis;
  const { settings } = workbook;
  const t = new TabBuilder();

  t.line([`${settings.committeeName || '本专委会'}「两个全覆盖」覆盖总览`], 'title');
  labelled(
    t,
    '统计周期',
    `${period.label}（${isoFromSerial(period.start)} 至 ${isoFromSerial(period.end)}）`,
  );
  labelled(t, '截至日期', isoFromSerial(analysis.asOf));
  labelled(
    t,
    '同步时间',
    `${formatInstant(input.now, settings.timeZone)}（${TRIGGER_LABELS[input.trigger]}）`,
  );
  labelled(
    t,
    '评估口径',
    `每人每期至少 ${settings.frequency} 次；联系人最多联系 ${settings.loadCap} 人`,
  );
  t.blank();

  t.add(['覆盖率', '比率', '已覆盖', '应覆盖', '未覆盖', '口径'], 'header');
  const headline: Array<[string, Rate, string]> = [
    ['组织覆盖率', coverage.rates.org, '在任党员委员中已编入现有履职党小组的比例'],
    ['工作覆盖率', coverage.rates.work, '有党小组或联系人、且本期参与党的工作达频次的比例'],
    ['联系落实率', coverage.rates.contact, '党外委员中联系人有效且本期联系谈心达频次的比例'],
  ];
  for (const [label, rate, meaning] of headline) {
    const row = t.add([
      label,
      rateValue(rate),
      rate.covered,
      rate.total,
      rate.total - rate.covered,
      meaning,
    ]);
    t.style(row, 0, 1, 1, 'label');
    t.rate(row, 1, rate);
    t.style(row, 5, 1, 1, 'muted');
    t.spill(row, 5);
  }
  t.blank();

  t.add(['缺口与问题', '数量', '', '', '', '说明'], 'header');
  const counts: Array<[string, number, string]> = [
    ['覆盖缺口', analysis.gaps.length, '有覆盖缺口的在任委员人数，详见「覆盖缺口」表'],
    ['责任缺口', analysis.responsibility.length, '尚未落实到人的责任，详见「责任缺口」表'],
    ['数据问题', analysis.issues.length, '需要核对修改的单元格，详见「数据问题」表'],
  ];
  for (const [label, count, meaning] of counts) {
    const row = t.add([label, count, '', '', '', meaning]);
    t.style(row, 0, 1, 1, 'label');
    t.style(row, 1, 1, 1, count === 0 ? 'good' : 'bad');
    t.style(row, 5, 1, 1, 'muted');
    t.spill(row, 5);
  }

  breakdownTable(
    t,
    '按界别',
    '界别',
    breakdown(coverage.members, (m) => m.member.sector),
  );
  breakdownTable(
    t,
    '按履职小组',
    '履职小组',
    breakdown(coverage.members, (m) => m.member.dutyGroup ?? NO_GROUP),
  );
  loadTable(t, analysis);

  return t.build('覆盖总览', 1, analysis);
}

function labelled(t: TabBuilder, label: string, value: string): void {
  const row = t.line([label, value]);
  t.style(row, 0, 1, 1, 'label');
}

function breakdown(members: MemberCoverage[], keyOf: (m: MemberCoverage) => string): Breakdown[] {
  const byKey = new Map<string, Breakdown>();
  for (const m of members) {
    const label = keyOf(m);
    let entry = byKey.get(label);
    if (!entry) {
      entry = {
        label,
        members: 0,
        org: emptyRate(),
        work: emptyRate(),
        contact: emptyRate(),
        withGaps: 0,
      };
      byKey.set(label, entry);
    }
    entry.members++;
    if (m.org !== null) countInto(entry.org, m.org);
    countInto(entry.work, m.work);
    if (m.contact !== null) countInto(entry.contact, m.contact);
    if (m.reasons.length > 0) entry.withGaps++;
  }
  // Worst work coverage first; ties by name.
  const ratio = (r: Rate) => (r.total === 0 ? 1 : r.covered / r.total);
  return [...byKey.values()].sort(
    (a, b) => ratio(a.work) - ratio(b.work) || compareText(a.label, b.label),
  );
}

function breakdownTable(
  t: TabBuilder,
  title: string,
  keyHeader: string,
  entries: Breakdown[],
): void {
  t.blank();
  t.line([title], 'section');
  const headerRow = t.add(
    [
      keyHeader,
      '在任委员',
      '组织覆盖率',
      '组织 已/应',
      '工作覆盖率',
      '工作 已/应',
      '联系落实率',
      '联系 已/应',
      '有缺口委员',
    ],
    'header',
  );
  for (const e of entries) {
    const row = t.add([
      e.label,
      e.members,
      rateValue(e.org),
      `${e.org.covered}/${e.org.total}`,
      rateValue(e.work),
      `${e.work.covered}/${e.work.total}`,
      rateValue(e.contact),
      `${e.contact.covered}/${e.contact.total}`,
      e.withGaps,
    ]);
    t.rate(row, 2, e.org);
    t.rate(row, 4, e.work);
    t.rate(row, 6, e.contact);
    for (const column of [3, 5, 7]) t.style(row, column, 1, 1, 'center');
  }
  if (entries.length > 0)
    t.charts.push({
      title: `${title}覆盖率`,
      headerRow,
      rows: entries.length,
      labelColumn: 0,
      valueColumns: [2, 4, 6],
    });
}

function loadTable(t: TabBuilder, analysis: Analysis): void {
  const { coverage, workbook } = analysis;
  const cap = workbook.settings.loadCap;
  const done = new Map<Person, number>();
  for (const m of coverage.members)
    if (m.validContact && m.contact) done.set(m.validContact, (done.get(m.validContact) ?? 0) + 1);
  const rows = [...coverage.loads].sort(
    ([a, x], [b, y]) => Number(y > cap) - Number(x > cap) || y - x || compareText(a.ref, b.ref),
  );
  t.blank();
  t.line(['联系人负荷'], 'section');
  t.add(
    [
      '联系人',
      '委员编号',
      '身份',
      '履职小组',
      '联系委员数',
      '负荷上限',
      '本期已联系（达频次）',
      '状态',
    ],
    'header',
  );
  if (rows.length === 0) t.line(['尚未为任何委员填写联系人。'], 'muted');
  for (const [person, load] of rows) {
    const over = load > cap;
    const row = t.add([
      person.name,
      person.member?.id ?? '',
      identity(person),
      person.member?.dutyGroup ?? '',
      load,
      cap,
      done.get(person) ?? 0,
      over ? '超负荷' : '正常',
    ]);
    t.style(row, 7, 1, 1, 'center');
    t.style(row, 7, 1, 1, over ? 'bad' : 'good');
  }
}

function identity(person: Person): string {
  if (person.post !== null) return person.post === '成员' ? '分党组成员' : `分党组${person.post}`;
  const member = person.member;
  if (member === null) return '';
  if (!member.isCpc) return `${member.affiliation}（非中共党员）`;
  return member.active ? '中共党员委员' : `中共党员委员（${member.status}）`;
}
