/**
 * 两个全覆盖: the menu of the committee's Google Sheet. 立即同步 asks the dual-coverage Worker
 * to sync this spreadsheet with a signed request (docs/request-signing.md) and shows the result;
 * 同步状态 asks the Worker how the last sync went and when the next nightly one runs; 导出评估报告
 * saves the 评估报告 tab as a PDF in the clerk's own Drive, as the clerk (the script runs as the
 * user; the scopes it needs are explained in docs/workbook-contract.md §7).
 * The Worker's address and this sheet's key live in Script Properties, set through 同步设置….
 */

const MENU_TITLE = '两个全覆盖';
const OVERVIEW_TAB = '覆盖总览';
const REVIEW_TAB = '评估报告';
const URL_PROPERTY = 'DC_WORKER_URL';
const KEY_PROPERTY = 'DC_SHEET_KEY';
/**
 * Development only: the Script Property that lets the Worker address be http://127.0.0.1 or
 * http://localhost (the Node tests run this file against wrangler dev). UrlFetchApp runs on
 * Google's servers, so in a real sheet such an address can never be reached.
 */
const LOCAL_WORKER_PROPERTY = 'DC_ALLOW_LOCAL_WORKER';
/**
 * UrlFetchApp's own deadline, which scripts cannot change (commonly reported as about 60 s). An
 * exception this close to it is the deadline: DNS and connection failures come within seconds.
 * Apps Script localises exception messages, so their text cannot tell a timeout apart.
 */
const FETCH_DEADLINE_MS = 60000;
const DEADLINE_MARGIN_MS = 5000;

const NOT_CONFIGURED = '未配置：请管理员在“两个全覆盖 → 同步设置…”中填写 Worker 地址和同步密钥。';
const BAD_URL =
  'Worker 地址无效：Google 的服务器只能访问公网上的 https 地址，请管理员在“两个全覆盖 → 同步设置…”中重新填写。';
const UNREACHABLE =
  '无法连接同步服务：请稍后再试；如仍无法连接，请管理员核对“同步设置…”中的 Worker 地址。';
const TIMED_OUT =
  '同步服务响应超时：同步可能仍在进行，请稍后查看“覆盖总览”，或再点一次“立即同步”。';
const STATUS_TIMED_OUT = '同步服务响应超时：请稍后再点“同步状态”。';
const BAD_KEY =
  '同步密钥不正确：请管理员核对这份表格的同步密钥，并在“两个全覆盖 → 同步设置…”中重新填写。';
const EXPIRED =
  '请求已过期：签名时间与同步服务的时钟相差超过 5 分钟。请再点一次“立即同步”；如仍出现，请管理员检查同步服务器的时间。';
const SYNC_RUNNING =
  '上一次同步仍在进行，完成后结果会自动写入表格：请过一会儿查看“覆盖总览”，无需再点。';
const GOOGLE_BUSY = 'Google 表格暂时繁忙，请一分钟后再点“立即同步”。';
const NO_REVIEW = '还没有“评估报告”：它在第一次同步后出现，请先点“两个全覆盖 → 立即同步”，再导出。';
const EXPORT_REFUSED =
  'Google 没有允许导出“评估报告”：请重新打开表格，在授权提示中点“允许”后再试；如仍不行，请管理员核对脚本的授权范围。';
const EXPORT_FAILED = '导出“评估报告”未成功：Google 暂时没有响应，请稍后再试。';
const SAVE_FAILED =
  '评估报告未能保存到您的 Google 云端硬盘：请稍后再试；如仍不行，请管理员在“扩展程序 → Apps Script”中打开本表格的脚本并保存一次（以启用云端硬盘服务）。';
/**
 * How Google's export address prints the tab: A4 portrait, one page wide, with page numbers and
 * without gridlines or the sheet's name, as the tab is laid out to print (docs/review.md).
 */
const PDF_OPTIONS = {
  format: 'pdf',
  size: 'A4',
  portrait: 'true',
  fitw: 'true',
  gridlines: 'false',
  printtitle: 'false',
  sheetnames: 'false',
  pagenum: 'CENTER',
  fzr: 'false',
  top_margin: '0.75',
  bottom_margin: '0.75',
  left_margin: '0.7',
  right_margin: '0.7',
};

const URL_QUESTION = {
  title: 'Worker 地址',
  text: '请输入同步服务（Worker）的地址，例如 https://dual-coverage.example.workers.dev',
  problem:
    '地址不正确：应以 https:// 开头，只含域名，且是公网地址（Google 的服务器访问不到 127.0.0.1、localhost 或内网地址）。',
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
    .addItem('同步状态', 'showSyncStatus')
    .addItem('打开覆盖总览', 'openOverview')
    .addItem('导出评估报告（PDF）', 'exportReviewPdf')
    .addSeparator()
    .addItem('同步设置…', 'openSettings')
    .addItem('关于', 'showAbout')
    .addToUi();
}

