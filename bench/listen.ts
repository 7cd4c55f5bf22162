/**
 * `hookctl listen` capture-and-forward throughput and large-body memory, each next to a reference measured
 * in the same run: bench/bare-hop.ts, a bare Node hop that buffers the body, appends a line to a file and
 * forwards with undici. Both forward to the same target app (bench/target-app.ts), each in its own process,
 * under the same load from bench/load.ts, also its own process. A third subject, hookctl forwarding through
 * ten `--route` rules (bench/listen-routes.ts), runs in the same rounds, compared with one forward target.
 *
 * Two cores: the process being measured (a hookctl or the hop, one at a time) is pinned to CPU 1, the load
 * generator and the target app to CPU 0, so neither steals the measured process's core (Linux `taskset`;
 * `--no-pin` shares both cores). The measured process's CPU use is reported too: ~100% of its core means it
 * is the bottleneck, not the load generator.
 *
 *   npm run build && node --import tsx bench/listen.ts [--duration 8] [--warmup 2] [--rounds 7]
 *     [--connections 10] [--size 1024] [--large-mb 50] [--no-pin] [--profile DIR] [--tmp DIR]
 *     [--bin path/to/bin/hookctl.js]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { openStore } from '../src/core/store/index.ts';
import { printTenRoutes, routeArgs, type TenRoutesFigures, tenRoutes } from './listen-routes.ts';
import {
  checkStore,
  measureRound,
  type Run,
  ratio,
  type SubjectFigures,
  subjectRow,
  sum,
  summarizeRuns,
} from './listen-runs.ts';
import { memoryKb, type Server, startServer } from './processes.ts';

const BIN = fileURLToPath(new URL('../bin/hookctl.js', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TSX = ['--import', 'tsx'];

export interface ListenBenchOptions {
  durationS?: number;
  warmupS?: number;
  rounds?: number;
  connections?: number;
  bodyBytes?: number;
  largeMb?: number;
  pin?: boolean;
  /** Where the stores and the hop's log go (default: the OS temp dir); e.g. /dev/shm to leave the disk out. */
  tmpDir?: string;
  /** The hookctl to measure (default: this repo's bin/hookctl.js), e.g. a build of another commit. */
  bin?: string;
  /** Writes CPU profiles (node --cpu-prof) of the throughput runs to DIR/hookctl, DIR/routes and DIR/hop. */
  profileDir?: string;
}

export interface ListenFigures {
  options: Required<Omit<ListenBenchOptions, 'profileDir' | 'tmpDir' | 'bin'>> & {
    tmpDir: string;
    bin: string;
  };
  hop: SubjectFigures;
  hookctl: SubjectFigures;
  /** 2xx answers hookctl gave (warm-up included) vs complete captures with the target's 200 in the store. */
  answered: number;
  stored: number;
  storedComplete: number;
  hopFailed: number;
  hookctlFailed: number;
  /** hookctl forwarding through ten routes, measured in the same rounds as `hookctl`. */
  routes: TenRoutesFigures;
  large: {
    bytes: number;
    hop: LargeFigures;
    hookctl: LargeFigures;
  };
}

interface LargeFigures {
  hwmBeforeMb: number;
  hwmAfterMb: number;
  /** Peak RSS growth over the body size. */
  growthRatio: number;
  ms: number;
  ok: boolean;
}

