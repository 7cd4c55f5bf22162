/**
 * The listen benchmark's rounds: one load run against one subject (bench/load.ts in its own process), the
 * subject's CPU time around it from /proc, and the medians and per-request CPU over the rounds. Shared by
 * every subject of bench/listen.ts, so each is measured the same way.
 */
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/core/store/index.ts';
import type { LoadResult } from './load.ts';
import { cpuSeconds, type Server, spawnNode } from './processes.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const TSX = ['--import', 'tsx'];

export interface LoadOptions {
  connections: number;
  bodyBytes: number;
  warmupS: number;
  durationS: number;
}

export interface SubjectFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU seconds of the measured process per second of load: 1.0 is one whole core. */
  cpuCores: number;
  /** CPU microseconds (user + system, all threads) the measured process spent per answered request. */
  cpuUsPerRequest: number;
  /** The system (kernel) part of it: sockets, and for hookctl appending its records to the store. */
  sysUsPerRequest: number;
  rounds: LoadResult[];
}

export interface Run {
  load: LoadResult;
  cpuS: number;
  sysS: number;
}

/** One round against one subject: the load (warm-up included) and the subject's CPU time over it. */
export async function measureRound(subject: Server, opts: LoadOptions, cpuId: string | null): Promise<Run> {
  const before = cpuSeconds(subject.pid);
  const load = await runLoad(`${subject.url}/webhooks/bench`, opts, cpuId);
  const after = cpuSeconds(subject.pid);
  return { load, cpuS: after.user + after.sys - before.user - before.sys, sysS: after.sys - before.sys };
}

export function summarizeRuns(runs: Run[], opts: { durationS: number; warmupS: number }): SubjectFigures {
  const loads = runs.map((r) => r.load);
  const cpuS = sum(runs.map((r) => r.cpuS));
  const answeredAll = Math.max(1, sum(loads.map((l) => l.answered)));
  return {
    rps: median(loads.map((l) => l.rps)),
    p50Ms: median(loads.map((l) => l.p50Ms)),
    p99Ms: median(loads.map((l) => l.p99Ms)),
    cpuCores: cpuS / (runs.length * (opts.durationS + opts.warmupS)),
    cpuUsPerRequest: (cpuS * 1e6) / answeredAll,
    sysUsPerRequest: (sum(runs.map((r) => r.sysS)) * 1e6) / answeredAll,
    rounds: loads,
  };
}

function runLoad(url: string, opts: LoadOptions, cpuId: string | null): Promise<LoadResult> {
  const args = [
    ...TSX,
    here('load.ts'),
    url,
    '--connections',
    String(opts.connections),
    '--size',
    String(opts.bodyBytes),
    '--warmup',
    String(opts.warmupS),
    '--duration',
    String(opts.durationS),
  ];
  const child = spawnNode(cpuId, args);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as LoadResult);
      else reject(new Error(`load generator exited ${code}: ${out}`));
    });
  });
}

export interface StoreCheck {
  /** 2xx answers the subject gave (warm-ups included) vs complete captures with the target's 200. */
  answered: number;
  stored: number;
  storedComplete: number;
  failed: number;
}

/**
 * Reads back a stopped subject's store: every 2xx answer must be a capture forwarded with the target's
 * 200 (and, when `route` is given, routed by that rule). Clears the store afterwards.
 */
export async function checkStore(dir: string, runs: Run[], route?: string): Promise<StoreCheck> {
  const store = await openStore({ dir });
  const captures = await store.list({ limit: Number.POSITIVE_INFINITY });
  const check = {
    answered: sum(runs.map((r) => r.load.answered)),
    stored: await store.count(),
    storedComplete: captures.filter(
      (c) => c.forward?.status === 200 && (route === undefined || c.route === route),
    ).length,
    failed: sum(runs.map((r) => r.load.failed)),
  };
  await store.clear();
  return check;
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A subject's row of the throughput table. */
export function subjectRow(name: string, s: SubjectFigures): string {
  return `| ${name} | ${s.rps.toFixed(0)} | ${s.p50Ms.toFixed(2)} ms | ${s.p99Ms.toFixed(2)} ms | ${s.cpuCores.toFixed(2)} | ${s.cpuUsPerRequest.toFixed(0)} | ${s.sysUsPerRequest.toFixed(0)} |`;
}

export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
