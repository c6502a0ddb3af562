import { isValidTimeZone } from './calendar-date';
import type { DataIssue } from './data-issue';
import { dataIssue, shownValue } from './issue-messages';
import { cellText, idKey, normaliseText } from './normalise-text';
import { type ReadTab, readTab, validateRows, validRows } from './read-tab';
import { createPersonResolver, type ResolvePerson, unresolvedIssue } from './resolve-person';
import type { Grid, WorkbookInput } from './workbook-input';
import type {
  Activity,
  Difficulty,
  DutyGroup,
  Item,
  Member,
  PartyGroup,
  Person,
  Settings,
  Task,
  Workbook,
} from './workbook-model';
import {
  ACTIVITIES_TAB,
  AFFILIATION_CHOICES,
  activityRowSchema,
  CPC_AFFILIATIONS,
  DIFFICULTIES_TAB,
  DUTY_GROUPS_TAB,
  difficultyRowSchema,
  dutyGroupRowSchema,
  EVERYONE,
  ITEMS_TAB,
  itemRowSchema,
  MEMBERS_TAB,
  memberRowSchema,
  PERIOD_ALIASES,
  SETTINGS,
  SETTINGS_TAB,
  SUBGROUP_TAB,
  subgroupRowSchema,
  TASKS_TAB,
  taskRowSchema,
} from './workbook-schema';

/** Why a workbook cannot be synced at all (contract §5): no 委员 tab, or a required column missing. */
export interface FatalProblem {
  code: 'MISSING_TAB' | 'MISSING_COLUMN';
  /** One Chinese sentence naming what is missing. */
  message: string;
}

export type ParseResult =
  | { ok: true; workbook: Workbook; issues: DataIssue[] }
  | { ok: false; problem: FatalProblem };

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const CPC = new Set(CPC_AFFILIATIONS);
/** 参与委员 lists split on 、 , ; / and line breaks (full-width ，； are , ; after NFKC). */
function isListSeparator(c: number): boolean {
  return c === 0x3001 || c === 0x2c || c === 0x3b || c === 0x2f || c === 0x0a || c === 0x0d;
}

/**
 * Reads every input tab of contract §2.1: finds columns by header, validates rows, resolves person
 * references, and turns every problem into a data issue with its row number. Only a missing
 * 委员 tab or a missing required 委员 column stops it.
 */
