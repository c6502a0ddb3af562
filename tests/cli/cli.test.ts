import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { runCli } from '../../src/cli/run-cli';
import { INPUT_TABS } from '../../src/domain/workbook-schema';
import goldenSummary from '../domain/sample-summary.golden.json';
import { coveredCommittee } from '../support/domain-fixture';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

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
      formulae: [expect.stringContaining('中共党员')],
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

  it('with --json prints only the SPEC §6 summary, equal to the domain’s for the sample workbook', async () => {
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

  it('says in one sentence, with exit code 2, what stops a sync', async () => {
    const path = await workbookOf({ 名单: [['姓名'], ['张三']] });
    const { code, stderr, stdout } = await cli('sync', '--workbook', path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('「委员」');
  });

  it('refuses a missing file, a file that is not .xlsx, and a bad --as-of, with exit code 1', async () => {
    expect(await cli('sync', '--workbook', join(dir, 'nope.xlsx'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('文件不存在'),
    });
    const text = join(dir, 'notes.xlsx');
    await writeFile(text, 'not a workbook');
    expect(await cli('sync', '--workbook', text)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('不是有效的 .xlsx'),
    });
    const path = await workbookOf(coveredCommittee());
    expect(await cli('sync', '--workbook', path, '--as-of', '2026-02-30')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--as-of'),
    });
  });

  it('explains its usage', async () => {
    expect(await cli('--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('sync --workbook'),
    });
    expect(await cli('frobnicate')).toMatchObject({ code: 1 });
    expect(await cli('sync')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--workbook'),
    });
  });
});

describe('npm run demo', () => {
  it('writes the sample workbook, syncs it twice and prints the headline', async () => {
    const out = join(dir, 'demo', 'sample-committee.xlsx');
    const { code, stdout } = await cli('demo', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toContain('组织覆盖率   84.2%  16/19');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const names = workbook.worksheets.filter((w) => w.state === 'visible').map((w) => w.name);
    expect(names).toEqual([
      ...INPUT_TABS.map((t) => t.name),
      '覆盖总览',
      '覆盖缺口',
      '责任缺口',
      '数据问题',
      '历史',
    ]);
    const history = workbook.getWorksheet('历史');
    expect([2, 3].map((r) => history?.getCell(`A${r}`).value)).toEqual([
      '2026-03-31',
      '2026-06-20',
    ]);
  });
});
