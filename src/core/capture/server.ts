import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Sender } from '../../http/client.ts';
import type { HeaderPair } from '../../http/headers.ts';
import { arrivalUrl, endToEndHeaders, pairsFromRaw } from '../../http/headers.ts';
import { listenOn } from '../../http/listen-on.ts';
import { joinTargetPath, requestPath } from '../../http/target.ts';
import type { Detection, InboundRequest, LocalAnswer, Verification } from '../../providers/types.ts';
import type { CaptureStore } from '../store/index.ts';
import type { Capture, CaptureMeta, ForwardResult } from '../types.ts';
import { answer, declaredLength, ID_HEADER, readBody, refuse, sent } from './inbound.ts';
import { matchRoute, type RouteRule } from './routes.ts';

/**
 * The port is public (the tunnel), so slow or idle peers must not hold connections forever.
 * - headers: a whole request head within 10 s (Node's default is 60 s); senders and cloudflared write it
 *   at once, so only a slowloris needs longer.
 * - request: head and body within 120 s (Node: 300 s), enough for 25 MB over a slow uplink.
 * - keepAlive: an idle kept-alive connection closes after 5 s (Node's default).
 * A connection that sends nothing at all is cut by the headers timeout too (408), so thousands of silent
 * sockets cannot pin file descriptors.
 * Tests shorten them through the undocumented HOOKCTL_HEADERS_TIMEOUT_MS, HOOKCTL_REQUEST_TIMEOUT_MS and
 * HOOKCTL_KEEP_ALIVE_TIMEOUT_MS.
 */
export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
}

export function serverTimeouts(env: NodeJS.ProcessEnv): ServerTimeouts {
  const ms = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const requestMs = ms('HOOKCTL_REQUEST_TIMEOUT_MS', 120_000);
  // Node refuses a headers timeout longer than the request timeout.
  const headersMs = Math.min(ms('HOOKCTL_HEADERS_TIMEOUT_MS', 10_000), requestMs);
  return { headersMs, requestMs, keepAliveMs: ms('HOOKCTL_KEEP_ALIVE_TIMEOUT_MS', 5_000) };
}

const NO_TARGETS: readonly URL[] = [];

export interface CaptureServerEvents {
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
  /** Forward base URL; null to capture and answer only. With routes, the fallback when none matches. */
  forwardTo: URL | null;
  /** `listen --route` rules, first match wins; empty: everything goes to `forwardTo`. */
  routes?: readonly RouteRule[];
  sender: Sender;
  maxBody: number;
  detect: (request: InboundRequest) => Detection | null;
  /** `listen --verify`: checks each request's signature on arrival; absent, signatures stay unchecked. */
  verify?: (request: InboundRequest, nowMs: number) => Verification;
  /** The answer when nothing is forwarded, e.g. Slack's url_verification challenge. */
  localAnswer: (request: InboundRequest, detection: Detection | null, nowMs: number) => LocalAnswer;
  events: CaptureServerEvents;
  now?: () => number;
  /** Default: `serverTimeouts({})`, the production values. */
  timeouts?: ServerTimeouts;
}

/** A request as it arrived, from a socket or from the relay. */
export interface Arrival {
  receivedAt: number;
  method: string;
  /** Path with query, as requested. */
  path: string;
  httpVersion: string;
  headers: HeaderPair[];
  body: Buffer;
  remoteAddress: string | null;
  /** The URL the sender called, when known outright (the relay's); else Host and X-Forwarded-Proto say. */
  url?: string;
  /** The capture id to use (the relay client picks it before storing, to recognise it after a crash). */
  id?: string;
  /** Where the relay had it. */
  relay?: { url: string; id: string };
}

export interface Ingested {
  meta: CaptureMeta;
  forward: ForwardResult | null;
  inbound: InboundRequest;
  detection: Detection | null;
  capture: Capture;
}

export interface CaptureServer {
  url: string;
  port: number;
  /**
   * Captures and forwards a request that did not come through this server's socket (the relay's), as if
   * it had, and reports it `completed`; resolves once it is stored and forwarded, null when it could not be
   * stored.
   */
  ingest(arrival: Arrival): Promise<Ingested | null>;
  /**
   * Forwards a stored capture that has no forward result yet (a crash came between storing and
   * forwarding) and records the answer; null when nothing is forwarded or it was already.
   */
  forwardStored(capture: Capture): Promise<ForwardResult | null>;
  /** Stops accepting, lets requests under way finish and be stored, then resolves. Idempotent. */
  close(): Promise<void>;
}

