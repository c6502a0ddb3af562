import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Failure } from '../sync/describe-failure';

/** The failures of the HTTP layer itself, each with its status and a sentence staff can act on. */
const HTTP_FAILURES = {
  NO_SUCH_ROUTE: [404, '没有这个地址：同步地址应为 /v1/sheets/<表格ID>/sync。'],
  METHOD_NOT_ALLOWED: [405, '请求方法不对：同步用 POST，查询同步状态和健康检查用 GET。'],
  PAYLOAD_TOO_LARGE: [413, '请求内容过大，已拒绝。'],
  BAD_CONTENT_LENGTH: [400, '请求头 Content-Length 不是有效的字节数，已拒绝。'],
  BAD_BODY: [400, '请求内容不是有效的 JSON 对象。'],
  BAD_SPREADSHEET_ID: [400, '表格 ID 格式不对：应为表格网址中 /d/ 与 /edit 之间的部分。'],
  MISSING_SIGNATURE: [401, '请求没有签名：请在“两个全覆盖 → 同步设置…”中填写同步密钥。'],
  BAD_SIGNATURE: [401, '签名不正确：这份表格的同步密钥可能填错了，请向管理员核对。'],
  EXPIRED: [
    401,
    '请求已过期：请重新点击“立即同步”；如反复出现，请管理员检查发出请求的机器的时间。',
  ],
  KEY_REVOKED: [
    401,
    '这份表格的同步密钥已被管理员停用：请向管理员索取新密钥，填入“两个全覆盖 → 同步设置…”。',
  ],
  REPLAYED: [401, '这次请求已经处理过，不能重复提交，请重新点击“立即同步”。'],
  SYNC_RUNNING: [409, '同步仍在进行中，完成后结果会写入表格，请稍后刷新查看。'],
  NO_ROLLUP: [409, '尚未登记汇总表。'],
  TOO_MANY_SYNCS: [429, '这份表格一分钟内同步次数过多，请稍后再点“立即同步”。'],
  BUSY: [503, '同步服务此刻繁忙（各表格的同步次数已达上限），请稍后再试。'],
  NOT_CONFIGURED: [500, '同步服务尚未配置完成（缺少密钥），请联系管理员。'],
  INTERNAL: [500, '同步服务发生内部错误，表格没有被修改，请联系管理员。'],
} as const satisfies Record<string, readonly [ContentfulStatusCode, string]>;

export type HttpFailureCode = keyof typeof HTTP_FAILURES;

/**
 * A refusal by the Worker, answered as `{ code, message }` with its status and any headers it
 * needs (`Allow`, `Retry-After`).
 */
export class HttpFailure extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: HttpFailureCode,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? HTTP_FAILURES[code][1]);
    this.status = HTTP_FAILURES[code][0];
  }
}

const RETRY_LATER = new Set<Failure['code']>([
  'RATE_LIMITED',
  'UNAVAILABLE',
  'TIMEOUT',
  'NETWORK',
  'BAD_RESPONSE',
]);
/**
 * Whether a sync that ended with `code` may succeed if tried again later unchanged: Google
 * busy or unreachable, or the deployment's budget spent (`BUSY`). The nightly queue retries
 * these; everything else needs a person to change something.
 */
export function retriesLater(code: string): boolean {
  return code === 'BUSY' || RETRY_LATER.has(code as Failure['code']);
}

const WORKBOOK = new Set<Failure['code']>(['MISSING_TAB', 'MISSING_COLUMN', 'FOREIGN_OUTPUT_TAB']);

/**
 * The status of a failed sync: 422 when the workbook itself stops it, 503 when Google should be
 * tried again later, 500 for our own faults, 502 when Google refused (not shared, not found, …).
 */
export function failureStatus(code: Failure['code']): ContentfulStatusCode {
  if (WORKBOOK.has(code)) return 422;
  if (RETRY_LATER.has(code)) return 503;
  if (code === 'INTERNAL') return 500;
  return 502;
}
