import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { cliCommand } from './cli-command';
import { writeTemplateWorkbook } from './local-workbook';
import { UsageError } from './usage-error';

/** The committee name of the sample workbook. */
export const SAMPLE_TITLE = '农业和农村委员会（示例）';

/** `template`: the blank (or sample) workbook, as an .xlsx. */
export const templateCommand = cliCommand({
  name: 'template',
  help: `template --out FILE.xlsx [--sample]
        生成空白工作簿模板（--sample：含示例专委会数据）。`,
  options: { out: { type: 'string' }, sample: { type: 'boolean' } },
  async run(values, io) {
    if (!values.out) throw new UsageError('template 需要 --out FILE.xlsx。');
    await writeTemplateWorkbook(
      values.out,
      values.sample ? SAMPLE_TITLE : '两个全覆盖',
      values.sample ? sampleWorkbook() : undefined,
    );
    io.stdout(`已生成${values.sample ? '示例' : '空白'}工作簿 ${values.out}\n`);
  },
});
