import { describe, expect, it } from 'vitest';
import vector from '../fixtures/signing-vector.json';
import { loadAppsScript } from './load-apps-script';

const KEY = 'a3f1c9e07b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a';

describe('onOpen builds the menu 两个全覆盖', () => {
  it('adds 立即同步, 同步状态, 打开覆盖总览, 导出评估报告（PDF）, 同步设置… and 关于, in that order, each calling a function of the script', () => {
    const script = loadAppsScript();
    script.run('onOpen');
    expect(script.menus).toEqual([
      {
        title: '两个全覆盖',
        items: [
          { caption: '立即同步', functionName: 'syncNow' },
          { caption: '同步状态', functionName: 'showSyncStatus' },
          { caption: '打开覆盖总览', functionName: 'openOverview' },
          { caption: '导出评估报告（PDF）', functionName: 'exportReviewPdf' },
          null,
          { caption: '同步设置…', functionName: 'openSettings' },
          { caption: '关于', functionName: 'showAbout' },
        ],
      },
    ]);
    for (const item of script.menus[0]?.items ?? [])
      if (item) expect(script.defines(item.functionName), item.functionName).toBe(true);
    expect(script.fetched).toEqual([]);
  });
});

describe('signing (docs/request-signing.md)', () => {
  it('gives the shared test vector’s signature from Apps Script’s signed bytes', () => {
    const script = loadAppsScript();
    const headers = script.run(
      'signRequest_',
      vector.expectedKey,
      vector.method,
      vector.path,
      vector.body,
      vector.timestamp,
    );
    expect(headers).toEqual({
      'X-DC-Timestamp': String(vector.timestamp),
      'X-DC-Signature': vector.expectedSignatureHeader,
    });
    // Bytes above 127 arrive negative, so a conversion that ignored the sign would fail here.
    const bytes = vector.expectedSignature.match(/../g)?.map((pair) => Number.parseInt(pair, 16));
    expect(bytes?.some((byte) => byte > 127)).toBe(true);
  });

  it('signs a status request (GET, empty body) as the vector says', () => {
    const { status } = vector;
    const headers = loadAppsScript().run(
      'signRequest_',
      vector.expectedKey,
      status.method,
      status.path,
      status.body,
      vector.timestamp,
    );
    expect(headers).toEqual({
      'X-DC-Timestamp': String(vector.timestamp),
      'X-DC-Signature': status.expectedSignatureHeader,
    });
  });
});

