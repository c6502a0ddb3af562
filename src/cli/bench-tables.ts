import type { BenchReport, Figure, Fit, TreeFigures } from './run-bench';

/** Cloudflare Workers Free plan: CPU per invocation. */
const FREE_PLAN_MS = 10;

const ms = (n: number | undefined) =>
  n === undefined ? '—' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
const spread = (f: Figure | undefined) => (f ? `${ms(f.median)} (${ms(f.min)}–${ms(f.max)})` : '—');
const ratio = (now: number | undefined, base: number | undefined) =>
  now === undefined || base === undefined || base === 0 ? '—' : `${(now / base).toFixed(2)}×`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const count = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
const LEDGER_SCALE = 'national + 20,000-row 缺口台账, the night after';
/** The review step's CPU ms; `—` for a tree without one (the baseline). */
const reviewMs = (f: TreeFigures) =>
  f.node.reviewMs.median > 0 ? ms(f.node.reviewMs.median) : '—';

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Activity rows at which a fitted line reaches `budget` ms, or undefined when it starts above. */
function rowsWithin(fit: Fit | undefined, budget: number): number | undefined {
  if (!fit || fit.intercept >= budget || fit.slope <= 0) return undefined;
  return Math.floor(((budget - fit.intercept) / fit.slope) * 1000);
}

