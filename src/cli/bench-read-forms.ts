/**
 * The ways Google offers to read what the rules need, measured on one synthetic workbook:
 * bytes of the answer (compact JSON, as the client asks) and the CPU to decode and parse it,
 * the median of `runs`. Prints one JSON line. Current tree only.
 *
 *   node --single-threaded --import tsx src/cli/bench-read-forms.ts <members> <activities> <runs>
 */
import { quoteSheetTitle } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { LAYOUT_FIELDS } from '../sync/read-layout';
import { syntheticSheets } from './synthetic-workbook';

/** One way of reading, measured. */
export interface ReadForm {
  form: string;
  calls: number;
  bytes: number;
  /** Median CPU ms of TextDecoder + JSON.parse over every answer of the form. */
  parseMs: number;
}

const [members, activities, runs] = process.argv.slice(2).map(Number) as [number, number, number];
const sheets = syntheticSheets(members, activities);
const standIn = new SheetsStandIn();
const id = standIn.createSpreadsheet({ title: 'bench', sheets });
const base = `https://sheets.googleapis.com/v4/spreadsheets/${id}`;
const titles = sheets.map((sheet) => sheet.title);
const ranges = (list: string[]) => list.map((r) => `ranges=${encodeURIComponent(r)}`).join('&');
const values = (query: string) =>
  `${base}/values:batchGet?${query}&valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER&fields=${encodeURIComponent('valueRanges(range,values)')}&prettyPrint=false`;
const grid = (cell: string) =>
  `${base}?fields=${encodeURIComponent(`sheets(properties(title),data(startRow,startColumn,rowData.values.${cell}))`)}&prettyPrint=false`;

// The columns the rules read: every column of the template but 活动记录's 主题 and
// 分党组's 分工, as contiguous blocks.
const ruleColumns = titles.flatMap((title) => {
  const quoted = quoteSheetTitle(title);
  if (title === '活动记录') return [`${quoted}!A:B`, `${quoted}!D:F`];
  if (title === '分党组') return [`${quoted}!A:C`];
  return [quoted];
});

const forms: { form: string; urls: string[] }[] = [
  {
    form: 'spreadsheets.get, grid data, effectiveValue (until now)',
    urls: [grid('effectiveValue')],
  },
  { form: 'spreadsheets.get, grid data, formattedValue', urls: [grid('formattedValue')] },
  {
    form: 'values:batchGet, whole tabs, ROWS (chosen)',
    urls: [values(`${ranges(titles.map(quoteSheetTitle))}&majorDimension=ROWS`)],
  },
  {
    form: 'values:batchGet, whole tabs, COLUMNS',
    urls: [values(`${ranges(titles.map(quoteSheetTitle))}&majorDimension=COLUMNS`)],
  },
  {
    form: 'values:batchGet, only the columns the rules read',
    urls: [values(`${ranges(ruleColumns)}&majorDimension=ROWS`)],
  },
  {
    form: 'spreadsheets.get, layout only (tabs, markers, time zone)',
    urls: [`${base}?fields=${encodeURIComponent(LAYOUT_FIELDS)}&prettyPrint=false`],
  },
];

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const results: ReadForm[] = [];
for (const { form, urls } of forms) {
  const answers = await Promise.all(
    urls.map(async (url) => new Uint8Array(await (await standIn.fetch(url)).arrayBuffer())),
  );
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = cpuMs();
    for (const answer of answers) JSON.parse(new TextDecoder().decode(answer));
    ms.push(cpuMs() - start);
  }
  ms.sort((a, b) => a - b);
  results.push({
    form,
    calls: urls.length,
    bytes: answers.reduce((sum, a) => sum + a.byteLength, 0),
    parseMs: ms[ms.length >> 1] ?? 0,
  });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