export async function startCaptureServer(options: CaptureServerOptions): Promise<CaptureServer> {
  const now = options.now ?? Date.now;
  const routes = options.routes ?? [];
  const fallback: readonly URL[] = options.forwardTo === null ? NO_TARGETS : [options.forwardTo];
  // URL#href is computed on each read: once here, not per request.
  const fallbackHref = options.forwardTo?.href ?? null;
  const timeouts = options.timeouts ?? serverTimeouts({});
  const inFlight = new Set<Promise<void>>();
  // Requests under load share milliseconds: format each one once (Date#toISOString showed in the profile).
  let lastMs = Number.NaN;
  let lastIso = '';
  const isoTime = (ms: number) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
  /** Refused requests whose rest we are still dropping; close() stops them at once. */
  const draining = new Set<() => void>();
  const server: Server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often Node checks the two timeouts above (its default, 30 s, would make them that coarse).
      connectionsCheckingInterval: Math.min(1_000, Math.max(20, Math.floor(timeouts.headersMs / 4))),
    },
    (req, res) => {
      const work = handle(req, res)
        .catch((error: unknown) => {
          options.events.failed?.(
            `request handling failed: ${error instanceof Error ? error.message : error}`,
          );
          if (!res.headersSent) answer(res, 500, 'text/plain', 'hookctl: internal error\n');
        })
        // Done when the answer is on the wire: close() cuts connections, and a large answer is still being written.
        .then(() => sent(res));
      inFlight.add(work);
      work.finally(() => inFlight.delete(work));
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // `Expect: 100-continue` with a declared size over the limit: refuse before the sender sends the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    // Without a 100 Continue no body is coming: nothing to drain.
    if (declaredLength(req) > options.maxBody) return refuseTooLarge(req, res, null);
    res.writeContinue();
    server.emit('request', req, res);
  });

  function refuseTooLarge(req: IncomingMessage, res: ServerResponse, drains: typeof draining | null): void {
    const { maxBody } = options;
    const path = req.url ?? '';
    options.events.rejected?.({
      method: req.method ?? 'GET',
      path,
      status: 413,
      reason: `body over ${maxBody} bytes`,
    });
    refuse(req, res, 413, `hookctl: body larger than --max-body (${maxBody} bytes)\n`, drains);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = now();
    const method = req.method ?? 'GET';
    const path = requestPath(req.url ?? '/');
    if (path === null) {
      options.events.rejected?.({ method, path: req.url ?? '', status: 400, reason: 'bad request target' });
      refuse(req, res, 400, 'hookctl: request target must be a path\n', draining);
      return;
    }
    const body = await readBody(req, options.maxBody);
    if (body === 'too large') return refuseTooLarge(req, res, draining);
    if (body === 'aborted') {
      // A malformed body (Node has answered 400 already) or a sender that hung up: nothing to keep.
      options.events.rejected?.({ method, path, status: 400, reason: 'body cut off or malformed' });
      return;
    }
    const arrived = await ingest({
      receivedAt,
      method,
      path,
      httpVersion: req.httpVersion,
      headers: pairsFromRaw(req.rawHeaders),
      body,
      remoteAddress: req.socket.remoteAddress ?? null,
    });
    if (arrived === null) {
      answer(res, 503, 'text/plain', 'hookctl: could not store this request, try again\n');
      return;
    }
    const { meta, forward, inbound, detection } = arrived;
    if (forward === null) {
      const local = options.localAnswer(inbound, detection, receivedAt);
      answer(res, local.status, local.contentType, local.body, meta.id);
    } else if (forward.status === null) {
      const timedOut = forward.error?.startsWith('timeout') ?? false;
      const message = `hookctl: could not reach ${forward.url}: ${forward.error}\n`;
      answer(res, timedOut ? 504 : 502, 'text/plain', message, meta.id);
    } else {
      const responseBody = forward.body ?? Buffer.alloc(0);
      // One writeHead with a flat list keeps the target's duplicates and case (setHeader would merge them).
      // A plain loop: Array#flat is V8's generic slow path, and this runs once per request.
      const flat: string[] = [];
      let hasLength = false;
      for (const [name, value] of endToEndHeaders(forward.headers ?? [])) {
        hasLength ||= name.length === 14 && name.toLowerCase() === 'content-length';
        flat.push(name, value);
      }
      if (!hasLength) flat.push('Content-Length', String(responseBody.length));
      flat.push(ID_HEADER, meta.id);
      res.writeHead(forward.status, flat);
      res.end(responseBody);
    }
    options.events.completed(arrived.capture);
  }

  /**
   * Detects, verifies, stores and forwards one request, from the socket or from the relay; null when it
   * could not be stored (the sender must hear 503, the relay gets no acknowledgement). `completed` is left
   * to the caller, once the sender has its answer.
   */
  async function ingest(arrival: Arrival): Promise<Ingested | null> {
    const { method, path, headers, body, receivedAt } = arrival;
    const inbound: InboundRequest = { headers, body, method };
    const detection = options.detect(inbound);
    // URL-signing schemes (Twilio, Square, HubSpot) sign the URL the provider called: behind a tunnel, the
    // public one, which the Host and X-Forwarded-Proto headers say (the relay says it outright).
    if (options.verify !== undefined) inbound.url = arrival.url ?? arrivalUrl(headers, path);
    const verdict = options.verify?.(inbound, receivedAt);
    const meta: CaptureMeta = {
      id: arrival.id ?? options.store.newId(),
      receivedAt: isoTime(receivedAt),
      method,
      path,
      httpVersion: arrival.httpVersion,
      headers,
      remoteAddress: arrival.remoteAddress,
      provider: detection?.provider ?? null,
      event: detection?.event ?? null,
      signature: verdict === undefined ? 'unchecked' : verdict.valid ? 'valid' : 'invalid',
      size: body.length,
      forwardTo: fallbackHref,
    };
    if (verdict !== undefined && !verdict.valid) meta.signatureError = verdict.message;
    if (arrival.relay !== undefined) meta.relay = arrival.relay;
    let targets = fallback;
    let rule: RouteRule | null = null;
    if (routes.length > 0) {
      rule = matchRoute(routes, { provider: meta.provider, event: meta.event, path });
      meta.route = rule === null ? null : rule.text;
      if (rule !== null) targets = rule.action.kind === 'forward' ? rule.action.targets : NO_TARGETS;
      meta.forwardTo = rule === null ? fallbackHref : rule.firstHref;
      if (rule !== null && rule.alsoHrefs.length > 0) meta.forwardAlso = rule.alsoHrefs;
    }

    let pending: Awaited<ReturnType<CaptureStore['begin']>>;
    try {
      pending = await options.store.begin(meta, body);
    } catch (error) {
      // Never acknowledge what could not be kept: the provider will retry a 503.
      const reason = error instanceof Error ? error.message : String(error);
      options.events.failed?.(`could not store ${method} ${path}: ${reason}`);
      return null;
    }

    let forward: ForwardResult | null = null;
    if (targets.length === 1) {
      forward = await forwardOne(targets[0] as URL, method, path, headers, body);
    } else if (targets.length > 1) {
      // Fan-out: every target gets the same bytes at once; the first one's answer is the sender's.
      const answers = await Promise.all(
        targets.map((target) => forwardOne(target, method, path, headers, body)),
      );
      forward = answers[0] as ForwardResult;
      forward.also = answers.slice(1);
    } else if (rule?.action.kind === 'respond') {
      forward = await cannedAnswer(rule, arrival.relay === undefined);
    }
    await pending.finish(forward);
    // The meta (already stored) becomes the capture: a spread copy of it cost ~2 µs a request in the profile.
    const capture = meta as Capture;
    capture.body = body;
    capture.forward = forward;
    return { meta, forward, inbound, detection, capture };
  }

  function forwardOne(target: URL, method: string, path: string, headers: HeaderPair[], body: Buffer) {
    return options.sender.send({
      method,
      origin: target.origin,
      path: joinTargetPath(target, path),
      headers,
      body,
    });
  }

  /** `respond:STATUS[:DELAY]`: hookctl answers after the delay (none for relay events: nobody waits). */
  async function cannedAnswer(rule: RouteRule, wait: boolean): Promise<ForwardResult> {
    const canned = rule.action as Extract<RouteRule['action'], { kind: 'respond' }>;
    const { status, delayMs } = canned;
    if (wait && delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const body = Buffer.from(canned.body ?? `hookctl: answered ${status} by --route '${rule.text}'\n`);
    return {
      url: `respond:${status}${delayMs > 0 ? `:${delayMs}ms` : ''}`,
      status,
      durationMs: wait ? delayMs : 0,
      canned: true,
      headers: canned.headers ?? [['Content-Type', 'text/plain; charset=utf-8']],
      body,
    };
  }

  async function ingestAndReport(arrival: Arrival): Promise<Ingested | null> {
    const arrived = await ingest(arrival);
    if (arrived !== null) options.events.completed(arrived.capture);
    return arrived;
  }

  const { url, port } = await listenOn(server, options.port, options.host);

  let closing: Promise<void> | undefined;
  async function forwardStored(capture: Capture): Promise<ForwardResult | null> {
    if (capture.forwardTo === null || capture.forward !== null) return null;
    const target = new URL(capture.forwardTo);
    const forward = await forwardOne(target, capture.method, capture.path, capture.headers, capture.body);
    await options.store.recordForward(capture.id, forward);
    return forward;
  }

  return {
    url,
    port,
    ingest: ingestAndReport,
    forwardStored,
    close() {
      closing ??= (async () => {
        for (const stop of draining) stop();
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
