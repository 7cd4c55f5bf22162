/**
 * The relay end to end, sender → app, next to direct `listen` measured in the same run. Children: the
 * built `hookctl relay dev --port 0 --json` (Miniflare, with its workerd), `hookctl listen <app> --relay
 * <channel>` and `hookctl listen <app> --no-tunnel` (the reference); the sender and the app are in this
 * process (bench/relay-traffic.ts). No pinning: relay dev, workerd, listen and this process share 2 cores.
 *
 * - Throughput: N events over C connections, from the first send until the app has all N; live (listen
 *   --relay connected) and backlog (all N sent with no listener, then listen --relay started and timed
 *   from its spawn, start-up included, until the app has all N). Sending into the relay alone is a row too.
 * - Latency: M events one at a time, each sent once the previous reached the app: send → app, and send →
 *   the sender's answer (the relay answers once it stored the event; direct listen with the app's answer).
 * - Every event must reach the app exactly once, and no workerd may outlive the run: else exit 1.
 *
 *   npm run build && node --import tsx bench/relay.ts [--n 2000] [--connections 10] [--sequential 300]
 *     [--size 1024] [--warmup 2000] [--tmp DIR] [--bin path/to/bin/hookctl.js]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuOf, type Server, startServer, withChildren } from './processes.ts';
import { type Sender, startApp, startSender } from './relay-traffic.ts';

const BIN = fileURLToPath(new URL('../bin/hookctl.js', import.meta.url));

export interface RelayBenchOptions {
  n?: number;
  connections?: number;
  sequential?: number;
  bodyBytes?: number;
  /** Events through each live path before it is measured (checked too). Below ~2,000 listen is still cold. */
  warmup?: number;
  tmpDir?: string;
  bin?: string;
}

interface Throughput {
  eventsPerS: number;
  /** CPU µs (user + system) per event of the listen process, and of relay dev + its workerd. */
  listenCpuUs: number | null;
  relayCpuUs: number | null;
}

interface Latency {
  toAppP50: number;
  toAppP99: number;
  answerP50: number;
  answerP99: number;
}

export interface RelayFigures {
  options: Required<RelayBenchOptions>;
  direct: { throughput: Throughput; latency: Latency };
  live: { throughput: Throughput; latency: Latency };
  backlog: { ingest: Throughput; drain: Throughput };
  /** What went wrong: lost, duplicated or stray events, a workerd left running. Empty when all is well. */
  failed: string[];
}

