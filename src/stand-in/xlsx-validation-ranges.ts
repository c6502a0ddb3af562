import type ExcelJS from 'exceljs';

type Validations = Record<string, ExcelJS.DataValidation | undefined>;

/**
 * A worksheet's validations, one per cell as exceljs keeps them, joined into one range per run
 * of equal rules down a column (`D2:D1000`). exceljs joins them itself when writing, but sorts
 * addresses as text (`D10` before `D2`) and so writes `D10:D1000` and `D2:D1000`: every rule
 * twice, overlapping. A range key is written as it is.
 */
export function validationRanges(perCell: Validations): Validations {
  const byColumn = new Map<
    string,
    Array<{ row: number; rule: ExcelJS.DataValidation; key: string }>
  >();
  const joined: Validations = {};
  for (const [address, rule] of Object.entries(perCell)) {
    if (rule === undefined) continue;
    const match = /^\$?([A-Z]+)\$?(\d+)$/.exec(address);
    if (!match?.[1] || !match[2]) {
      joined[address] = rule;
      continue;
    }
    const cells = byColumn.get(match[1]) ?? [];
    cells.push({ row: Number(match[2]), rule, key: JSON.stringify(rule) });
    byColumn.set(match[1], cells);
  }
  for (const [column, cells] of byColumn) {
    cells.sort((a, b) => a.row - b.row);
    for (let start = 0; start < cells.length; ) {
      const first = cells[start] as (typeof cells)[number];
      let end = start + 1;
      while (
        end < cells.length &&
        cells[end]?.row === first.row + (end - start) &&
        cells[end]?.key === first.key
      )
        end++;
      const last = (cells[end - 1] as (typeof cells)[number]).row;
      joined[
        last === first.row ? `${column}${first.row}` : `${column}${first.row}:${column}${last}`
      ] = first.rule;
      start = end;
    }
  }
  return joined;
}
