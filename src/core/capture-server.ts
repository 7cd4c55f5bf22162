import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Detection, InboundRequest, Verification } from '../providers/types.ts';
import type { Sender } from './forward.ts';
import { endToEndHeaders, pairsFromRaw } from './http-headers.ts';
import type { CaptureStore } from './store.ts';
import { joinTargetPath, requestPath } from './target.ts';
import type { Capture, CaptureMeta, ForwardResult } from './types.ts';

/** Every answer to a captured request names its capture, for scripts and for people reading curl -i. */
const ID_HEADER = 'X-Hookctl-Id';

export interface CaptureServerEvents {
  /** Stored; the forward (if any) starts now. */
  received?(meta: CaptureMeta): void;
  /** Answered; the capture is complete in the store. */
  completed(capture: Capture): void;
  /** Refused without capturing (too large, unparseable target). */
  rejected?(info: { method: string; path: string; status: number; reason: string }): void;
  /** Something went wrong that the sender was told about with a 5xx. */
  failed?(message: string): void;
}

export interface CaptureServerOptions {
  host: string;
  port: number;
  store: CaptureStore;
  /** Forward base URL; null to capture and answer only. */
  forwardTo: URL | null;
  sender: Sender;
  maxBody: number;
  detect: (request: InboundRequest) => Detection | null;
  /** `listen --verify`: checks each request's signature on arrival; absent, signatures stay unchecked. */
  verify?: (request: InboundRequest, nowMs: number) => Verification;
  /** The answer when nothing is forwarded, e.g. Slack's url_verification challenge. */
  localAnswer: (request: InboundRequest) => { contentType: string; body: string };
  events: CaptureServerEvents;
  now?: () => number;
}

export interface CaptureServer {
  url: string;
  port: number;
  /** Stops accepting, lets requests under way finish and be stored, then resolves. Idempotent. */
  close(): Promise<void>;
}

export async function startCaptureServer(options: CaptureServerOptions): Promise<CaptureServer> {
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const work = handle(req, res)
      .catch((error: unknown) => {
        options.events.failed?.(`request handling failed: ${error instanceof Error ? error.message : error}`);
        if (!res.headersSent) answer(res, 500, 'text/plain', 'hookctl: internal error\n');
      })
      // Done when the answer is on the wire: close() cuts connections, and a large answer is still being written.
      .then(() => sent(res));
    inFlight.add(work);
    work.finally(() => inFlight.delete(work));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = now();
    const method = req.method ?? 'GET';
    const path = requestPath(req.url ?? '/');
    if (path === null) {
      options.events.rejected?.({ method, path: req.url ?? '', status: 400, reason: 'bad request target' });
      answer(res, 400, 'text/plain', 'hookctl: request target must be a path\n', true);
      return;
    }
    const body = await readBody(req, options.maxBody);
    if (body === null) {
      options.events.rejected?.({ method, path, status: 413, reason: `body over ${options.maxBody} bytes` });
      answer(
        res,
        413,
        'text/plain',
        `hookctl: body larger than --max-body (${options.maxBody} bytes)\n`,
        true,
      );
      return;
    }
    const headers = pairsFromRaw(req.rawHeaders);
    const inbound: InboundRequest = { headers, body };
    const detection = options.detect(inbound);
    const verdict = options.verify?.(inbound, receivedAt);
    const meta: CaptureMeta = {
      id: options.store.newId(),
      receivedAt: new Date(receivedAt).toISOString(),
      method,
      path,
      httpVersion: req.httpVersion,
      headers,
      remoteAddress: req.socket.remoteAddress ?? null,
      provider: detection?.provider ?? null,
      event: detection?.event ?? null,
      signature: verdict === undefined ? 'unchecked' : verdict.valid ? 'valid' : 'invalid',
      ...(verdict !== undefined && !verdict.valid ? { signatureError: verdict.message } : {}),
      size: body.length,
      forwardTo: options.forwardTo?.href ?? null,
    };

    let pending: Awaited<ReturnType<CaptureStore['begin']>>;
    try {
      pending = await options.store.begin(meta, body);
    } catch (error) {
      // Never acknowledge what could not be kept: the provider will retry a 503.
      const reason = error instanceof Error ? error.message : String(error);
      options.events.failed?.(`could not store ${method} ${path}: ${reason}`);
      answer(res, 503, 'text/plain', 'hookctl: could not store this request, try again\n');
      return;
    }
    options.events.received?.(meta);

    let forward: ForwardResult | null = null;
    if (options.forwardTo) {
      forward = await options.sender.send({
        method,
        origin: options.forwardTo.origin,
        path: joinTargetPath(options.forwardTo, path),
        headers,
        body,
      });
    }
    await pending.finish(forward);

    if (forward === null) {
      const local = options.localAnswer(inbound);
      answer(res, 200, local.contentType, local.body, false, meta.id);
    } else if (forward.status === null) {
      const timedOut = forward.error?.startsWith('timeout') ?? false;
      const message = `hookctl: could not reach ${forward.url}: ${forward.error}\n`;
      answer(res, timedOut ? 504 : 502, 'text/plain', message, false, meta.id);
    } else {
      const responseHeaders = endToEndHeaders(forward.headers ?? []);
      const responseBody = forward.body ?? Buffer.alloc(0);
      if (!responseHeaders.some(([name]) => name.toLowerCase() === 'content-length')) {
        responseHeaders.push(['Content-Length', String(responseBody.length)]);
      }
      // One writeHead with raw pairs keeps the target's duplicates and case (setHeader would merge them).
      res.writeHead(forward.status, [...responseHeaders.flat(), ID_HEADER, meta.id]);
      res.end(responseBody);
    }
    options.events.completed({ ...meta, body, forward });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        server.closeIdleConnections();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

/** Resolves once the whole answer has been handed to the OS, or the connection is gone. */
function sent(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

/** Reads the whole body, or returns null as soon as it is over `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function answer(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  close = false,
  id?: string,
): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  };
  if (close) headers.Connection = 'close';
  if (id !== undefined) headers[ID_HEADER] = id;
  res.writeHead(status, headers);
  res.end(body);
}
