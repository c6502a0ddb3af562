import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDENS, type Golden } from '../support/goldens';

describe('a synthetic committee synced twice as a plain .xlsx (the command line’s path)', () => {
  // The golden file was written by the exceljs-based save this path used before issue #12's
  // lean .xlsx layer, and reviewed: the output tabs a spreadsheet app shows, cell by cell (read
  // by exceljs, not by the stand-in), and the summary. `npm run golden` shows a difference.
  it('gives the reviewed output tabs and summary (synced-xlsx.golden.json)', async () => {
    const golden = GOLDENS.find((g) => g.path.endsWith('synced-xlsx.golden.json')) as Golden;
    const reviewed = readFileSync(new URL('./synced-xlsx.golden.json', import.meta.url), 'utf8');
    expect(await golden.text(), 'review the change with `npm run golden`').toBe(reviewed);
  });
});
