/**
 * The reference hop for the listen benchmark: what a careful hand-written capture proxy does and no more.
 * Buffers the body, appends one line to a log file (awaited, so it is written before the answer, like
 * hookctl's capture), forwards with an undici Pool (keep-alive) and relays the target's answer. Its own
 * process; prints `{"port":N}` once listening, exits on SIGTERM.
 *
 *   node --import tsx bench/bare-hop.ts <target origin> <log file>
 */
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const [target, logFile] = process.argv.slice(2);
if (target === undefined || logFile === undefined) throw new Error('usage: bare-hop.ts <target> <log file>');

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'te']);
const log = await open(logFile, 'a');
const pool = new Pool(target, { keepAliveTimeout: 60_000 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const body = Buffer.concat(chunks);
      await log.write(`${Date.now()} ${req.method} ${req.url} ${body.length}\n`);
      const headers: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] as string;
        if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, req.rawHeaders[i + 1] as string);
      }
      const answer = await pool.request({
        path: req.url ?? '/',
        method: req.method ?? 'POST',
        headers,
        body,
      });
      const answerBody = Buffer.from(await answer.body.arrayBuffer());
      const outHeaders: string[] = [];
      for (const [name, value] of Object.entries(answer.headers)) {
        if (HOP_BY_HOP.has(name) || value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) outHeaders.push(name, one);
      }
      res.writeHead(answer.statusCode, outHeaders);
      res.end(answerBody);
    } catch (error) {
      res.writeHead(502);
      res.end(String(error));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', async () => {
  server.close();
  server.closeAllConnections();
  await pool.close();
  await log.close();
});
