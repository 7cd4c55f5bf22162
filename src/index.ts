// hookctl as a library: `import { … } from 'hookctl'` builds, signs, delivers, receives and checks webhooks
// for a project's own test suite, on the same core the commands use. Everything here is documented in the
// README ("As a library"); the examples in examples/ run in the test suite under node:test, Vitest and Jest.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULTS } from './commands/defaults.ts';
import { startCaptureServer } from './core/capture/index.ts';
import { type CheckReport, type CheckResult, runChecks } from './core/check/index.ts';
import {
  type BuiltTrigger,
  buildTrigger,
  type DeliveriesSummary,
  runDeliveries,
  signAgain,
} from './core/send/index.ts';
import { openStore } from './core/store/index.ts';
import type { Capture } from './core/types.ts';
import { createSender } from './http/client.ts';
import type { HeaderPair } from './http/headers.ts';
import { parseTarget } from './http/target.ts';
import { usageError } from './lib/errors.ts';
import { applySet } from './lib/json-path.ts';
import { parseDuration, parseSize } from './lib/units.ts';
import { findProviderOrThrow } from './providers/lookup.ts';
import { PROVIDER_NAMES } from './providers/manifest.ts';
import type { JsonObject } from './providers/parse.ts';
import { detectProvider } from './providers/registry.ts';
import { resolveSecret, resolveSigningSecret } from './providers/secret.ts';
import type { ProviderContext, Verification } from './providers/types.ts';

export type { Capture, CheckReport, CheckResult, DeliveriesSummary, HeaderPair, Verification };

// The commands' defaults: a delivery may take 30 s, a received body 25 MB.
const TIMEOUT_MS = parseDuration(DEFAULTS.timeout, 'timeoutMs');

/** Every provider hookctl ships, by the name the functions take. */
export const providers: readonly string[] = PROVIDER_NAMES;

/** Overrides by dotted path: `['data.object.amount=5000']` as on the command line, or `{ 'data.object.amount': 5000 }`. */
export type Overrides = readonly string[] | Readonly<Record<string, unknown>>;

export interface EventOptions {
  /** Edits to the built-in template (or to `data`), applied in order. */
  set?: Overrides;
  /** Your own payload instead of the built-in template. */
  data?: JsonObject;
  /** The signing secret; default the provider's environment variable, else its development secret. */
  secret?: string;
  /** For key-pair schemes (Discord, SendGrid): a PEM private key; default the development key. */
  privateKey?: string;
  /** For URL-signing schemes (Twilio, Square, HubSpot): the URL the provider would have called. */
  publicUrl?: string;
  /** Sign as of this time (ms since the epoch); default now. */
  now?: number;
}

/** A request as the provider would send it: the body's bytes are exactly what is signed. */
export interface SignedRequest {
  method: string;
  url: string;
  headers: HeaderPair[];
  body: Buffer;
}

const sets = (overrides: Overrides | undefined): string[] =>
  overrides === undefined
    ? []
    : Array.isArray(overrides)
      ? [...(overrides as readonly string[])]
      : Object.entries(overrides).map(([key, value]) => `${key}=${JSON.stringify(value)}`);

function context(now: number | undefined): ProviderContext {
  return { now: now === undefined ? Date.now : () => now, randomBytes };
}

async function build(
  provider: string,
  event: string,
  to: string,
  options: EventOptions,
): Promise<BuiltTrigger> {
  return buildTrigger({
    provider,
    event,
    secret: options.secret,
    privateKey:
      options.privateKey === undefined ? undefined : { file: 'privateKey', pem: options.privateKey },
    sets: sets(options.set),
    data: options.data,
    target: parseTarget(to, 'to'),
    publicUrl: options.publicUrl === undefined ? undefined : parseTarget(options.publicUrl, 'publicUrl'),
    context: context(options.now),
    env: process.env,
  });
}

/** The payload of `event` as `trigger` builds it (fresh ids, times now), with `set` applied, before encoding. */
export async function buildEvent(
  provider: string,
  event: string,
  options: EventOptions = {},
): Promise<JsonObject> {
  const found = findProviderOrThrow(provider);
  const payload = await found.payload(event, context(options.now), options.data);
  if (payload === null)
    throw usageError(`unknown ${found.title} event "${event}": see \`hookctl fixtures ${found.name}\``);
  for (const assignment of sets(options.set)) applySet(payload, assignment);
  return payload;
}

/** The signed request `trigger` would send to `options.to`: method, URL, every header, the body bytes. */
export async function signedRequest(
  provider: string,
  event: string,
  options: EventOptions & { to: string },
): Promise<SignedRequest> {
  const { request } = await build(provider, event, options.to, options);
  return {
    method: request.method,
    url: request.origin + request.path,
    headers: request.headers,
    body: request.body,
  };
}

/**
 * The signature headers for a body of your own (what Stripe's `generateTestHeaderString` gives, for every
 * provider): `headers` are the delivery headers the scheme signs (Standard Webhooks' `webhook-id`), `url`
 * the URL for schemes that sign it.
 */
export function signatureHeaders(
  provider: string,
  body: Buffer | string,
  options: Omit<EventOptions, 'set' | 'data' | 'publicUrl'> & {
    url?: string;
    method?: string;
    headers?: HeaderPair[];
  } = {},
): HeaderPair[] {
  const found = findProviderOrThrow(provider);
  const secret = resolveSigningSecret(
    found,
    {
      secret: options.secret,
      privateKey:
        options.privateKey === undefined ? undefined : { file: 'privateKey', pem: options.privateKey },
    },
    process.env,
  );
  const given = options.headers ?? [];
  const signed = found.sign(
    { headers: [...given], body: Buffer.from(body), method: options.method ?? 'POST', url: options.url },
    secret.secret,
    context(options.now),
  );
  // What signing added or changed: the given delivery headers themselves are not signature headers.
  const unchanged = new Set(given.map(([name, value]) => `${name.toLowerCase()}\n${value}`));
  return signed.filter(([name, value]) => !unchanged.has(`${name.toLowerCase()}\n${value}`));
}