export async function runListenBench(options: ListenBenchOptions = {}): Promise<ListenFigures> {
  const opts = {
    durationS: options.durationS ?? 8,
    warmupS: options.warmupS ?? 2,
    rounds: options.rounds ?? 7,
    connections: options.connections ?? 10,
    bodyBytes: options.bodyBytes ?? 1024,
    largeMb: options.largeMb ?? 50,
    pin: options.pin ?? true,
    tmpDir: options.tmpDir ?? os.tmpdir(),
    bin: options.bin ?? BIN,
  };
  const cpu = (n: 0 | 1) => (opts.pin ? String(n) : null);
  const work = await mkdtemp(path.join(opts.tmpDir, 'hookctl-bench-listen-'));
  const children: Server[] = [];
  const start = async (name: string, cpuId: string | null, args: string[]) => {
    const child = await startServer(name, cpuId, args);
    children.push(child);
    return child;
  };
  try {
    const target = await start('target', cpu(0), [...TSX, here('target-app.ts')]);
    // Profiles, when asked: <dir>/hookctl, <dir>/routes and <dir>/hop, so they can be compared.
    const profile = (who: string) =>
      options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.join(options.profileDir, who)] : [];
    const hop = await start('hop', cpu(1), [
      ...profile('hop'),
      ...TSX,
      here('bare-hop.ts'),
      target.url,
      path.join(work, 'hop.log'),
    ]);
    const storeDir = path.join(work, 'store');
    const flags = ['--no-tunnel', '--no-ui', '--port', '0', '--json', '--keep', '0'];
    const listenArgs = ['listen', target.url, ...flags];
    const hook = await start('hookctl', cpu(1), [
      ...profile('hookctl'),
      opts.bin,
      ...listenArgs,
      '--store',
      storeDir,
    ]);
    // The same listen with no positional target: ten rules, every request routed by the tenth.
    const rules = tenRoutes(target.url);
    const routesStore = path.join(work, 'routes-store');
    const routed = await start('hookctl (routes)', cpu(1), [
      ...profile('routes'),
      opts.bin,
      'listen',
      ...flags,
      ...routeArgs(rules),
      '--store',
      routesStore,
    ]);

    const subjects = [
      { name: 'hop', server: hop },
      { name: 'hookctl', server: hook },
      { name: 'routes', server: routed },
    ] as const;
    const runs: Record<(typeof subjects)[number]['name'], Run[]> = { hop: [], hookctl: [], routes: [] };
    for (let round = 0; round < opts.rounds; round++) {
      // Rotate who goes first, so a drift over the run does not always favour the same one.
      for (let i = 0; i < subjects.length; i++) {
        const { name, server } = subjects[(round + i) % subjects.length] as (typeof subjects)[number];
        runs[name].push(await measureRound(server, opts, cpu(0)));
      }
    }
    await Promise.all([hook.stop(), routed.stop()]);
    const one = await checkStore(storeDir, runs.hookctl);
    const figures: Omit<ListenFigures, 'large'> = {
      options: opts,
      hop: summarizeRuns(runs.hop, opts),
      hookctl: summarizeRuns(runs.hookctl, opts),
      answered: one.answered,
      stored: one.stored,
      storedComplete: one.storedComplete,
      hopFailed: sum(runs.hop.map((r) => r.load.failed)),
      hookctlFailed: one.failed,
      routes: {
        rules,
        subject: summarizeRuns(runs.routes, opts),
        ...(await checkStore(routesStore, runs.routes, rules.at(-1))),
      },
    };
    await hop.stop();

    // Large body: fresh processes, so the high-water mark before is that of a warm, idle server.
    const bytes = opts.largeMb * 1024 * 1024;
    const maxBody = `${opts.largeMb + 10}mb`;
    const bigHop = await start('hop', cpu(1), [
      ...TSX,
      here('bare-hop.ts'),
      target.url,
      path.join(work, 'hop2.log'),
    ]);
    const bigStore = path.join(work, 'big-store');
    const bigHook = await start('hookctl', cpu(1), [
      opts.bin,
      ...listenArgs,
      '--store',
      bigStore,
      '--max-body',
      maxBody,
    ]);
    const body = Buffer.alloc(bytes, 0x61);
    const large = {
      bytes,
      hop: await measureLarge(bigHop, body),
      hookctl: await measureLarge(bigHook, body),
    };
    await bigHook.stop();
    const [big] = await (await openStore({ dir: bigStore })).list({ limit: 1 });
    large.hookctl.ok &&= big?.size === bytes && big.forward?.status === 200;
    return { ...figures, large };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await rm(work, { recursive: true, force: true });
  }
}

