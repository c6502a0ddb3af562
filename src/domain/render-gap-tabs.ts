import type { Analysis } from './analysis';
import { GAP_REASON_LABELS, RESPONSIBILITY_LABELS } from './gap-labels';
import type { OutputTab } from './output-tab';
import type { Suggestion } from './suggest-contacts';
import { TabBuilder } from './tab-builder';
import type { Person } from './workbook-model';

/** 覆盖缺口, 责任缺口 and 数据问题: one row per gap or issue, most urgent first. */
export function renderGapTabs(analysis: Analysis): OutputTab[] {
  return [coverageGaps(analysis), responsibilityGaps(analysis), dataIssues(analysis)];
}

function coverageGaps(analysis: Analysis): OutputTab {
  const t = new TabBuilder();
  t.add(
    [
      '委员编号',
      '姓名',
      '界别',
      '政治面貌',
      '履职小组',
      '缺口原因',
      '建议',
      '本期党的工作（次）',
      '本期联系谈心（次）',
    ],
    'header',
  );
  if (analysis.gaps.length === 0) t.add(['本期所有在任委员均已覆盖。'], 'good');
  for (const gap of analysis.gaps) {
    const m = gap.member;
    const row = t.add([
      m.id,
      m.name,
      m.sector,
      m.affiliation,
      m.dutyGroup ?? '',
      gap.reasons.map((r) => GAP_REASON_LABELS[r]).join('；'),
      suggestionText(analysis.suggestions.get(m)),
      gap.touches,
      m.isCpc ? '' : gap.talks,
    ]);
    t.style(row, 5, 1, 2, 'wrap');
  }
  return t.build('覆盖缺口', [90, 80, 100, 90, 110, 220, 240, 90, 90], 1);
}

function suggestionText(suggestion: Suggestion | undefined): string {
  const parts: string[] = [];
  if (suggestion?.partyGroup) parts.push(`编入「${suggestion.partyGroup}」`);
  if (suggestion?.contact === null)
    parts.push(
      '暂无可选联系人：在任中共党员委员和分党组成员都已达到负荷上限（或没有），请调整联系分工',
    );
  else if (suggestion?.contact) parts.push(`联系人可定为 ${personText(suggestion.contact)}`);
  return parts.join('；');
}

function personText(person: Person): string {
  return person.member ? `${person.name}（${person.member.id}）` : person.name;
}

function responsibilityGaps(analysis: Analysis): OutputTab {
  const t = new TabBuilder();
  t.add(['类型', '对象', '应由谁落实', '说明'], 'header');
  if (analysis.responsibility.length === 0) t.add(['本期各项责任均已落实到人。'], 'good');
  for (const gap of analysis.responsibility) {
    const row = t.add([
      RESPONSIBILITY_LABELS[gap.code],
      gap.code === 'NO_SECRETARY' ? '分党组' : gap.person ? personText(gap.person) : gap.subject,
      gap.owner ? personText(gap.owner) : '（尚未明确分党组书记）',
      gap.detail,
    ]);
    t.style(row, 3, 1, 1, 'wrap');
  }
  return t.build('责任缺口', [170, 180, 150, 420], 1);
}

function dataIssues(analysis: Analysis): OutputTab {
  const t = new TabBuilder();
  t.add(['表', '行', '列', '当前值', '问题', '如何修改'], 'header');
  if (analysis.issues.length === 0) t.add(['没有发现数据问题。'], 'good');
  for (const issue of analysis.issues) {
    const row = t.add([issue.tab, issue.row, issue.column, issue.value, issue.message, issue.fix]);
    t.style(row, 3, 1, 3, 'wrap');
  }
  return t.build('数据问题', [90, 50, 100, 160, 380, 300], 1);
}
