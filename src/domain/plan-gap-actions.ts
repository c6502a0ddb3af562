import type { Analysis } from './analysis';
import { isoFromSerial } from './calendar-date';
import type { GapReason, MemberCoverage } from './compute-coverage';
import { coverageGapOwner } from './coverage-gap-owner';
import { personText } from './person-text';
import { type Activity, isCpcPerson, type Person } from './workbook-model';

/** What closes one member's coverage gaps: what to do, reason by reason, and who answers for it. */
export interface GapActions {
  /** One sentence per reason (or pair of reasons), in the order of the reasons. */
  advice: string[];
  /** 应由谁落实: the one rule of coverageGapOwner, shared with 缺口台账; `null` without a 书记. */
  owner: Person | null;
}

const NO_CANDIDATE =
  '暂无可选联系人：在任中共党员委员和分党组成员都已达到负荷上限（或没有），请调整联系分工';

/**
 * Plans how each coverage gap closes and who answers for it (the decisions are in
 * docs/domain-decisions.md). The advice names who does the work: the organisational reasons are
 * the subgroup's to decide; 本期未联系谈心 is the member's contact's talk, before the period
 * ends; 本期未参与党的工作 is the next party work already planned this period (a later-dated row
 * of 活动记录) and its organiser, else whoever keeps the member in touch — their contact, or the
 * leader of their party group. Who answers for all of it is coverageGapOwner's.
 */
export function planGapActions(analysis: Analysis): Map<MemberCoverage, GapActions> {
  const planned = plannedPartyWork(analysis);
  const ownerOf = coverageGapOwner(analysis.workbook);
  const periodEnd = isoFromSerial(analysis.period.end);
  return new Map(
    analysis.gaps.map((gap) => [
      gap,
      { advice: adviceFor(analysis, planned, periodEnd, gap), owner: ownerOf(gap.member) },
    ]),
  );
}

function adviceFor(
  analysis: Analysis,
  planned: Activity[],
  periodEnd: string,
  gap: MemberCoverage,
): string[] {
  const { workbook } = analysis;
  const member = gap.member;
  const suggestion = analysis.suggestions.get(member);
  const advice: string[] = [];
  const group = workbook.dutyGroups.find((g) => g.name === member.dutyGroup);
  const groupOwner = group?.owner?.post ? group.owner : null;
  const has = (reason: GapReason) => gap.reasons.includes(reason);

  if (has('NO_PARTY_GROUP') || has('UNKNOWN_PARTY_GROUP')) {
    if (suggestion?.partyGroup) advice.push(`编入「${suggestion.partyGroup}」`);
    else if (group) advice.push(`「${group.name}」尚未建立履职党小组：请先建立，再把其编入`);
    else advice.push('请先明确其履职小组，再编入该组的履职党小组');
  }
  if (has('NO_CONTACT') || has('INVALID_CONTACT')) {
    const contact = suggestion?.contact;
    advice.push(contact ? `联系人可定为 ${personText(contact)}` : NO_CANDIDATE);
  }
  const frequency = workbook.settings.frequency;
  if (has('NOT_CONTACTED') && gap.validContact) {
    const contact = gap.validContact;
    const talk = nextPlanned(
      planned,
      gap,
      (a) =>
        a.type === '联系谈心' &&
        a.organiser === contact &&
        (a.everyone || a.participants.includes(member)),
    );
    advice.push(
      talk
        ? `已安排 ${isoFromSerial(talk.date)} 的联系谈心（活动记录第 ${talk.row} 行），按期开展即可补上`
        : `请${personText(contact)}于 ${periodEnd} 前与其联系谈心（本期已 ${gap.talks} 次，应 ${frequency} 次）`,
    );
  }
  if (has('NOT_REACHED')) {
    const work = nextPlanned(planned, gap, () => true);
    if (work) {
      const listed = work.everyone || work.participants.includes(member);
      const what = `${isoFromSerial(work.date)} 的${work.type}（活动记录第 ${work.row} 行）`;
      advice.push(
        listed
          ? `已列入 ${what}，按期开展即可补上`
          : `可邀请其参加 ${what}，组织人 ${personText(work.organiser as Person)}`,
      );
    } else {
      const keeper = gap.validContact ?? partyGroupLeader(analysis, gap) ?? groupOwner;
      const who = keeper ?? workbook.secretary;
      advice.push(
        `本期尚无已安排的党的工作可邀请其参加：请${who ? personText(who) : ''}于 ${periodEnd} 前邀请其参加一次（如理论学习、传达通报）`,
      );
    }
  }
  return advice;
}

/** Party work planned after the as-of date and within the period, earliest first. */
function plannedPartyWork({ asOf, period, workbook }: Analysis): Activity[] {
  return workbook.activities
    .filter(
      (a) =>
        a.date > asOf &&
        a.date <= period.end &&
        a.organiser !== null &&
        isCpcPerson(a.organiser) &&
        a.type !== '其他',
    )
    .sort((a, b) => a.date - b.date || a.row - b.row);
}

/** The first planned activity that `fits`, preferring one that already lists the member (or 全体). */
function nextPlanned(
  planned: Activity[],
  gap: MemberCoverage,
  fits: (activity: Activity) => boolean,
): Activity | undefined {
  let best: Activity | undefined;
  for (const activity of planned) {
    if (!fits(activity)) continue;
    const listed = activity.everyone || activity.participants.includes(gap.member);
    // Earliest first: the first listing one is the answer; until then, the first that fits.
    if (listed) return activity;
    best ??= activity;
  }
  return best;
}

/** The leader of a CPC member's party group, when that is a CPC person. */
function partyGroupLeader(analysis: Analysis, gap: MemberCoverage): Person | null {
  const name = gap.member.isCpc ? gap.member.partyGroup : null;
  const leader = name ? analysis.workbook.partyGroups.get(name)?.leader : null;
  return leader && isCpcPerson(leader) ? leader : null;
}
