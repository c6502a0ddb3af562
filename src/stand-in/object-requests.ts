import type { EmbeddedChart, GridRange, ProtectedRange } from '../sheets/sheets-api-types';
import { createStoredSheet } from './create-stored-sheet';
import type { RequestContext, RequestHandlers } from './request-context';
import { SheetsApiError } from './sheets-api-error';
import type { StoredSheet } from './stored-spreadsheet';

function allCharts(context: RequestContext): Array<{ sheet: StoredSheet; chart: EmbeddedChart }> {
  return context.draft.sheets.flatMap((sheet) => sheet.charts.map((chart) => ({ sheet, chart })));
}

// Every GridRange a chart spec reads from (`sourceRange.sources`) must name an existing grid.
function checkSources(context: RequestContext, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) checkSources(context, item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'sources' && Array.isArray(child)) {
      for (const range of child as GridRange[]) context.window(context.grid(range.sheetId), range);
    } else {
      checkSources(context, child);
    }
  }
}

function chartSheetTitle(context: RequestContext): string {
  const titles = new Set(context.draft.sheets.map((sheet) => sheet.properties.title));
  let n = 1;
  while (titles.has(`Chart${n}`)) n++;
  return `Chart${n}`;
}

/** addProtectedRange, conditional-format rules, and charts (add, update spec, delete). */
export const objectRequests: RequestHandlers = {
  addProtectedRange(context, { protectedRange: requested = {} }) {
    if (!requested.range) throw SheetsApiError.invalid('protectedRange.range must be set.');
    const sheet = context.draft.edit(context.grid(requested.range.sheetId));
    context.window(sheet, requested.range);
    const taken = new Set(
      context.draft.sheets.flatMap((s) => s.protectedRanges.map((p) => p.protectedRangeId)),
    );
    const requestedId = requested.protectedRangeId;
    if (requestedId !== undefined && taken.has(requestedId)) {
      throw SheetsApiError.invalid(`A protected range with the id ${requestedId} already exists.`);
    }
    const { requestingUserCanEdit: _canEdit, editors: requestedEditors, ...rest } = requested;
    // With warningOnly, editors are not supported and ignored; the caller always stays an editor.
    const editors = requested.warningOnly ? {} : { ...requestedEditors };
    const users = new Set(editors.users ?? []);
    if (context.callerEmail) users.add(context.callerEmail);
    if (users.size > 0) editors.users = [...users];
    const stored: ProtectedRange = {
      protectedRangeId: requestedId ?? context.newId((id) => taken.has(id)),
      ...rest,
      editors,
    };
    sheet.protectedRanges.push(stored);
    const { protectedRangeId, range, description, warningOnly, unprotectedRanges } = stored;
    return {
      addProtectedRange: {
        protectedRange: {
          protectedRangeId,
          range,
          ...(description === undefined ? {} : { description }),
          ...(warningOnly ? { warningOnly } : {}),
          requestingUserCanEdit: true,
          editors: warningOnly ? {} : stored.editors,
          ...(unprotectedRanges ? { unprotectedRanges } : {}),
        },
      },
    };
  },

  addConditionalFormatRule(context, { rule, index = 0 }) {
    const ranges = rule?.ranges ?? [];
    const first = ranges[0];
    if (!rule || !first) throw SheetsApiError.invalid('rule.ranges must name at least one range.');
    if (!rule.booleanRule === !rule.gradientRule) {
      throw SheetsApiError.invalid('rule must set exactly one of booleanRule and gradientRule.');
    }
    const sheetId = first.sheetId ?? 0;
    if (ranges.some((range) => (range.sheetId ?? 0) !== sheetId)) {
      throw SheetsApiError.invalid(
        'All ranges of a conditional format rule must be on the same grid.',
      );
    }
    const sheet = context.draft.edit(context.grid(sheetId));
    for (const range of ranges) context.window(sheet, range);
    if (index > sheet.conditionalFormats.length) {
      throw SheetsApiError.invalid(
        `index ${index} is past the end of the rules (${sheet.conditionalFormats.length}).`,
      );
    }
    sheet.conditionalFormats.splice(index, 0, rule);
    return undefined;
  },

  deleteConditionalFormatRule(context, { sheetId, index = 0 }) {
    const sheet = context.draft.edit(context.grid(sheetId));
    const [rule] = sheet.conditionalFormats.splice(index, 1);
    if (!rule) {
      throw SheetsApiError.invalid(
        `No conditional format on sheet: ${sheetId ?? 0} at index: ${index}`,
      );
    }
    return { deleteConditionalFormatRule: { rule } };
  },

  addChart(context, { chart: requested = {} }) {
    const { draft } = context;
    if (!requested.spec) throw SheetsApiError.invalid('chart.spec must be set.');
    checkSources(context, requested.spec);
    const taken = new Set(allCharts(context).map(({ chart }) => chart.chartId));
    const requestedId = requested.chartId;
    if (requestedId !== undefined && taken.has(requestedId)) {
      throw SheetsApiError.invalid(`An embedded object with the id ${requestedId} already exists.`);
    }
    const chartId = requestedId ?? context.newId((id) => taken.has(id));
    const position = (requested.position ?? { newSheet: true }) as {
      overlayPosition?: {
        anchorCell?: { sheetId?: number; rowIndex?: number; columnIndex?: number };
      };
      sheetId?: number;
      newSheet?: boolean;
    };
    let host: StoredSheet;
    let stored: EmbeddedChart;
    if (position.overlayPosition) {
      const anchor = position.overlayPosition.anchorCell;
      if (!anchor) throw SheetsApiError.invalid('overlayPosition.anchorCell must be set.');
      const row = anchor.rowIndex ?? 0;
      const column = anchor.columnIndex ?? 0;
      host = draft.edit(context.grid(anchor.sheetId));
      context.window(host, {
        startRowIndex: row,
        endRowIndex: row + 1,
        startColumnIndex: column,
        endColumnIndex: column + 1,
      });
      stored = { ...requested, chartId };
    } else {
      // A chart on its own sheet lives on a new OBJECT sheet, whose id may be chosen by the caller.
      if (position.sheetId !== undefined && draft.sheetById(position.sheetId)) {
        throw SheetsApiError.invalid(`A sheet with the id ${position.sheetId} already exists.`);
      }
      const sheetId = position.sheetId ?? context.newId((id) => draft.sheetById(id) !== undefined);
      host = createStoredSheet({ sheetId, title: chartSheetTitle(context), sheetType: 'OBJECT' });
      draft.insert(host, draft.sheets.length);
      stored = { ...requested, chartId, position: { sheetId } };
    }
    host.charts.push(stored);
    return { addChart: { chart: stored } };
  },

  updateChartSpec(context, { chartId, spec }) {
    const found = allCharts(context).find(({ chart }) => chart.chartId === chartId);
    if (!found) throw SheetsApiError.invalid(`No chart with id: ${chartId ?? 0}`);
    if (!spec) throw SheetsApiError.invalid('spec must be set.');
    checkSources(context, spec);
    const sheet = context.draft.edit(found.sheet);
    sheet.charts = sheet.charts.map((chart) =>
      chart.chartId === chartId ? { ...chart, spec } : chart,
    );
    return undefined;
  },

  deleteEmbeddedObject(context, { objectId }) {
    const found = allCharts(context).find(({ chart }) => chart.chartId === objectId);
    if (!found) throw SheetsApiError.invalid(`No embedded object with id: ${objectId ?? 0}`);
    const { sheets } = context.draft;
    if (found.sheet.properties.sheetType === 'OBJECT' && found.sheet.charts.length === 1) {
      // A chart sheet goes with its only chart.
      sheets.splice(sheets.indexOf(found.sheet), 1);
      return undefined;
    }
    const sheet = context.draft.edit(found.sheet);
    sheet.charts = sheet.charts.filter((chart) => chart.chartId !== objectId);
    return undefined;
  },
};
