import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import { onCleanup, type Scope } from './scope.ts';

/** A server of the test's on 127.0.0.1 (or `host`), port 0. */
export interface TestServer {
  url: string;
  port: number;
  server: Server | TlsServer;
  /** Drops every connection and stops listening. Idempotent. */
  close(): Promise<void>;
}

export interface ServerOptions {
  host?: string;
  /** Serve HTTPS with this certificate; the URL then names `localhost`, the certificate's name. */
  tls?: { key: string; cert: string };
}

/** Serves `listener` on a port the OS picks; closed when `scope` ends (or earlier, by `close`). */
export async function startServer(
  scope: Scope,
  listener: RequestListener,
  options: ServerOptions = {},
): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const server = options.tls === undefined ? createServer(listener) : createTlsServer(options.tls, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  onCleanup(scope, close);
  const url =
    options.tls === undefined
      ? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      : `https://localhost:${port}`;
  return { url, port, server, close };
}

/** A request the app has received in full, exactly as it came. */
export interface AppRequest {
  method: string;
  url: string;
  /** Names and values as sent: order, case and duplicates kept. */
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the body had arrived. */
  at: number;
  /** Arrival order, from 0. */
  index: number;
  /** Sends the answer now. Does nothing once answered or once the connection is gone. */
  answer(status: number, body?: string | Buffer, headers?: string[]): void;
}

export interface Reply {
  status?: number;
  /** Flat `[name, value, …]`; default `Content-Type: application/json`. */
  headers?: string[];
  /** Default `{"received":true}`. */
  body?: string | Buffer;
}

/**
 * What the app does with each request: a reply (answered at once, or when the promise settles), or
 * nothing, when it answers through `request.answer` itself, later or never.
 */
export type Handler = (request: AppRequest) => Reply | undefined | Promise<Reply | undefined>;

/** Answers nothing: the test answers each request itself, when it chooses to (or never). */
export const holdAll: Handler = () => undefined;

/** A stand-in for the developer's app. */
export interface App extends TestServer {
  /** Every request received so far, in arrival order. */
  received: AppRequest[];
  /** The next request in arrival order (one already received, or the next to arrive). */
  next(): Promise<AppRequest>;
}

/**
 * A stand-in for the developer's app: records every request exactly (raw headers, body bytes) and
 * answers with `handler`'s reply (default 200 `{"received":true}`).
 */
export async function startApp(
  scope: Scope,
  handler: Handler = () => ({}),
  options: ServerOptions = {},
): Promise<App> {
  const received: AppRequest[] = [];
  let waiters: Array<() => void> = [];
  const server = await startServer(
    scope,
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const request: AppRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          rawHeaders: req.rawHeaders,
          headers: req.headers,
          body: Buffer.concat(chunks),
          at: performance.now(),
          index: received.length,
          answer(status, body = '', headers = ['Content-Type', 'text/plain']) {
            if (res.headersSent || res.destroyed) return;
            res.writeHead(status, headers);
            res.end(body);
          },
        };
        received.push(request);
        const wake = waiters;
        waiters = [];
        for (const resolve of wake) resolve();
        const reply = await handler(request);
        if (reply !== undefined) {
          request.answer(
            reply.status ?? 200,
            reply.body ?? '{"received":true}',
            reply.headers ?? ['Content-Type', 'application/json'],
          );
        }
      });
    },
    options,
  );
  let taken = 0;
  return {
    ...server,
    received,
    async next() {
      const index = taken++;
      while (received[index] === undefined) await new Promise<void>((resolve) => waiters.push(resolve));
      return received[index] as AppRequest;
    },
  };
}
