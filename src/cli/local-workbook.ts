import { readFile } from 'node:fs/promises';
import type { Review } from '../domain/compose-review';
import type { CellValue, SyncTrigger } from '../domain/workbook-input';
import { createSheetsClient } from '../sheets/sheets-client';
import { SheetsStandIn } from '../stand-in/sheets-stand-in';
import { type XlsxPart, XlsxReadError } from '../stand-in/xlsx-read-error';
import { XlsxWorkbookFile } from '../stand-in/xlsx-workbook-file';
import { runSync, type SyncSummary } from '../sync/run-sync';
import { templateRequests, templateSpreadsheet } from '../sync/template-requests';
import { FileError } from './file-error';
import { writeFileAtomically } from './write-file-atomically';

/** The id a local workbook is served under inside the in-process stand-in. */
const LOCAL_ID = 'local-workbook';

/**
 * Syncs an .xlsx workbook through the same path as a Google Sheet: the file is served by the
 * in-process Sheets stand-in, synced with the real client, and saved to `out` (default: the
 * file itself). Its input tabs and every part the sync does not write are kept byte for byte.
 */
export async function syncLocalWorkbook(
  path: string,
  options: {
    out?: string;
    asOf?: string;
    trigger?: SyncTrigger;
    now?: () => number;
    onReview?: (review: Review) => void;
  } = {},
): Promise<SyncSummary> {
  const file = await loadWorkbook(path);
  const standIn = new SheetsStandIn();
  standIn.put(file.spreadsheet);
  const client = createSheetsClient({ fetch: standIn.fetch });
  const summary = await runSync({
    spreadsheetId: LOCAL_ID,
    client,
    trigger: options.trigger ?? 'cli',
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.onReview === undefined ? {} : { onReview: options.onReview }),
  });
  await writeFileAtomically(options.out ?? path, await file.save(standIn.get(LOCAL_ID)));
  return summary;
}

const SAVE_AS_XLSX = '请在 Excel、WPS 或 LibreOffice 中打开它，另存为 .xlsx 工作簿后再同步';

/** What staff are told about a file the reader refused, completing 「无法读取 PATH：…」. */
const UNREADABLE: Record<XlsxReadError['code'], (error: XlsxReadError) => string> = {
  NOT_XLSX: () => `它不是 .xlsx 工作簿（可能是 .csv、网页或文本文件），${SAVE_AS_XLSX}`,
  LEGACY_XLS: () => `它是旧版 .xls 工作簿，${SAVE_AS_XLSX}`,
  ENCRYPTED: () => '文件设有打开密码，请在 Excel 或 WPS 中取消密码后再同步',
  DAMAGED: () => '文件已损坏或不完整（压缩包打不开），请从原处重新复制或下载',
  NOT_SPREADSHEET: () =>
    `其中没有工作簿内容（可能是 Word 文档、演示文稿或 .xlsb 文件），${SAVE_AS_XLSX}`,
  UNREADABLE_PART: ({ part, sheet }) =>
    `无法解析其中的${sheet ? `工作表「${sheet}」` : PART_NAMES[part ?? 'other']}，${SAVE_AS_XLSX}`,
};

const PART_NAMES: Record<XlsxPart, string> = {
  workbook: '工作簿结构（工作表列表或定义的名称）',
  worksheet: '工作表内容',
  sharedStrings: '文字内容',
  styles: '单元格格式',
  comments: '批注',
  drawings: '图片或图表',
  tables: '表格对象',
  theme: '主题',
  other: '内容',
};

/** Reads an .xlsx workbook for the stand-in; a file it cannot use is one FileError sentence. */
export async function loadWorkbook(path: string): Promise<XlsxWorkbookFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw FileError.of(error, 'read', path);
  }
  try {
    return await XlsxWorkbookFile.load(bytes, { spreadsheetId: LOCAL_ID });
  } catch (error) {
    if (!(error instanceof XlsxReadError)) throw error;
    throw new FileError('read', path, UNREADABLE[error.code](error));
  }
}

/**
 * Writes the template workbook (with the sample committee's rows when given) from the one
 * template definition, through the stand-in, exactly as provisioning builds a Google Sheet;
 * its output tabs say how to sync offline.
 */
export async function writeTemplateWorkbook(
  path: string,
  title: string,
  sample?: Record<string, CellValue[][]>,
): Promise<void> {
  const standIn = new SheetsStandIn();
  const client = createSheetsClient({ fetch: standIn.fetch });
  const { spreadsheetId } = await client.createSpreadsheet(templateSpreadsheet(title));
  const id = spreadsheetId as string;
  await client.batchUpdate(id, { requests: templateRequests(sample, 'offline') });
  await writeFileAtomically(
    path,
    await XlsxWorkbookFile.create(standIn.get(id)).save(standIn.get(id)),
  );
}
