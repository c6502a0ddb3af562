import { serialFromIso } from '../domain/calendar-date';
import type { CellValue } from '../domain/workbook-input';
import {
  ACTIVITIES_TAB,
  DIFFICULTIES_TAB,
  DUTY_GROUPS_TAB,
  ITEMS_TAB,
  MEMBERS_TAB,
  SETTINGS_TAB,
  SUBGROUP_TAB,
  TASKS_TAB,
  type TabSpec,
} from '../domain/workbook-schema';
import type { SpreadsheetSeed } from '../stand-in/seed-spreadsheet';

/** The as-of date of synthetic workbooks: their two quarters of records end here. */
export const SYNTHETIC_AS_OF = '2026-06-20';

const SECTORS = [
  '中国共产党',
  '农业界',
  '经济界',
  '科技界',
  '民盟',
  '九三学社',
  '农工党',
  '民进',
  '无党派人士',
  '工商联',
];
const OTHER_AFFILIATIONS = [
  '民盟盟员',
  '九三学社社员',
  '农工党党员',
  '民进会员',
  '无党派人士',
  '民建会员',
  '群众',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌海燕红晓东志';
// Roughly the mix of the sample: talks and notices most, then study and research.
const ACTIVITY_MIX: [string, number][] = [
  ['联系谈心', 40],
  ['履职通知', 20],
  ['理论学习', 15],
  ['调研', 10],
  ['征求意见', 5],
  ['传达通报', 5],
  ['成果反映', 2],
  ['困难解决', 2],
  ['其他', 1],
];

/** A small, fast, seeded generator (mulberry32), so a workbook is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function header(spec: TabSpec): CellValue[] {
  return Object.values(spec.columns).map(([h]) => h);
}

/**
 * A realistic committee of any size: sectors, duty groups of about 40 members with a party
 * group each, a third of members CPC, contacts for nearly every non-CPC member, and
 * `activities` rows over two quarters (dates as serials, as the Sheets API returns them).
 */
export function syntheticWorkbook(
  memberCount: number,
  activityCount: number,
  seed = 1,
): Record<string, CellValue[][]> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const id = (i: number) => `M${String(i + 1).padStart(5, '0')}`;
  const groupCount = Math.max(1, Math.round(memberCount / 40));
  const groupOf = (i: number) => `第${(i % groupCount) + 1}履职小组`;
  const partyGroupOf = (i: number) => `第${(i % groupCount) + 1}党小组`;

  const cpc: number[][] = Array.from({ length: groupCount }, () => []);
  const isCpc = Array.from({ length: memberCount }, () => next() < 0.35);
  isCpc.forEach((c, i) => {
    if (c) cpc[i % groupCount]?.push(i);
  });
  const members: CellValue[][] = [header(MEMBERS_TAB)];
  for (let i = 0; i < memberCount; i++) {
    const group = i % groupCount;
    const contacts = cpc[group] ?? [];
    const name = `${pick([...SURNAMES])}${pick([...GIVEN])}${next() < 0.5 ? pick([...GIVEN]) : ''}`;
    members.push([
      id(i),
      name,
      isCpc[i] ? pick(SECTORS.slice(0, 4)) : pick(SECTORS),
      isCpc[i] ? '中共党员' : pick(OTHER_AFFILIATIONS),
      groupOf(i),
      isCpc[i] && next() < 0.95 ? partyGroupOf(i) : '',
      !isCpc[i] && contacts.length > 0 && next() < 0.93 ? id(pick(contacts)) : '',
      next() < 0.03 ? '离任' : '在任',
    ]);
  }

  const subgroup: CellValue[][] = [header(SUBGROUP_TAB), ['书记甲', '', '书记', '全面负责']];
  const cpcAll = cpc.flat();
  for (const m of cpcAll.slice(0, 5)) subgroup.push([members[m + 1]?.[1] ?? '', id(m), '成员', '']);

  const groups: CellValue[][] = [header(DUTY_GROUPS_TAB)];
  for (let g = 0; g < groupCount; g++) {
    const leader = cpc[g]?.[0];
    const owner = subgroup[1 + (g % (subgroup.length - 1))]?.[1] || '书记甲';
    groups.push([
      `第${g + 1}履职小组`,
      leader === undefined ? '' : id(leader),
      `第${g + 1}党小组`,
      leader === undefined ? '' : id(leader),
      owner,
    ]);
  }

  const start = serialFromIso('2026-01-01') as number;
  const span = (serialFromIso(SYNTHETIC_AS_OF) as number) - start + 1;
  const totalWeight = ACTIVITY_MIX.reduce((sum, [, w]) => sum + w, 0);
  const activities: CellValue[][] = [header(ACTIVITIES_TAB)];
  for (let a = 0; a < activityCount; a++) {
    let roll = next() * totalWeight;
    let type = '其他';
    for (const [kind, weight] of ACTIVITY_MIX) {
      roll -= weight;
      if (roll < 0) {
        type = kind;
        break;
      }
    }
    const group = Math.floor(next() * groupCount);
    const organisers = cpc[group] ?? [];
    const organiser = organisers.length > 0 ? pick(organisers) : Math.floor(next() * memberCount);
    const size = type === '联系谈心' ? 1 + Math.floor(next() * 2) : 2 + Math.floor(next() * 7);
    const participants: string[] = [];
    for (let p = 0; p < size; p++)
      participants.push(
        id((group + groupCount * Math.floor(next() * (memberCount / groupCount))) % memberCount),
      );
    const item =
      type === '征求意见' || type === '传达通报' ? `ZX-${1 + Math.floor(next() * 20)}` : '';
    activities.push([
      start + Math.floor(next() * span),
      type,
      '工作',
      id(organiser),
      participants.join('、'),
      item,
    ]);
  }

  const items: CellValue[][] = [header(ITEMS_TAB)];
  for (let k = 1; k <= 20; k++)
    items.push([
      `ZX-${k}`,
      `重要事项${k}`,
      start + Math.floor(next() * span),
      id(cpcAll[k % Math.max(1, cpcAll.length)] ?? 0),
    ]);
  const tasks: CellValue[][] = [header(TASKS_TAB)];
  for (let k = 1; k <= Math.max(5, memberCount / 20); k++)
    tasks.push([
      `任务${k}`,
      pick(subgroup.slice(1))?.[0] ?? '',
      start + Math.floor(next() * span * 1.5),
      pick(['未开始', '进行中', '已完成']),
      '',
    ]);
  const difficulties: CellValue[][] = [header(DIFFICULTIES_TAB)];
  for (let k = 1; k <= Math.max(3, memberCount / 30); k++)
    difficulties.push([
      start + Math.floor(next() * span),
      id(Math.floor(next() * memberCount)),
      `诉求${k}`,
      pick(subgroup.slice(1))?.[0] ?? '',
      pick(['待办', '办理中', '已解决']),
      '',
    ]);

  return {
    [SETTINGS_TAB.name]: [header(SETTINGS_TAB), ['专委会名称', '测试委员会'], ['评估周期', '季度']],
    [MEMBERS_TAB.name]: members,
    [SUBGROUP_TAB.name]: subgroup,
    [DUTY_GROUPS_TAB.name]: groups,
    [ACTIVITIES_TAB.name]: activities,
    [ITEMS_TAB.name]: items,
    [TASKS_TAB.name]: tasks,
    [DIFFICULTIES_TAB.name]: difficulties,
  };
}

/**
 * The synthetic workbook as the stand-in's seed, each grid sized to its data as a real sheet
 * must be (Google caps a spreadsheet at 10M cells).
 */
export function syntheticSheets(
  memberCount: number,
  activityCount: number,
): SpreadsheetSeed['sheets'] {
  return Object.entries(syntheticWorkbook(memberCount, activityCount)).map(([title, rows]) => ({
    title,
    rows: rows.map((row) => row.map((v) => v ?? null)),
    rowCount: rows.length + 10,
    columnCount: rows.reduce((widest, row) => Math.max(widest, row.length), 1),
  }));
}
