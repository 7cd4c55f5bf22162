/**
 * The load generator of the soak benchmark, its own process like bench/load.ts. Every request carries a
 * sequence number (`--first-seq`, then one more each request) three times: the `X-Soak-Seq` header,
 * `"seq"` in the JSON body and the path (`/webhooks/soak/<seq>`), so drops and duplicates can be counted
 * at the target and in the store. The target (bench/soak-target.ts) answers with the number it got, which is
 * checked against the request's.
 *
 * Two modes:
 * - `--duration S`: C keep-alive connections (an undici Pool, one request in flight on each, closed loop)
 *   for S seconds, plus bursts: every `--burst-every` seconds (the first at `--burst-first`), a second pool
 *   of `--burst-connections` new connections runs closed loop for `--burst-seconds`, then closes.
 * - `--requests N`: N requests in all over C connections, then stop.
 *
 * Prints `{"kind":"started"}` when the first request goes out, then one `{"kind":"result",...}` line.
 * Bounded: gives up (exit 2) `--give-up` seconds after starting (default: the duration + 60 s, or 120 s).
 *
 *   node --import tsx bench/soak-load.ts <origin> [--connections 10] [--size 1024]
 *     (--duration 60 [--burst-every 10] [--burst-first 5] [--burst-connections 200] [--burst-seconds 1]
 *      | --requests N) [--first-seq 0] [--timeout-ms 60000] [--give-up S]
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A request that was not answered 2xx, or whose 2xx answer was not its own. */
export interface NotOk {
  seq: number;
  /** null: no answer (transport error, see `error`). */
  status: number | null;
  error?: string;
  ms: number;
}

export interface SoakLoadResult {
  /** Sequence numbers firstSeq .. firstSeq+issued-1 were sent. */
  firstSeq: number;
  issued: number;
  /** Answered 2xx with the target's echo of the request's own sequence number. */
  ok: number;
  /** Answers by status code; `error` for no answer. */
  statuses: Record<string, number>;
  /** Every request not in `ok`, in completion order. */
  notOk: NotOk[];
  /** 2xx answers whose body was not the request's sequence number (included in notOk). */
  mismatched: number;
  /** From the first request out to the last answer in. */
  seconds: number;
  /** Answers per second of the run (bucketed by completion time). */
  perSecond: number[];
  /** Answer times on the C steady connections (all of them with --requests) and on burst connections. */
  steady: Latency;
  burst: Latency;
  bursts: number;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string', default: '10' },
    size: { type: 'string', default: '1024' },
    duration: { type: 'string' },
    requests: { type: 'string' },
    'burst-every': { type: 'string', default: '10' },
    'burst-first': { type: 'string', default: '5' },
    'burst-connections': { type: 'string', default: '200' },
    'burst-seconds': { type: 'string', default: '1' },
    'timeout-ms': { type: 'string', default: '60000' },
    'give-up': { type: 'string' },
    'first-seq': { type: 'string', default: '0' },
  },
});
const [origin] = positionals;
if (origin === undefined || (values.duration === undefined) === (values.requests === undefined)) {
  throw new Error('usage: soak-load.ts <origin> (--duration S | --requests N) [--connections C] [--size B]');
}
const connections = Number(values.connections);
const durationMs = values.duration === undefined ? null : Number(values.duration) * 1000;
const total = values.requests === undefined ? Number.POSITIVE_INFINITY : Number(values.requests);
const timeoutMs = Number(values['timeout-ms']);
const giveUpS =
  values['give-up'] === undefined
    ? durationMs === null
      ? 120
      : durationMs / 1000 + 60
    : Number(values['give-up']);

// A JSON body of `size` bytes (a little more for a very small size), like a small Stripe event.
const size = Number(values.size);
const padding = 'x'.repeat(size);
function bodyFor(seq: number): Buffer {
  const head = `{"id":"evt_soak_${seq}","seq":${seq},"type":"payment_intent.succeeded","data":"`;
  return Buffer.from(`${head}${padding.slice(0, Math.max(0, size - head.length - 2))}"}`);
}

