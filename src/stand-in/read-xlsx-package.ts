import { XlsxContentTypes } from './xlsx-content-types';
import { XlsxReadError } from './xlsx-read-error';
import { XlsxRelationships } from './xlsx-relationships';
import { ZipArchive, ZipError } from './zip-archive';

const ZIP_SIGNATURE = [0x50, 0x4b];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream an encrypted OOXML file keeps inside its OLE container, in UTF-16LE. */
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** An opened .xlsx package and where its workbook part is. */
export interface XlsxPackage {
  archive: ZipArchive;
  workbookPath: string;
}

/**
 * Opens `bytes` as an .xlsx package. Throws XlsxReadError saying what the file is instead:
 * not a package, an old .xls, password-protected, damaged, or no spreadsheet (a .docx, an
 * .xlsb).
 */
export function readXlsxPackage(bytes: Uint8Array): XlsxPackage {
  if (startsWith(bytes, OLE_SIGNATURE))
    throw new XlsxReadError(
      Buffer.from(bytes).includes(ENCRYPTED_STREAM) ? 'ENCRYPTED' : 'LEGACY_XLS',
    );
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw new XlsxReadError('NOT_XLSX');
  let archive: ZipArchive;
  let rels: XlsxRelationships;
  let types: XlsxContentTypes;
  try {
    archive = ZipArchive.read(bytes);
    const text = (path: string) => (archive.has(path) ? archive.text(path) : undefined);
    const malformed = () => new XlsxReadError('UNREADABLE_PART', 'workbook');
    rels = XlsxRelationships.parse('', text('_rels/.rels'), malformed);
    types = XlsxContentTypes.parse(text('[Content_Types].xml'), malformed);
  } catch (error) {
    // The archive says only that it is broken, whatever the damage.
    if (error instanceof ZipError) throw new XlsxReadError('DAMAGED');
    throw error;
  }
  const target = rels.find('officeDocument')?.target;
  const workbookPath =
    target === undefined ? 'xl/workbook.xml' : XlsxRelationships.resolve('', target);
  // A .docx or .pptx has a main part too; an .xlsb's is binary.
  const type = types.typeOf(workbookPath) ?? '';
  const spreadsheet =
    /spreadsheetml|ms-excel/.test(type) ||
    (!/officedocument|ms-/.test(type) && workbookPath.endsWith('/workbook.xml'));
  if (!workbookPath.endsWith('.xml') || !archive.has(workbookPath) || !spreadsheet)
    throw new XlsxReadError('NOT_SPREADSHEET');
  return { archive, workbookPath };
}