export function parseWorkbook(input: WorkbookInput): ParseResult {
  const issues: DataIssue[] = [];
  const tabs = input.tabs;

  const membersTab = readTab(tabs, MEMBERS_TAB, issues, { reportMissing: false });
  if (!membersTab.found)
    return {
      ok: false,
      problem: {
        code: 'MISSING_TAB',
        message: '工作簿中没有「委员」表，无法同步：请添加名为「委员」的工作表。',
      },
    };
  if (!membersTab.usable) {
    const hint =
      membersTab.headerRowHint === null
        ? ''
        : `（第 ${membersTab.headerRowHint} 行看起来是表头，表头须在第 1 行）`;
    return {
      ok: false,
      problem: {
        code: 'MISSING_COLUMN',
        message: `「委员」表缺少必填列「${membersTab.missingColumns.join('」「')}」，无法同步：请在第 1 行添加这些表头${hint}。`,
      },
    };
  }

  const settings = parseSettings(tabs, issues, input.spreadsheetTimeZone);
  const dutyGroupsTab = readTab(tabs, DUTY_GROUPS_TAB, issues, { reportMissing: true });
  const dutyGroupRows = uniqueRows(
    validRows(dutyGroupsTab, dutyGroupRowSchema, {}, issues),
    (r) => r.data.name,
    dutyGroupsTab,
    'name',
    issues,
  );
  const dutyGroupNames = new Set(dutyGroupRows.map((r) => r.data.name));

  const members = parseMembers(membersTab, dutyGroupNames, issues);
  const subgroupTab = readTab(tabs, SUBGROUP_TAB, issues, { reportMissing: true });
  const { subgroup, secretary, nonMembers } = parseSubgroup(subgroupTab, members, issues);
  const resolve = createPersonResolver(members, nonMembers);
  const reference = referenceReader(resolve, issues);

  for (const member of members) {
    if (member.contactText !== null)
      member.contact = reference(
        MEMBERS_TAB.name,
        member.row,
        membersTab.headers.contact,
        member.contactText,
      );
  }

  const dutyGroups: DutyGroup[] = [];
  const partyGroups = new Map<string, PartyGroup>();
  for (const { row, data } of dutyGroupRows) {
    const headers = dutyGroupsTab.headers;
    const group: DutyGroup = {
      row,
      name: data.name,
      leaderText: data.leader ?? null,
      leader: data.leader
        ? reference(DUTY_GROUPS_TAB.name, row, headers.leader, data.leader)
        : null,
      partyGroup: data.partyGroup ?? null,
      ownerText: data.owner ?? null,
      owner: data.owner ? reference(DUTY_GROUPS_TAB.name, row, headers.owner, data.owner) : null,
    };
    dutyGroups.push(group);
    if (group.partyGroup === null) continue;
    let party = partyGroups.get(group.partyGroup);
    if (!party) {
      party = { name: group.partyGroup, leaderText: null, leader: null, dutyGroups: [] };
      partyGroups.set(party.name, party);
    }
    party.dutyGroups.push(group);
    if (!data.partyLeader) continue;
    const leader = reference(DUTY_GROUPS_TAB.name, row, headers.partyLeader, data.partyLeader);
    if (party.leaderText === null) {
      party.leaderText = data.partyLeader;
      party.leader = leader;
    } else if (
      leader !== party.leader ||
      (leader === null && data.partyLeader !== party.leaderText)
    ) {
      issues.push(
        dataIssue(
          DUTY_GROUPS_TAB.name,
          row,
          headers.partyLeader,
          'CONFLICT',
          data.partyLeader,
          `履职党小组「${shownValue(party.name)}」在前面的行中已指定党小组组长「${shownValue(party.leaderText)}」，此处的「${shownValue(data.partyLeader)}」与之不同，按前者计算。`,
          '同一履职党小组只能有一位党小组组长，请统一各行的填写。',
        ),
      );
    }
  }

  const items = parseItems(tabs, reference, issues);
  const activities = parseActivities(tabs, reference, resolve, items, issues);
  const tasks = parseTasks(tabs, reference, issues);
  const difficulties = parseDifficulties(tabs, reference, issues);

  return {
    ok: true,
    issues,
    workbook: {
      settings,
      members,
      subgroup,
      secretary,
      dutyGroups,
      partyGroups,
      activities,
      items: items ?? [],
      tasks,
      difficulties,
    },
  };
}

type Reference = (tab: string, row: number, column: string, text: string) => Person | null;

/** Resolves a reference cell, recording a data issue when it does not resolve. */
function referenceReader(resolve: ResolvePerson, issues: DataIssue[]): Reference {
  return (tab, row, column, text) => {
    const answer = resolve(text);
    if ('person' in answer) return answer.person;
    issues.push(unresolvedIssue(tab, row, column, text, answer, '此项按未填写处理。'));
    return null;
  };
}

/** Drops later rows whose key repeats an earlier one, each with a DUPLICATE_ID issue. */
function uniqueRows<T extends { row: number }, F extends string>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  tab: ReadTab<F>,
  field: F,
  issues: DataIssue[],
): T[] {
  const firstRow = new Map<string, number>();
  return rows.filter((r) => {
    const value = keyOf(r);
    const key = idKey(value);
    const first = firstRow.get(key);
    if (first === undefined) {
      firstRow.set(key, r.row);
      return true;
    }
    const column = tab.headers[field];
    issues.push(
      dataIssue(
        tab.spec.name,
        r.row,
        column,
        'DUPLICATE_ID',
        value,
        `「${column}」的「${shownValue(value)}」与第 ${first} 行重复，此行未计入统计。`,
        '请改用不重复的值，或删除重复的行。',
      ),
    );
    return false;
  });
}

