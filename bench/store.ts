/**
 * How the capture store scales: builds a store of N ~1 KB captures and times the reads a person waits
 * for (`list`, `show <prefix>`, `replay`), in-process and as whole `hookctl` processes (start-up included,
 * shown against `node -e 0` measured in the same run), plus the write cost at N vs 100.
 *
 *   npm run build && node --import tsx bench/store.ts [--n 100000] [--gap 1000] [--dir DIR] [--keep]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeCaptureRecord, encodeForwardRecord } from '../src/core/store/format.ts';
import { createIdGenerator } from '../src/core/store/ids.ts';
import { type CaptureStore, openStore } from '../src/core/store/index.ts';
import type { CaptureMeta, ForwardResult } from '../src/core/types.ts';
import { medianOf, timeNodeProcess } from './timing.ts';

export interface StoreBenchOptions {
  /** Captures in the big store (default 100,000). */
  n?: number;
  /** Milliseconds between captures; 1000 spreads 100,000 over ~95 shards, 0 puts them all in one. */
  gapMs?: number;
  /** Where to build the store; a temp dir (removed afterwards unless `keep`) by default. */
  dir?: string;
  keep?: boolean;
  /** Repetitions per timing; the median is reported. */
  runs?: number;
}

export interface StoreBenchFigures {
  n: number;
  gapMs: number;
  buildMs: number;
  prefixLength: number;
  /** Median ms in-process, each run on a freshly opened store. */
  inProcess: Record<Operation, number>;
  /** Median ms of a whole `node probe.mjs <op>` child process, start-up included. */
  coldProcess: Record<Operation | 'nodeStartup' | 'replay', number>;
  /** Median ms of one begin + finish. */
  writeAtN: number;
  writeAt100: number;
}

type Operation = 'list20' | 'resolvePrefix' | 'get' | 'listProvider' | 'listProviderNoMatch';

/** The built CLI: run `npm run build` first (`npm run bench` does). */
const BIN = fileURLToPath(new URL('../bin/hookctl.js', import.meta.url));

