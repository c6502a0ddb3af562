import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleWorkbook } from '../../sheets-template/sample-committee';
import { writeSyntheticXlsx } from '../../src/cli/bench-cli';
import { syncLocalWorkbook, writeTemplateWorkbook } from '../../src/cli/local-workbook';
import { OUTPUT_TAB_NAMES } from '../../src/domain/workbook-schema';
import { elements, XlsxPackage } from '../support/xlsx-package';

// The command line's save copies every part the sync did not change as it was: a clerk's input
// tabs (values, formulas, styles, validations, widths, notes, merges: all of it lives in the
// tab's own part, its relationships and the shared strings) come back byte for byte.

/** The parts a sync may rewrite: its own tabs, and the package's lists of tabs and styles. */
const PACKAGE_LISTS = [
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/styles.xml',
  '[Content_Types].xml',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-coverage-input-parts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The parts that differ between two packages (changed, added or removed). */
async function changedParts(before: XlsxPackage, after: XlsxPackage): Promise<string[]> {
  const paths = new Set([...before.paths(), ...after.paths()]);
  const changed: string[] = [];
  for (const path of paths) {
    if (!before.has(path) || !after.has(path)) changed.push(path);
    else if ((await before.text(path)) !== (await after.text(path))) changed.push(path);
  }
  return changed.sort();
}

/** Syncs the file at `path` as of `asOf`; the package before and after. */
async function sync(path: string, asOf: string) {
  const before = await XlsxPackage.open(await readFile(path));
  await syncLocalWorkbook(path, { asOf });
  return { before, after: await XlsxPackage.open(await readFile(path)) };
}

/** The parts of the sync's own tabs (output tabs and the metadata tab) in `xlsx`. */
async function ownParts(xlsx: XlsxPackage): Promise<string[]> {
  const names = [...OUTPUT_TAB_NAMES, '_dual_coverage_meta'];
  const present = (await xlsx.sheets()).map((sheet) => sheet.name);
  return Promise.all(names.filter((n) => present.includes(n)).map((n) => xlsx.sheetPath(n)));
}

/** The cell styles (`<xf>` of `cellXfs`) of styles.xml, by index. */
async function cellStyles(xlsx: XlsxPackage): Promise<string[]> {
  const xml = await xlsx.text('xl/styles.xml');
  return elements(/<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(xml)?.[0] ?? '', 'xf');
}

async function expectOnlyOwnPartsChanged(before: XlsxPackage, after: XlsxPackage) {
  const allowed = new Set([...PACKAGE_LISTS, ...(await ownParts(after))]);
  const changed = await changedParts(before, after);
  expect(changed.filter((path) => !allowed.has(path))).toEqual([]);
  // The sync did write: its own tabs changed.
  expect(changed.some((path) => path.startsWith('xl/worksheets/'))).toBe(true);
  // Styles are only appended: every style index the input tabs' cells use keeps its meaning.
  const styles = await cellStyles(before);
  expect((await cellStyles(after)).slice(0, styles.length)).toEqual(styles);
}

describe('a sync of an .xlsx leaves every part but its own tabs byte for byte', () => {
  it('the template with the sample committee, synced twice', async () => {
    const path = join(dir, 'template.xlsx');
    await writeTemplateWorkbook(path, '示例', sampleWorkbook());
    const first = await sync(path, '2026-03-31');
    await expectOnlyOwnPartsChanged(first.before, first.after);
    const second = await sync(path, '2026-06-20');
    await expectOnlyOwnPartsChanged(second.before, second.after);
  });

  it('a plain workbook another library wrote (shared strings, no output tabs yet)', async () => {
    const path = join(dir, 'plain.xlsx');
    await writeSyntheticXlsx(path, 80, 400);
    const { before, after } = await sync(path, '2026-06-20');
    await expectOnlyOwnPartsChanged(before, after);
    expect(await after.text('xl/sharedStrings.xml')).toBe(
      await before.text('xl/sharedStrings.xml'),
    );
  });
});
