import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_SYNC_DATES } from '../../sheets-template/sample-committee';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { INPUT_TABS, OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import goldenSummary from '../domain/sample-summary.golden.json';
import { cliOutput } from '../support/cli-output';
import { coveredCommittee } from '../support/domain-fixture';

const cli = cliOutput;

// Workbooks are written and synced for real: a busy machine may take a while.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-cli-'));
});

async function workbookOf(tabs: Record<string, unknown[][]>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(tabs)) workbook.addWorksheet(name).addRows(rows);
  const path = join(dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

describe('npm run cli -- template', () => {
  it('writes every input tab with its header row, frozen headers, widths and dropdowns', async () => {
    const path = join(dir, 'template.xlsx');
    expect((await cli('template', '--out', path)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    for (const tab of INPUT_TABS) {
      const sheet = workbook.getWorksheet(tab.name);
      expect(sheet, tab.name).toBeDefined();
      const headers = ((sheet?.getRow(1).values ?? []) as unknown[]).slice(1);
      expect(headers).toEqual(Object.values(tab.columns).map(([h]) => h));
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const members = workbook.getWorksheet('委员');
    expect(members?.getCell('D2').dataValidation).toMatchObject({
      type: 'list',
      formulae: [expect.stringContaining('中共党员,中共预备党员,民革党员')],
    });
    expect(members?.getCell('H500').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"在任,离任,暂停"'],
    });
    expect(members?.getColumn(1).width).toBeGreaterThan(8);
    expect(workbook.getWorksheet('活动记录')?.getCell('A2').dataValidation).toMatchObject({
      type: 'date',
    });
    expect(workbook.getWorksheet('设置')?.getCell('B3').value).toBe('季度');
  });
});

describe('npm run cli -- sync --workbook', () => {
  it('prints the headline: the period, the three rates with counts, and the path written', async () => {
    const path = await workbookOf(coveredCommittee());
    const out = join(dir, 'out.xlsx');
    const { code, stdout } = await cli(
      'sync',
      '--workbook',
      path,
      '--as-of',
      '2026-05-12',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('2026年第二季度');
    expect(stdout).toMatch(/组织覆盖率\s+100\.0%\s+1\/1/);
    expect(stdout).toContain(out);
  });

  it('with --json prints only the contract §6 summary, equal to the domain’s for the sample workbook', async () => {
    const path = join(dir, 'sample.xlsx');
    const { sampleWorkbook } = await import('../../sheets-template/sample-committee');
    await writeTemplateWorkbook(path, '示例', sampleWorkbook());
    const { code, stdout } = await cli(
      'sync',
      '--workbook',
      path,
      '--as-of',
      '2026-06-20',
      '--json',
    );
    expect(code).toBe(0);
    const { stats, ...summary } = JSON.parse(stdout);
    expect(summary).toEqual(goldenSummary);
    // The command line keeps no layout between runs: layout, values, write.
    expect(stats).toEqual({
      sheetsApiCalls: 3,
      cellsRead: expect.any(Number),
      cellsWritten: expect.any(Number),
      durationMs: expect.any(Number),
    });
    // Synced in place: the second run finds its own tabs by their markers.
    const again = JSON.parse(
      (await cli('sync', '--workbook', path, '--as-of', '2026-06-20', '--json')).stdout,
    );
    expect(again.stats.sheetsApiCalls).toBe(3);
  });

  it('refuses a bad --as-of with exit code 1', async () => {
    const path = await workbookOf(coveredCommittee());
    expect(await cli('sync', '--workbook', path, '--as-of', '2026-02-30')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--as-of 须是 YYYY-MM-DD 格式的有效日期'),
    });
  });
});

/** One failure: nothing on standard output, one Chinese line on standard error. */
function oneSentence(result: { code: number; stdout: string; stderr: string }) {
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(result.stderr).not.toMatch(/Unknown|Error|undefined|argument|\.saving/);
  return result.stderr.trim();
}

describe('every failure is one Chinese sentence, with the user’s own path and the documented exit code', () => {
  it('usage: unknown commands and options, missing values, values on switches, stray words', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^没有「frobnicate」这个命令，可用的命令有 sync、report、template、demo/],
      [['--bogus'], /^请先写命令，再写选项 --bogus/],
      [['sync', '--bogus'], /^sync 没有选项 --bogus，可用的选项有 --workbook、/],
      [['sync', '--workbook', 'x.xlsx', '--as-of'], /^选项 --as-of 后面需要一个值/],
      [['sync', '--as-of', '--json', '--workbook', 'x.xlsx'], /^选项 --as-of 后面需要一个值/],
      [['sync', '--json=yes', '--workbook', 'x.xlsx'], /^选项 --json 不带值/],
      [['sync', 'x.xlsx'], /^sync 不接受参数「x\.xlsx」/],
      [['sync'], /^sync 需要 --workbook FILE\.xlsx/],
      [['template'], /^template 需要 --out FILE\.xlsx/],
      [['key'], /^需要 --spreadsheet ID/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(1);
      const said = oneSentence(result);
      expect(said, argv.join(' ')).toMatch(message);
      expect(said).toMatch(/（用法见 npm run cli -- help）。$/);
    }
  });

  it('reading: a missing file, a folder, and files that are not .xlsx workbooks say what they are', async () => {
    const file = async (name: string, bytes: Uint8Array | string) => {
      const path = join(dir, name);
      await writeFile(path, bytes);
      return path;
    };
    const ole = (extra: string) =>
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(500),
        Buffer.from(extra, 'utf16le'),
      ]);
    const docx = new JSZip();
    docx.file('word/document.xml', '<w:document/>');
    const good = await readFile(await workbookOf(coveredCommittee()));
    const broken = await JSZip.loadAsync(good);
    const sheet = (await broken.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
    broken.file('xl/worksheets/sheet1.xml', sheet.replace('</sheetData>', '<row r="9"><c'));
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'nope.xlsx'), /：文件不存在。$/],
      [dir, /：这是一个文件夹，不是文件。$/],
      [
        await file('notes.xlsx', '委员编号,姓名\nA01,王'),
        /：它不是 \.xlsx 工作簿（可能是 \.csv、网页或文本文件）/,
      ],
      [
        await file('old.xls', ole('Workbook')),
        /：它是旧版 \.xls 工作簿，请在 Excel、WPS 或 LibreOffice 中打开它，另存为 \.xlsx/,
      ],
      [await file('locked.xlsx', ole('EncryptedPackage')), /：文件设有打开密码/],
      [await file('cut.xlsx', good.subarray(0, good.length / 2)), /：文件已损坏或不完整/],
      [
        await file('report.xlsx', await docx.generateAsync({ type: 'uint8array' })),
        /：其中没有工作簿内容/,
      ],
      [
        await file('edited.xlsx', await broken.generateAsync({ type: 'uint8array' })),
        /：无法解析其中的工作表「委员」，请在 Excel、WPS 或 LibreOffice 中打开它，另存为/,
      ],
    ];
    for (const [path, problem] of cases) {
      const result = await cli('sync', '--workbook', path);
      expect(result.code, path).toBe(1);
      const said = oneSentence(result);
      expect(said, path).toBe(`无法读取 ${path}${said.slice(`无法读取 ${path}`.length)}`);
      expect(said, path).toMatch(problem);
    }
  });

  it('writing: a missing folder is reported for the user’s path, with no temporary file left', async () => {
    const path = await workbookOf(coveredCommittee());
    const out = join(dir, 'no-such-folder', 'out.xlsx');
    const result = await cli('sync', '--workbook', path, '--out', out);
    expect(result.code).toBe(1);
    expect(oneSentence(result)).toBe(`无法写入 ${out}：所在的文件夹不存在。`);
    const into = join(dir, 'a-folder');
    await mkdir(into);
    const folder = await cli('template', '--out', into);
    expect(oneSentence(folder)).toBe(`无法写入 ${into}：这是一个文件夹，不是文件。`);
    expect((await readdir(dir)).filter((name) => name.endsWith('.saving'))).toEqual([]);
  });

  it('a workbook that cannot be synced exits 2; the Sheets side exits 3', async () => {
    const path = await workbookOf({ 名单: [['姓名'], ['张三']] });
    const stopped = await cli('sync', '--workbook', path);
    expect(stopped.code).toBe(2);
    expect(oneSentence(stopped)).toContain('「委员」');
    const key = join(dir, 'key.json');
    await writeFile(key, '{"type":"service_account"}');
    const refused = await cli('sync', '--spreadsheet', 'abc', '--credentials', key);
    expect(refused.code).toBe(3);
    expect(oneSentence(refused)).toContain('服务账号密钥');
  });

  it('explains its usage in Chinese, naming every command in English', async () => {
    for (const argv of [['help'], ['--help'], ['sync', '--help'], []]) {
      const { code, stdout, stderr } = await cli(...argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('用法：npm run cli -- <命令> [选项]');
      for (const name of [
        'sync',
        'report',
        'template',
        'demo',
        'key',
        'request-sync',
        'provision',
        'dev',
        'bench',
      ])
        expect(stdout).toContain(`  ${name} `);
      expect(stdout).toContain('退出码：0 成功；1 命令行或文件有误；2 工作簿内容使同步无法进行');
      expect(stdout).not.toContain('SPEC');
    }
  });
});

