/**
 * The app both hops forward to: the least a webhook handler can do. Reads the body and answers 200 with
 * the number of bytes it got (so the large-body run can check the whole body arrived). Its own process;
 * prints `{"port":N}` once listening, exits on SIGTERM.
 *
 *   node --import tsx bench/target-app.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  req.on('end', () => {
    const body = String(received);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
