import type { GapCode } from './ledger-row';

/**
 * 下一步工作建议 (contract §7.4, section 5): for each gap code, the action that closes its `n` open
 * ledger rows. Coverage and 分党组 codes count members or persons; DIFFICULTY_* count members
 * (the ledger keys a difficulty by its member); the others count groups, items and tasks.
 */
export const GAP_ACTIONS: Readonly<Record<GapCode, (n: number) => string>> = {
  NO_PARTY_GROUP: (n) => `为${n}名党员委员明确履职党小组`,
  UNKNOWN_PARTY_GROUP: (n) => `核对${n}名党员委员所填的履职党小组，改为已建立的党小组`,
  NO_CONTACT: (n) => `为${n}名党外委员明确联系人`,
  INVALID_CONTACT: (n) => `为${n}名党外委员改定有效的联系人，须为在任中共党员委员或分党组成员`,
  NOT_CONTACTED: (n) => `在本期结束前由联系人与${n}名党外委员开展联系谈心`,
  NOT_REACHED: (n) => `在本期结束前组织${n}名委员参加学习、通报、调研等党的工作`,
  NO_SECRETARY: () => '明确分党组书记，并在「分党组」表中登记',
  GROUP_NO_LEADER: (n) => `为${n}个履职小组明确组长`,
  GROUP_NO_OWNER: (n) => `为${n}个履职小组明确分党组责任人`,
  GROUP_NO_PARTY_GROUP: (n) => `在${n}个有党员委员的履职小组建立履职党小组`,
  PARTY_GROUP_NO_LEADER: (n) => `为${n}个党小组明确由中共党员担任的党小组组长`,
  PARTY_GROUP_NO_SUBGROUP_MEMBER: (n) => `为${n}个党小组安排分党组成员参加或联系`,
  SUBGROUP_MEMBER_IDLE: (n) =>
    `为${n}名分党组成员落实分工，担任履职小组责任人、负责工作任务或组织活动`,
  CONTACT_OVERLOADED: (n) => `为${n}名超负荷的联系人调减联系对象，另定联系人`,
  ITEM_NO_CONSULTATION: (n) =>
    `对${n}项重要事项补充征求党员委员和党外委员意见，今后在研究决定前征求`,
  ITEM_NOT_BRIEFED: (n) => `将${n}项重要事项传达通报到全体在任委员`,
  TASK_NO_OWNER: (n) => `为${n}项工作任务明确责任人`,
  TASK_OWNER_NOT_SUBGROUP: (n) => `将${n}项工作任务的责任人调整为分党组成员`,
  TASK_OVERDUE: (n) => `督促完成${n}项逾期的工作任务`,
  DIFFICULTY_NO_OWNER: (n) => `为${n}名委员提出的困难诉求明确责任人`,
  DIFFICULTY_OVERDUE: (n) => `加快办结${n}名委员超期未解决的困难诉求`,
};
