import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { threadCpuMs } from './bench-thread-cpu';
import type { BenchEnv, BenchSyncRequest, BenchSyncResponse } from './bench-worker';

/** The workerd that wrangler bundles, and the compatibility date of wrangler.toml. */
const WORKERD = createRequire(import.meta.url).resolve('workerd/bin/workerd');
const COMPATIBILITY_DATE = '2026-04-20';

/**
 * Bundles `src/cli/bench-worker.ts` of the tree at `root` the way `wrangler deploy` would
 * (wrangler's own esbuild and settings) into `dir`, and returns the bundle's directory.
 */
export async function bundleBenchWorker(root: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'wrangler.toml');
  writeFileSync(
    config,
    `name = "dual-coverage-bench"\nmain = "${join(root, 'src/cli/bench-worker.ts')}"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`,
  );
  const out = join(dir, 'bundle');
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      '--dry-run',
      '--outdir',
      out,
      '--config',
      config,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_HIDE_BANNER: 'true',
      },
    },
  );
  return out;
}

/** A workerd process serving the bench Worker in several isolates, each fresh when started. */
export interface Workerd {
  /**
   * Runs one sync in isolate `isolate` and returns what it cost the isolate's thread, or
   * `undefined` when the isolate (or workerd) died, as at a heap limit.
   */
  sync(
    isolate: number,
    request: BenchSyncRequest,
  ): Promise<{ cpuMs: number; response: BenchSyncResponse } | undefined>;
  /** The thread's CPU ms until every isolate was ready, per isolate: the global scopes' cost. */
  startupCpuMs: number;
  stop(): void;
}

/**
 * Starts workerd with `isolates` copies of the bundle in `bundleDir` (one isolate each, all on
 * the one thread that runs JavaScript), each on a free port; `heapMb` caps each isolate's V8
 * heap (`--max-heap-size`), as Cloudflare's 128 MB isolate limit does; `env` is each one's
 * bindings. Several isolates in one process measure a fresh isolate the way Cloudflare makes
 * one: in a process already running others, so what a process does once (loading ICU data) is
 * not charged to it.
 */
export async function startWorkerd(
  bundleDir: string,
  env: BenchEnv,
  { isolates = 1, heapMb }: { isolates?: number; heapMb?: number } = {},
): Promise<Workerd> {
  const config = join(bundleDir, `workerd-${isolates}-${heapMb ?? 'uncapped'}.capnp`);
  const names = Array.from({ length: isolates }, (_, i) => `bench${i}`);
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
${names.map((name) => `    (name = "${name}", worker = .bench),`).join('\n')}
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
${names.map((name) => `    (name = "${name}", address = "127.0.0.1:0", http = (), service = "${name}"),`).join('\n')}
  ],
  v8Flags = [${heapMb === undefined ? '' : `"--max-heap-size=${heapMb}"`}],
);
const bench :Workerd.Worker = (
  modules = [(name = "bench-worker.js", esModule = embed "bench-worker.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [
${Object.entries(env)
  .map(([name, text]) => `    (name = "${name}", text = ${JSON.stringify(text)}),`)
  .join('\n')}
  ],
);
`,
  );
  // The control descriptor (3) tells which port the OS gave each socket.
  const child: ChildProcess = spawn(WORKERD, ['serve', config, '--control-fd=3'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const ports = await new Promise<Map<string, number>>((resolve, reject) => {
    const found = new Map<string, number>();
    let control = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      control += chunk.toString();
      for (const match of control.matchAll(/"socket":"(\w+)","port":(\d+)/g))
        found.set(match[1] as string, Number(match[2]));
      if (found.size === isolates) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`workerd exited (${code}): ${stderr}`)));
  });
  const thread = `/proc/${child.pid}/task/${child.pid}`;
  const startupCpuMs = threadCpuMs(thread) / isolates;
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  return {
    startupCpuMs,
    async sync(isolate, request) {
      const port = ports.get(`bench${isolate}`);
      if (!alive || port === undefined) return undefined;
      const before = threadCpuMs(thread);
      try {
        const reply = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          body: JSON.stringify(request),
        });
        if (!reply.ok) return undefined;
        const response = (await reply.json()) as BenchSyncResponse;
        return { cpuMs: threadCpuMs(thread) - before, response };
      } catch {
        // A V8 heap limit aborts workerd: the connection drops.
        return undefined;
      }
    },
    stop() {
      if (alive) child.kill('SIGKILL');
    },
  };
}
