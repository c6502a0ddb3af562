import JSZip from 'jszip';
import { type XlsxPart, XlsxReadError } from './xlsx-read-error';

/** The part each package path holds. */
const PART_PATHS: Array<[RegExp, XlsxPart]> = [
  [/^xl\/worksheets\//, 'worksheet'],
  [/^xl\/sharedStrings\.xml$/, 'sharedStrings'],
  [/^xl\/styles\.xml$/, 'styles'],
  [/comments|\.vml$/, 'comments'],
  [/^xl\/(drawings|charts|media)\//, 'drawings'],
  [/^xl\/tables\//, 'tables'],
  [/^xl\/theme\//, 'theme'],
  [/^xl\/workbook\.xml$|^xl\/_rels\/|^_rels\/|^\[Content_Types\]\.xml$/, 'workbook'],
];

/** exceljs's source file for each part, as it appears in the stack of its errors. */
const PART_SOURCES: Array<[RegExp, XlsxPart]> = [
  [/shared-strings?-xform/, 'sharedStrings'],
  [/styles?-xform|numfmt-xform|font-xform|fill-xform|border-xform/, 'styles'],
  [/comment|vml/, 'comments'],
  [/drawing|anchor|pic-xform|blip/, 'drawings'],
  [/table/, 'tables'],
  [/theme/, 'theme'],
  [/[/\\](workbook|defined-name|sheet)-xform\.js/, 'workbook'],
  [/worksheet|cell-xform|row-xform|merge|data-validation|hyperlink|col-xform/, 'worksheet'],
];

const TAG =
  /<(\/?)([A-Za-z_][\w:.-]*)(?:\s[^<>]*?)?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;

/**
 * Whether XML text is made of whole tags, nested right, under one root: what a cut or
 * hand-edited part lacks. (A check of shape, not a parser: enough to name the broken part.)
 */
function wellFormed(xml: string): boolean {
  const open: string[] = [];
  let roots = 0;
  let end = 0;
  for (const match of xml.matchAll(TAG)) {
    const [token, closing, name, selfClosing] = match;
    if (xml.slice(end, match.index).includes('<')) return false;
    end = match.index + token.length;
    if (name === undefined) continue;
    if (closing) {
      if (open.pop() !== name) return false;
    } else if (!selfClosing) {
      if (open.length === 0) roots++;
      open.push(name);
    } else if (open.length === 0) roots++;
  }
  return open.length === 0 && roots === 1 && !xml.slice(end).includes('<');
}

/** The worksheet names by package path, from workbook.xml and its relationships. */
async function sheetNames(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b[^>]*>/g)].map(([element]) => [
      /\bId="([^"]*)"/.exec(element)?.[1],
      /\bTarget="([^"]*)"/.exec(element)?.[1] ?? '',
    ]),
  );
  const names = new Map<string, string>();
  for (const [element] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const target = targets.get(/\br:id="([^"]*)"/.exec(element)?.[1]) ?? '';
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    names.set(path, /\bname="([^"]*)"/.exec(element)?.[1] ?? '');
  }
  return names;
}

/**
 * Says what of an .xlsx package exceljs could not read: the first XML part that is not well
 * formed (named as a part, and a worksheet by its tab name), else the part exceljs was working
 * on when it failed, from the stack of its error (it names no part itself).
 */
export async function explainXlsxFailure(
  bytes: Uint8Array,
  error: unknown,
): Promise<XlsxReadError> {
  const zip = await JSZip.loadAsync(bytes);
  for (const path of Object.keys(zip.files).sort()) {
    if (!/\.(xml|rels|vml)$/.test(path)) continue;
    if (wellFormed((await zip.file(path)?.async('string')) ?? '')) continue;
    const part = PART_PATHS.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
    return new XlsxReadError('UNREADABLE_PART', part, (await sheetNames(zip)).get(path));
  }
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const frame of stack.split('\n').filter((line) => line.includes('exceljs')))
    for (const [source, part] of PART_SOURCES)
      if (source.test(frame)) return new XlsxReadError('UNREADABLE_PART', part);
  return new XlsxReadError('UNREADABLE_PART', 'other');
}