async function measureLarge(server: Server, body: Buffer): Promise<LargeFigures> {
  for (let i = 0; i < 20; i++) await post(server.url, Buffer.alloc(1024, 0x62));
  const before = memoryKb(server.pid, 'VmHWM');
  const started = performance.now();
  const answer = await post(server.url, body);
  const ms = performance.now() - started;
  const after = memoryKb(server.pid, 'VmHWM');
  return {
    hwmBeforeMb: before / 1024,
    hwmAfterMb: after / 1024,
    growthRatio: ((after - before) * 1024) / body.length,
    ms,
    ok: answer.status === 200 && answer.text === String(body.length),
  };
}

async function post(base: string, body: Buffer): Promise<{ status: number; text: string }> {
  const res = await request(`${base}/webhooks/large`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/octet-stream' },
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

export function printListenFigures(f: ListenFigures): void {
  const { options: o } = f;
  console.log(
    `${o.connections} keep-alive connections, ${o.bodyBytes} B bodies, ${o.warmupS} s warm-up + ${o.durationS} s, median of ${o.rounds} rounds, stores in ${o.tmpDir}; ${o.pin ? 'measured process on CPU 1, load + target on CPU 0' : 'no pinning'}\n`,
  );
  console.log('| | requests/s | p50 | p99 | CPU (cores) | CPU µs/request | of which kernel |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(subjectRow('bare hop (reference)', f.hop));
  console.log(subjectRow('`hookctl listen`', f.hookctl));
  console.log(
    `| hookctl / hop | ${ratio(f.hookctl.rps, f.hop.rps)} | ${ratio(f.hookctl.p50Ms, f.hop.p50Ms)} | ${ratio(f.hookctl.p99Ms, f.hop.p99Ms)} | | ${ratio(f.hookctl.cpuUsPerRequest, f.hop.cpuUsPerRequest)} | |`,
  );
  console.log(
    `\nper round requests/s: hop ${f.hop.rounds.map((r) => r.rps.toFixed(0)).join(', ')}; hookctl ${f.hookctl.rounds.map((r) => r.rps.toFixed(0)).join(', ')}`,
  );
  console.log(
    `hookctl answered ${f.answered} requests 2xx (warm-ups included), the store holds ${f.stored} captures, ${f.storedComplete} complete with the target's 200; failed: hookctl ${f.hookctlFailed}, hop ${f.hopFailed}`,
  );
  printTenRoutes(f.routes, f.hookctl);
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  console.log(`\nlarge body: one ${f.large.bytes / 1024 / 1024} MB POST, peak RSS (VmHWM) before → after\n`);
  console.log('| | VmHWM before | after | growth / body | time | forwarded and stored whole |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [name, l] of [
    ['bare hop (reference)', f.large.hop],
    ['`hookctl listen`', f.large.hookctl],
  ] as const) {
    console.log(
      `| ${name} | ${mb(l.hwmBeforeMb)} | ${mb(l.hwmAfterMb)} | ${l.growthRatio.toFixed(2)}x | ${l.ms.toFixed(0)} ms | ${l.ok ? 'yes' : 'NO'} |`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      size: { type: 'string', default: '1024' },
      'large-mb': { type: 'string', default: '50' },
      'no-pin': { type: 'boolean', default: false },
      profile: { type: 'string' },
      tmp: { type: 'string' },
      bin: { type: 'string' },
    },
  });
  printListenFigures(
    await runListenBench({
      durationS: Number(values.duration),
      warmupS: Number(values.warmup),
      rounds: Number(values.rounds),
      connections: Number(values.connections),
      bodyBytes: Number(values.size),
      largeMb: Number(values['large-mb']),
      pin: !values['no-pin'],
      profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
      tmpDir: values.tmp,
      bin: values.bin === undefined ? undefined : path.resolve(values.bin),
    }),
  );
}