describe('同步设置… stores a validated Worker address and sheet key', () => {
  it('trims and lower-cases both, drops a trailing slash, and shows the key masked', () => {
    const script = loadAppsScript({
      promptAnswers: [
        { text: '  https://Dual-Coverage.Example.workers.dev/ ' },
        { text: ` ${KEY.toUpperCase()} ` },
      ],
    });
    script.run('openSettings');
    expect(Object.fromEntries(script.properties)).toEqual({
      DC_WORKER_URL: 'https://dual-coverage.example.workers.dev',
      DC_SHEET_KEY: KEY,
    });
    expect(script.shown.at(-1)).toEqual({
      kind: 'alert',
      title: '同步设置已保存',
      text: 'Worker 地址：https://dual-coverage.example.workers.dev\n同步密钥：a3f1…\n\n现在可以点“两个全覆盖 → 立即同步”。',
    });
  });

  it('refuses addresses Google’s servers cannot reach: loopback, private networks, plain http', () => {
    const unreachable = [
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'https://localhost',
      'https://127.0.0.1:8787',
      'https://10.1.2.3',
      'https://192.168.1.20',
      'https://172.20.0.5',
      'https://worker.local',
      'https://intranet',
      'http://dual-coverage.example.workers.dev',
    ];
    const script = loadAppsScript({
      promptAnswers: [
        ...unreachable.map((text) => ({ text })),
        { text: 'https://dual-coverage.example.workers.dev' },
        { text: KEY },
      ],
    });
    script.run('openSettings');
    const prompts = script.shown.filter((shown) => shown.kind === 'prompt');
    expect(prompts).toHaveLength(unreachable.length + 2);
    for (const prompt of prompts.slice(1, unreachable.length + 1))
      expect(prompt.text).toMatch(
        /^地址不正确：应以 https:\/\/ 开头，只含域名，且是公网地址（Google 的服务器访问不到 127\.0\.0\.1、localhost 或内网地址）。/,
      );
    expect(script.properties.get('DC_WORKER_URL')).toBe(
      'https://dual-coverage.example.workers.dev',
    );
  });

  it('accepts http://127.0.0.1 and http://localhost only with the development switch DC_ALLOW_LOCAL_WORKER', () => {
    const script = loadAppsScript({
      properties: { DC_ALLOW_LOCAL_WORKER: 'true' },
      promptAnswers: [
        { text: 'https://localhost' },
        { text: 'http://127.0.0.1:8787' },
        { text: KEY },
      ],
    });
    script.run('openSettings');
    expect(script.properties.get('DC_WORKER_URL')).toBe('http://127.0.0.1:8787');
    expect(script.shown.filter((shown) => shown.kind === 'prompt')).toHaveLength(3);
  });

  it('does not offer to keep a stored address Google cannot reach', () => {
    const script = loadAppsScript({
      properties: { DC_WORKER_URL: 'http://127.0.0.1:8787', DC_SHEET_KEY: KEY },
      promptAnswers: [{ text: '' }, { text: 'https://new.example.workers.dev' }, { text: '' }],
    });
    script.run('openSettings');
    const [first] = script.shown;
    expect(first?.text).not.toContain('当前');
    expect(script.properties.get('DC_WORKER_URL')).toBe('https://new.example.workers.dev');
  });

  it('refuses a bad address or key and asks again, saying what is wrong', () => {
    const script = loadAppsScript({
      promptAnswers: [
        { text: 'http://dual-coverage.example.workers.dev' },
        { text: 'https://dual-coverage.example.workers.dev/v1/sheets' },
        { text: 'https://dual-coverage.example.workers.dev' },
        { text: KEY.slice(1) },
        { text: `${KEY.slice(1)}g` },
        { text: KEY },
      ],
    });
    script.run('openSettings');
    const prompts = script.shown.filter((shown) => shown.kind === 'prompt');
    expect(prompts.map((prompt) => prompt.title)).toEqual([
      'Worker 地址',
      'Worker 地址',
      'Worker 地址',
      '同步密钥',
      '同步密钥',
      '同步密钥',
    ]);
    expect(prompts[1]?.text).toMatch(/^地址不正确：应以 https:\/\/ 开头/);
    expect(prompts[4]?.text).toMatch(/^密钥格式不对：应为 64 个 0–9、a–f 字符。/);
    expect(Object.fromEntries(script.properties)).toEqual({
      DC_WORKER_URL: 'https://dual-coverage.example.workers.dev',
      DC_SHEET_KEY: KEY,
    });
  });

  it('changes nothing when cancelled at either question', () => {
    const before = { DC_WORKER_URL: 'https://old.example.workers.dev', DC_SHEET_KEY: KEY };
    for (const promptAnswers of [
      [{ text: 'https://new.example.workers.dev', button: 'CANCEL' as const }],
      [
        { text: 'https://new.example.workers.dev' },
        { text: 'f'.repeat(64), button: 'CLOSE' as const },
      ],
    ]) {
      const script = loadAppsScript({ properties: before, promptAnswers });
      script.run('openSettings');
      expect(Object.fromEntries(script.properties)).toEqual(before);
      expect(script.shown.filter((shown) => shown.kind === 'alert')).toEqual([]);
    }
  });

  it('shows what is configured, never the whole key, and keeps a value left empty', () => {
    const before = { DC_WORKER_URL: 'https://old.example.workers.dev', DC_SHEET_KEY: KEY };
    const script = loadAppsScript({
      properties: before,
      promptAnswers: [{ text: '' }, { text: '  ' }],
    });
    script.run('openSettings');
    expect(Object.fromEntries(script.properties)).toEqual(before);
    const [urlPrompt, keyPrompt] = script.shown;
    expect(urlPrompt?.text).toContain('当前：https://old.example.workers.dev（留空则保留）');
    expect(keyPrompt?.text).toContain('当前：a3f1…（留空则保留）');
    for (const shown of script.shown) expect(shown.text).not.toContain(KEY.slice(0, 8));
  });
});

describe('a stored address Google cannot reach', () => {
  it('立即同步 and 同步状态 refuse it without a request, naming the settings', () => {
    for (const name of ['syncNow', 'showSyncStatus']) {
      const script = loadAppsScript({
        properties: { DC_WORKER_URL: 'http://127.0.0.1:8787', DC_SHEET_KEY: KEY },
      });
      script.run(name);
      expect(script.shown).toEqual([
        {
          kind: 'alert',
          title: '两个全覆盖',
          text: 'Worker 地址无效：Google 的服务器只能访问公网上的 https 地址，请管理员在“两个全覆盖 → 同步设置…”中重新填写。',
        },
      ]);
      expect(script.fetched).toEqual([]);
    }
  });
});

describe('打开覆盖总览', () => {
  it('activates the 覆盖总览 tab', () => {
    const script = loadAppsScript({ sheetTitles: () => ['委员', '覆盖总览'] });
    script.run('openOverview');
    expect(script.activeSheet).toBe('覆盖总览');
    expect(script.shown).toEqual([]);
  });

  it('says the tab appears after the first sync when there is none yet', () => {
    const script = loadAppsScript({ sheetTitles: () => ['委员'] });
    script.run('openOverview');
    expect(script.activeSheet).toBeUndefined();
    expect(script.shown).toEqual([
      {
        kind: 'alert',
        title: '两个全覆盖',
        text: '还没有“覆盖总览”：它在第一次同步后出现，请先点“两个全覆盖 → 立即同步”。',
      },
    ]);
  });
});

describe('关于', () => {
  it('describes the sync in Chinese and points to the staff guide 使用说明', () => {
    const script = loadAppsScript();
    script.run('showAbout');
    expect(script.shown).toEqual([
      { kind: 'alert', title: '关于 两个全覆盖', text: expect.stringContaining('《使用说明》') },
    ]);
  });
});