/** The run's tables as markdown, by the name of the docs/performance.md block they fill. */
export function benchTables(report: BenchReport): Record<string, string> {
  const m = report.machine;
  const national = report.scales.find((s) => s.scale === 'national');
  const committee = report.scales.find((s) => s.scale === 'committee');
  const stress = report.scales.find((s) => s.scale === 'stress');
  const heapOf = (scale: string) => report.heap.find((h) => h.scale === scale);
  const tables: Record<string, string> = {};

  tables.machine = [
    `Measured ${m.date} UTC on ${m.cpu}, ${m.cores} cores shared with other work: the 1-minute`,
    `load average was ${m.load.min.toFixed(1)}–${m.load.max.toFixed(1)} during the run. Node ${m.node}, workerd ${m.workerd}.`,
    report.baseline
      ? `Baseline: commit ${report.baseline} (the read before issue #12), measured in the same run.`
      : 'No baseline: the git history lacks its commit.',
  ].join('\n');

  tables.workerd = table(
    [
      'scale',
      'members',
      'activity rows',
      'first sync, fresh isolate: CPU ms',
      'vs baseline',
      'warm sync: CPU ms',
      'vs baseline',
      'of which its requests and answers alone',
      'baseline first / warm',
      'round trips warm (no cache)',
      'read per sync',
      'same summary as baseline',
    ],
    report.scales.map((s) => [
      s.scale,
      count(s.members),
      count(s.activities),
      spread(s.now.firstSync),
      ratio(s.now.firstSync?.median, s.base?.firstSync?.median),
      spread(s.now.warmSync),
      ratio(s.now.warmSync?.median, s.base?.warmSync?.median),
      spread(s.now.warmFloor),
      `${ms(s.base?.firstSync?.median)} / ${ms(s.base?.warmSync?.median)}`,
      `${s.now.trips.warm} (${s.now.trips.cold})`,
      `${mb(s.now.bytesRead)} (was ${s.base ? mb(s.base.bytesRead) : '—'})`,
      s.base ? (s.base.summaryDigest === s.now.summaryDigest ? 'yes' : '**no**') : '—',
    ]),
  );

  const nodeRow = (name: string, tree: string, f: TreeFigures | undefined, base?: TreeFigures) =>
    f
      ? [
          name,
          tree,
          ms(f.node.readMs.median),
          ms(f.node.parseMs.median),
          ms(f.node.computeMs.median),
          reviewMs(f),
          ms(f.node.renderMs.median),
          ms(f.node.writeMs.median),
          spread(f.node.totalMs),
          base ? ratio(f.node.totalMs.median, base.node.totalMs.median) : '',
        ]
      : [];
  tables.node = table(
    [
      'scale',
      'tree',
      'read',
      'parse',
      'compute',
      'review',
      'render',
      'write',
      'total CPU ms',
      'vs baseline',
    ],
    [
      ...report.scales.flatMap((s) =>
        [nodeRow(s.scale, 'now', s.now, s.base), nodeRow(s.scale, 'baseline', s.base)].filter(
          (r) => r.length > 0,
        ),
      ),
      ...(report.ledger
        ? [
            nodeRow(LEDGER_SCALE, 'now', report.ledger.now, report.ledger.base),
            nodeRow(LEDGER_SCALE, 'baseline', report.ledger.base),
          ].filter((r) => r.length > 0)
        : []),
    ],
  );

  // The ledger's cost: the same national workbook with and without a full 缺口台账.
  const ledgerRow = (name: string, f: TreeFigures | undefined) =>
    f
      ? [
          name,
          String(f.trips.warm),
          mb(f.bytesRead),
          mb(f.bytesWritten),
          reviewMs(f),
          spread(f.node.totalMs),
        ]
      : [name, '—', '—', '—', '—', '—'];
  tables.ledger = table(
    [
      'national (2,200 members, 60,000 activity rows), Node',
      'round trips (warm)',
      'read',
      'written',
      'review: CPU ms',
      'sync: CPU ms',
    ],
    [
      ledgerRow('no 缺口台账 yet', national?.now),
      ledgerRow('a full 缺口台账 (20,000 rows), synced the night after', report.ledger?.now),
      ledgerRow('baseline, the same workbook (no review)', report.ledger?.base),
    ],
  );

  const fits = report.fits;
  const fitText = (f: Fit | undefined) =>
    f
      ? `${ms(f.slope)} ms per 1,000 rows ${f.intercept < 0 ? '−' : '+'} ${ms(Math.abs(f.intercept))} ms (weighted R² ${f.r2.toFixed(3)})`
      : '—';
  tables.limits = table(
    ['', 'now', 'baseline', 'vs baseline'],
    [
      ...report.heap.map((h) => [
        `smallest V8 heap a ${h.scale} sync fits in`,
        h.now === undefined ? '> 512 MB' : `${h.now} MB`,
        h.base === undefined ? '> 512 MB' : `${h.base} MB`,
        ratio(h.now, h.base),
      ]),
      [
        `most activity rows one ${128} MB isolate syncs`,
        count(report.largest?.now),
        count(report.largest?.base),
        ratio(report.largest?.now, report.largest?.base),
      ],
      [
        "CPU of an isolate's start (global scope, the warm-up included), committee run",
        ms(committee?.now.isolateStart),
        ms(committee?.base?.isolateStart),
        ratio(committee?.now.isolateStart, committee?.base?.isolateStart),
      ],
      [
        'cost of a first sync, fitted over the scales',
        fitText(fits.now?.first),
        fitText(fits.base?.first),
        '',
      ],
      [
        'cost of a warm sync, fitted over the scales',
        fitText(fits.now?.warm),
        fitText(fits.base?.warm),
        '',
      ],
      [
        `activity rows within the Free plan's ${FREE_PLAN_MS} ms, first sync / warm`,
        `${count(rowsWithin(fits.now?.first, FREE_PLAN_MS))} / ${count(rowsWithin(fits.now?.warm, FREE_PLAN_MS))}`,
        `${count(rowsWithin(fits.base?.first, FREE_PLAN_MS))} / ${count(rowsWithin(fits.base?.warm, FREE_PLAN_MS))}`,
        '',
      ],
    ],
  );

  const chosen = report.readForms.find((f) => f.form.includes('(chosen)'));
  tables.readForms = table(
    ['way to read (national)', 'calls', 'answer', 'decode + JSON.parse, CPU ms', 'vs chosen'],
    report.readForms.map((f) => [
      f.form,
      String(f.calls),
      mb(f.bytes),
      ms(f.parseMs),
      chosen ? ratio(f.parseMs, chosen.parseMs) : '—',
    ]),
  );

  tables.suggestContacts = table(
    ['members', 'suggestContacts now: CPU ms', 'baseline', 'vs baseline'],
    report.suggestContacts.map((s) => [
      count(s.members),
      spread(s.now),
      spread(s.base),
      ratio(s.now.median, s.base?.median),
    ]),
  );

  const met = (ok: boolean | undefined) =>
    ok === undefined ? '—' : ok ? '**met**' : '**not met**';
  const cli = report.cli;
  tables.cli = cli
    ? [
        `Measured ${cli.date} UTC on the machine above (${m.cpu}, ${m.cores} cores shared), Node ${m.node}: ${cli.runs} runs per tree, the trees in turn; the 1-minute load average was ${cli.load.min.toFixed(1)}–${cli.load.max.toFixed(1)}.`,
        '',
        table(
          [
            'national .xlsx (2,200 members, 60,000 activity rows), `npm run cli -- sync --workbook`',
            'wall s',
            'CPU s (all threads)',
            'peak RSS MB',
          ],
          [
            ['now', spread(cli.now), spread(cli.nowCpu), spread(cli.nowRss)],
            [
              'the exceljs .xlsx layer (the tree before the lean one)',
              spread(cli.exceljs),
              spread(cli.exceljsCpu),
              spread(cli.exceljsRss),
            ],
            [
              `baseline${report.baseline ? ` (${report.baseline})` : ''}`,
              spread(cli.base),
              spread(cli.baseCpu),
              spread(cli.baseRss),
            ],
            [
              'now vs the exceljs layer',
              ratio(cli.now.median, cli.exceljs?.median),
              ratio(cli.nowCpu.median, cli.exceljsCpu?.median),
              ratio(cli.nowRss.median, cli.exceljsRss?.median),
            ],
            [
              'now vs baseline',
              ratio(cli.now.median, cli.base?.median),
              ratio(cli.nowCpu.median, cli.baseCpu?.median),
              ratio(cli.nowRss.median, cli.baseRss?.median),
            ],
          ],
        ),
        '',
        `Target of issue #12, ≤ 2 s wall and ≤ 300 MB peak RSS (medians): ${met(cli.now.median <= 2 && cli.nowRss.median <= 300)}. ` +
          `The same summary and output tabs as the exceljs layer, cell by cell: ${cli.sameAsExceljs === undefined ? '— (not measured)' : cli.sameAsExceljs ? 'yes, identical' : '**no**'}.`,
      ].join('\n')
    : '—';

  const nationalHeap = heapOf('national');
  const perRow = (s: typeof national) =>
    s?.now.warmSync ? s.now.warmSync.median / s.activities : undefined;
  const growth =
    perRow(stress) !== undefined && perRow(national) !== undefined
      ? (perRow(stress) as number) / (perRow(national) as number)
      : undefined;
  const sameEverywhere = report.scales.every(
    (s) => !s.base || s.base.summaryDigest === s.now.summaryDigest,
  );
  tables.targets = table(
    ['target', 'now', 'baseline', 'vs baseline', ''],
    [
      [
        'committee, first sync of a fresh isolate, workerd: ≤ 10 ms CPU',
        ms(committee?.now.firstSync?.median),
        ms(committee?.base?.firstSync?.median),
        ratio(committee?.now.firstSync?.median, committee?.base?.firstSync?.median),
        met(committee?.now.firstSync && committee.now.firstSync.median <= 10),
      ],
      [
        'committee, warm sync, workerd: ≤ 4 ms CPU',
        ms(committee?.now.warmSync?.median),
        ms(committee?.base?.warmSync?.median),
        ratio(committee?.now.warmSync?.median, committee?.base?.warmSync?.median),
        met(committee?.now.warmSync && committee.now.warmSync.median <= 4),
      ],
      [
        'national, warm sync, workerd: ≤ 150 ms CPU',
        ms(national?.now.warmSync?.median),
        ms(national?.base?.warmSync?.median),
        ratio(national?.now.warmSync?.median, national?.base?.warmSync?.median),
        met(national?.now.warmSync && national.now.warmSync.median <= 150),
      ],
      [
        'national, peak heap: ≤ 40 MB',
        nationalHeap?.now === undefined ? '—' : `${nationalHeap.now} MB`,
        nationalHeap?.base === undefined ? '—' : `${nationalHeap.base} MB`,
        ratio(nationalHeap?.now, nationalHeap?.base),
        met(nationalHeap?.now === undefined ? undefined : nationalHeap.now <= 40),
      ],
      [
        'largest workbook one 128 MB isolate syncs: ≥ 250,000 activity rows',
        count(report.largest?.now),
        count(report.largest?.base),
        ratio(report.largest?.now, report.largest?.base),
        met(report.largest === undefined ? undefined : report.largest.now >= 250_000),
      ],
      [
        'cost linear in rows (warm, workerd): per-row cost at stress within 2× of national',
        growth === undefined ? '—' : `${growth.toFixed(2)}× (${fitText(fits.now?.warm)})`,
        '',
        '',
        met(growth === undefined ? undefined : growth <= 2),
      ],
      [
        'round trips per warm sync: ≤ 2; bytes read per sync printed',
        `${committee?.now.trips.warm ?? '—'} (${committee ? mb(committee.now.bytesRead) : '—'} committee, ${national ? mb(national.now.bytesRead) : '—'} national)`,
        `${committee?.base?.trips.warm ?? '—'}`,
        '',
        met(report.scales.every((s) => s.now.trips.warm <= 2)),
      ],
      [
        'no result changes: the same summary as the baseline at every scale',
        sameEverywhere ? 'same' : 'different',
        '',
        '',
        met(report.baseline ? sameEverywhere : undefined),
      ],
    ],
  );
  return tables;
}
