import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import type { BlockingFetch, BlockingReply } from './blocking-fetch';

const CODE_PATH = new URL('../../sheets-template/apps-script/Code.js', import.meta.url);

/** A dialog or toast the script showed, in the order shown. */
export interface Shown {
  /** `dialog` is an HTML dialog (Ui.showModalDialog); its text is the HTML. */
  kind: 'alert' | 'prompt' | 'toast' | 'dialog';
  title: string;
  text: string;
  /** A toast's timeout; -1 keeps it until the next one. */
  seconds?: number;
}

/** A menu the script added with addToUi; a separator is the item `null`. */
export interface AddedMenu {
  title: string;
  items: Array<{ caption: string; functionName: string } | null>;
}

/** What the clerk types into the next prompt and the button pressed (default OK). */
export interface PromptAnswer {
  text: string;
  button?: 'OK' | 'CANCEL' | 'CLOSE';
}

/** A request the script made through UrlFetchApp and what came back. */
export interface Fetched {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  reply: BlockingReply;
}

/** A file the script created in the clerk's Drive (the Advanced Drive service). */
export interface CreatedFile {
  /** The Drive file resource the script sent. */
  resource: Record<string, unknown>;
  /** The media: the blob's name, type and bytes (as text). */
  name: string;
  contentType: string;
  content: string;
  optionalArgs: Record<string, unknown> | undefined;
}

export interface AppsScriptOptions {
  spreadsheetId?: string;
  /** The spreadsheet's name (File → Rename). */
  spreadsheetName?: string;
  /** The spreadsheet's tab titles, asked on every getSheetByName as the real service reads the live sheet. */
  sheetTitles?: () => string[];
  /** What cell A1 of a tab shows, by title; blank when absent. */
  firstCells?: Record<string, string>;
  /** The Script Properties before the script runs. */
  properties?: Record<string, string>;
  /** Answers to ui.prompt, in order; a prompt without one fails the test. */
  promptAnswers?: PromptAnswer[];
  /** The script's clock (epoch ms), through a Date of its own; the real clock by default. */
  now?: () => number;
  /** UrlFetchApp's network (BlockingFetch, or a plain answering function's holder); without it every fetch throws. */
  fetcher?: Pick<BlockingFetch, 'fetch'>;
  /**
   * How long the test really waits for an answer. When it gives up, the script's clock moves on
   * to UrlFetchApp's own deadline, as if the full minute had passed.
   */
  fetchTimeoutMs?: number;
  /** The language of Apps Script's exception messages (Google localises them). */
  locale?: 'en' | 'zh-CN';
  /** The spreadsheet's time zone (File → Settings). */
  timeZone?: string;
  /** Drive refuses to create files (the Advanced Drive service's API is off, say). */
  driveRefuses?: boolean;
}

/** Code.js loaded with stand-ins for the Apps Script services, and what it did with them. */
export interface AppsScript {
  /** Calls a top-level function of the script, as a menu click or a trigger does. */
  run(name: string, ...args: unknown[]): unknown;
  /** Whether the script has a top-level function of this name. */
  defines(name: string): boolean;
  readonly shown: Shown[];
  readonly menus: AddedMenu[];
  readonly properties: Map<string, string>;
  readonly fetched: Fetched[];
  /** Files created in the clerk's Drive. */
  readonly created: CreatedFile[];
  /** The tab setActiveSheet last made active. */
  readonly activeSheet: string | undefined;
}

/** UrlFetchApp's deadline, which scripts cannot set (commonly reported as about 60 s). */
const URL_FETCH_DEADLINE_MS = 60_000;
/** What UrlFetchApp says when no answer came, in a Chinese-locale account. */
const CHINESE_FAILURES: Record<string, string> = {
  Timeout: '超时',
  'DNS error': 'DNS 错误',
  'Address unavailable': '地址不可用',
};
const BUTTON = { OK: 'OK', CANCEL: 'CANCEL', CLOSE: 'CLOSE', YES: 'YES', NO: 'NO' } as const;
const BUTTON_SET = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;
const CHARSET = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;
const DIGEST_ALGORITHM = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
} as const;

type Bytes = string | number[];

/** Apps Script's exceptions print as `Exception: …` (`异常: …` in Chinese). */
function exception(message: string, locale: AppsScriptOptions['locale'] = 'en'): Error {
  const error = new Error(message);
  error.name = locale === 'zh-CN' ? '异常' : 'Exception';
  return error;
}

/** The bytes of a string in a Charset (Java replaces what US-ASCII cannot hold with `?`), or of a Byte[]. */
function bytesOf(value: Bytes, charset: string = CHARSET.UTF_8): Buffer {
  if (typeof value !== 'string') return Buffer.from(value.map((b) => b & 0xff));
  if (charset === CHARSET.UTF_8) return Buffer.from(value, 'utf8');
  return Buffer.from(Array.from(value, (c) => ((c.codePointAt(0) ?? 0) < 128 ? c : '?')).join(''));
}