/** Checks a request's signature as the provider's SDK does; says why when it fails. */
export function verify(
  provider: string,
  request: { headers: HeaderPair[]; body: Buffer | string; method?: string; url?: string },
  options: { secret?: string; now?: number } = {},
): Verification {
  const found = findProviderOrThrow(provider);
  const secret = resolveSecret(found, options.secret, process.env);
  return found.verify(
    { ...request, body: Buffer.from(request.body) },
    secret.secret,
    options.now ?? Date.now(),
  );
}

/** Sends `event` to `to` as `trigger` does: `repeat` copies, `retry` on the provider's schedule. */
export async function trigger(
  provider: string,
  event: string,
  options: EventOptions & {
    to: string;
    repeat?: number;
    retry?: boolean;
    timeScale?: number;
    timeoutMs?: number;
  },
): Promise<DeliveriesSummary> {
  const built = await build(provider, event, options.to, options);
  const sender = await createSender({ timeoutMs: options.timeoutMs ?? TIMEOUT_MS, shortLived: true });
  const signContext = context(undefined);
  try {
    return await runDeliveries({
      request: built.request,
      policy: built.provider.delivery,
      options: {
        repeat: options.repeat ?? 1,
        intervalMs: 0,
        concurrency: 1,
        retry: options.retry ?? false,
        timeScale: options.timeScale ?? 1,
      },
      world: {
        send: (request) => sender.send(request),
        sign: (headers) => signAgain(built, headers, signContext),
        sleep: (ms) => sleep(ms),
      },
    });
  } finally {
    await sender.close();
  }
}

/** What `next` waits for: every given field must match the capture. */
export interface CaptureFilter {
  provider?: string;
  event?: string;
  method?: string;
  /** The path without its query, or a RegExp tested against the path with its query. */
  path?: string | RegExp;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>`: point the app that sends webhooks here. */
  url: string;
  /** The next capture matching `filter` not yet taken by another `next`, waiting at most `timeoutMs` (default 5 s). */
  next(filter?: CaptureFilter, options?: { timeoutMs?: number }): Promise<Capture>;
  /** Every capture so far, oldest first, as the CLI stores it (`hookctl show --json` without bodyBase64). */
  captures(): Capture[];
  close(): Promise<void>;
}

const matches = (capture: Capture, filter: CaptureFilter) =>
  (filter.provider === undefined || capture.provider === filter.provider) &&
  (filter.event === undefined || capture.event === filter.event) &&
  (filter.method === undefined || capture.method === filter.method.toUpperCase()) &&
  (filter.path === undefined ||
    (typeof filter.path === 'string'
      ? capture.path.split('?')[0] === filter.path
      : filter.path.test(capture.path)));

/**
 * An in-process capture server on a free port (for apps that send webhooks): every request is answered
 * `200 ok` and stored, in `store` (a directory) or a temporary one removed on `close`.
 */
export async function receive(
  options: { port?: number; host?: string; store?: string } = {},
): Promise<Receiver> {
  const dir = options.store ?? (await mkdtemp(path.join(tmpdir(), 'hookctl-receive-')));
  const store = await openStore({ dir, warn: () => {} });
  const sender = await createSender({ timeoutMs: TIMEOUT_MS });
  const all: Capture[] = [];
  const taken = new Set<Capture>();
  let waiters: Array<() => void> = [];
  const server = await startCaptureServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    store,
    forwardTo: null,
    sender,
    maxBody: parseSize(DEFAULTS.maxBody, 'maxBody'),
    detect: detectProvider,
    localAnswer: () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok\n' }),
    events: {
      completed(capture) {
        all.push(capture);
        for (const wake of waiters) wake();
        waiters = [];
      },
    },
  });
  return {
    url: server.url,
    captures: () => [...all],
    async next(filter = {}, { timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = all.find((capture) => !taken.has(capture) && matches(capture, filter));
        if (found !== undefined) {
          taken.add(found);
          return found;
        }
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `no capture matching ${JSON.stringify(filter)} within ${timeoutMs} ms (${all.length} received)`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      await server.close();
      await sender.close();
      if (options.store === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `hookctl check`'s battery against a handler and returns the report (nothing is printed). */
export async function check(
  provider: string,
  options: {
    to: string;
    secret?: string;
    privateKey?: string;
    event?: string;
    publicUrl?: string;
    only?: string[];
    skip?: string[];
    timeScale?: number;
    timeoutMs?: number;
  },
): Promise<CheckReport> {
  const sender = await createSender({ timeoutMs: options.timeoutMs ?? TIMEOUT_MS, shortLived: true });
  try {
    return await runChecks(
      {
        provider,
        to: parseTarget(options.to, 'to'),
        event: options.event,
        secret: options.secret,
        privateKey:
          options.privateKey === undefined ? undefined : { file: 'privateKey', pem: options.privateKey },
        publicUrl: options.publicUrl === undefined ? undefined : parseTarget(options.publicUrl, 'publicUrl'),
        only: options.only,
        skip: options.skip,
        timeScale: options.timeScale,
        env: process.env,
      },
      { send: (request) => sender.send(request), context: context(undefined) },
    );
  } finally {
    await sender.close();
  }
}
