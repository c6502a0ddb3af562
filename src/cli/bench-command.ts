import { cliCommand } from './cli-command';

/** `bench`: the benchmark, as `npm run bench`. */
export const benchCommand = cliCommand({
  name: 'bench',
  help: `bench [committee|province|national|stress …] [--json]
        性能基准（同 npm run bench）：合成工作簿在四个规模下完整同步的耗时、往返次数、字节数和堆内存。
  bench cli   只测命令行同步全国规模 .xlsx 的耗时和内存，并写入 docs/performance.md。`,
  options: { json: { type: 'boolean' } },
  positionals: '规模',
  async run(values, io, scales) {
    // The bench (and exceljs, which it writes workbooks with) loads only for this command.
    const { formatBench, runBench } = await import('./run-bench');
    const reports = await runBench(scales, values.json ? undefined : io.stderr);
    io.stdout(values.json ? `${JSON.stringify(reports, null, 2)}\n` : `${formatBench(reports)}\n`);
  },
});
