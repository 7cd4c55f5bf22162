/**
 * `hookctl listen` under sustained load and with a bad forward target (issue 6), three parts, each with a
 * fresh hookctl (the built CLI, `--keep 0`, its own temporary store), target app and load generator, every
 * one its own process:
 *
 * Each part starts with a short warm-up (checked like the rest), then waits for hookctl's connections to
 * close: the fds open then are its warm idle figure, the one the fds must come back to after the load
 * (idle keep-alive connections close after 5 s). Warm, not cold: the store may keep a file open.
 *
 * 1. Sustained: `--duration` seconds (default 60) of bench/soak-load.ts's closed loop on 10 keep-alive
 *    connections, 1 KB bodies (the listen benchmark's load), plus every 10 s (from 5 s) a burst of 200
 *    more connections for 1 s. Every request carries a unique sequence number; the target
 *    (bench/soak-target.ts) tallies the ones it gets. hookctl's VmRSS and open fds (/proc/<pid>/fd) are
 *    sampled once a second. Afterwards the store (read through its API once hookctl has exited) must hold
 *    every answered request exactly once, whole, each with the target's 200 as its forward result, and
 *    the target must have got each exactly once.
 * 2. Slow target: the target answers after 3 s, hookctl runs with `--forward-timeout 1s`; 50 requests
 *    over 10 connections must each be answered 504 within the timeout (+1.5 s slack) and be captured.
 * 3. Target down: forwarding to a port nothing listens on; 200 requests must each get a 502 at once
 *    (within 1.5 s) and be captured.
 *
 * A report, and exit code 1 when a correctness check fails (a request dropped, duplicated or unanswered,
 * an fd leak, an answer later than the timeout). Memory is reported (RSS at 10 s against the end), not
 * judged. Pinning as in bench/listen.ts: hookctl on CPU 1, load generator and target on CPU 0 (`--no-pin`).
 *
 *   npm run build && node --import tsx bench/soak.ts [--duration 60] [--connections 10] [--size 1024]
 *     [--burst-connections 200] [--burst-every 10] [--burst-seconds 1] [--no-pin] [--tmp DIR]
 *     [--bin path/to/bin/hookctl.js]
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { openStore } from '../src/core/store/index.ts';
import type { Capture } from '../src/core/types.ts';
import { cpuSeconds, memoryKb, type Server, spawnNode, startServer } from './processes.ts';
import type { Latency, SoakLoadResult } from './soak-load.ts';
import type { TargetCounts } from './soak-target.ts';

const BIN = fileURLToPath(new URL('../bin/hookctl.js', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TSX = ['--import', 'tsx'];
/** How late past its deadline an answer may be (scheduling, a loaded machine) before it counts as late. */
const SLACK_MS = 1_500;
/** How long hookctl gets, after the load stops, to close what it opened (idle connections: 5 s). */
const FD_SETTLE_MS = 15_000;
const SLOW_TARGET_MS = 3_000;
const SLOW_FORWARD_TIMEOUT_MS = 1_000;
/** Requests before the sustained load (the fault parts send one per connection). */
const WARM_UP_REQUESTS = 200;

export interface SoakBenchOptions {
  durationS?: number;
  connections?: number;
  bodyBytes?: number;
  burstConnections?: number;
  burstEveryS?: number;
  burstSeconds?: number;
  /** Requests sent to the slow target and to the unreachable one. */
  slowRequests?: number;
  downRequests?: number;
  pin?: boolean;
  /** Where the stores go (default: the OS temp dir). */
  tmpDir?: string;
  /** The hookctl to run (default: this repo's bin/hookctl.js). */
  bin?: string;
}

interface Check {
  ok: boolean;
  text: string;
}

interface Sample {
  /** Seconds since the load started. */
  t: number;
  rssKb: number;
  fds: number;
}

interface FdFigures {
  /** Before the first request. */
  cold: number;
  /** Idle after the warm-up, its connections closed: the figure to come back to. */
  start: number;
  /** What is open at `start` and was not at `cold` (e.g. a store file kept open), grouped. */
  warmExtra: string[];
  max: number;
  /** After the load, once back to `start` or after FD_SETTLE_MS. */
  after: number;
  /** How long after the load it took to get back to `start`; null: it did not. */
  settledMs: number | null;
  /** What the descriptors open after but not at `start` point to, grouped: "socket ×3". */
  extra: string[];
}

