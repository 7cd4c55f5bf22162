import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import { endToEndHeaders, type HeaderPair, pairsFromRaw } from './headers.ts';
import { describeCertificateError, isLocalhostName, type TlsTrust, tlsConnector } from './tls.ts';

/** A request ready to go on the wire: built first, sent later (so `--print` and tests can look at it). */
export interface OutboundRequest {
  method: string;
  /** Scheme, host and port of the target. */
  origin: string;
  /** Path and query, sent exactly as given. */
  path: string;
  headers: HeaderPair[];
  body: Buffer;
}

export interface Delivery {
  url: string;
  /** null when there was no answer: `error` says why. */
  status: number | null;
  durationMs: number;
  error?: string;
  headers: HeaderPair[];
  body: Buffer;
}

export interface Sender {
  send(request: OutboundRequest): Promise<Delivery>;
  close(): Promise<void>;
}

/** `insecureLocalhost` (`--insecure`) and `ca` (`--ca FILE`): see TlsTrust. */
export interface SenderOptions extends TlsTrust {
  /** Whole-delivery deadline: connect, headers and body. */
  timeoutMs: number;
  now?: () => number;
  /**
   * A few deliveries, then the process exits (trigger, replay). V8 optimizes undici's WebAssembly HTTP
   * parser in the background and Node waits for that at exit: ~60 ms for nothing. Liftoff code only is
   * plenty for a handful of responses; a long-running listener keeps the optimized parser.
   */
  shortLived?: boolean;
}

/**
 * Sends requests with undici's dispatcher API, which, unlike fetch, leaves the path, header case, order and
 * duplicates alone and hands back raw response headers.
 */
export async function createSender(options: SenderOptions): Promise<Sender> {
  const now = options.now ?? (() => performance.now());
  if (options.shortLived) setFlagsFromString('--liftoff-only');
  // Loaded on first use: commands that never send (`trigger --print`, `list`) skip its ~50 ms import.
  const { Agent, buildConnector } = await import('undici');
  // autoSelectFamily: `localhost` reaches an app on 127.0.0.1 or on ::1, as the contract promises.
  // The attempt timeout is how long the first address may take to connect before the next is tried:
  // Node's 250 ms is short on a loaded machine, and a loopback address that is not listening refuses at
  // once anyway, so a longer one only spares a slow but working connection.
  const connect = { timeout: Math.min(options.timeoutMs, 10_000), lookup: lookupLocalhost };
  const agent = new Agent({
    autoSelectFamily: true,
    autoSelectFamilyAttemptTimeout: 2000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    // Without TLS flags undici builds its own connector; with them ours decides per connection. A
    // connector function makes undici skip its own options, so happy eyeballs is passed to ours again.
    connect:
      options.insecureLocalhost === true || options.ca !== undefined
        ? await tlsConnector(
            buildConnector,
            { ...connect, autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 2000 },
            options,
          )
        : connect,
  });

  function send(request: OutboundRequest): Promise<Delivery> {
    const started = now();
    const url = request.origin + request.path;
    // A plain loop: Array#flat is V8's generic slow path, and this runs once per forwarded webhook.
    const headers: string[] = [];
    for (const [name, value] of endToEndHeaders(request.headers)) headers.push(name, value);
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let status = 0;
      let responseHeaders: HeaderPair[] = [];
      let abort: ((reason?: Error) => void) | undefined;
      let settled = false;
      const finish = (status: number | null, headers: HeaderPair[], body: Buffer, error?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // Built field by field: a spread of the parts cost more than the rest of this per forwarded request.
        const delivery: Delivery = { url, status, durationMs: Math.round(now() - started), headers, body };
        if (error !== undefined) delivery.error = error;
        resolve(delivery);
      };
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${formatMs(options.timeoutMs)}`);
        // Settle first: aborting calls onError synchronously, which would settle without the `timeout:` mark.
        finish(null, [], Buffer.alloc(0), `timeout: ${error.message}`);
        abort?.(error);
      }, options.timeoutMs);
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abortRequest) {
          abort = abortRequest;
        },
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          responseHeaders = pairsFromRaw(rawHeaders.map((part) => part.toString('latin1')));
          return true;
        },
        onData(chunk) {
          chunks.push(chunk);
          return true;
        },
        onComplete() {
          // Most answers arrive in one chunk: keep it rather than copy it.
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          finish(status, responseHeaders, body);
        },
        onError(error) {
          finish(null, [], Buffer.alloc(0), describeNetworkError(error, request.origin));
        },
      };
      agent.dispatch(
        { origin: request.origin, path: request.path, method: request.method, headers, body: request.body },
        handler,
      );
    });
  }

  let closing: Promise<void> | undefined;
  return {
    send,
    close() {
      closing ??= agent.close().catch(() => agent.destroy());
      return closing;
    },
  };
}

const LOOPBACK: LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * `localhost` (and `*.localhost`) is the loopback, IPv4 and IPv6 (RFC 6761), whatever /etc/hosts says: many
 * containers list only 127.0.0.1 there, and an app listening on ::1 must still be reached. It is also what
 * lets `--insecure` trust these names: they cannot lead off this machine. Other names go to the resolver.
 */
const lookupLocalhost: LookupFunction = (hostname, options, callback) => {
  if (!isLocalhostName(hostname)) {
    dnsLookup(hostname, options, callback);
    return;
  }
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
  const addresses = LOOPBACK.filter((candidate) => family === 0 || candidate.family === family);
  const [first = LOOPBACK[0] as LookupAddress] = addresses;
  if (options.all) callback(null, addresses);
  else callback(null, first.address, first.family);
};

/**
 * `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:3000`, reading through AggregateError from happy eyeballs;
 * a certificate failure at `origin` says which flag gets past it.
 */
export function describeNetworkError(error: unknown, origin?: string): string {
  const first = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = (first as { code?: unknown })?.code ?? (error as { code?: unknown })?.code;
  const message = first instanceof Error ? first.message : String(first);
  const certificate =
    typeof code === 'string' && origin !== undefined ? describeCertificateError(code, origin) : undefined;
  if (certificate !== undefined) return certificate;
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