/** 立即同步: sends the signed sync request to the Worker and shows the rates or what went wrong. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function syncNow() {
  const ui = SpreadsheetApp.getUi();
  const settings = readSettings_(ui);
  if (!settings) return;
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

/** 同步状态: asks the Worker (signed GET …/status) how the last sync went and shows it. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function showSyncStatus() {
  const ui = SpreadsheetApp.getUi();
  const settings = readSettings_(ui);
  if (!settings) return;
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const path = `/v1/sheets/${spreadsheet.getId()}/status`;
  const reply = fetchSigned_(settings, 'GET', path, '', STATUS_TIMED_OUT);
  if (reply.problem) {
    ui.alert('同步状态', reply.problem, ui.ButtonSet.OK);
  } else if (reply.status === 200 && reply.answer && 'lastSync' in reply.answer) {
    const zone = spreadsheet.getSpreadsheetTimeZone();
    ui.alert('同步状态', describeStatus_(reply.answer, zone), ui.ButtonSet.OK);
  } else {
    ui.alert('同步状态', describeRefusal_(reply.status, reply.answer || {}), ui.ButtonSet.OK);
  }
}

/** The status dialog: the last sync's outcome, time, trigger and duration, and the nightly run. */
function describeStatus_(status, zone) {
  const last = status.lastSync;
  const lines = [];
  if (!last) {
    lines.push('还没有同步记录：请点“两个全覆盖 → 立即同步”。');
  } else {
    const how = last.trigger === 'schedule' ? '每日定时同步' : '菜单“立即同步”';
    const seconds = (last.durationMs / 1000).toFixed(1);
    lines.push(`上次同步：${formatTime_(last.finishedAt, zone)}（${how}，用时 ${seconds} 秒）`);
    lines.push(last.ok ? '结果：成功。' : `结果：未成功。${last.message}`);
  }
  lines.push(
    status.registered
      ? `下次自动同步：${formatTime_(status.nextNightlyRun, zone)}。`
      : '这份表格尚未加入每晚自动同步：第一次用菜单同步成功后会自动加入。',
  );
  return lines.join('\n');
}

