/**
 * 两个全覆盖: the menu of the committee's Google Sheet. 立即同步 asks the dual-coverage Worker
 * to sync this spreadsheet with a signed request (docs/request-signing.md) and shows the result.
 * The Worker's address and this sheet's key live in Script Properties, set through 同步设置….
 */

const MENU_TITLE = '两个全覆盖';
const OVERVIEW_TAB = '覆盖总览';
const URL_PROPERTY = 'DC_WORKER_URL';
const KEY_PROPERTY = 'DC_SHEET_KEY';

const NOT_CONFIGURED = '未配置：请管理员在“两个全覆盖 → 同步设置…”中填写 Worker 地址和同步密钥。';
const UNREACHABLE =
  '无法连接同步服务：请稍后再试；如仍无法连接，请管理员核对“同步设置…”中的 Worker 地址。';
const TIMED_OUT =
  '同步服务响应超时：同步可能仍在进行，请稍后查看“覆盖总览”，或再点一次“立即同步”。';
const BAD_KEY =
  '同步密钥不正确：请管理员核对这份表格的同步密钥，并在“两个全覆盖 → 同步设置…”中重新填写。';
const EXPIRED =
  '请求已过期：签名时间与同步服务的时钟相差超过 5 分钟。请再点一次“立即同步”；如仍出现，请管理员检查同步服务器的时间。';
const SYNC_RUNNING =
  '上一次同步仍在进行，完成后结果会自动写入表格：请过一会儿查看“覆盖总览”，无需再点。';
const GOOGLE_BUSY = 'Google 表格暂时繁忙，请一分钟后再点“立即同步”。';

const URL_QUESTION = {
  title: 'Worker 地址',
  text: '请输入同步服务（Worker）的地址，例如 https://dual-coverage.example.workers.dev',
  problem:
    '地址不正确：应以 https:// 开头，只含域名（本机测试可用 http://127.0.0.1 或 http://localhost）。',
  normalise: normaliseUrl_,
  show: (url) => url,
};
const KEY_QUESTION = {
  title: '同步密钥',
  text: '请输入这份表格的同步密钥：64 位十六进制字符，由管理员用 npm run cli -- key 生成。',
  problem: '密钥格式不对：应为 64 个 0–9、a–f 字符。',
  normalise: normaliseKey_,
  show: mask_,
};

/** Simple trigger: adds the 两个全覆盖 menu (it may not use the network, so it does only this). */
// biome-ignore lint/correctness/noUnusedVariables: Apps Script calls it when the sheet opens.
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu(MENU_TITLE)
    .addItem('立即同步', 'syncNow')
    .addItem('打开覆盖总览', 'openOverview')
    .addSeparator()
    .addItem('同步设置…', 'openSettings')
    .addItem('关于', 'showAbout')
    .addToUi();
}

/** 立即同步: sends the signed sync request to the Worker and shows the rates or what went wrong. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function syncNow() {
  const ui = SpreadsheetApp.getUi();
  const settings = readSettings_();
  if (!settings) {
    ui.alert(MENU_TITLE, NOT_CONFIGURED, ui.ButtonSet.OK);
    return;
  }
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  spreadsheet.toast('正在同步…', MENU_TITLE, -1);
  const outcome = requestSync_(settings, spreadsheet.getId());
  if (outcome.summary) {
    spreadsheet.toast('同步完成', MENU_TITLE, 5);
    // The overview comes first, so the clerk sees it behind the alert.
    const overview = spreadsheet.getSheetByName(OVERVIEW_TAB);
    if (overview) spreadsheet.setActiveSheet(overview);
    ui.alert('同步完成', describeSummary_(outcome.summary), ui.ButtonSet.OK);
  } else {
    spreadsheet.toast('同步未完成', MENU_TITLE, 5);
    ui.alert('同步未完成', outcome.problem, ui.ButtonSet.OK);
  }
}

/** 打开覆盖总览: shows the overview tab, or says it appears after the first sync. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function openOverview() {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const overview = spreadsheet.getSheetByName(OVERVIEW_TAB);
  if (overview) {
    spreadsheet.setActiveSheet(overview);
    return;
  }
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    MENU_TITLE,
    '还没有“覆盖总览”：它在第一次同步后出现，请先点“两个全覆盖 → 立即同步”。',
    ui.ButtonSet.OK,
  );
}

/** 同步设置…: asks for the Worker's address and this sheet's key, checks them and stores them. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function openSettings() {
  const ui = SpreadsheetApp.getUi();
  const properties = PropertiesService.getScriptProperties();
  const url = ask_(ui, URL_QUESTION, properties.getProperty(URL_PROPERTY));
  if (url === null) return;
  const key = ask_(ui, KEY_QUESTION, properties.getProperty(KEY_PROPERTY));
  if (key === null) return;
  properties.setProperties({ [URL_PROPERTY]: url, [KEY_PROPERTY]: key });
  ui.alert(
    '同步设置已保存',
    `Worker 地址：${url}\n同步密钥：${mask_(key)}\n\n现在可以点“两个全覆盖 → 立即同步”。`,
    ui.ButtonSet.OK,
  );
}

/** 关于: what the sync does and where help is. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function showAbout() {
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    '关于 两个全覆盖',
    [
      '两个全覆盖：每位中共党员委员都编入履职党小组，党的工作覆盖每一位委员，每项责任都有责任人。',
      '“立即同步”读取本表格的委员、小组、活动、事项、任务和困难诉求，计算三项覆盖率，并把结果写入“覆盖总览”“覆盖缺口”“责任缺口”“数据问题”“历史”五个工作表，其他工作表不会被改动。同步过一次的表格每天凌晨 2 点还会自动同步。',
      '填写方法和常见问题见《使用说明》；同步设置由管理员负责。',
    ].join('\n\n'),
    ui.ButtonSet.OK,
  );
}

/** Prompts until the answer is valid; an empty answer keeps `current`; null when cancelled. */
function ask_(ui, question, current) {
  const keep = current ? `\n当前：${question.show(current)}（留空则保留）` : '';
  let problem = '';
  for (;;) {
    const response = ui.prompt(
      question.title,
      problem + question.text + keep,
      ui.ButtonSet.OK_CANCEL,
    );
    if (response.getSelectedButton() !== ui.Button.OK) return null;
    const answer = response.getResponseText().trim();
    if (answer === '' && current) return current;
    const value = question.normalise(answer);
    if (value) return value;
    problem = `${question.problem}\n\n`;
  }
}