/** Java's signed bytes (−128…127), which Utilities returns. */
function signedBytes(buffer: Buffer): number[] {
  return Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
}

/** The overloads `f(text)`, `f(text, buttons)` and `f(title, text, buttons)` of Ui.alert and Ui.prompt. */
function titleAndText(args: string[]): { title: string; text: string } {
  return args.length === 3
    ? { title: args[0] ?? '', text: args[1] ?? '' }
    : { title: '', text: args[0] ?? '' };
}

/** Utilities.formatDate for the SimpleDateFormat letters yyyy, MM, dd, HH, mm and ss. */
function formatDate(date: Date, timeZone: string, pattern: string): string {
  const parts: Record<string, string> = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const fields: Record<string, string | undefined> = {
    yyyy: parts.year,
    MM: parts.month,
    dd: parts.day,
    HH: parts.hour,
    mm: parts.minute,
    ss: parts.second,
  };
  return pattern.replace(/[A-Za-z]+/g, (letters) => {
    const value = fields[letters];
    if (value === undefined) throw new Error(`The harness cannot format ${letters}`);
    return value;
  });
}

/** A Date whose clock is `now`: `Date.now()`, `new Date()` and `new Date(value)`. */
function dateWithClock(now: () => number): DateConstructor {
  return class extends Date {
    constructor(...args: [] | [string | number | Date]) {
      if (args.length === 0) super(now());
      else super(args[0]);
    }
    static override now(): number {
      return now();
    }
  } as DateConstructor;
}

/**
 * Loads Code.js with node:vm into a context that holds only the Apps Script services it uses
 * (SpreadsheetApp, PropertiesService, UrlFetchApp, Utilities, ScriptApp, HtmlService and the
 * Advanced Drive service): no require, no process.
 */
