import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { ROLLUP_TAB_NAMES } from '../../src/domain/render-rollup';
import { cliOutput } from '../support/cli-output';
import { coveredCommittee, settings } from '../support/domain-fixture';

// Workbooks are written and synced for real: a busy machine may take a while.
vi.setConfig({ testTimeout: 120_000 });

const AS_OF = '2026-06-20';
let dir: string;
let committees: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-rollup-'));
  committees = join(dir, 'committees');
  await mkdir(committees);
  await writeTemplateWorkbook(join(committees, '农业委.xlsx'), '农业委', sampleWorkbook());
  await writeTemplateWorkbook(join(committees, '文史委.xlsx'), '文史委', {
    ...coveredCommittee(),
    设置: settings(['专委会名称', '文史委员会'], ['评估周期', '季度'], ['时区', 'Asia/Shanghai']),
  });
  // Not a workbook at all: the rollup names it and goes on.
  await writeFile(join(committees, '坏文件.xlsx'), 'not a zip');
  await writeFile(join(committees, '说明.txt'), 'not a workbook either');
});

/** Every visible tab of an .xlsx as rows of plain values, by name. */
async function tabsOf(path: string): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const tabs: Record<string, unknown[][]> = {};
  workbook.eachSheet((sheet) => {
    if (sheet.state !== 'visible') return;
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    tabs[sheet.name] = rows;
  });
  return tabs;
}

describe('npm run cli -- rollup', () => {
  it('builds 各专委会, 汇总, 趋势 and 跨专委会委员 from a folder of committee workbooks, changing none of them', async () => {
    const before = await readFile(join(committees, '农业委.xlsx'));
    const out = join(dir, '汇总.xlsx');
    const { code, stdout, stderr } = await cliOutput(
      'rollup',
      '--workbooks',
      committees,
      '--out',
      out,
      '--as-of',
      AS_OF,
    );
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(
      /^已汇总 3 个专委会的工作簿，写入 .*汇总\.xlsx。\n无法同步 坏文件\.xlsx：/,
    );
    expect(await readFile(join(committees, '农业委.xlsx'))).toEqual(before);

    const tabs = await tabsOf(out);
    expect(Object.keys(tabs)).toEqual([...ROLLUP_TAB_NAMES]);
    const rows = tabs.各专委会 ?? [];
    // The unreadable file first, flagged; then lowest 工作覆盖率 first.
    const header = rows.findIndex((row) => row[0] === '专委会');
    const body = rows.slice(header + 1).filter((row) => row.length > 0);
    expect(body.map((row) => String(row[0]))).toEqual([
      '坏文件.xlsx',
      expect.any(String),
      expect.any(String),
    ]);
    expect(String(body[0]?.[3])).toMatch(/^同步失败：/);

    // Each committee's 工作覆盖率 as its own sync reports it.
    for (const [file, row] of [
      ['农业委.xlsx', body.find((r) => r[0] !== '坏文件.xlsx' && r[0] !== '文史委员会')],
      ['文史委.xlsx', body.find((r) => r[0] === '文史委员会')],
    ] as const) {
      const synced = await cliOutput(
        'sync',
        '--workbook',
        join(committees, file),
        '--as-of',
        AS_OF,
        '--json',
        '--out',
        join(dir, `synced-${file}`),
      );
      const summary = JSON.parse(synced.stdout) as {
        rates: { work: { covered: number; total: number } };
      };
      const { covered, total } = summary.rates.work;
      expect(row?.[8], file).toBeCloseTo(covered / total, 10);
    }
  });

  it('rewrites its own tabs in an existing workbook and keeps the others', async () => {
    const out = join(dir, '机关党组.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(['机关党组自己的说明']);
    await workbook.xlsx.writeFile(out);
    for (let run = 0; run < 2; run++)
      expect((await cliOutput('rollup', '--workbooks', committees, '--out', out)).code).toBe(0);
    const tabs = await tabsOf(out);
    expect(Object.keys(tabs)).toEqual(['说明', ...ROLLUP_TAB_NAMES]);
    expect(tabs.说明).toEqual([['机关党组自己的说明']]);
  });

  it('says in one sentence what is missing or wrong, with exit code 1', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const cases: [string[], RegExp][] = [
      [['rollup', '--out', join(dir, 'x.xlsx')], /^rollup 需要 --workbooks/],
      [['rollup', '--workbooks', committees], /^rollup 需要 --out 汇总\.xlsx/],
      [['rollup', '--workbooks', empty, '--out', join(dir, 'x.xlsx')], /没有找到 \.xlsx 工作簿/],
      [
        [
          'rollup',
          '--workbooks',
          join(committees, '农业委.xlsx'),
          '--out',
          join(committees, '农业委.xlsx'),
        ],
        /也是要汇总的工作簿之一/,
      ],
      [['rollup', '--workbooks', join(dir, 'nowhere'), '--out', join(dir, 'x.xlsx')], /nowhere/],
    ];
    for (const [argv, says] of cases) {
      const { code, stderr } = await cliOutput(...argv);
      expect([code, stderr.trim().split('\n').length], argv.join(' ')).toEqual([1, 1]);
      expect(stderr, argv.join(' ')).toMatch(says);
    }
  });
});
