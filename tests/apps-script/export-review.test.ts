import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BlockingReply, BlockingRequest } from './blocking-fetch';
import { type AppsScriptOptions, loadAppsScript } from './load-apps-script';

/** What the clerk reads in each case (Code.js). */
const SAYS = {
  noReview: '还没有“评估报告”：它在第一次同步后出现，请先点“两个全覆盖 → 立即同步”，再导出。',
  refused:
    'Google 没有允许导出“评估报告”：请重新打开表格，在授权提示中点“允许”后再试；如仍不行，请管理员核对脚本的授权范围。',
  failed: '导出“评估报告”未成功：Google 暂时没有响应，请稍后再试。',
  notSaved:
    '评估报告未能保存到您的 Google 云端硬盘：请稍后再试；如仍不行，请管理员在“扩展程序 → Apps Script”中打开本表格的脚本并保存一次（以启用云端硬盘服务）。',
};
const PDF = '%PDF-1.7 评估报告';
const TABS = ['设置', '委员', '覆盖总览', '缺口台账', '责任落实', '评估报告'];

/** Google's export address, answering `reply` to every request. */
function google(reply: BlockingReply) {
  return { fetch: (_request: BlockingRequest) => reply };
}

function exportWith(options: AppsScriptOptions) {
  const script = loadAppsScript({
    spreadsheetId: 'sheet-123',
    sheetTitles: () => TABS,
    firstCells: { 评估报告: '测试专委会“两个全覆盖”工作评估报告' },
    now: () => Date.parse('2026-06-20T02:00:00Z'),
    fetcher: google({ status: 200, headers: { 'content-type': 'application/pdf' }, body: PDF }),
    ...options,
  });
  script.run('exportReviewPdf');
  return script;
}

describe('两个全覆盖 → 导出评估报告（PDF）', () => {
  it('prints the 评估报告 tab through Google’s export address, as the clerk, A4 portrait one page wide', () => {
    const script = exportWith({});
    expect(script.fetched).toHaveLength(1);
    const [request] = script.fetched;
    const url = new URL(request?.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://docs.google.com/spreadsheets/d/sheet-123/export',
    );
    // The one tab, as a document: A4 portrait fitted to the width, numbered, no gridlines.
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      gid: String(TABS.indexOf('评估报告') * 1_000_003),
      format: 'pdf',
      portrait: 'true',
      size: 'A4',
      fitw: 'true',
      pagenum: 'CENTER',
      gridlines: 'false',
    });
    expect(request?.method).toBe('GET');
    expect(request?.headers).toEqual({ Authorization: 'Bearer clerk-oauth-token' });
  });

  it('saves the PDF in the clerk’s Drive, named for the committee and the day, and shows its link', () => {
    const script = exportWith({});
    const name = '测试专委会 评估报告 2026-06-20.pdf';
    expect(script.created).toEqual([
      {
        resource: { name, mimeType: 'application/pdf' },
        name,
        contentType: 'application/pdf',
        content: PDF,
        optionalArgs: { fields: 'id,webViewLink' },
      },
    ]);
    const dialog = script.shown.at(-1);
    expect(dialog).toMatchObject({ kind: 'dialog', title: '评估报告已导出' });
    expect(dialog?.text).toContain(
      `<a href="https://drive.google.com/file/d/drive-file-1/view?usp=drivesdk" target="_blank">${name}</a>`,
    );
    expect(dialog?.text).toContain('评估报告已保存到您的 Google 云端硬盘');
  });

  it('escapes the spreadsheet’s name in the dialog', () => {
    const script = exportWith({ spreadsheetName: '<b>委员会</b> & 办公室' });
    expect(script.shown.at(-1)?.text).toContain(
      '&lt;b&gt;委员会&lt;/b&gt; &amp; 办公室 评估报告 2026-06-20.pdf</a>',
    );
  });

  it('says to sync first when the sheet has no 评估报告 yet, and exports nothing', () => {
    for (const options of [
      { sheetTitles: () => TABS.filter((t) => t !== '评估报告') },
      // A template-made sheet has the tab before its first sync, saying how to sync.
      { firstCells: { 评估报告: '尚未同步：点菜单“两个全覆盖 → 立即同步”后，这里显示结果。' } },
    ]) {
      const script = exportWith(options);
      expect(script.shown).toEqual([{ kind: 'alert', title: '两个全覆盖', text: SAYS.noReview }]);
      expect(script.fetched).toEqual([]);
      expect(script.created).toEqual([]);
    }
  });

  it('says what went wrong when Google refuses or fails the export, and creates no file', () => {
    const cases: Array<[BlockingReply, string]> = [
      [{ status: 403, headers: {}, body: 'Forbidden' }, SAYS.refused],
      [{ status: 401, headers: {}, body: 'Unauthorized' }, SAYS.refused],
      [{ status: 500, headers: {}, body: 'Internal' }, SAYS.failed],
      [{ failure: 'Timeout' }, SAYS.failed],
    ];
    for (const [reply, said] of cases) {
      const script = exportWith({ fetcher: google(reply) });
      expect(script.created).toEqual([]);
      expect(script.shown.at(-1)).toEqual({ kind: 'alert', title: '两个全覆盖', text: said });
    }
    const refused = exportWith({ driveRefuses: true });
    expect(refused.shown.at(-1)).toEqual({
      kind: 'alert',
      title: '两个全覆盖',
      text: SAYS.notSaved,
    });
  });
});

describe('appsscript.json', () => {
  it('asks only for the scopes the menu needs: this sheet, its read for the export, files it creates, the Worker, dialogs', () => {
    const manifest = JSON.parse(
      readFileSync(
        new URL('../../sheets-template/apps-script/appsscript.json', import.meta.url),
        'utf8',
      ),
    );
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/spreadsheets.readonly',
      'https://www.googleapis.com/auth/drive.file',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/script.container.ui',
    ]);
    expect(manifest.dependencies.enabledAdvancedServices).toEqual([
      { userSymbol: 'Drive', serviceId: 'drive', version: 'v3' },
    ]);
  });
});