function parseSettings(
  tabs: ReadonlyMap<string, Grid>,
  issues: DataIssue[],
  sheetZone?: string,
): Settings {
  const settings: Settings = {
    committeeName: '',
    periodKind: '季度',
    frequency: 1,
    loadCap: 6,
    briefingDays: 7,
    difficultyDays: 30,
    timeZone: sheetZone && isValidTimeZone(sheetZone) ? sheetZone : DEFAULT_TIME_ZONE,
  };
  const tab = readTab(tabs, SETTINGS_TAB, issues, { reportMissing: false });
  const seen = new Map<string, number>();
  tab.forEachRow(({ row, cells }) => {
    const key = cellText(cells.key);
    if (key === '') return;
    const setting = SETTINGS[key as keyof typeof SETTINGS];
    if (!setting) {
      issues.push(
        dataIssue(
          SETTINGS_TAB.name,
          row,
          tab.headers.key,
          'UNKNOWN_KEY',
          key,
          `设置项「${shownValue(key)}」无法识别，已忽略。`,
          `请改为以下之一：${Object.keys(SETTINGS).join('、')}。`,
        ),
      );
      return;
    }
    if (seen.has(key)) {
      issues.push(
        dataIssue(
          SETTINGS_TAB.name,
          row,
          tab.headers.key,
          'CONFLICT',
          key,
          `设置项「${key}」在第 ${seen.get(key)} 行已设置过，此行已忽略。`,
          '每个设置项只保留一行。',
        ),
      );
      return;
    }
    seen.set(key, row);
    const text = cellText(cells.value);
    if (text === '') return;
    const parsed = setting.schema.safeParse(
      setting.field === 'periodKind' ? (PERIOD_ALIASES[text] ?? text) : text,
    );
    if (parsed.success) {
      (settings as unknown as Record<string, unknown>)[setting.field] = parsed.data;
      return;
    }
    const fallback = setting.fallback ?? settings.timeZone;
    issues.push(
      dataIssue(
        SETTINGS_TAB.name,
        row,
        tab.headers.value,
        'BAD_VALUE',
        text,
        `设置项「${key}」的值「${shownValue(text)}」无效，已使用默认值「${fallback}」。`,
        setting.fix,
      ),
    );
  });
  return settings;
}

function parseMembers(
  tab: ReadTab<keyof typeof MEMBERS_TAB.columns>,
  dutyGroupNames: ReadonlySet<string>,
  issues: DataIssue[],
): Member[] {
  const name = MEMBERS_TAB.name;
  const h = tab.headers;
  const rows = validRows(
    tab,
    memberRowSchema,
    {
      affiliation: { value: '群众', note: '按非中共党员统计', choices: AFFILIATION_CHOICES },
      status: { value: '在任', note: '按「在任」处理' },
    },
    issues,
  );
  return uniqueRows(rows, (r) => r.data.id, tab, 'id', issues).map(({ row, data, cells }) => {
    const affiliation = cellText(cells.affiliation);
    const isCpc = CPC.has(data.affiliation);
    if (!data.sector)
      issues.push(
        dataIssue(
          name,
          row,
          h.sector,
          'MISSING_VALUE',
          '',
          '「界别」未填写，按「未填写」统计。',
          '请填写该委员所属界别。',
        ),
      );
    let dutyGroup = data.dutyGroup ?? null;
    if (dutyGroup !== null && !dutyGroupNames.has(dutyGroup)) {
      issues.push(
        dataIssue(
          name,
          row,
          h.dutyGroup,
          'UNKNOWN_GROUP',
          dutyGroup,
          `履职小组「${shownValue(dutyGroup)}」不在「履职小组」表中，按未分组处理。`,
          '请改为「履职小组」表中已有的小组名称，或先在「履职小组」表中添加该小组。',
        ),
      );
      dutyGroup = null;
    }
    let partyGroup = data.partyGroup ?? null;
    if (partyGroup !== null && !isCpc) {
      issues.push(
        dataIssue(
          name,
          row,
          h.partyGroup,
          'BAD_VALUE',
          partyGroup,
          `该委员的政治面貌为「${shownValue(affiliation)}」，非中共党员不编入履职党小组，此项已忽略。`,
          '请清空此格，或核对该委员的政治面貌。',
        ),
      );
      partyGroup = null;
    }
    const member: Member = {
      row,
      id: data.id,
      name: data.name,
      sector: data.sector ?? '未填写',
      affiliation,
      isCpc,
      dutyGroup,
      partyGroup,
      contactText: data.contact ?? null,
      contact: null,
      status: data.status ?? '在任',
      active: (data.status ?? '在任') === '在任',
      person: undefined as unknown as Person,
    };
    member.person = { ref: member.id, name: member.name, member, post: null };
    return member;
  });
}

