import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { type StandInServer, startStandInServer } from '../../src/stand-in/start-stand-in-server';
import { cliOutput } from '../support/cli-output';
import { coveredCommittee } from '../support/domain-fixture';

const cli = cliOutput;

/** The text of a .docx's body, without its XML. */
async function docxText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml.replace(/<[^>]+>/g, '');
}

vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let server: StandInServer | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-report-'));
});
afterAll(async () => {
  await server?.close();
});

/** The covered committee with one member uncovered, as a template-made .xlsx. */
async function committeeXlsx(name: string): Promise<string> {
  const tabs = coveredCommittee();
  tabs.委员.push(['A03', '张', '民盟', '民盟盟员', '种业组', '', '', '在任']);
  const path = join(dir, name);
  await writeTemplateWorkbook(path, '测试专委会', tabs);
  return path;
}

describe('npm run cli -- report', () => {
  it('syncs the workbook, then writes the review as a Word document beside it', async () => {
    const path = await committeeXlsx('report.xlsx');
    const first = await cli('report', '--workbook', path, '--as-of', '2026-03-31');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`评估报告已写成 Word 文档：${join(dir, '评估报告.docx')}`);
    const out = join(dir, '第二季度.docx');
    const argv = ['report', '--workbook', path, '--as-of', '2026-05-12', '--out', out];
    const { code, stdout, stderr } = await cli(...argv);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain('2026年第二季度');
    const text = await docxText(out);
    expect(text).toContain('“两个全覆盖”工作评估报告');
    for (const heading of ['一、基本情况', '二、“两个全覆盖”落实情况', '五、下一步工作建议'])
      expect(text).toContain(heading);
    // The quarter before was synced into 历史, so the review compares with its close.
    expect(text).toContain('与上期末记录（2026年3月31日）相比');
    // It synced: the workbook's ledger carries the gaps of both dates.
    const again = await cli('sync', '--workbook', path, '--as-of', '2026-05-12', '--json');
    const review = JSON.parse(again.stdout).review;
    expect(review.previous).toEqual({
      date: '2026-03-31',
      org: { covered: 1, total: 1 },
      work: { covered: 0, total: 3 },
      contact: { covered: 0, total: 2 },
    });
    expect(review.persistent).toContainEqual({
      category: 'coverage',
      code: 'NO_CONTACT',
      subject: 'A03',
      periods: 2,
    });
  });

  it('with --json prints the summary with its review on standard output, and nothing else', async () => {
    const path = await committeeXlsx('json.xlsx');
    const out = join(dir, 'json.docx');
    const { code, stdout } = await cli(
      ...['report', '--workbook', path, '--as-of', '2026-05-12', '--out', out, '--json'],
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.review).toMatchObject({ open: { coverage: 2, responsibility: 0 } });
    expect(summary.stats.sheetsApiCalls).toBe(3);
    expect((await stat(out)).size).toBeGreaterThan(5_000);
  });

  it('writes the review of a Google Sheet, synced with a service account', async () => {
    server = await startStandInServer({ port: 0 });
    const tabs = coveredCommittee();
    const id = server.standIn.createSpreadsheet({
      title: '测试专委会',
      sheets: Object.entries(tabs).map(([title, rows]) => ({
        title,
        rows: rows.map((row) => row.map((v) => v ?? null)),
      })),
    });
    const key = join(dir, 'key.json');
    await writeFile(
      key,
      JSON.stringify(
        await server.standIn.createServiceAccount('report@test.iam.gserviceaccount.com'),
      ),
    );
    const out = join(dir, 'sheet.docx');
    const { code, stderr } = await cli(
      'report',
      ...['--spreadsheet', id, '--credentials', key, '--as-of', '2026-05-12', '--out', out],
      ...['--api-base', `${server.url}/v4/`, '--token-url', `${server.url}/token`],
    );
    expect([code, stderr]).toEqual([0, '']);
    expect(await docxText(out)).toContain(
      '全委现有在任委员2名，其中中共党员委员1名、党外委员1名。',
    );
    const titles = server.standIn.snapshot(id).sheets.map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['缺口台账', '责任落实', '评估报告']));
  });

  it('says in one Chinese sentence what is wrong, with the right exit code, before syncing', async () => {
    const path = await committeeXlsx('wrong.xlsx');
    const before = await readFile(path);
    const cases: Array<[string[], number, RegExp]> = [
      [
        ['report'],
        1,
        /^report 需要 --workbook FILE\.xlsx，或 --spreadsheet ID 与 --credentials KEY\.json/,
      ],
      [['report', '--workbook', path, '--out', join(dir, 'r.pdf')], 1, /^--out 须是 \.docx 文件/],
      [
        ['report', '--workbook', path, '--out', join(dir, 'no-such-folder', 'r.docx')],
        1,
        /^无法写入 .*r\.docx：所在的文件夹不存在。$/,
      ],
      [['report', '--workbook', path, '--as-of', '2026-02-30'], 1, /^--as-of 须是 YYYY-MM-DD/],
      [
        ['report', '--workbook', join(dir, 'none.xlsx')],
        1,
        /^无法读取 .*none\.xlsx：文件不存在。$/,
      ],
    ];
    for (const [argv, exit, said] of cases) {
      const { code, stdout, stderr } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(exit);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr.trim(), argv.join(' ')).toMatch(said);
    }
    // Nothing was synced: the workbook is byte for byte as it was.
    expect(Buffer.compare(await readFile(path), before)).toBe(0);

    // A workbook the sync cannot read stops with exit code 2 and writes no document.
    const broken = join(dir, 'broken.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('设置').addRows([['项目', '值']]);
    await workbook.xlsx.writeFile(broken);
    const out = join(dir, 'broken.docx');
    const stopped = await cli('report', '--workbook', broken, '--out', out);
    expect(stopped.code).toBe(2);
    await expect(stat(out)).rejects.toThrow();
  });
});
