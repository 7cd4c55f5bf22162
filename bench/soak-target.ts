/**
 * The forward target of the soak benchmark: a node:http app that tallies the sequence number
 * (`X-Soak-Seq`) of every request it receives, so the benchmark can tell a forward that never arrived
 * from one that arrived twice. Answers 200 with the sequence number as the body (the load generator
 * checks each answer belongs to its request), at once or after `--delay-ms` (a slow app). `GET /counts`
 * answers the tally (see TargetCounts). Node's default 5 s keep-alive, so hookctl's idle forward
 * connections close within seconds of the load stopping. Its own process; prints `{"port":N}` once
 * listening, exits on SIGTERM.
 *
 *   node --import tsx bench/soak-target.ts [--delay-ms 0]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

export interface TargetCounts {
  /** Requests received with a body read to the end (GET /counts not included). */
  received: number;
  /** Of which without a usable `X-Soak-Seq`. */
  unnumbered: number;
  /** Base64 of one byte per sequence number: how many times it arrived (saturates at 255). */
  counts: string;
}

const { values } = parseArgs({ options: { 'delay-ms': { type: 'string', default: '0' } } });
const delayMs = Number(values['delay-ms']);

let counts = new Uint8Array(64 * 1024);
let received = 0;
let unnumbered = 0;

function record(header: string | string[] | undefined): string {
  received++;
  const seq = typeof header === 'string' && /^\d{1,9}$/.test(header) ? Number(header) : -1;
  if (seq < 0) {
    unnumbered++;
    return '';
  }
  if (seq >= counts.length) {
    const grown = new Uint8Array(Math.max(seq + 1, counts.length * 2));
    grown.set(counts);
    counts = grown;
  }
  if ((counts[seq] as number) < 255) counts[seq] = (counts[seq] as number) + 1;
  return String(seq);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/counts') {
    const tally: TargetCounts = { received, unnumbered, counts: Buffer.from(counts).toString('base64') };
    const body = JSON.stringify(tally);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  req.resume();
  req.on('end', () => {
    const body = record(req.headers['x-soak-seq']);
    const answer = () => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  // Delayed answers still pending would keep the process up for their timers.
  setTimeout(() => process.exit(0), 100).unref();
});
