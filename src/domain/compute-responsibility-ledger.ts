import type { Analysis } from './analysis';
import type { Ledger } from './compute-ledger';
import { daysOpen, NO_OWNER } from './ledger-row';
import { personText } from './person-text';
import type { Person } from './workbook-model';
import type { SubgroupPost } from './workbook-schema';

/** One line of 责任落实: what one person answers for (contract §7.3). */
export interface Account {
  /** The person as 应由谁落实 names them, or `（无人负责）`. */
  owner: string;
  /** The 分党组 post; `null` for anyone else. */
  post: SubgroupPost | null;
  /** The duty groups they own, the tasks they own. */
  dutyGroups: string[];
  tasks: string[];
  openCoverage: number;
  openResponsibility: number;
  /** 持续天数 of their oldest open row; `null` with nothing open. */
  oldestOpenDays: number | null;
  /** Their rows resolved in [P.start, D]. */
  closedThisPeriod: number;
}

const POST_RANK: Readonly<Record<SubgroupPost, number>> = { 书记: 0, 副书记: 1, 成员: 2 };

/**
 * 责任落实 (contract §7.3): every 分党组 person, and everyone else who answers for an open ledger
 * row. The 书记 first, then 副书记 and 成员, each by open rows (most first, then sheet order),
 * then everyone else the same way, and last the open rows nobody answers for.
 */
export function computeResponsibilityLedger(analysis: Analysis, ledger: Ledger): Account[] {
  const { workbook, period, asOf } = analysis;
  const accounts = new Map<string, Account>();
  const accountOf = (owner: string, person: Person | null): Account => {
    let account = accounts.get(owner);
    if (!account) {
      account = {
        owner,
        post: person?.post ?? null,
        dutyGroups: person
          ? workbook.dutyGroups.filter((g) => g.owner === person).map((g) => g.name)
          : [],
        tasks: person ? workbook.tasks.filter((t) => t.owner === person).map((t) => t.text) : [],
        openCoverage: 0,
        openResponsibility: 0,
        oldestOpenDays: null,
        closedThisPeriod: 0,
      };
      accounts.set(owner, account);
    }
    return account;
  };
  for (const person of workbook.subgroup) accountOf(personText(person), person);

  const rows = ledger.entries.flatMap((e) => (e.kind === 'row' ? [e.row] : []));
  for (const row of rows) {
    if (row.status !== '未解决') continue;
    const account = accountOf(row.owner, null);
    if (row.category === 'coverage') account.openCoverage++;
    else account.openResponsibility++;
    account.oldestOpenDays = Math.max(account.oldestOpenDays ?? 0, daysOpen(row));
  }
  for (const row of rows) {
    const account = accounts.get(row.owner);
    if (account && row.resolved !== null && row.resolved >= period.start && row.resolved <= asOf)
      account.closedThisPeriod++;
  }

  // The 书记 is the only person whose post is 书记: the parser demotes any other to 成员.
  const rank = (a: Account) => (a.owner === NO_OWNER ? 4 : a.post === null ? 3 : POST_RANK[a.post]);
  const open = (a: Account) => a.openCoverage + a.openResponsibility;
  return [...accounts.values()]
    .map((account, index) => ({ account, index }))
    .sort(
      (x, y) =>
        rank(x.account) - rank(y.account) || open(y.account) - open(x.account) || x.index - y.index,
    )
    .map(({ account }) => account);
}
