import type { GapReason } from './compute-coverage';
import type { ResponsibilityCode } from './compute-responsibility';
import type { SyncTrigger } from './workbook-input';

/** The Chinese labels of contract §4.2. */
export const GAP_REASON_LABELS: Readonly<Record<GapReason, string>> = {
  NO_PARTY_GROUP: '未编入履职党小组',
  UNKNOWN_PARTY_GROUP: '所填党小组不存在',
  NO_CONTACT: '未明确联系人',
  INVALID_CONTACT: '联系人无效',
  NOT_CONTACTED: '本期未联系谈心',
  NOT_REACHED: '本期未参与党的工作',
};

/** The Chinese labels of contract §4.3. */
export const RESPONSIBILITY_LABELS: Readonly<Record<ResponsibilityCode, string>> = {
  NO_SECRETARY: '未明确分党组书记',
  GROUP_NO_LEADER: '履职小组无组长',
  GROUP_NO_OWNER: '履职小组无分党组责任人',
  GROUP_NO_PARTY_GROUP: '未建立履职党小组',
  PARTY_GROUP_NO_LEADER: '党小组无组长',
  PARTY_GROUP_NO_SUBGROUP_MEMBER: '党小组无分党组成员',
  SUBGROUP_MEMBER_IDLE: '分党组成员未落实分工',
  CONTACT_OVERLOADED: '联系人超负荷',
  ITEM_NO_CONSULTATION: '决策前未征求意见',
  ITEM_NOT_BRIEFED: '决策后未及时传达',
  TASK_NO_OWNER: '任务无责任人',
  TASK_OWNER_NOT_SUBGROUP: '任务责任人非分党组成员',
  TASK_OVERDUE: '任务逾期未完成',
  DIFFICULTY_NO_OWNER: '诉求无责任人',
  DIFFICULTY_OVERDUE: '诉求逾期未解决',
};

/** How the overview names what started a sync. */
export const TRIGGER_LABELS: Readonly<Record<SyncTrigger, string>> = {
  menu: '菜单「立即同步」',
  schedule: '每日定时同步',
  cli: '命令行',
};
