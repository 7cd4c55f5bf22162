/**
 * The two ends of the relay benchmark, in the bench process (the measured processes, relay dev with its
 * workerd and listen, are children): a sender (an undici Pool, keep-alive) and the app (node:http) that
 * notes when each event arrives. Every body carries its phase and sequence number, so the app can tell
 * what arrived once, twice or never.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/** What the app got of one phase: the first arrival time of each sequence number, and the extras. */
export interface Phase {
  n: number;
  arrivedAt: Map<number, number>;
  duplicates: number;
}

export interface App {
  url: string;
  /** Starts counting a phase of `n` events (sequence numbers 0..n-1). */
  phase(name: string, n: number): Phase;
  /** Resolves once `seq` of `name` has arrived (at once if it has); rejects after `limitMs`. */
  arrival(name: string, seq: number, limitMs?: number): Promise<number>;
  /** Resolves once every event of `name` has arrived, with the time the last one did. */
  all(name: string, limitMs?: number): Promise<number>;
  /** Every phase so far, by name. */
  phases(): Map<string, Phase>;
  /** Bodies the app could not place: not JSON, an unknown phase, a number out of range. */
  strays(): number;
  close(): Promise<void>;
}

export async function startApp(): Promise<App> {
  const phases = new Map<string, Phase>();
  const waiters = new Map<string, () => void>();
  let strays = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(200, { 'Content-Length': '2' }).end('ok');
      let event: { phase?: string; seq?: number };
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        strays++;
        return;
      }
      const phase = phases.get(String(event.phase));
      const seq = Number(event.seq);
      if (phase === undefined || !(seq >= 0 && seq < phase.n)) {
        strays++;
        return;
      }
      if (phase.arrivedAt.has(seq)) phase.duplicates++;
      else phase.arrivedAt.set(seq, at);
      for (const key of [`${event.phase}:${seq}`, `${event.phase}:*`]) {
        const wake = waiters.get(key);
        if (wake !== undefined) wake();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const wait = (key: string, done: () => number | undefined, what: string, limitMs: number) => {
    const now = done();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(key);
        reject(new Error(`the app is still waiting for ${what} after ${limitMs / 1000} s`));
      }, limitMs);
      waiters.set(key, () => {
        const at = done();
        if (at === undefined) return;
        clearTimeout(timer);
        waiters.delete(key);
        resolve(at);
      });
    });
  };
  const known = (name: string) => {
    const phase = phases.get(name);
    if (phase === undefined) throw new Error(`no phase ${name}`);
    return phase;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    phase(name, n) {
      const phase = { n, arrivedAt: new Map<number, number>(), duplicates: 0 };
      phases.set(name, phase);
      return phase;
    },
    arrival(name, seq, limitMs = 30_000) {
      const phase = known(name);
      return wait(`${name}:${seq}`, () => phase.arrivedAt.get(seq), `${name} #${seq}`, limitMs);
    },
    all(name, limitMs = 300_000) {
      const phase = known(name);
      const last = () => (phase.arrivedAt.size < phase.n ? undefined : Math.max(...phase.arrivedAt.values()));
      return wait(`${name}:*`, last, `all ${phase.n} of ${name} (has ${phase.arrivedAt.size})`, limitMs);
    },
    phases: () => phases,
    strays: () => strays,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A ~`bytes` JSON body carrying the phase and the sequence number. */
export function bodyOf(phase: string, seq: number, bytes: number): string {
  const head = `{"phase":"${phase}","seq":${seq},"type":"payment_intent.succeeded","data":"`;
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
}

export interface Sender {
  /** POSTs one event to `<base path>/<phase>/<seq>`; resolves with the time the answer was complete. */
  send(phase: string, seq: number): Promise<number>;
  /** `n` events over every connection, one in flight on each; the time the first one started. */
  sendAll(phase: string, n: number): Promise<number>;
  close(): Promise<void>;
}

/** A sender to `base` (`http://host:port[/channel]`) over `connections` keep-alive connections. */
export function startSender(base: string, connections: number, bytes: number): Sender {
  const { origin, pathname } = new URL(base);
  const prefix = pathname.replace(/\/$/, '');
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { 'content-type': 'application/json' };
  const send = async (phase: string, seq: number) => {
    const path = `${prefix}/hooks/${phase}/${seq}`;
    const res = await pool.request({ path, method: 'POST', headers, body: bodyOf(phase, seq, bytes) });
    await res.body.arrayBuffer();
    const at = performance.now();
    if (res.statusCode !== 200) throw new Error(`${phase} #${seq}: answered ${res.statusCode}`);
    return at;
  };
  return {
    send,
    async sendAll(phase, n) {
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        while (next < n) await send(phase, next++);
      };
      await Promise.all(Array.from({ length: connections }, worker));
      return started;
    },
    close: () => pool.close(),
  };
}