/** An ISO 8601 instant as the sheet's local `yyyy-MM-dd HH:mm`. */
function formatTime_(iso, zone) {
  return Utilities.formatDate(new Date(iso), zone, 'yyyy-MM-dd HH:mm');
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

/**
 * 导出评估报告（PDF）: prints the 评估报告 tab through Google's export address (with the clerk's
 * own token), saves the PDF in the clerk's Drive and shows its link. The file is created through
 * the Advanced Drive service, which needs only the drive.file scope (files this script creates),
 * where DriveApp would need the whole of the clerk's Drive.
 */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function exportReviewPdf() {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getSheetByName(REVIEW_TAB);
  // A template-made sheet has the tab before its first sync, holding only how to sync.
  if (!sheet || /^尚未同步/.test(sheet.getRange('A1').getDisplayValue())) {
    ui.alert(MENU_TITLE, NO_REVIEW, ui.ButtonSet.OK);
    return;
  }
  spreadsheet.toast('正在导出评估报告…', MENU_TITLE, -1);
  const url = reviewPdfUrl_(spreadsheet.getId(), sheet.getSheetId());
  let response;
  try {
    response = UrlFetchApp.fetch(url, {
      headers: { Authorization: `Bearer ${ScriptApp.getOAuthToken()}` },
      muteHttpExceptions: true,
    });
  } catch (_error) {
    response = null;
  }
  const status = response ? response.getResponseCode() : 0;
  if (status !== 200) {
    spreadsheet.toast('导出未完成', MENU_TITLE, 5);
    ui.alert(
      MENU_TITLE,
      status === 401 || status === 403 ? EXPORT_REFUSED : EXPORT_FAILED,
      ui.ButtonSet.OK,
    );
    return;
  }
  const date = Utilities.formatDate(new Date(), spreadsheet.getSpreadsheetTimeZone(), 'yyyy-MM-dd');
  const name = `${spreadsheet.getName()} 评估报告 ${date}.pdf`;
  let file;
  try {
    file = Drive.Files.create(
      { name, mimeType: 'application/pdf' },
      response.getBlob().setName(name),
      { fields: 'id,webViewLink' },
    );
  } catch (_error) {
    // Drive refused or is off for this script (its API not enabled in the script's project).
    spreadsheet.toast('导出未完成', MENU_TITLE, 5);
    ui.alert(MENU_TITLE, SAVE_FAILED, ui.ButtonSet.OK);
    return;
  }
  spreadsheet.toast('导出完成', MENU_TITLE, 5);
  const link = file.webViewLink || `https://drive.google.com/file/d/${file.id}/view`;
  const html = HtmlService.createHtmlOutput(
    `<p style="font-family:sans-serif">评估报告已保存到您的 Google 云端硬盘：</p>` +
      `<p style="font-family:sans-serif"><a href="${escapeHtml_(link)}" target="_blank">${escapeHtml_(name)}</a></p>`,
  )
    .setWidth(460)
    .setHeight(140);
  ui.showModalDialog(html, '评估报告已导出');
}

/** Google's export address for one tab as a PDF, with PDF_OPTIONS. */
function reviewPdfUrl_(spreadsheetId, sheetId) {
  const query = Object.entries({ ...PDF_OPTIONS, gid: String(sheetId) })
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `https://docs.google.com/spreadsheets/d/${spreadsheetId}/export?${query}`;
}

/** Text safe inside HTML. */
function escapeHtml_(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/** 同步设置…: asks for the Worker's address and this sheet's key, checks them and stores them. */
// biome-ignore lint/correctness/noUnusedVariables: called from the menu.
function openSettings() {
  const ui = SpreadsheetApp.getUi();
  const properties = PropertiesService.getScriptProperties();
  const url = ask_(ui, URL_QUESTION, normaliseUrl_(properties.getProperty(URL_PROPERTY) || ''));
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
      '“立即同步”读取本表格的委员、小组、活动、事项、任务和困难诉求，计算三项覆盖率，并把结果写入“覆盖总览”“覆盖缺口”“责任缺口”“数据问题”“历史”“缺口台账”“责任落实”“评估报告”八个工作表，其他工作表不会被改动。同步过一次的表格每天凌晨 2 点还会自动同步。',
      '“导出评估报告（PDF）”把“评估报告”表存为 PDF，放在您自己的 Google 云端硬盘中，供分党组会议使用。',
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

/**
 * The Worker's origin without a trailing slash, or null unless Google's servers can reach it: an
 * https origin on a public host name. Loopback and private addresses are refused; with the
 * development switch (LOCAL_WORKER_PROPERTY = true) http://127.0.0.1 and http://localhost pass.
 */
function normaliseUrl_(text) {
  const url = text.toLowerCase().replace(/\/+$/, '');
  const match = /^(https?):\/\/([a-z0-9.-]+)(:\d{1,5})?$/.exec(url);
  if (!match) return null;
  const local = /^(localhost|127\.0\.0\.1)$/.test(match[2]);
  if (match[1] === 'http') return local && allowsLocalWorker_() ? url : null;
  return isPublicHost_(match[2]) ? url : null;
}

/** Whether the development switch is on (see LOCAL_WORKER_PROPERTY). */
function allowsLocalWorker_() {
  return PropertiesService.getScriptProperties().getProperty(LOCAL_WORKER_PROPERTY) === 'true';
}

/** False for names and IPv4 addresses that only resolve inside a machine or a private network. */
function isPublicHost_(host) {
  if (host === 'localhost' || /\.(localhost|local|internal)$/.test(host)) return false;
  const ip = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!ip) return host.includes('.');
  const [a, b] = [Number(ip[1]), Number(ip[2])];
  return !(
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
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

/**
 * The stored Worker address and sheet key, or null after telling the clerk that one is missing
 * or that the address is one Google cannot reach (stored before addresses were checked, or the
 * development switch was turned off since).
 */
function readSettings_(ui) {
  const properties = PropertiesService.getScriptProperties();
  const url = properties.getProperty(URL_PROPERTY);
  const key = properties.getProperty(KEY_PROPERTY);
  const problem = !url || !key ? NOT_CONFIGURED : normaliseUrl_(url) ? null : BAD_URL;
  if (!problem) return { url, key };
  ui.alert(MENU_TITLE, problem, ui.ButtonSet.OK);
  return null;
}

/**
 * Sends a signed request to the Worker; returns { status, answer } (answer: the parsed JSON or
 * null), or { problem } when no answer came, `timedOut` being the clerk's sentence for a timeout.
 */
function fetchSigned_(settings, method, path, body, timedOut) {
  const headers = signRequest_(settings.key, method, path, body, Math.floor(Date.now() / 1000));
  const options = { method: method.toLowerCase(), headers, muteHttpExceptions: true };
  if (body) {
    options.contentType = 'application/json';
    options.payload = body;
  }
  const started = Date.now();
  let response;
  try {
    response = UrlFetchApp.fetch(settings.url + path, options);
  } catch (_error) {
    // With muteHttpExceptions it throws only when no answer came: timeouts, DNS and connections.
    const late = Date.now() - started >= FETCH_DEADLINE_MS - DEADLINE_MARGIN_MS;
    return { problem: late ? timedOut : UNREACHABLE };
  }
  return {
    status: response.getResponseCode(),
    answer: parseJson_(response.getContentText()),
  };
}

/** Posts the signed request; returns { summary } on success, else { problem } for the clerk. */
function requestSync_(settings, spreadsheetId) {
  // A fresh nonce makes two clicks in the same second two requests, not a replay.
  const body = JSON.stringify({ trigger: 'menu', nonce: Utilities.getUuid() });
  const reply = fetchSigned_(settings, 'POST', `/v1/sheets/${spreadsheetId}/sync`, body, TIMED_OUT);
  if (reply.problem) return reply;
  if (reply.status === 200 && reply.answer && reply.answer.rates) return { summary: reply.answer };
  return { problem: describeRefusal_(reply.status, reply.answer || {}) };
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