function parseSubgroup(
  tab: ReadTab<keyof typeof SUBGROUP_TAB.columns>,
  members: readonly Member[],
  issues: DataIssue[],
): { subgroup: Person[]; secretary: Person | null; nonMembers: Person[] } {
  const name = SUBGROUP_TAB.name;
  const h = tab.headers;
  const membersById = new Map(members.map((m) => [idKey(m.id), m]));
  const subgroup: Person[] = [];
  const nonMembers: Person[] = [];
  const rowOf = new Map<Person, number>();
  let secretary: Person | null = null;
  // 职务 aliases (党组成员 is 成员) are read by the row schema.
  const rows = validRows(
    tab,
    subgroupRowSchema,
    { post: { value: '成员', note: '按「成员」处理', blank: true } },
    issues,
  );
  for (const { row, data } of rows) {
    let person: Person | null = null;
    if (data.id !== undefined) {
      const member = membersById.get(idKey(data.id));
      if (!member) {
        issues.push(
          dataIssue(
            name,
            row,
            h.id,
            'UNKNOWN_PERSON',
            data.id,
            `委员编号「${shownValue(data.id)}」不在「委员」表中，此人按非委员计算。`,
            '请核对编号；如此人不是本委委员，请清空编号。',
          ),
        );
      } else if (rowOf.has(member.person)) {
        issues.push(
          dataIssue(
            name,
            row,
            h.id,
            'DUPLICATE_ID',
            data.id,
            `委员编号「${shownValue(data.id)}」与第 ${rowOf.get(member.person)} 行重复，此行未计入统计。`,
            '每位分党组成员只保留一行。',
          ),
        );
        continue;
      } else {
        person = member.person;
        checkSubgroupMember(member, data.name, row, h, issues);
      }
    }
    if (person === null) {
      person = { ref: data.name, name: data.name, member: null, post: null };
      nonMembers.push(person);
    }
    let post = data.post;
    if (post === '书记') {
      if (secretary === null) secretary = person;
      else {
        issues.push(
          dataIssue(
            name,
            row,
            h.post,
            'DUPLICATE_SECRETARY',
            post,
            `第 ${rowOf.get(secretary)} 行已是分党组书记，分党组只能有一位书记，此人按「成员」计算。`,
            '请核对职务，只保留一位书记。',
          ),
        );
        post = '成员';
      }
    }
    person.post = post;
    rowOf.set(person, row);
    subgroup.push(person);
  }
  return { subgroup, secretary, nonMembers };
}

/** A 分党组 row that names a member must agree with that member's row. */
function checkSubgroupMember(
  member: Member,
  name: string,
  row: number,
  h: Record<keyof typeof SUBGROUP_TAB.columns, string>,
  issues: DataIssue[],
): void {
  if (normaliseText(name) !== member.name)
    issues.push(
      dataIssue(
        SUBGROUP_TAB.name,
        row,
        h.name,
        'CONFLICT',
        name,
        `姓名「${shownValue(name)}」与委员编号「${shownValue(member.id)}」在「委员」表中的姓名「${shownValue(member.name)}」不一致，按委员编号计算。`,
        '请核对姓名或委员编号。',
      ),
    );
  if (!member.isCpc || !member.active)
    issues.push(
      dataIssue(
        SUBGROUP_TAB.name,
        row,
        h.id,
        'CONFLICT',
        member.id,
        `分党组成员应是在任的中共党员，但「委员」表第 ${member.row} 行记为「${shownValue(member.affiliation)}」「${member.status}」。`,
        '请核对「委员」表中该委员的政治面貌和状态。',
      ),
    );
}

/** The items, or `null` when 重要事项 cannot be read (so links to it are not checked). */
function parseItems(
  tabs: ReadonlyMap<string, Grid>,
  reference: Reference,
  issues: DataIssue[],
): Item[] | null {
  const tab = readTab(tabs, ITEMS_TAB, issues, { reportMissing: true });
  if (!tab.usable) return null;
  const rows = uniqueRows(
    validRows(tab, itemRowSchema, {}, issues),
    (r) => r.data.id,
    tab,
    'id',
    issues,
  );
  return rows.map(({ row, data }) => ({
    row,
    id: data.id,
    title: data.title,
    decided: data.decided,
    owner: data.owner ? reference(ITEMS_TAB.name, row, tab.headers.owner, data.owner) : null,
  }));
}

