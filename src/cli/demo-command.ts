import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  SAMPLE_AS_OF,
  SAMPLE_EARLIER_AS_OF,
  sampleWorkbook,
} from '../../sheets-template/sample-committee';
import { cliCommand } from './cli-command';
import { FileError } from './file-error';
import { syncLocalWorkbook, writeTemplateWorkbook } from './local-workbook';
import { printHeadline } from './print-headline';
import { SAMPLE_TITLE } from './template-command';

/** Where `npm run demo` leaves its workbook. */
export const DEMO_PATH = 'demo-output/sample-committee.xlsx';

/** `demo`: the sample workbook, synced at the end of last quarter and today. */
export const demoCommand = cliCommand({
  name: 'demo',
  help: `demo [--out FILE.xlsx]
        生成示例工作簿并同步两次，留下可打开查看的 .xlsx（默认 ${DEMO_PATH}）。`,
  options: { out: { type: 'string' } },
  async run(values, io) {
    const out = values.out ?? DEMO_PATH;
    // The demo makes its folder (demo-output/ on a fresh clone); sync and template do not,
    // so a mistyped folder there is reported rather than created.
    await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
      throw FileError.of(error, 'write', out);
    });
    io.stdout(`1. 生成示例专委会工作簿：${out}\n`);
    await writeTemplateWorkbook(out, SAMPLE_TITLE, sampleWorkbook());
    io.stdout(`2. 同步，截至上季度末 ${SAMPLE_EARLIER_AS_OF}（为「历史」留下一行）\n`);
    await syncLocalWorkbook(out, { asOf: SAMPLE_EARLIER_AS_OF });
    io.stdout(`3. 同步，截至 ${SAMPLE_AS_OF}\n\n`);
    const summary = await syncLocalWorkbook(out, { asOf: SAMPLE_AS_OF });
    io.stdout(`${printHeadline(summary, out)}\n\n`);
    io.stdout(
      `用 Excel、WPS 或 LibreOffice 打开 ${out}，查看「覆盖总览」「覆盖缺口」「责任缺口」「数据问题」「历史」五张表。\n`,
    );
  },
});