describe('npm run demo', () => {
  it('writes the sample workbook, syncs it at three dates, writes the review beside it and prints the headline', async () => {
    const out = join(dir, 'demo', 'sample-committee.xlsx');
    const { code, stdout } = await cli('demo', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain('组织覆盖率   84.2%  16/19');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.filter((w) => w.state === 'visible').map((w) => w.name);
    expect(names).toEqual([...INPUT_TABS.map((t) => t.name), ...OUTPUT_TAB_NAMES]);
    const history = workbook.getWorksheet('历史');
    expect([2, 3, 4].map((r) => history?.getCell(`A${r}`).value)).toEqual([...SAMPLE_SYNC_DATES]);
    // The review has something to say: a previous close, gaps closed this quarter, persistent ones.
    const review = workbook.getWorksheet('评估报告');
    const lines: string[] = [];
    review?.eachRow((row) => {
      lines.push(String(row.getCell(1).value ?? ''));
    });
    const text = lines.join('');
    expect(text).toContain('与上期末记录（2026年3月31日）相比');
    expect(text).toMatch(/解决覆盖缺口[1-9]\d*项/);
    expect(text).toMatch(/从上期延续至今仍未解决的缺口\d+项/);
    const docx = await JSZip.loadAsync(await readFile(join(dir, 'demo', '评估报告.docx')));
    expect(await docx.file('word/document.xml')?.async('string')).toContain('五、下一步工作建议');
    expect(stdout).toContain(join(dir, 'demo', '评估报告.docx'));
  });
});