export function loadAppsScript(options: AppsScriptOptions = {}): AppsScript {
  const shown: Shown[] = [];
  const menus: AddedMenu[] = [];
  const fetched: Fetched[] = [];
  const created: CreatedFile[] = [];
  const properties = new Map(Object.entries(options.properties ?? {}));
  const promptAnswers = [...(options.promptAnswers ?? [])];
  let activeSheet: string | undefined;
  // How far the script's clock runs ahead of `now`: the minutes UrlFetchApp made it wait.
  let waited = 0;
  const now = () => (options.now ?? Date.now)() + waited;

  // Sheet ids as Google gives them: the first tab 0, others large numbers, stable per title.
  const sheet = (name: string) => ({
    getName: () => name,
    getSheetId: () => (options.sheetTitles?.() ?? []).indexOf(name) * 1_000_003,
    getRange: (a1: string) => ({
      getDisplayValue: () => (a1 === 'A1' ? (options.firstCells?.[name] ?? '') : ''),
    }),
  });
  const ui = {
    Button: BUTTON,
    ButtonSet: BUTTON_SET,
    createMenu(title: string) {
      const menu: AddedMenu = { title, items: [] };
      const builder = {
        addItem(caption: string, functionName: string) {
          menu.items.push({ caption, functionName });
          return builder;
        },
        addSeparator() {
          menu.items.push(null);
          return builder;
        },
        addToUi() {
          menus.push(menu);
        },
      };
      return builder;
    },
    alert(...args: string[]) {
      shown.push({ kind: 'alert', ...titleAndText(args) });
      return BUTTON.OK;
    },
    showModalDialog(output: { getContent(): string }, title: string) {
      shown.push({ kind: 'dialog', title, text: output.getContent() });
    },
    prompt(...args: string[]) {
      const { title, text } = titleAndText(args);
      shown.push({ kind: 'prompt', title, text });
      const answer = promptAnswers.shift();
      if (!answer) throw new Error(`The test has no answer for the prompt 「${title}」`);
      return {
        getResponseText: () => answer.text,
        getSelectedButton: () => answer.button ?? BUTTON.OK,
      };
    },
  };
  const spreadsheet = {
    getId: () => options.spreadsheetId ?? 'test-spreadsheet',
    getName: () => options.spreadsheetName ?? '测试专委会',
    getSpreadsheetTimeZone: () => options.timeZone ?? 'Asia/Shanghai',
    toast(text: string, title = '', seconds = 5) {
      shown.push({ kind: 'toast', title, text, seconds });
    },
    getSheetByName: (name: string) => (options.sheetTitles?.().includes(name) ? sheet(name) : null),
    setActiveSheet(active: { getName(): string }) {
      activeSheet = active.getName();
      return active;
    },
  };
  const scriptProperties = {
    getProperty: (key: string) => properties.get(key) ?? null,
    getProperties: () => Object.fromEntries(properties),
    setProperty(key: string, value: string) {
      properties.set(key, String(value));
      return scriptProperties;
    },
    setProperties(values: Record<string, string>, deleteAllOthers = false) {
      if (deleteAllOthers) properties.clear();
      for (const [key, value] of Object.entries(values)) properties.set(key, String(value));
      return scriptProperties;
    },
    deleteProperty(key: string) {
      properties.delete(key);
      return scriptProperties;
    },
  };

  const UrlFetchApp = {
    fetch(
      url: string,
      params: {
        method?: string;
        contentType?: string;
        payload?: string;
        headers?: Record<string, string>;
        muteHttpExceptions?: boolean;
      } = {},
    ) {
      if (!URL.canParse(url)) throw exception(`Invalid argument: ${url}`, options.locale);
      if (!options.fetcher) throw new Error('This test gives the script no network');
      const headers = { ...params.headers };
      if (params.contentType) headers['Content-Type'] = params.contentType;
      const request = {
        url,
        method: (params.method ?? 'get').toUpperCase(),
        headers,
        body: params.payload,
      };
      const timeoutMs = options.fetchTimeoutMs ?? URL_FETCH_DEADLINE_MS;
      const reply = options.fetcher.fetch({ ...request, timeoutMs });
      fetched.push({ ...request, reply });
      if ('failure' in reply) {
        if (reply.failure === 'Timeout') waited += URL_FETCH_DEADLINE_MS - timeoutMs;
        const said = options.locale === 'zh-CN' ? CHINESE_FAILURES[reply.failure] : reply.failure;
        throw exception(`${said}: ${url}`, options.locale);
      }
      if (reply.status >= 400 && !params.muteHttpExceptions)
        throw exception(
          `Request failed for ${url} returned code ${reply.status}. Truncated server response: ${reply.body.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
        );
      return {
        getResponseCode: () => reply.status,
        getContentText: () => reply.body,
        getHeaders: () => ({ ...reply.headers }),
        getBlob: () => blob(reply.body, reply.headers['content-type'] ?? ''),
      };
    },
  };

  const Utilities = {
    Charset: CHARSET,
    DigestAlgorithm: Object.fromEntries(Object.keys(DIGEST_ALGORITHM).map((name) => [name, name])),
    computeDigest(algorithm: keyof typeof DIGEST_ALGORITHM, value: Bytes, charset?: string) {
      const hash = createHash(DIGEST_ALGORITHM[algorithm]);
      return signedBytes(hash.update(bytesOf(value, charset)).digest());
    },
    computeHmacSha256Signature(value: Bytes, key: Bytes, charset?: string) {
      const hmac = createHmac('sha256', bytesOf(key, charset));
      return signedBytes(hmac.update(bytesOf(value, charset)).digest());
    },
    getUuid() {
      return randomUUID();
    },
    formatDate,
    sleep(milliseconds: number) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
    },
  };

  // A Blob: its bytes are the answer's text here, which is all a test needs to compare.
  function blob(content: string, contentType: string) {
    let name = '';
    const self = {
      getName: () => name,
      getContentType: () => contentType,
      getDataAsString: () => content,
      setName(value: string) {
        name = value;
        return self;
      },
    };
    return self;
  }
  const Drive = {
    Files: {
      create(
        resource: Record<string, unknown>,
        media: ReturnType<typeof blob>,
        optionalArgs?: Record<string, unknown>,
      ) {
        if (options.driveRefuses)
          throw exception('GoogleJsonResponseException: API call to drive.files.create failed');
        created.push({
          resource,
          name: media.getName(),
          contentType: media.getContentType(),
          content: media.getDataAsString(),
          optionalArgs,
        });
        const id = `drive-file-${created.length}`;
        return { id, webViewLink: `https://drive.google.com/file/d/${id}/view?usp=drivesdk` };
      },
    },
  };
  const HtmlService = {
    createHtmlOutput(html: string) {
      const output = {
        getContent: () => html,
        setWidth: () => output,
        setHeight: () => output,
      };
      return output;
    },
  };

  const context = vm.createContext({
    SpreadsheetApp: { getUi: () => ui, getActiveSpreadsheet: () => spreadsheet },
    ScriptApp: { getOAuthToken: () => 'clerk-oauth-token' },
    Drive,
    HtmlService,
    PropertiesService: { getScriptProperties: () => scriptProperties },
    UrlFetchApp,
    Utilities,
    Date: dateWithClock(now),
  });
  vm.runInContext(readFileSync(CODE_PATH, 'utf8'), context, { filename: 'Code.js' });

  return {
    run(name, ...args) {
      const entry: unknown = context[name];
      if (typeof entry !== 'function') throw new Error(`Code.js has no function ${name}`);
      return entry(...args);
    },
    defines: (name) => typeof context[name] === 'function',
    shown,
    menus,
    properties,
    fetched,
    created,
    get activeSheet() {
      return activeSheet;
    },
  };
}
