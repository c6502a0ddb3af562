import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTemplateWorkbook } from '../../src/cli/local-workbook';

// .ci/run installs LibreOffice where it is missing. Elsewhere the test is skipped with a
// reason the summary line's reporter prints; under CI a missing soffice is a failure.
const soffice = spawnSync('soffice', ['--version']).status === 0;
const MISSING =
  'LibreOffice is not installed: apt-get install libreoffice-calc-nogui, as .ci/run does';

describe('the template in LibreOffice', () => {
  it('keeps a dropdown on every validated column of every tab', async (context) => {
    if (!soffice) {
      if (process.env.CI) throw new Error(MISSING);
      context.skip(MISSING);
    }
    const dir = await mkdtemp(join(tmpdir(), 'dual-coverage-lo-'));
    const xlsx = join(dir, 'template.xlsx');
    await writeTemplateWorkbook(xlsx, '模板');
    // Its own profile, so runs beside another LibreOffice on the machine do not collide.
    const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
    execFileSync(
      'soffice',
      [profile, '--headless', '--convert-to', 'fods', '--outdir', dir, xlsx],
      { timeout: 120_000 },
    );
    const content = await readFile(join(dir, 'template.fods'), 'utf8');
    const lists = [
      ...content.matchAll(
        /<table:content-validation table:name="(val\d+)" table:condition="of:cell-content-is-in-list\(([^"]*)\)"[^>]*table:display-list="unsorted"/g,
      ),
    ];
    const usedIn = (tab: string) => {
      const start = content.indexOf(`<table:table table:name="${tab}"`);
      const body = content.slice(start, content.indexOf('</table:table>', start));
      return new Set(
        [...body.matchAll(/table:content-validation-name="(val\d+)"/g)].map((m) => m[1]),
      );
    };
    const dropdownsIn = (tab: string) =>
      lists.filter(([, name]) => usedIn(tab).has(name)).map(([, , list]) => list);
    expect(dropdownsIn('委员').some((list) => list?.includes('中共党员'))).toBe(true);
    expect(dropdownsIn('委员').some((list) => list?.includes('$履职小组'))).toBe(true);
    expect(dropdownsIn('活动记录').some((list) => list?.includes('联系谈心'))).toBe(true);
    expect(dropdownsIn('分党组').some((list) => list?.includes('副书记'))).toBe(true);
    expect(dropdownsIn('设置').some((list) => list?.includes('季度'))).toBe(true);
  }, 180_000);
});
