import {
  type ColumnValidation,
  TEMPLATE_ROWS,
  TEMPLATE_TABS,
} from '../../sheets-template/template-definition';
import { serialFromIso } from '../domain/calendar-date';
import type { CellValue } from '../domain/workbook-input';
import { OUTPUT_TAB_NAMES } from '../domain/workbook-schema';
import type {
  CellData,
  CellFormat,
  DataValidationRule,
  GridRange,
  Request,
  Spreadsheet,
} from '../sheets/sheets-api-types';
import { outputTabRequests } from './build-write-requests';

const HEADER_FORMAT: CellFormat = {
  textFormat: { bold: true },
  backgroundColor: { red: 0.85, green: 0.92, blue: 0.83 },
  verticalAlignment: 'MIDDLE',
};
const DATE_FORMAT: CellFormat = { numberFormat: { type: 'DATE', pattern: 'yyyy-mm-dd' } };

/** The sheet id of each template tab: its position, so the first tab is sheet 0 as Google makes it. */
function templateSheetId(tabName: string): number {
  return TEMPLATE_TABS.findIndex((t) => t.name === tabName);
}

/** A new spreadsheet with every input tab, frozen headers and grids of TEMPLATE_ROWS rows. */
export function templateSpreadsheet(title: string): Spreadsheet {
  return {
    properties: { title, locale: 'zh_CN', timeZone: 'Asia/Shanghai' },
    sheets: TEMPLATE_TABS.map((tab, index) => ({
      properties: {
        sheetId: index,
        title: tab.name,
        index,
        gridProperties: {
          rowCount: TEMPLATE_ROWS,
          columnCount: tab.columns.length,
          frozenRowCount: 1,
        },
      },
    })),
  };
}

function cellRange(sheetId: number, startRow: number, endRow: number, column: number): GridRange {
  return {
    sheetId,
    startRowIndex: startRow,
    endRowIndex: endRow,
    startColumnIndex: column,
    endColumnIndex: column + 1,
  };
}

function validationRule(validation: ColumnValidation): DataValidationRule {
  switch (validation.kind) {
    case 'list':
      return {
        condition: {
          type: 'ONE_OF_LIST',
          values: validation.values.map((v) => ({ userEnteredValue: v })),
        },
        strict: validation.lenient !== true,
        showCustomUi: true,
      };
    case 'range':
      return {
        condition: {
          type: 'ONE_OF_RANGE',
          values: [{ userEnteredValue: `='${validation.tab}'!$A$2:$A$${TEMPLATE_ROWS}` }],
        },
        strict: false,
        showCustomUi: true,
      };
    case 'date':
      return { condition: { type: 'DATE_IS_VALID' }, strict: false };
  }
}

function dataCell(value: CellValue, isDate: boolean): CellData {
  if (value === null || value === undefined || value === '') return {};
  if (isDate && typeof value === 'string') {
    const serial = serialFromIso(value);
    // A sample date that is not a real date stays text, as a clerk's typo would.
    if (serial !== undefined)
      return { userEnteredValue: { numberValue: serial }, userEnteredFormat: DATE_FORMAT };
  }
  if (typeof value === 'number') return { userEnteredValue: { numberValue: value } };
  if (typeof value === 'boolean') return { userEnteredValue: { boolValue: value } };
  return { userEnteredValue: { stringValue: value } };
}

/** Output tabs take sheet ids from here; the sync keeps the ids it finds. */
const FIRST_OUTPUT_SHEET_ID = 100;
/** What an output tab says until the first sync: how to sync, in a Google Sheet or offline. */
const NOT_YET_SYNCED = {
  google: '尚未同步：点菜单“两个全覆盖 → 立即同步”后，这里显示结果。',
  offline:
    '尚未同步：用命令 npm run cli -- sync --workbook 本文件.xlsx 同步后，这里显示结果（也可请管理员同步）。',
};

/**
 * Fills the tabs of {@link templateSpreadsheet}: headers with notes, column widths, dropdowns
 * and date checks, date formats, the 设置 defaults, and — given sample rows by tab — the sample.
 * Then adds the five output tabs as the sync makes them (colour, marker, warning-only
 * protection), each saying how to sync it: from the Google menu, or offline (`target`).
 */
export function templateRequests(
  sample?: Record<string, CellValue[][]>,
  target: keyof typeof NOT_YET_SYNCED = 'google',
): Request[] {
  const requests: Request[] = [];
  OUTPUT_TAB_NAMES.forEach((name, i) => {
    const sheetId = FIRST_OUTPUT_SHEET_ID + i;
    requests.push(...outputTabRequests(sheetId, name, 100, 10, 0), {
      updateCells: {
        start: { sheetId, rowIndex: 0, columnIndex: 0 },
        rows: [{ values: [{ userEnteredValue: { stringValue: NOT_YET_SYNCED[target] } }] }],
        fields: 'userEnteredValue',
      },
    });
  });
  for (const tab of TEMPLATE_TABS) {
    const sheetId = templateSheetId(tab.name);
    const dateColumns = new Set(
      tab.columns.flatMap((c, i) => (c.validation?.kind === 'date' ? [i] : [])),
    );
    requests.push({
      updateCells: {
        start: { sheetId, rowIndex: 0, columnIndex: 0 },
        rows: [
          {
            values: tab.columns.map((c) => ({
              userEnteredValue: { stringValue: c.header },
              userEnteredFormat: HEADER_FORMAT,
              note: c.note,
            })),
          },
        ],
        fields: 'userEnteredValue,userEnteredFormat,note',
      },
    });
    // Rows first: the date format then reaches blank date cells too.
    const rows = sample?.[tab.name]?.slice(1) ?? tab.rows ?? [];
    if (rows.length > 0)
      requests.push({
        updateCells: {
          start: { sheetId, rowIndex: 1, columnIndex: 0 },
          rows: rows.map((row) => ({
            values: row.map((value, c) => dataCell(value, dateColumns.has(c))),
          })),
          fields: 'userEnteredValue,userEnteredFormat',
        },
      });
    tab.columns.forEach((column, index) => {
      requests.push({
        updateDimensionProperties: {
          range: { sheetId, dimension: 'COLUMNS', startIndex: index, endIndex: index + 1 },
          properties: { pixelSize: column.width },
          fields: 'pixelSize',
        },
      });
      const range = cellRange(sheetId, 1, TEMPLATE_ROWS, index);
      if (column.validation)
        requests.push({ setDataValidation: { range, rule: validationRule(column.validation) } });
      if (dateColumns.has(index))
        requests.push({
          repeatCell: {
            range,
            cell: { userEnteredFormat: DATE_FORMAT },
            fields: 'userEnteredFormat.numberFormat',
          },
        });
    });
    for (const { row, column, validation } of tab.cellValidations ?? [])
      requests.push({
        setDataValidation: {
          range: cellRange(sheetId, row, row + 1, column),
          rule: validationRule(validation),
        },
      });
  }
  return requests;
}
