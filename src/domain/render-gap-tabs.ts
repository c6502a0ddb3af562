import type { Analysis } from './analysis';
import type { MemberCoverage } from './compute-coverage';
import { GAP_REASON_LABELS, RESPONSIBILITY_LABELS } from './gap-labels';
import type { OutputTab } from './output-tab';
import { personText } from './person-text';
import { planGapActions } from './plan-gap-actions';
import { TabBuilder } from './tab-builder';

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
      '应由谁落实',
      '联系人',
      '党的工作次数',
      '联系谈心次数',
    ],
    'header',
  );
  if (analysis.gaps.length === 0) t.line(['本期所有在任委员均已覆盖。'], 'good');
  const actions = planGapActions(analysis);
  for (const gap of analysis.gaps) {
    const m = gap.member;
    const { advice, owner } = actions.get(gap) ?? { advice: [], owner: null };
    t.add([
      m.id,
      m.name,
      m.sector,
      m.affiliation,
      m.dutyGroup ?? '',
      gap.reasons.map((r) => GAP_REASON_LABELS[r]).join('；'),
      advice.join('；'),
      owner ? personText(owner) : NO_SECRETARY,
      contactText(gap),
      gap.touches,
      m.isCpc ? '' : gap.talks,
    ]);
  }
  return t.build('覆盖缺口', 1, analysis);
}

const NO_SECRETARY = '（尚未明确分党组书记）';

/** The member's 联系人 as it stands: the valid contact, or what was typed, marked invalid. */
function contactText(gap: MemberCoverage): string {
  if (gap.validContact) return personText(gap.validContact);
  return gap.member.contactText === null ? '' : `${gap.member.contactText}（无效）`;
}

function responsibilityGaps(analysis: Analysis): OutputTab {
  const t = new TabBuilder();
  t.add(['类型', '对象', '应由谁落实', '说明'], 'header');
  if (analysis.responsibility.length === 0) t.line(['本期各项责任均已落实到人。'], 'good');
  for (const gap of analysis.responsibility)
    t.add([
      RESPONSIBILITY_LABELS[gap.code],
      gap.code === 'NO_SECRETARY' ? '分党组' : gap.person ? personText(gap.person) : gap.subject,
      gap.owner ? personText(gap.owner) : NO_SECRETARY,
      gap.detail,
    ]);
  return t.build('责任缺口', 1, analysis);
}

function dataIssues(analysis: Analysis): OutputTab {
  const t = new TabBuilder();
  t.add(['表', '行', '列', '当前值', '问题', '如何修改'], 'header');
  if (analysis.issues.length === 0) t.line(['没有发现数据问题。'], 'good');
  for (const issue of analysis.issues) {
    const row = t.add([issue.tab, issue.row, issue.column, issue.value, issue.message, issue.fix]);
    t.style(row, 1, 1, 1, 'center');
  }
  return t.build('数据问题', 1, analysis);
}
