/**
 * The load generator for the listen benchmark, run as its own process so it never shares an event loop
 * with the process being measured. C concurrent keep-alive connections (an undici Pool, one request in
 * flight on each) POST a fixed body for a warm-up, then for a fixed duration; prints one JSON line.
 * Bounded: it stops issuing at the end of the duration and exits, whatever happens, 30 s after that.
 *
 *   node --import tsx bench/load.ts <url> [--connections 10] [--size 1024] [--warmup 2] [--duration 10]
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export interface LoadResult {
  /** Requests answered 2xx over warm-up and measurement (each one must be in the store). */
  answered: number;
  /** Non-2xx answers and transport errors, over the whole run. */
  failed: number;
  firstError?: string;
  /** Completions inside the measured window. */
  measured: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '10' },
    size: { type: 'string', default: '1024' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '10' },
  },
});
const [url] = positionals;
if (url === undefined) throw new Error('usage: load.ts <url> [--connections N] [--size B] [--duration S]');
const connections = Number(values.connections);
const { origin, pathname, search } = new URL(url);
const path = pathname + search;

// A JSON body of exactly `size` bytes, like a small Stripe event.
const size = Number(values.size);
const prefix = '{"id":"evt_bench","type":"payment_intent.succeeded","data":"';
const body = Buffer.from(`${prefix}${'x'.repeat(Math.max(0, size - prefix.length - 2))}"}`);
const headers = ['Content-Type', 'application/json', 'User-Agent', 'hookctl-bench/1'];

const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
const start = performance.now();
const measureFrom = start + Number(values.warmup) * 1000;
const end = measureFrom + Number(values.duration) * 1000;
setTimeout(
  () => {
    process.stderr.write('load: still running 30 s after the deadline, giving up\n');
    process.exit(2);
  },
  end - start + 30_000,
).unref();

const latencies: number[] = [];
let answered = 0;
let failed = 0;
let firstError: string | undefined;

async function worker(): Promise<void> {
  while (performance.now() < end) {
    const sentAt = performance.now();
    try {
      const res = await pool.request({ path, method: 'POST', headers, body });
      await res.body.arrayBuffer();
      const doneAt = performance.now();
      if (res.statusCode >= 200 && res.statusCode < 300) answered++;
      else {
        failed++;
        firstError ??= `status ${res.statusCode}`;
      }
      if (sentAt >= measureFrom && doneAt <= end) latencies.push(doneAt - sentAt);
    } catch (error) {
      failed++;
      firstError ??= String(error);
    }
  }
}

await Promise.all(Array.from({ length: connections }, worker));
await pool.close();
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
const seconds = (end - measureFrom) / 1000;
const result: LoadResult = {
  answered,
  failed,
  ...(firstError === undefined ? {} : { firstError }),
  measured: latencies.length,
  seconds,
  rps: latencies.length / seconds,
  p50Ms: at(0.5),
  p99Ms: at(0.99),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