const poolOptions = {
  pipelining: 1,
  keepAliveTimeout: 60_000,
  headersTimeout: timeoutMs,
  bodyTimeout: timeoutMs,
};
const start = performance.now();
const end = durationMs === null ? Number.POSITIVE_INFINITY : start + durationMs;
setTimeout(() => {
  process.stderr.write(`soak-load: still running ${giveUpS} s after starting, giving up\n`);
  process.exit(2);
}, giveUpS * 1000).unref();

const firstSeq = Number(values['first-seq']);
let next = firstSeq;
let ok = 0;
let mismatched = 0;
let lastDone = start;
const statuses: Record<string, number> = {};
const notOk: NotOk[] = [];
const perSecond: number[] = [];
const steadyMs: number[] = [];
const burstMs: number[] = [];

async function one(pool: Pool, inBurst: boolean): Promise<void> {
  const seq = next++;
  const sentAt = performance.now();
  let status: number | null = null;
  let error: string | undefined;
  let text = '';
  try {
    const res = await pool.request({
      path: `/webhooks/soak/${seq}`,
      method: 'POST',
      headers: [
        'Content-Type',
        'application/json',
        'User-Agent',
        'hookctl-bench/1',
        'X-Soak-Seq',
        String(seq),
      ],
      body: bodyFor(seq),
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (caught) {
    error = String(caught);
  }
  const doneAt = performance.now();
  const ms = doneAt - sentAt;
  lastDone = Math.max(lastDone, doneAt);
  const second = Math.floor((doneAt - start) / 1000);
  while (perSecond.length <= second) perSecond.push(0);
  perSecond[second] = (perSecond[second] as number) + 1;
  (inBurst ? burstMs : steadyMs).push(ms);
  const key = status === null ? 'error' : String(status);
  statuses[key] = (statuses[key] ?? 0) + 1;
  const is2xx = status !== null && status >= 200 && status < 300;
  if (is2xx && text === String(seq)) {
    ok++;
    return;
  }
  if (is2xx) {
    mismatched++;
    error = `answer ${JSON.stringify(text.slice(0, 40))} is not this request's`;
  }
  notOk.push({ seq, status, ...(error === undefined ? {} : { error }), ms: Math.round(ms) });
}

async function closedLoop(pool: Pool, until: number, inBurst: boolean): Promise<void> {
  while (performance.now() < until && next - firstSeq < total) await one(pool, inBurst);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function bursts(): Promise<number> {
  if (durationMs === null) return 0;
  const everyMs = Number(values['burst-every']) * 1000;
  const burstMsLong = Number(values['burst-seconds']) * 1000;
  const burstConnections = Number(values['burst-connections']);
  if (!(everyMs > 0) || !(burstConnections > 0)) return 0;
  let count = 0;
  for (let at = start + Number(values['burst-first']) * 1000; at + burstMsLong <= end; at += everyMs) {
    await sleep(at - performance.now());
    const pool = new Pool(origin as string, { ...poolOptions, connections: burstConnections });
    const until = performance.now() + burstMsLong;
    await Promise.all(Array.from({ length: burstConnections }, () => closedLoop(pool, until, true)));
    await pool.close();
    count++;
  }
  return count;
}

process.stdout.write(`${JSON.stringify({ kind: 'started' })}\n`);
const pool = new Pool(origin, { ...poolOptions, connections });
const [, burstCount] = await Promise.all([
  Promise.all(Array.from({ length: connections }, () => closedLoop(pool, end, false))),
  bursts(),
]);
await pool.close();

function latency(values: number[]): Latency {
  const sorted = values.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}

const result: SoakLoadResult = {
  firstSeq,
  issued: next - firstSeq,
  ok,
  statuses,
  notOk,
  mismatched,
  seconds: (lastDone - start) / 1000,
  perSecond,
  steady: latency(steadyMs),
  burst: latency(burstMs),
  bursts: burstCount,
};
process.stdout.write(`${JSON.stringify({ kind: 'result', ...result })}\n`);