export async function runRelayBench(options: RelayBenchOptions = {}): Promise<RelayFigures> {
  const opts = {
    n: options.n ?? 2000,
    connections: options.connections ?? 10,
    sequential: options.sequential ?? 300,
    bodyBytes: options.bodyBytes ?? 1024,
    warmup: options.warmup ?? 2000,
    tmpDir: options.tmpDir ?? os.tmpdir(),
    bin: options.bin ?? BIN,
  };
  const work = await mkdtemp(path.join(opts.tmpDir, 'hookctl-bench-relay-'));
  const workerdBefore = new Set(workerdPids());
  const children: Server[] = [];
  const senders: Sender[] = [];
  const start = async (name: string, args: string[]) => {
    const child = await startServer(name, null, [opts.bin, ...args]);
    children.push(child);
    return child;
  };
  const sender = (base: string) => {
    const made = startSender(base, opts.connections, opts.bodyBytes);
    senders.push(made);
    return made;
  };
  const app = await startApp();
  const listenArgs = (store: string) => [
    'listen',
    app.url,
    '--no-ui',
    '--port',
    '0',
    '--json',
    '--keep',
    '0',
    '--store',
    path.join(work, store),
  ];
  const failed: string[] = [];
  try {
    const relay = await start('relay dev', ['relay', 'dev', '--port', '0', '--json']);
    const token = String(relay.ready.token);
    const relayArgs = (channelUrl: string) => ['--relay', channelUrl, '--relay-token', token];
    const direct = await start('listen', [...listenArgs('direct'), '--no-tunnel']);
    const live = await start('listen --relay', [
      ...listenArgs('live'),
      ...relayArgs(String(relay.ready.channelUrl)),
    ]);
    const toDirect = sender(direct.url);
    const toRelay = sender(String(relay.ready.channelUrl));

    const throughput = async (name: string, to: Sender, listen: Server): Promise<Throughput> => {
      app.phase(name, opts.n);
      const before = [cpuOf([listen.pid]), cpuOf(withChildren(relay.pid))];
      const [started, last] = await Promise.all([to.sendAll(name, opts.n), app.all(name)]);
      const after = [cpuOf([listen.pid]), cpuOf(withChildren(relay.pid))];
      const perEvent = (i: number) => ((after[i] as number) - (before[i] as number)) * (1e6 / opts.n);
      return {
        eventsPerS: opts.n / ((last - started) / 1000),
        listenCpuUs: perEvent(0),
        relayCpuUs: listen === direct ? null : perEvent(1),
      };
    };
    const sequential = async (name: string, to: Sender): Promise<Latency> => {
      app.phase(name, opts.sequential);
      const toApp: number[] = [];
      const answer: number[] = [];
      for (let seq = 0; seq < opts.sequential; seq++) {
        const sent = performance.now();
        const [answered, arrived] = await Promise.all([to.send(name, seq), app.arrival(name, seq)]);
        toApp.push(arrived - sent);
        answer.push(answered - sent);
      }
      return {
        toAppP50: quantile(toApp, 0.5),
        toAppP99: quantile(toApp, 0.99),
        answerP50: quantile(answer, 0.5),
        answerP99: quantile(answer, 0.99),
      };
    };

    // Warm-ups (which also wait until listen --relay is connected), then the figures.
    for (const [name, to] of [
      ['direct-warmup', toDirect],
      ['live-warmup', toRelay],
    ] as const) {
      app.phase(name, opts.warmup);
      await Promise.all([to.sendAll(name, opts.warmup), app.all(name, 60_000)]);
    }
    const directThroughput = await throughput('direct', toDirect, direct);
    const liveThroughput = await throughput('live', toRelay, live);

    // Backlog: a channel of its own, filled while no listener follows it, then drained by a new listen.
    const backlogUrl = `${relay.url}/ch_bench_${randomBytes(6).toString('hex')}`;
    const toBacklog = sender(backlogUrl);
    const backlog = app.phase('backlog', opts.n);
    let relayCpu = cpuOf(withChildren(relay.pid));
    const sendStarted = await toBacklog.sendAll('backlog', opts.n);
    const ingest: Throughput = {
      eventsPerS: opts.n / ((performance.now() - sendStarted) / 1000),
      listenCpuUs: null,
      relayCpuUs: (cpuOf(withChildren(relay.pid)) - relayCpu) * (1e6 / opts.n),
    };
    if (backlog.arrivedAt.size > 0) failed.push(`${backlog.arrivedAt.size} backlog events arrived early`);
    relayCpu = cpuOf(withChildren(relay.pid));
    const drainStarted = performance.now();
    const drainer = await start('listen --relay (backlog)', [
      ...listenArgs('backlog'),
      ...relayArgs(backlogUrl),
    ]);
    const drainedAt = await app.all('backlog');
    const drain: Throughput = {
      eventsPerS: opts.n / ((drainedAt - drainStarted) / 1000),
      listenCpuUs: cpuOf([drainer.pid]) * (1e6 / opts.n),
      relayCpuUs: (cpuOf(withChildren(relay.pid)) - relayCpu) * (1e6 / opts.n),
    };

    const directLatency = await sequential('direct-seq', toDirect);
    const liveLatency = await sequential('live-seq', toRelay);
    // A moment for anything sent twice to arrive twice, then the tally.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const [name, phase] of app.phases()) {
      const lost = phase.n - phase.arrivedAt.size;
      if (lost > 0 || phase.duplicates > 0) {
        failed.push(
          `${name}: ${lost} of ${phase.n} never reached the app, ${phase.duplicates} arrived twice`,
        );
      }
    }
    if (app.strays() > 0) failed.push(`${app.strays()} requests at the app were none of the sent events`);
    return {
      options: opts,
      direct: { throughput: directThroughput, latency: directLatency },
      live: { throughput: liveThroughput, latency: liveLatency },
      backlog: { ingest, drain },
      failed,
    };
  } finally {
    await Promise.all(senders.map((s) => s.close()));
    // listen first, then relay dev (SIGTERM: it disposes Miniflare, which stops workerd).
    await Promise.all(children.slice(1).map((child) => child.stop()));
    await children[0]?.stop();
    await app.close();
    await rm(work, { recursive: true, force: true });
    // The returned figures hold this same array: a workerd left behind fails the run too.
    failed.push(...(await noWorkerdLeft(workerdBefore)));
  }
}