/** The warm-up and the load together: what the checks count. */
interface Sent {
  issued: number;
  ok: number;
  statuses: Record<string, number>;
  notOk: SoakLoadResult['notOk'];
  /** The slowest answer of all (ms). */
  maxMs: number;
  /** How many answer times that is over (every request, answered or not). */
  timed: number;
}

interface WarmUp {
  load: SoakLoadResult;
  cold: Map<string, string>;
  warm: Map<string, string>;
}

/** What the store holds, per sequence number, read back through the store API after hookctl exited. */
interface StoreTally {
  count: number;
  listed: number;
  counts: Uint8Array;
  /** Captures without a sequence number. */
  unnumbered: number;
  /** Captures whose header, body and path do not carry the same number. */
  inconsistent: number;
  /** Forward results: the target's status, `timeout`, `unreachable`, or `missing` (none recorded). */
  forwards: Record<string, number>;
  warnings: string[];
  readMs: number;
}

interface Tally {
  received: number;
  counts: Uint8Array;
  unnumbered: number;
}

/** Against the requests sent: answered ones never seen, any seen twice, numbers never sent. */
interface OnceFigures {
  missing: number[];
  duplicated: number[];
  unknown: number[];
}

export interface SustainedFigures {
  warmUp: number;
  load: SoakLoadResult;
  sent: Sent;
  samples: Sample[];
  cpuCores: number;
  rss: { startKb: number; refS: number; refKb: number; endKb: number; maxKb: number; idleKb: number };
  fds: FdFigures;
  store: StoreTally;
  storeOnce: OnceFigures;
  target: Tally;
  targetOnce: OnceFigures;
  checks: Check[];
}

export interface FaultFigures {
  title: string;
  expectedStatus: number;
  limitMs: number;
  warmUp: number;
  load: SoakLoadResult;
  sent: Sent;
  fds: FdFigures;
  store: StoreTally;
  storeOnce: OnceFigures;
  target: Tally | null;
  targetOnce: OnceFigures | null;
  checks: Check[];
}

export interface SoakFigures {
  options: Required<SoakBenchOptions>;
  sustained: SustainedFigures;
  slow: FaultFigures;
  down: FaultFigures;
  /** The checks that failed, all parts. */
  failed: string[];
}