function parseActivities(
  tabs: ReadonlyMap<string, Grid>,
  reference: Reference,
  resolve: ResolvePerson,
  items: readonly Item[] | null,
  issues: DataIssue[],
): Activity[] {
  const name = ACTIVITIES_TAB.name;
  const tab = readTab(tabs, ACTIVITIES_TAB, issues, { reportMissing: true });
  const h = tab.headers;
  const itemKeys = new Set(items?.map((i) => idKey(i.id)));
  const activities: Activity[] = [];
  // Each row's members are gathered in the first `count` places of one list and copied out at
  // their exact size: an array grown by push reserves room for 17, and every activity is kept
  // for the whole sync (7 MB of a national workbook's heap).
  const listed: Member[] = [];
  // Row by row from the grid to the model: no tab-long list of intermediate rows.
  validateRows(tab, activityRowSchema, {}, issues, (row, data) => {
    const organiser = reference(name, row, h.organiser, data.organiser);
    let everyone = false;
    let count = 0;
    const list = data.participants ?? '';
    // A scan, not split(): one slice per name and no array, on every activity row.
    for (let start = 0, end = 0; end <= list.length; end++) {
      if (end < list.length && !isListSeparator(list.charCodeAt(end))) continue;
      const text = list.slice(start, end).trim();
      start = end + 1;
      if (text === '') continue;
      // Two words, compared without hashing a name the resolver hashes next.
      if (EVERYONE.includes(text)) {
        everyone = true;
        continue;
      }
      const answer = resolve(text);
      if (!('person' in answer)) {
        issues.push(
          unresolvedIssue(name, row, h.participants, text, answer, '其他参与委员照常统计。'),
        );
        continue;
      }
      // Lists are short: a scan is cheaper than a Set per row. Places from `count` on are an
      // earlier row's.
      const member = answer.person.member;
      if (!member) continue;
      const at = listed.indexOf(member);
      if (at === -1 || at >= count) listed[count++] = member;
    }
    let item: string | null = null;
    if (data.item) {
      const key = idKey(data.item);
      if (itemKeys.has(key)) item = key;
      else if (items !== null)
        issues.push(
          dataIssue(
            name,
            row,
            h.item,
            'BAD_VALUE',
            data.item,
            `关联事项「${shownValue(data.item)}」不在「重要事项」表中，此关联已忽略。`,
            '请填写「重要事项」表中的编号。',
          ),
        );
    }
    activities.push({
      row,
      date: data.date,
      type: data.type,
      organiser,
      participants: listed.slice(0, count),
      everyone,
      item,
    });
  });
  return activities;
}

function parseTasks(
  tabs: ReadonlyMap<string, Grid>,
  reference: Reference,
  issues: DataIssue[],
): Task[] {
  const tab = readTab(tabs, TASKS_TAB, issues, { reportMissing: true });
  const rows = validRows(
    tab,
    taskRowSchema,
    {
      status: { value: '未开始', note: '按「未开始」处理' },
      due: { value: undefined, note: '按未设截止日期处理' },
      doneOn: { value: undefined, note: '已忽略此项' },
    },
    issues,
  );
  return rows.map(({ row, data }) => ({
    row,
    text: data.task,
    ownerText: data.owner ?? null,
    owner: data.owner ? reference(TASKS_TAB.name, row, tab.headers.owner, data.owner) : null,
    due: data.due ?? null,
    status: data.status ?? '未开始',
  }));
}

function parseDifficulties(
  tabs: ReadonlyMap<string, Grid>,
  reference: Reference,
  issues: DataIssue[],
): Difficulty[] {
  const name = DIFFICULTIES_TAB.name;
  const tab = readTab(tabs, DIFFICULTIES_TAB, issues, { reportMissing: true });
  const h = tab.headers;
  const rows = validRows(
    tab,
    difficultyRowSchema,
    {
      status: { value: '待办', note: '按「待办」处理' },
      resolvedOn: { value: undefined, note: '已忽略此项' },
    },
    issues,
  );
  return rows.map(({ row, data }) => ({
    row,
    date: data.date,
    memberText: data.member,
    member: reference(name, row, h.member, data.member),
    ownerText: data.owner ?? null,
    owner: data.owner ? reference(name, row, h.owner, data.owner) : null,
    status: data.status ?? '待办',
  }));
}