export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchFigures> {
  const n = options.n ?? 100_000;
  const gapMs = options.gapMs ?? 1000;
  const runs = options.runs ?? 5;
  const work = await mkdtemp(path.join(os.tmpdir(), 'hookctl-bench-'));
  const dir = options.dir ?? path.join(work, 'store');
  try {
    let started = performance.now();
    const ids = buildStore(dir, n, gapMs);
    const buildMs = performance.now() - started;
    const middle = Math.floor(ids.length / 2);
    const target = ids[middle] as string;
    const prefix = uniquePrefix(target, [ids[middle - 1], ids[middle + 1]]);

    const ops: Record<Operation, (store: CaptureStore) => Promise<unknown>> = {
      list20: (store) => store.list({ limit: 20 }),
      resolvePrefix: (store) => store.resolve(prefix),
      get: (store) => store.get(target),
      listProvider: (store) => store.list({ limit: 20, provider: 'slack' }),
      listProviderNoMatch: (store) => store.list({ limit: 20, provider: 'shopify' }),
    };
    const inProcess = {} as Record<Operation, number>;
    for (const [name, op] of Object.entries(ops) as [Operation, (typeof ops)[Operation]][]) {
      inProcess[name] = await medianOf(runs, async () => {
        const store = await openStore({ dir });
        started = performance.now();
        await op(store);
        return performance.now() - started;
      });
    }

    // Whole `hookctl` processes, start-up included, as a user or CI script runs them.
    const sink = await startSink();
    const cli = (args: string[]) => medianOf(runs, () => timeNodeProcess([BIN, ...args, '--store', dir]));
    const coldProcess = {
      nodeStartup: await medianOf(runs, () => timeNodeProcess(['-e', '0'])),
      list20: await cli(['list', '--json']),
      resolvePrefix: await cli(['show', prefix, '--json']),
      get: await cli(['show', target, '--raw']),
      replay: await cli(['replay', target, '--to', sink.url]),
      listProvider: await cli(['list', '--provider', 'slack', '--json']),
      listProviderNoMatch: await cli(['list', '--provider', 'shopify', '--json']),
    };
    await sink.close();

    const small = path.join(work, 'small');
    buildStore(small, 100, gapMs);
    return {
      n,
      gapMs,
      buildMs,
      prefixLength: prefix.length,
      inProcess,
      coldProcess,
      writeAtN: await timeWrites(dir, runs * 10),
      writeAt100: await timeWrites(small, runs * 10),
    };
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

/** The shortest prefix (8 chars at least, as a person would copy) that tells `id` from its neighbours. */
function uniquePrefix(id: string, neighbours: (string | undefined)[]): string {
  let length = 8;
  for (const other of neighbours) {
    let common = 0;
    while (other !== undefined && common < id.length && other[common] === id[common]) common++;
    length = Math.max(length, common + 1);
  }
  return id.slice(0, length);
}

/** Writes records straight in the store's format: the same bytes `begin` writes, without its awaits. */
function buildStore(dir: string, n: number, gapMs: number): string[] {
  const start = Date.now() - n * gapMs - 60_000;
  let i = 0;
  const nextId = createIdGenerator(() => start + i * gapMs);
  const body = Buffer.from(
    JSON.stringify({ id: 'evt_0', type: 'payment_intent.succeeded', data: 'x'.repeat(560) }),
  );
  let segment = { shard: '', name: '', records: 0, parts: [] as Buffer[] };
  const flush = (next: string | null) => {
    if (segment.records > 0) {
      const shard = path.join(dir, 'captures', segment.shard);
      mkdirSync(shard, { recursive: true, mode: 0o700 });
      writeFileSync(path.join(shard, `${segment.name}.hks`), Buffer.concat(segment.parts));
    }
    if (next !== null) segment = { shard: next.slice(0, 6), name: next, records: 0, parts: [] };
  };
  const ids: string[] = [];
  for (i = 0; i < n; i++) {
    const id = nextId();
    const provider = i % 10 === 0 ? 'slack' : i % 3 === 0 ? 'github' : 'stripe';
    const meta: CaptureMeta = {
      id,
      receivedAt: new Date(start + i * gapMs).toISOString(),
      method: 'POST',
      path: `/webhooks/${provider}?attempt=1`,
      httpVersion: '1.1',
      headers: [
        ['Host', 'localhost:4500'],
        ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Stripe-Signature', `t=1700000000,v1=${'ab'.repeat(32)}`],
      ],
      remoteAddress: '127.0.0.1',
      provider,
      event: 'payment_intent.succeeded',
      signature: 'unchecked',
      size: body.length,
      forwardTo: 'http://localhost:3000/',
    };
    const forward: ForwardResult = {
      url: 'http://localhost:3000/',
      status: 200,
      durationMs: 4,
      body: Buffer.from('ok'),
    };
    // Segments as `listen` writes them: a shard's records in order, a new file every 1,024 captures.
    if (segment.shard !== id.slice(0, 6) || segment.records === 1024) flush(id);
    segment.parts.push(...encodeCaptureRecord(meta, body));
    if (i % 2) segment.parts.push(encodeForwardRecord(id, forward));
    segment.records += 1;
    ids.push(id);
  }
  flush(null);
  return ids;
}

async function timeWrites(dir: string, count: number): Promise<number> {
  const store = await openStore({ dir });
  const body = Buffer.alloc(1000, 0x61);
  const { id: _id, body: _body, forward: _forward, ...meta } = await store.get(await store.resolve('last'));
  return medianOf(count, async () => {
    const started = performance.now();
    const pending = await store.begin(meta, body);
    await pending.finish({ url: 'http://localhost:3000/', status: 200, durationMs: 1 });
    return performance.now() - started;
  });
}

/** A target for `replay` that answers 200 at once. */
async function startSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function printFigures(figures: StoreBenchFigures): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const cold = figures.coldProcess;
  const rows: [string, number | undefined, number | undefined][] = [
    ['node -e 0 (reference)', undefined, cold.nodeStartup],
    ['hookctl list --json (newest 20)', figures.inProcess.list20, cold.list20],
    [
      `hookctl show <${figures.prefixLength}-char prefix> --json`,
      figures.inProcess.resolvePrefix,
      cold.resolvePrefix,
    ],
    ['hookctl show <id> --raw', figures.inProcess.get, cold.get],
    ['hookctl replay <id> --to <local sink>', undefined, cold.replay],
    ['hookctl list --provider slack (1 in 10)', figures.inProcess.listProvider, cold.listProvider],
    [
      'hookctl list --provider (no match: full scan)',
      figures.inProcess.listProviderNoMatch,
      cold.listProviderNoMatch,
    ],
  ];
  console.log(
    `store of ${figures.n} captures, one every ${figures.gapMs} ms (built in ${figures.buildMs.toFixed(0)} ms)`,
  );
  console.log(
    `${'operation'.padEnd(48)}${'store call'.padStart(12)}${'whole process'.padStart(15)}${'vs node -e 0'.padStart(14)}`,
  );
  for (const [name, inProcess, whole] of rows) {
    const ratio = whole === undefined ? '' : `${(whole / cold.nodeStartup).toFixed(2)}x`;
    console.log(
      `${name.padEnd(48)}${(inProcess === undefined ? '' : ms(inProcess)).padStart(12)}${(whole === undefined ? '' : ms(whole)).padStart(15)}${ratio.padStart(14)}`,
    );
  }
  const growth = figures.writeAtN / figures.writeAt100;
  // Microseconds: an append to an open segment is well under a millisecond.
  const us = (value: number) => `${Math.round(value * 1000)} µs`;
  console.log(
    `one capture written (begin+finish): ${us(figures.writeAtN)} at ${figures.n}, ${us(figures.writeAt100)} at 100 (${growth.toFixed(2)}x)`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      gap: { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'boolean' },
      runs: { type: 'string' },
    },
  });
  const figures = await runStoreBench({
    n: values.n === undefined ? undefined : Number(values.n),
    gapMs: values.gap === undefined ? undefined : Number(values.gap),
    dir: values.dir,
    keep: values.keep,
    runs: values.runs === undefined ? undefined : Number(values.runs),
  });
  printFigures(figures);
}