/** The Worker's origin without a trailing slash, or null: https, or http on this machine only. */
function normaliseUrl_(text) {
  const url = text.toLowerCase().replace(/\/+$/, '');
  return /^(https:\/\/[a-z0-9.-]+|http:\/\/(127\.0\.0\.1|localhost))(:\d{1,5})?$/.test(url)
    ? url
    : null;
}

/** The sheet's key in lower case, or null unless it is 64 hex characters. */
function normaliseKey_(text) {
  const key = text.toLowerCase();
  return /^[0-9a-f]{64}$/.test(key) ? key : null;
}

/** The key as the dialogs show it: its first four characters. */
function mask_(key) {
  return `${key.slice(0, 4)}…`;
}

/** The stored Worker address and sheet key, or null until both are set. */
function readSettings_() {
  const properties = PropertiesService.getScriptProperties();
  const url = properties.getProperty(URL_PROPERTY);
  const key = properties.getProperty(KEY_PROPERTY);
  return url && key ? { url, key } : null;
}

/** Posts the signed request; returns { summary } on success, else { problem } for the clerk. */
function requestSync_(settings, spreadsheetId) {
  const path = `/v1/sheets/${spreadsheetId}/sync`;
  // A fresh nonce makes two clicks in the same second two requests, not a replay.
  const body = JSON.stringify({ trigger: 'menu', nonce: Utilities.getUuid() });
  const headers = signRequest_(settings.key, 'POST', path, body, Math.floor(Date.now() / 1000));
  let response;
  try {
    response = UrlFetchApp.fetch(settings.url + path, {
      method: 'post',
      contentType: 'application/json',
      payload: body,
      headers,
      muteHttpExceptions: true,
    });
  } catch (error) {
    // With muteHttpExceptions it throws only when no answer came: timeouts, DNS and connections.
    return { problem: String(error).includes('Timeout') ? TIMED_OUT : UNREACHABLE };
  }
  const status = response.getResponseCode();
  const answer = parseJson_(response.getContentText());
  if (status === 200 && answer && answer.rates) return { summary: answer };
  return { problem: describeRefusal_(status, answer || {}) };
}

/** The clerk's sentence for a refusal: ours for the common cases, else the Worker's own. */
function describeRefusal_(status, answer) {
  if (status === 401 && (answer.code === 'BAD_SIGNATURE' || answer.code === 'MISSING_SIGNATURE'))
    return BAD_KEY;
  if (status === 401 && answer.code === 'EXPIRED') return EXPIRED;
  if (status === 409) return SYNC_RUNNING;
  if (status === 503) return GOOGLE_BUSY;
  // 502 NOT_SHARED names the e-mail to share with; 422 says which tab or column to fix.
  if (typeof answer.message === 'string' && answer.message) return answer.message;
  return `同步服务返回了意外的结果（HTTP ${status}）：请稍后再试；如仍出现，请管理员核对“同步设置…”中的 Worker 地址。`;
}

/** The success alert: period and as-of date, the three rates with counts, the three gap counts. */
function describeSummary_(summary) {
  const { period, rates } = summary;
  return [
    `${period.label}（${period.start} 至 ${period.end}），截至 ${summary.asOf}`,
    '',
    `组织覆盖率 ${percent_(rates.org)}`,
    `工作覆盖率 ${percent_(rates.work)}`,
    `联系落实率 ${percent_(rates.contact)}`,
    '',
    `覆盖缺口 ${summary.coverageGaps.length} 人 · 责任缺口 ${summary.responsibilityGaps.length} 项 · 数据问题 ${summary.dataIssues.length} 条`,
    '详情见“覆盖总览”“覆盖缺口”“责任缺口”“数据问题”工作表。',
  ].join('\n');
}

/** A rate as `84.2%（16/19）`, or `—（0/0）` when nobody counts. */
function percent_(rate) {
  const share = rate.total === 0 ? '—' : `${((100 * rate.covered) / rate.total).toFixed(1)}%`;
  return `${share}（${rate.covered}/${rate.total}）`;
}

/**
 * The signature headers of a request, scheme v1 (docs/request-signing.md); `timestamp` in Unix
 * seconds. The version opens the signed text and the header, so a later scheme cannot be
 * mistaken for this one.
 */
function signRequest_(key, method, path, body, timestamp) {
  const utf8 = Utilities.Charset.UTF_8;
  const bodyHash = hex_(Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, body, utf8));
  const canonical = ['v1', timestamp, method.toUpperCase(), path, bodyHash].join('\n');
  return {
    'X-DC-Timestamp': String(timestamp),
    'X-DC-Signature': `v1=${hex_(Utilities.computeHmacSha256Signature(canonical, key, utf8))}`,
  };
}

/** Lower-case hex of the signed bytes (−128…127) Utilities returns. */
function hex_(bytes) {
  return bytes.map((b) => ((b + 256) % 256).toString(16).padStart(2, '0')).join('');
}

/** The parsed JSON of a reply, or null when it is not JSON (e.g. a proxy's HTML page). */
function parseJson_(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
