import JSZip from 'jszip';
import { XlsxReadError } from './xlsx-read-error';

const ZIP_SIGNATURE = [0x50, 0x4b];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream an encrypted OOXML file keeps inside its OLE container, in UTF-16LE. */
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

const RELATIONSHIP = /<Relationship\b[^>]*>/g;
const COMMENTS_TYPE = /\/comments$/;
/** A note's text given without runs (`<text><t>…</t></text>`, as openpyxl writes it). */
const BARE_TEXT = /<text>\s*(<t\b[^>]*>[^<]*<\/t>)\s*<\/text>/g;
const VML_TYPE = /\/vmlDrawing$/;

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function attribute(element: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1];
}

/** The package path a relationship target of `from` (a part path) points to. */
function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/**
 * Moves notes (comments and their VML drawings) to the part names exceljs can find, and gives
 * their text the runs it reads. exceljs looks only for `xl/commentsN.xml` and
 * `xl/drawings/vmlDrawingN.vml`, and reads a note's text only from runs (`<r><t>`); openpyxl
 * writes `/xl/comments/comment1.xml` and `/xl/drawings/commentsDrawing1.vml` with bare `<t>`
 * text, and exceljs then crashed (`Cannot read properties of undefined (reading 'comments')`)
 * or read the note as empty. Returns whether anything changed.
 */
async function placeNotes(zip: JSZip): Promise<boolean> {
  let moved = false;
  const taken = new Set(Object.keys(zip.files));
  const freeName = (make: (n: number) => string) => {
    let n = 1;
    while (taken.has(make(n))) n++;
    taken.add(make(n));
    return make(n);
  };
  for (const relsPath of Object.keys(zip.files)) {
    const match = /^xl\/worksheets\/_rels\/([^/]+)\.rels$/.exec(relsPath);
    if (!match) continue;
    const sheetPath = `xl/worksheets/${match[1]}`;
    const rels = await zip.file(relsPath)?.async('string');
    if (rels === undefined) continue;
    const replacements: Array<[string, string]> = [];
    for (const [element] of rels.matchAll(RELATIONSHIP)) {
      const type = attribute(element, 'Type') ?? '';
      const target = attribute(element, 'Target');
      if (target === undefined) continue;
      const path = resolveTarget(sheetPath, target);
      let wanted: string | undefined;
      if (COMMENTS_TYPE.test(type) && !/^xl\/comments\d+\.xml$/.test(path))
        wanted = freeName((n) => `xl/comments${n}.xml`);
      else if (VML_TYPE.test(type) && !/^xl\/drawings\/vmlDrawing\d+\.vml$/.test(path))
        wanted = freeName((n) => `xl/drawings/vmlDrawing${n}.vml`);
      const part = wanted === undefined ? undefined : zip.file(path);
      if (wanted === undefined || !part) continue;
      zip.file(wanted, await part.async('uint8array'));
      zip.remove(path);
      const relative = wanted.replace(/^xl\//, '../');
      replacements.push([element, element.replace(`Target="${target}"`, `Target="${relative}"`)]);
    }
    if (replacements.length === 0) continue;
    let updated = rels;
    for (const [from, to] of replacements) updated = updated.replace(from, to);
    zip.file(relsPath, updated);
    moved = true;
  }
  for (const path of Object.keys(zip.files)) {
    if (!/^xl\/comments\d+\.xml$/.test(path)) continue;
    const xml = (await zip.file(path)?.async('string')) ?? '';
    const runs = xml.replace(BARE_TEXT, '<text><r>$1</r></text>');
    if (runs === xml) continue;
    zip.file(path, runs);
    moved = true;
  }
  return moved;
}

/**
 * Checks that `bytes` are an .xlsx package the reader can take, and repairs the layouts it
 * would trip over (see placeNotes). Throws XlsxReadError saying what the file is instead:
 * not a package, an old .xls, password-protected, damaged, or no spreadsheet.
 */
export async function readXlsxPackage(bytes: Uint8Array): Promise<Uint8Array> {
  if (startsWith(bytes, OLE_SIGNATURE))
    throw new XlsxReadError(
      Buffer.from(bytes).includes(ENCRYPTED_STREAM) ? 'ENCRYPTED' : 'LEGACY_XLS',
    );
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw new XlsxReadError('NOT_XLSX');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    // JSZip says only that the archive is broken, whatever the damage.
    throw new XlsxReadError('DAMAGED');
  }
  if (!zip.file('xl/workbook.xml')) throw new XlsxReadError('NOT_SPREADSHEET');
  if (!(await placeNotes(zip))) return bytes;
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