export async function runSoakBench(options: SoakBenchOptions = {}): Promise<SoakFigures> {
  const opts: Required<SoakBenchOptions> = {
    durationS: options.durationS ?? 60,
    connections: options.connections ?? 10,
    bodyBytes: options.bodyBytes ?? 1024,
    burstConnections: options.burstConnections ?? 200,
    burstEveryS: options.burstEveryS ?? 10,
    burstSeconds: options.burstSeconds ?? 1,
    slowRequests: options.slowRequests ?? 50,
    downRequests: options.downRequests ?? 200,
    pin: options.pin ?? true,
    tmpDir: options.tmpDir ?? os.tmpdir(),
    bin: options.bin ?? BIN,
  };
  const work = await mkdtemp(path.join(opts.tmpDir, 'hookctl-bench-soak-'));
  try {
    const sustained = await runSustained(opts, path.join(work, 'sustained'));
    const slow = await runFault(opts, path.join(work, 'slow'), 'slow');
    const down = await runFault(opts, path.join(work, 'down'), 'down');
    const failed = [sustained.checks, slow.checks, down.checks].flat().filter((c) => !c.ok);
    return { options: opts, sustained, slow, down, failed: failed.map((c) => c.text) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

type Opts = Required<SoakBenchOptions>;

const cpuOf = (opts: Opts, n: 0 | 1) => (opts.pin ? String(n) : null);

function startHookctl(opts: Opts, target: string, storeDir: string, extra: string[] = []): Promise<Server> {
  return startServer('hookctl', cpuOf(opts, 1), [
    opts.bin,
    'listen',
    target,
    '--no-tunnel',
    '--no-ui',
    '--port',
    '0',
    '--json',
    '--keep',
    '0',
    '--store',
    storeDir,
    ...extra,
  ]);
}

async function runSustained(opts: Opts, storeDir: string): Promise<SustainedFigures> {
  const children: Server[] = [];
  try {
    const target = await startServer('soak target', cpuOf(opts, 0), [...TSX, here('soak-target.ts')]);
    children.push(target);
    const hook = await startHookctl(opts, target.url, storeDir);
    children.push(hook);
    await sleep(1_000);
    const rssStartKb = memoryKb(hook.pid, 'VmRSS');
    const warm = await warmUp(opts, hook, WARM_UP_REQUESTS);
    const cpuBefore = cpuSeconds(hook.pid);

    const sampler = createSampler(hook.pid, 1_000);
    const load = await runSoakLoad(
      hook.url,
      [
        '--connections',
        String(opts.connections),
        '--size',
        String(opts.bodyBytes),
        '--duration',
        String(opts.durationS),
        '--burst-connections',
        String(opts.burstConnections),
        '--burst-every',
        String(opts.burstEveryS),
        '--burst-first',
        String(opts.burstEveryS / 2),
        '--burst-seconds',
        String(opts.burstSeconds),
        '--first-seq',
        String(warm.load.issued),
      ],
      cpuOf(opts, 0),
      sampler.start,
    ).finally(sampler.stop);
    const { samples } = sampler;
    const cpuAfter = cpuSeconds(hook.pid);
    const cpuS = cpuAfter.user + cpuAfter.sys - cpuBefore.user - cpuBefore.sys;

    const during = samples.filter((s) => s.t <= opts.durationS);
    const fds = await settleFds(hook.pid, warm, Math.max(0, ...during.map((s) => s.fds)), storeDir);
    const idleKb = memoryKb(hook.pid, 'VmRSS');
    const tally = await targetCounts(target.url);
    await hook.stop();
    await target.stop();

    const refS = Math.min(10, Math.floor(opts.durationS / 2));
    const rssAt = (t: number) => during.find((s) => s.t >= t)?.rssKb ?? Number.NaN;
    const rss = {
      startKb: rssStartKb,
      refS,
      refKb: rssAt(refS),
      endKb: during.at(-1)?.rssKb ?? Number.NaN,
      maxKb: Math.max(...during.map((s) => s.rssKb)),
      idleKb,
    };
    const store = await tallyStore(storeDir);
    const sent = combine(warm.load, load);
    const answered = answeredSet(sent, (n) => n.status !== null && n.status >= 200 && n.status < 300);
    const storeOnce = once(store.counts, sent.issued, answered);
    const targetOnce = once(tally.counts, sent.issued, answered);
    const checks: Check[] = [
      {
        ok: sent.ok === sent.issued,
        text: `every request answered 2xx with its own answer: ${sent.ok} of ${sent.issued}${describeStatuses(sent, 200)}`,
      },
      storeCheck(store, storeOnce, sent.ok),
      consistencyCheck(store),
      {
        ok: onceOk(targetOnce) && tally.unnumbered === 0 && tally.received === sent.ok,
        text: `the target received every answered request exactly once: ${tally.received} received${describeOnce(targetOnce)}${tally.unnumbered ? `, ${tally.unnumbered} without a number` : ''}`,
      },
      forwardCheck(store, '200', "the target's 200"),
      fdCheck(fds),
    ];
    return {
      warmUp: warm.load.issued,
      load,
      sent,
      samples,
      cpuCores: cpuS / Math.max(load.seconds, 1e-9),
      rss,
      fds,
      store,
      storeOnce,
      target: tally,
      targetOnce,
      checks,
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

async function runFault(opts: Opts, storeDir: string, kind: 'slow' | 'down'): Promise<FaultFigures> {
  const children: Server[] = [];
  try {
    let target: Server | null = null;
    let targetUrl: string;
    if (kind === 'slow') {
      target = await startServer('slow target', cpuOf(opts, 0), [
        ...TSX,
        here('soak-target.ts'),
        '--delay-ms',
        String(SLOW_TARGET_MS),
      ]);
      children.push(target);
      targetUrl = target.url;
    } else {
      targetUrl = `http://127.0.0.1:${await closedPort()}`;
    }
    const extra = kind === 'slow' ? ['--forward-timeout', `${SLOW_FORWARD_TIMEOUT_MS}ms`] : [];
    const hook = await startHookctl(opts, targetUrl, storeDir, extra);
    children.push(hook);
    await sleep(500);
    const warm = await warmUp(opts, hook, opts.connections);
    const requests = kind === 'slow' ? opts.slowRequests : opts.downRequests;
    // Only the fds count here, and the runs are short.
    const sampler = createSampler(hook.pid, 100);
    const load = await runSoakLoad(
      hook.url,
      [
        '--connections',
        String(opts.connections),
        '--size',
        String(opts.bodyBytes),
        '--requests',
        String(requests),
        '--first-seq',
        String(warm.load.issued),
      ],
      cpuOf(opts, 0),
      sampler.start,
    ).finally(sampler.stop);
    const maxFds = Math.max(0, ...sampler.samples.map((x) => x.fds));
    const fds = await settleFds(hook.pid, warm, maxFds, storeDir);
    const tally = target === null ? null : await targetCounts(target.url);
    await hook.stop();
    await target?.stop();

    const expectedStatus = kind === 'slow' ? 504 : 502;
    const limitMs = (kind === 'slow' ? SLOW_FORWARD_TIMEOUT_MS : 0) + SLACK_MS;
    const store = await tallyStore(storeDir);
    const sent = combine(warm.load, load);
    const answered = answeredSet(sent, (n) => n.status !== null);
    const storeOnce = once(store.counts, sent.issued, answered);
    const targetOnce = tally === null ? null : once(tally.counts, sent.issued, new Set());
    const rightStatus = sent.statuses[String(expectedStatus)] ?? 0;
    const forward = kind === 'slow' ? 'timeout' : 'unreachable';
    const checks: Check[] = [
      {
        ok: rightStatus === sent.issued && load.issued === requests,
        text: `every request answered ${expectedStatus}: ${rightStatus} of ${sent.issued}${describeStatuses(sent, expectedStatus)}`,
      },
      {
        ok: sent.maxMs <= limitMs && sent.timed === sent.issued,
        text: `every answer within ${limitMs} ms: the slowest took ${sent.maxMs.toFixed(0)} ms`,
      },
      storeCheck(store, storeOnce, answered.size),
      consistencyCheck(store),
      forwardCheck(store, forward, kind === 'slow' ? 'a timeout' : 'unreachable (not a timeout)'),
      ...(tally === null || targetOnce === null
        ? []
        : [
            {
              ok:
                targetOnce.duplicated.length === 0 &&
                targetOnce.unknown.length === 0 &&
                tally.unnumbered === 0,
              text: `the target got no request twice: ${tally.received} received${describeOnce({ ...targetOnce, missing: [] })}`,
            },
          ]),
      fdCheck(fds),
    ];
    return {
      title:
        kind === 'slow'
          ? `slow target (answers after ${SLOW_TARGET_MS / 1000} s), --forward-timeout ${SLOW_FORWARD_TIMEOUT_MS / 1000}s`
          : 'target down (nothing listens on its port), default --forward-timeout',
      expectedStatus,
      limitMs,
      warmUp: warm.load.issued,
      load,
      sent,
      fds,
      store,
      storeOnce,
      target: tally,
      targetOnce,
      checks,
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/**
 * `requests` requests (sequence numbers from 0) on `opts.connections` connections, then waits for
 * hookctl's connections to close: what is open then (a store file the store keeps open, say) is its idle
 * figure, the one to come back to after the load. Requests of the warm-up are checked like the others.
 */
async function warmUp(opts: Opts, hook: Server, requests: number): Promise<WarmUp> {
  const cold = fdTargets(hook.pid);
  const load = await runSoakLoad(
    hook.url,
    [
      '--connections',
      String(opts.connections),
      '--size',
      String(opts.bodyBytes),
      '--requests',
      String(requests),
    ],
    cpuOf(opts, 0),
    () => {},
  );
  const sockets = (fds: Map<string, string>) =>
    [...fds.values()].filter((t) => t.startsWith('socket:')).length;
  const began = performance.now();
  let warm = fdTargets(hook.pid);
  while (sockets(warm) > sockets(cold) && performance.now() - began < FD_SETTLE_MS) {
    await sleep(200);
    warm = fdTargets(hook.pid);
  }
  return { load, cold, warm };
}

function combine(warm: SoakLoadResult, load: SoakLoadResult): Sent {
  const statuses: Record<string, number> = { ...warm.statuses };
  for (const [status, n] of Object.entries(load.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const latencies = [warm.steady, warm.burst, load.steady, load.burst];
  return {
    issued: warm.issued + load.issued,
    ok: warm.ok + load.ok,
    statuses,
    notOk: [...warm.notOk, ...load.notOk],
    maxMs: Math.max(0, ...latencies.filter((l) => l.count > 0).map((l) => l.maxMs)),
    timed: latencies.reduce((total, l) => total + l.count, 0),
  };
}

/** Samples a process's VmRSS and open fds every `everyMs` from `start` (and at it) until `stop`. */
function createSampler(pid: number, everyMs: number): { samples: Sample[]; start(): void; stop(): void } {
  const samples: Sample[] = [];
  let timer: NodeJS.Timeout | undefined;
  return {
    samples,
    start() {
      const startedAt = performance.now();
      const sample = () => {
        try {
          samples.push({
            t: Math.round((performance.now() - startedAt) / 1000),
            rssKb: memoryKb(pid, 'VmRSS'),
            fds: fdCount(pid),
          });
        } catch {
          // The process is gone: its requests fail, and the checks say so.
        }
      };
      sample();
      timer = setInterval(sample, everyMs);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** Runs bench/soak-load.ts against `url`; `onStarted` when its first request goes out. */
function runSoakLoad(
  url: string,
  args: string[],
  cpuId: string | null,
  onStarted: () => void,
): Promise<SoakLoadResult> {
  const child = spawnNode(cpuId, [...TSX, here('soak-load.ts'), url, ...args]);
  let buffered = '';
  let result: SoakLoadResult | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, newline)) as { kind: string } & SoakLoadResult;
      buffered = buffered.slice(newline + 1);
      if (line.kind === 'started') onStarted();
      else result = line;
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`soak load generator exited ${code}: ${buffered}`));
    });
  });
}

async function targetCounts(url: string): Promise<Tally> {
  const res = await request(`${url}/counts`);
  const tally = (await res.body.json()) as TargetCounts;
  return {
    received: tally.received,
    unnumbered: tally.unnumbered,
    counts: new Uint8Array(Buffer.from(tally.counts, 'base64')),
  };
}

/** Reads every capture back through the store API and tallies its sequence number and forward result. */
async function tallyStore(dir: string): Promise<StoreTally> {
  const started = performance.now();
  const warnings: string[] = [];
  const store = await openStore({ dir, warn: (message) => warnings.push(message) });
  const count = await store.count();
  const summaries = await store.list({ limit: Number.POSITIVE_INFINITY });
  let counts = new Uint8Array(64 * 1024);
  let unnumbered = 0;
  let inconsistent = 0;
  const forwards: Record<string, number> = {};
  for (const { forward } of summaries) {
    const key =
      forward === null
        ? 'missing'
        : forward.status !== null
          ? String(forward.status)
          : forward.error?.startsWith('timeout')
            ? 'timeout'
            : 'unreachable';
    forwards[key] = (forwards[key] ?? 0) + 1;
  }
  let next = 0;
  const worker = async () => {
    while (next < summaries.length) {
      const summary = summaries[next++];
      if (summary === undefined) break;
      const capture = await store.get(summary.id);
      const seq = seqOf(capture);
      if (seq === 'inconsistent') inconsistent++;
      if (typeof seq !== 'number') {
        unnumbered++;
        continue;
      }
      if (seq >= counts.length) {
        const grown = new Uint8Array(Math.max(seq + 1, counts.length * 2));
        grown.set(counts);
        counts = grown;
      }
      if ((counts[seq] as number) < 255) counts[seq] = (counts[seq] as number) + 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return {
    count,
    listed: summaries.length,
    counts,
    unnumbered,
    inconsistent,
    forwards,
    warnings,
    readMs: performance.now() - started,
  };
}

/** The capture's sequence number, when its header, body and path all carry the same one. */
function seqOf(capture: Capture): number | 'inconsistent' | null {
  const header = capture.headers.find(([name]) => name.toLowerCase() === 'x-soak-seq')?.[1];
  if (header === undefined) return null;
  let body: unknown;
  try {
    body = (JSON.parse(capture.body.toString('utf8')) as { seq?: unknown }).seq;
  } catch {
    body = undefined;
  }
  const fromPath = /^\/webhooks\/soak\/(\d+)$/.exec(capture.path)?.[1];
  const seq = Number(header);
  return Number.isInteger(seq) && seq >= 0 && body === seq && fromPath === header ? seq : 'inconsistent';
}

/** Sequence numbers 0 .. issued-1 minus those in notOk that `answered` rejects. */
function answeredSet(load: Sent, answered: (n: Sent['notOk'][number]) => boolean) {
  const not = new Set(load.notOk.filter((n) => !answered(n)).map((n) => n.seq));
  const set = new Set<number>();
  for (let seq = 0; seq < load.issued; seq++) if (!not.has(seq)) set.add(seq);
  return set;
}

function once(counts: Uint8Array, issued: number, answered: Set<number>): OnceFigures {
  const figures: OnceFigures = { missing: [], duplicated: [], unknown: [] };
  for (const seq of answered) if ((counts[seq] ?? 0) === 0) figures.missing.push(seq);
  counts.forEach((n, seq) => {
    if (n > 1) figures.duplicated.push(seq);
    if (n > 0 && seq >= issued) figures.unknown.push(seq);
  });
  return figures;
}

const onceOk = (o: OnceFigures) => o.missing.length + o.duplicated.length + o.unknown.length === 0;

function describeOnce(o: OnceFigures): string {
  const list = (seqs: number[]) => seqs.slice(0, 10).join(', ') + (seqs.length > 10 ? ', ...' : '');
  return [
    o.missing.length ? `; MISSING ${o.missing.length} (${list(o.missing)})` : '',
    o.duplicated.length ? `; TWICE OR MORE ${o.duplicated.length} (${list(o.duplicated)})` : '',
    o.unknown.length ? `; NEVER SENT ${o.unknown.length} (${list(o.unknown)})` : '',
  ].join('');
}

/** Nothing when every answer was `expected`; else the answers by status and the first error. */
function describeStatuses(load: Sent, expected: number): string {
  if (load.statuses[String(expected)] === load.issued) return '';
  const parts = Object.entries(load.statuses).map(([status, n]) => `${status}: ${n}`);
  const first = load.notOk.find((n) => n.error !== undefined)?.error;
  return ` (${parts.join(', ')}${first === undefined ? '' : `; first error: ${first}`})`;
}

function storeCheck(store: StoreTally, o: OnceFigures, answered: number): Check {
  const ok =
    onceOk(o) &&
    store.unnumbered === 0 &&
    store.count === store.listed &&
    store.listed === answered &&
    store.warnings.length === 0;
  return {
    ok,
    text:
      `the store holds every answered request exactly once: ${store.count} captures (${store.listed} listed) for ${answered} answered` +
      describeOnce(o) +
      (store.unnumbered ? `; ${store.unnumbered} without a number` : '') +
      (store.warnings.length ? `; ${store.warnings.length} unreadable: ${store.warnings[0]}` : '') +
      ` (read back in ${(store.readMs / 1000).toFixed(1)} s)`,
  };
}

function consistencyCheck(store: StoreTally): Check {
  return {
    ok: store.inconsistent === 0,
    text: `each capture's header, body and path carry the same number: ${store.inconsistent} do not`,
  };
}

function forwardCheck(store: StoreTally, expected: string, label: string): Check {
  const got = store.forwards[expected] ?? 0;
  const others = Object.entries(store.forwards)
    .filter(([key]) => key !== expected)
    .map(([key, n]) => `${key}: ${n}`);
  return {
    ok: got === store.listed,
    text: `every capture has its forward result, ${label}: ${got} of ${store.listed}${others.length ? ` (${others.join(', ')})` : ''}`,
  };
}

function fdCheck(fds: FdFigures): Check {
  return {
    ok: fds.settledMs !== null,
    text:
      fds.settledMs === null
        ? `open fds back to the warm idle figure: ${fds.after} ${(FD_SETTLE_MS / 1000).toFixed(0)} s after the load, ${fds.start} before it (more: ${fds.extra.join(', ')})`
        : `open fds back to the warm idle figure: ${fds.after} (${fds.start} before the load) ${(fds.settledMs / 1000).toFixed(1)} s after it`,
  };
}

function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** fd number → what it points to (`socket:[123]`, a path, ...). */
function fdTargets(pid: number): Map<string, string> {
  const targets = new Map<string, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      targets.set(fd, readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // Closed between the listing and the readlink.
    }
  }
  return targets;
}

/** Waits up to FD_SETTLE_MS for hookctl's open fds to come back to the start figure. */
async function settleFds(pid: number, warm: WarmUp, maxDuring: number, storeDir: string): Promise<FdFigures> {
  const atStart = warm.warm;
  const figures = {
    cold: warm.cold.size,
    start: atStart.size,
    warmExtra: describeFds(warm.cold, atStart, storeDir),
  };
  const began = performance.now();
  let max = maxDuring;
  for (;;) {
    const count = fdCount(pid);
    max = Math.max(max, count);
    const waited = performance.now() - began;
    if (count <= atStart.size) {
      return { ...figures, max, after: count, settledMs: waited, extra: [] };
    }
    if (waited >= FD_SETTLE_MS) break;
    await sleep(200);
  }
  const now = fdTargets(pid);
  return { ...figures, max, after: now.size, settledMs: null, extra: describeFds(atStart, now, storeDir) };
}

/** What the fds open in `now` and not in `before` point to, grouped: "socket ×3", "store file ... ×1". */
function describeFds(before: Map<string, string>, now: Map<string, string>, storeDir: string): string[] {
  const kinds = new Map<string, number>();
  for (const [fd, target] of now) {
    if (before.get(fd) === target) continue;
    const kind = target.startsWith(storeDir)
      ? `store file ${path.relative(storeDir, target)}`
      : target.replace(/\[\d+\]$/, '');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([kind, n]) => `${kind} ×${n}`);
}

/** A port on 127.0.0.1 that nothing listens on: the OS picks a free one, and we let it go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const ms = (n: number) => (n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(2)} ms`);

function printChecks(checks: Check[]): void {
  for (const check of checks) console.log(`${check.ok ? '✓' : '✗ FAILED:'} ${check.text}`);
}

export function printSoakFigures(f: SoakFigures): void {
  const { options: o, sustained: s } = f;
  console.log(
    `## sustained: ${o.durationS} s, ${o.connections} keep-alive connections (closed loop), ${o.bodyBytes} B bodies, plus a burst of ${o.burstConnections} more connections for ${o.burstSeconds} s every ${o.burstEveryS} s from ${o.burstEveryS / 2} s; stores in ${o.tmpDir}; ${o.pin ? 'hookctl on CPU 1, load + target on CPU 0' : 'no pinning'}\n`,
  );
  console.log('| seconds | answers/s | hookctl RSS (end) | open fds (max) |');
  console.log('| --- | ---: | ---: | ---: |');
  const step = 5;
  const burstStarts: number[] = [];
  for (
    let at = o.burstEveryS / 2;
    o.burstEveryS > 0 && at + o.burstSeconds <= o.durationS;
    at += o.burstEveryS
  ) {
    burstStarts.push(at);
  }
  for (let from = 0; from < o.durationS; from += step) {
    const to = Math.min(o.durationS, from + step);
    const answers = s.load.perSecond.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    const window = s.samples.filter((x) => x.t > from && x.t <= to);
    const last = window.at(-1);
    const bursty = burstStarts.some((at) => at < to && at + o.burstSeconds > from);
    console.log(
      `| ${from}-${to}${bursty ? ' (burst)' : ''} | ${answers.toFixed(0)} | ${last === undefined ? '' : mb(last.rssKb)} | ${window.length ? Math.max(...window.map((x) => x.fds)) : ''} |`,
    );
  }
  const l = s.load;
  const rssRatio = s.rss.endKb / s.rss.refKb;
  console.log('\n| | |');
  console.log('| --- | --- |');
  console.log(
    `| requests/s | ${(l.issued / l.seconds).toFixed(0)} (${l.issued} requests in ${l.seconds.toFixed(1)} s, ${l.bursts} bursts included; after a warm-up of ${s.warmUp}) |`,
  );
  console.log(
    `| answer time, steady connections | p50 ${ms(l.steady.p50Ms)}, p99 ${ms(l.steady.p99Ms)}, max ${ms(l.steady.maxMs)} (${l.steady.count} requests) |`,
  );
  console.log(`| answer time, burst connections | ${describeLatency(l.burst)} |`);
  console.log(`| hookctl CPU | ${s.cpuCores.toFixed(2)} cores |`);
  console.log(
    `| hookctl RSS | ${mb(s.rss.startKb)} idle before; ${mb(s.rss.refKb)} at ${s.rss.refS} s → ${mb(s.rss.endKb)} at the end = ${rssRatio.toFixed(2)}x (${rssRatio <= 1.15 ? 'flat' : 'GREW'}); max ${mb(s.rss.maxKb)}; ${mb(s.rss.idleKb)} idle after |`,
  );
  console.log(`| hookctl open fds | ${describeFdFigures(s.fds)} |`);
  console.log('');
  printChecks(s.checks);

  for (const part of [f.slow, f.down]) {
    const { load: p, sent } = part;
    console.log(
      `\n## ${part.title}: ${p.issued} requests over ${o.connections} connections, after a warm-up of ${part.warmUp}\n`,
    );
    const answers = Object.entries(sent.statuses).map(([status, n]) => `${status} ×${n}`);
    console.log(
      `answered ${answers.join(', ')} (warm-up included); the load took ${p.seconds.toFixed(1)} s, answer time p50 ${ms(p.steady.p50Ms)}, max ${ms(sent.maxMs)} (limit ${part.limitMs} ms)`,
    );
    console.log(`hookctl open fds: ${describeFdFigures(part.fds)}\n`);
    printChecks(part.checks);
  }
  console.log(
    f.failed.length === 0
      ? '\nsoak: every check passed'
      : `\nsoak: ${f.failed.length} check${f.failed.length === 1 ? '' : 's'} FAILED`,
  );
}

function describeFdFigures(fds: FdFigures): string {
  const warm = fds.warmExtra.length ? ` (+ ${fds.warmExtra.join(', ')})` : '';
  const settled =
    fds.settledMs === null
      ? ` ${FD_SETTLE_MS / 1000} s after the load, NOT back`
      : ` ${(fds.settledMs / 1000).toFixed(1)} s after the load`;
  return `${fds.cold} before any request; ${fds.start} idle after the warm-up${warm}; max ${fds.max} under load; ${fds.after}${settled}`;
}

function describeLatency(l: Latency): string {
  return l.count === 0
    ? 'none'
    : `p50 ${ms(l.p50Ms)}, p99 ${ms(l.p99Ms)}, max ${ms(l.maxMs)} (${l.count} requests)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '60' },
      connections: { type: 'string', default: '10' },
      size: { type: 'string', default: '1024' },
      'burst-connections': { type: 'string', default: '200' },
      'burst-every': { type: 'string', default: '10' },
      'burst-seconds': { type: 'string', default: '1' },
      'no-pin': { type: 'boolean', default: false },
      tmp: { type: 'string' },
      bin: { type: 'string' },
    },
  });
  const figures = await runSoakBench({
    durationS: Number(values.duration),
    connections: Number(values.connections),
    bodyBytes: Number(values.size),
    burstConnections: Number(values['burst-connections']),
    burstEveryS: Number(values['burst-every']),
    burstSeconds: Number(values['burst-seconds']),
    pin: !values['no-pin'],
    tmpDir: values.tmp,
    bin: values.bin === undefined ? undefined : path.resolve(values.bin),
  });
  printSoakFigures(figures);
  if (figures.failed.length > 0) process.exitCode = 1;
}
