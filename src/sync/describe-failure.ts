import { SheetsError, type SheetsErrorCode } from '../sheets/sheets-error';
import { SyncError, type SyncErrorCode } from './run-sync';

/** What a shell tells staff when a sync fails: a stable code and one Chinese sentence. */
export interface Failure {
  code: SyncErrorCode | SheetsErrorCode | 'INTERNAL';
  message: string;
}

const SHEETS_MESSAGES: Record<SheetsErrorCode, (error: SheetsError) => string> = {
  NOT_SHARED: (e) =>
    `同步服务无权访问这份表格：请在表格右上角点“共享”，把 ${e.shareWith ?? '同步服务的服务账号'} 添加为编辑者。`,
  API_DISABLED: () =>
    '同步服务所用的 Google Cloud 项目尚未启用 Google Sheets API，请管理员启用后再试。',
  INSUFFICIENT_SCOPES: () => '同步服务的授权范围不足，无法编辑表格，请管理员检查服务账号设置。',
  PERMISSION_DENIED: () => 'Google 拒绝了这次操作，请管理员检查服务账号的权限。',
  NOT_FOUND: () => '找不到这份表格：请核对表格 ID（网址中 /d/ 与 /edit 之间的部分）。',
  OFFICE_FILE: () =>
    '这是上传到云端硬盘的 Excel 文件，请先在 Google 表格中“文件 → 另存为 Google 表格”，再同步新表格。',
  BAD_REQUEST: () => 'Google 表格拒绝了这次写入，表格内容没有改变，请管理员查看日志。',
  UNAUTHENTICATED: () => '同步服务的登录凭据无效，请管理员检查服务账号密钥。',
  RATE_LIMITED: () => '访问 Google 表格过于频繁，请一分钟后再试。',
  UNAVAILABLE: () => 'Google 表格暂时不可用，请稍后再试。',
  TIMEOUT: () => '连接 Google 表格超时，请稍后再试。',
  NETWORK: () => '无法连接 Google 表格，请检查网络后再试。',
  BAD_RESPONSE: () => 'Google 表格返回了无法识别的内容，请稍后再试。',
  BAD_CREDENTIALS: () => '服务账号密钥文件无法使用，请管理员重新下载 JSON 密钥。',
  TOKEN_REJECTED: () => 'Google 不接受同步服务的服务账号（可能已被停用或删除），请管理员检查。',
};

/**
 * Turns any error of a sync into what staff are told. Unknown errors get a generic sentence:
 * their text may hold data or secrets and is never shown.
 */
export function describeFailure(error: unknown): Failure {
  if (error instanceof SyncError) return { code: error.code, message: error.message };
  if (error instanceof SheetsError)
    return { code: error.code, message: SHEETS_MESSAGES[error.code](error) };
  return { code: 'INTERNAL', message: '同步时发生内部错误，表格没有被修改，请联系管理员。' };
}