/** The pids of running workerd processes. */
function workerdPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'workerd'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Waits up to 5 s for every workerd started during the run to end; kills (and reports) what is left. */
async function noWorkerdLeft(before: Set<number>): Promise<string[]> {
  let left: number[] = [];
  for (let i = 0; i < 50; i++) {
    left = workerdPids().filter((pid) => !before.has(pid));
    if (left.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return [`workerd ${left.join(', ')} still ran 5 s after relay dev ended (killed now)`];
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export function printRelayFigures(f: RelayFigures): void {
  const o = f.options;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const us = (v: number | null) => (v === null ? '' : v.toFixed(0));
  console.log(
    `${o.n} events of ${o.bodyBytes} B over ${o.connections} keep-alive connections (after ${o.warmup} uncounted), then ${o.sequential} one at a time; relay dev on Miniflare, no pinning\n`,
  );
  console.log(
    '| path | events/s | vs direct listen | listen CPU µs/event | relay dev + workerd CPU µs/event |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const ref = f.direct.throughput.eventsPerS;
  for (const [name, t] of [
    ['sender → `listen` → app (reference)', f.direct.throughput],
    ['sender → relay → `listen --relay` → app, live', f.live.throughput],
    ['backlog: `listen --relay` start → app has all (drain)', f.backlog.drain],
    ['sender → relay only (no listener: the backlog filling)', f.backlog.ingest],
  ] as const) {
    console.log(
      `| ${name} | ${t.eventsPerS.toFixed(0)} | ${ratio(t.eventsPerS, ref)} | ${us(t.listenCpuUs)} | ${us(t.relayCpuUs)} |`,
    );
  }
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const d = f.direct.latency;
  console.log(`\none at a time (${o.sequential} events):\n`);
  console.log('| path | send → app p50 | p99 | vs direct p50 | vs direct p99 | send → answer p50 | p99 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, l] of [
    ["`listen` (reference; answers with the app's answer)", d],
    ['relay, live (answers once stored)', f.live.latency],
  ] as const) {
    console.log(
      `| ${name} | ${ms(l.toAppP50)} | ${ms(l.toAppP99)} | ${ratio(l.toAppP50, d.toAppP50)} | ${ratio(l.toAppP99, d.toAppP99)} | ${ms(l.answerP50)} | ${ms(l.answerP99)} |`,
    );
  }
  console.log(
    f.failed.length === 0
      ? '\n✓ every event reached the app exactly once; no workerd left running'
      : `\n✗ ${f.failed.join('\n✗ ')}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '2000' },
      connections: { type: 'string', default: '10' },
      sequential: { type: 'string', default: '300' },
      size: { type: 'string', default: '1024' },
      warmup: { type: 'string', default: '2000' },
      tmp: { type: 'string' },
      bin: { type: 'string' },
    },
  });
  const figures = await runRelayBench({
    n: Number(values.n),
    connections: Number(values.connections),
    sequential: Number(values.sequential),
    bodyBytes: Number(values.size),
    warmup: Number(values.warmup),
    ...(values.tmp === undefined ? {} : { tmpDir: values.tmp }),
    ...(values.bin === undefined ? {} : { bin: path.resolve(values.bin) }),
  });
  printRelayFigures(figures);
  if (figures.failed.length > 0) process.exitCode = 1;
}
