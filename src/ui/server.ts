import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import type { CaptureStore } from '../core/store/index.ts';
import type { Sender } from '../http/client.ts';
import { type HeaderPair, headerProblem } from '../http/headers.ts';
import { listenOn } from '../http/listen-on.ts';
import { HookctlError } from '../lib/errors.ts';
import { captureJson } from '../output/capture-json.ts';
import { providerList, replayFromInspector } from './api.ts';
import type { LiveFeed } from './live.ts';

/** The page's files: plain HTML, JS and CSS under `ui/` at the package root, served as they are. */
const STATIC = new URL('../../ui/', import.meta.url);
const JAVASCRIPT = 'text/javascript; charset=utf-8';
/** Where the page's ES modules are: every `*.js` file right in these folders of `ui/` is one. */
const MODULE_DIRS = ['', 'shared/'];
const MODULE_NAME = /^[a-z0-9][a-z0-9-]*\.js$/;
const MAX_API_BODY = 30 * 1024 * 1024;

/**
 * URL path → file and type, fixed when the server starts: the page, its stylesheet and its modules. Only
 * these are served, by exact path, so no request names a file of its own (no traversal, no `.d.ts`).
 */
async function staticFiles(): Promise<Map<string, [file: URL, type: string]>> {
  const files = new Map<string, [URL, string]>([
    ['/', [new URL('index.html', STATIC), 'text/html; charset=utf-8']],
    ['/app.css', [new URL('app.css', STATIC), 'text/css; charset=utf-8']],
  ]);
  for (const dir of MODULE_DIRS) {
    for (const entry of await readdir(new URL(dir, STATIC), { withFileTypes: true })) {
      if (entry.isFile() && MODULE_NAME.test(entry.name)) {
        files.set(`/${dir}${entry.name}`, [new URL(dir + entry.name, STATIC), JAVASCRIPT]);
      }
    }
  }
  return files;
}

export interface UiServerOptions {
  host: string;
  port: number;
  store: CaptureStore;
  live: LiveFeed;
  sender: Sender;
  /** Where re-signing replays find the providers' secret variables. */
  env: NodeJS.ProcessEnv;
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The inspector: a static page, a JSON API over the store (the same data as `list --json` and
 * `show --json`) and a WebSocket of new captures. Captures come from strangers and the API can replay
 * them, so only this machine's pages may use it: the Host header must name the loopback address (no DNS
 * rebinding), and POSTs and WebSockets must come from the inspector's own origin.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const files = await staticFiles();
  let allowedHosts = new Set<string>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Bad ids, targets and input are the caller's to fix; anything else is ours.
      const status =
        error instanceof HookctlError || error instanceof SyntaxError || error instanceof URIError
          ? 400
          : 500;
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });

  function trusted(req: IncomingMessage, needsOrigin: boolean): boolean {
    if (!allowedHosts.has(req.headers.host ?? '')) return false;
    const origin = req.headers.origin;
    return !needsOrigin || origin === undefined || origin === `http://${req.headers.host}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://inspector');
    const method = req.method ?? 'GET';
    if (!trusted(req, method !== 'GET' && method !== 'HEAD')) {
      sendJson(res, 403, { error: 'the inspector answers only pages it served itself, on this machine' });
      return;
    }
    const file = files.get(url.pathname);
    if (file && method === 'GET') {
      const [path, type] = file;
      const body = await readFile(path);
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end(body);
      return;
    }
    const match = /^\/api\/captures(?:\/([^/]+)(\/raw|\/replay)?)?$/.exec(url.pathname);
    if (url.pathname === '/api/providers' && method === 'GET') {
      sendJson(res, 200, providerList());
    } else if (match && match[1] === undefined && method === 'GET') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 500) || 500, 5000);
      sendJson(res, 200, await options.store.list({ limit }));
    } else if (match?.[1] !== undefined && match[2] === undefined && method === 'GET') {
      const capture = await options.store.get(await options.store.resolve(decodeURIComponent(match[1])));
      sendJson(res, 200, captureJson(capture));
    } else if (match?.[1] !== undefined && match[2] === '/raw' && method === 'GET') {
      const capture = await options.store.get(await options.store.resolve(decodeURIComponent(match[1])));
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename="${capture.id}.bin"`,
        'Content-Length': capture.body.length,
        ...SECURITY_HEADERS,
      });
      res.end(capture.body);
    } else if (match?.[1] !== undefined && match[2] === '/replay' && method === 'POST') {
      const input = replayInput((await readJsonBody(req)) || '{}');
      const id = decodeURIComponent(match[1]);
      sendJson(res, 200, await replayFromInspector(options, id, input));
    } else {
      sendJson(res, 404, { error: `no ${method} ${url.pathname} here` });
    }
  }

  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://inspector').pathname !== '/api/live' || !trusted(req, true)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (client) => {
      const relay = options.live.relay;
      if (relay !== null) client.send(JSON.stringify({ kind: 'relay', ...relay }));
      sockets.emit('connection', client);
    });
  });
  const unsubscribeRelay = options.live.subscribeRelay((state) => {
    const message = JSON.stringify({ kind: 'relay', ...state });
    for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send(message);
  });
  const unsubscribe = options.live.subscribe((summary) => {
    const message = JSON.stringify({ kind: 'request', ...summary });
    for (const client of sockets.clients) if (client.readyState === WebSocket.OPEN) client.send(message);
  });

  const { url, port } = await listenOn(server, options.port, options.host);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe();
        unsubscribeRelay();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

/** The page loads nothing from elsewhere and may not be framed by another site. */
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end(body);
}

/** The replay API's JSON object, refused (400) when its edited headers could not be sent as they are. */
function replayInput(text: string): Record<string, unknown> {
  const input: unknown = JSON.parse(text);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HookctlError('the replay request must be a JSON object', { exitCode: 2 });
  }
  const { headers } = input as Record<string, unknown>;
  const pairs = Array.isArray(headers) && headers.every(isStringPair) ? (headers as HeaderPair[]) : [];
  const problem = headerProblem(pairs);
  if (problem !== null) throw new HookctlError(`${problem}; nothing was sent`, { exitCode: 2 });
  return input as Record<string, unknown>;
}

function isStringPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string');
}

function readJsonBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_API_BODY) req.destroy(new Error('request too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
