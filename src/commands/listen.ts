import { hostname } from 'node:os';
import type { CaptureServer } from '../core/capture/index.ts';
import {
  type CaptureServerEvents,
  parseRoute,
  type RouteRule,
  runListen,
  serverTimeouts,
  startCaptureServer,
} from '../core/capture/index.ts';
import type { CaptureStore } from '../core/store/index.ts';
import { summarize } from '../core/types.ts';
import { createSender, type Sender } from '../http/client.ts';
import { parseTarget } from '../http/target.ts';
import { usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger, parseSize } from '../lib/units.ts';
import { createListenView } from '../output/listen-view.ts';
import { batchingOut, type Terminal } from '../output/terminal.ts';
import { findProviderOrThrow } from '../providers/lookup.ts';
import { detectProvider, findProvider } from '../providers/registry.ts';
import { type ResolvedSecret, resolveSecret } from '../providers/secret.ts';
import type { Detection, InboundRequest, LocalAnswer, Provider } from '../providers/types.ts';
import { createLiveFeed, type LiveFeed } from '../ui/live.ts';
import type { UiServer } from '../ui/server.ts';
import { openStoreFor, optionalString, useProviderFiles } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import { defaultRelayName, parseRelay, type RelayOptions, startRelay, userName } from './listen-relay.ts';
import { parseTlsFlags, senderTrust, type TlsFlags } from './tls-flags.ts';
import type { World } from './world.ts';

export interface ListenOptions {
  forwardTo: URL | null;
  port: number;
  host: string;
  tunnel: boolean;
  exitAfter: number | null;
  timeoutMs: number | null;
  maxBody: number;
  forwardTimeoutMs: number;
  keep: number;
  verbose: boolean;
  json: boolean;
  store: string | undefined;
  /** `--verify PROVIDER`: the provider whose signatures are checked on arrival. */
  verify: Provider | null;
  secret: string | undefined;
  /** A named tunnel's token (`--tunnel-token` / `$HOOKCTL_TUNNEL_TOKEN`); a quick tunnel without. */
  tunnelToken: string | undefined;
  /** The inspector's port; null with `--no-ui`. */
  uiPort: number | null;
  /** `--relay URL/<channel>`: receive that relay channel's webhooks (instead of a tunnel). */
  relay: RelayOptions | null;
  /** `--route 'MATCH=ACTION'` rules in order; the first that matches wins, `forwardTo` is the fallback. */
  routes: RouteRule[];
  /** `--insecure` / `--ca FILE` for an HTTPS forward target. */
  tls: TlsFlags;
}

function routeTexts(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function parseListenOptions(
  args: string[],
  raw: Record<string, unknown>,
  defaultName = 'listener',
): ListenOptions {
  const text = (name: string, fallback: string) => optionalString(raw[name]) ?? fallback;
  const exitAfter = optionalString(raw.exitAfter);
  const timeout = optionalString(raw.timeout);
  const host = text('host', DEFAULTS.host);
  if (host.trim() === '') throw usageError('--host takes an address such as 127.0.0.1 or 0.0.0.0');
  return {
    forwardTo: args[0] === undefined ? null : parseTarget(args[0]),
    port: parseInteger(text('port', DEFAULTS.port), '--port', 0, 65535),
    host,
    // A relay is the public side: no tunnel beside it.
    tunnel: raw.tunnel !== false && raw.relay === undefined,
    exitAfter: exitAfter === undefined ? null : parseInteger(exitAfter, '--exit-after', 1),
    timeoutMs: timeout === undefined ? null : parseDuration(timeout, '--timeout'),
    maxBody: parseSize(text('maxBody', DEFAULTS.maxBody), '--max-body'),
    forwardTimeoutMs: parseDuration(text('forwardTimeout', DEFAULTS.forwardTimeout), '--forward-timeout'),
    keep: parseInteger(text('keep', DEFAULTS.keep), '--keep', 0),
    verbose: raw.verbose === true,
    json: raw.json === true,
    store: optionalString(raw.store),
    verify: raw.verify === undefined ? null : findProviderOrThrow(String(raw.verify)),
    secret: optionalString(raw.secret),
    tunnelToken: optionalString(raw.tunnelToken),
    uiPort: raw.ui === false ? null : parseInteger(text('uiPort', DEFAULTS.uiPort), '--ui-port', 0, 65535),
    relay: parseRelay(raw, defaultName),
    routes: routeTexts(raw.route).map(parseRoute),
    tls: parseTlsFlags(raw),
  };
}

const OK: LocalAnswer = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'ok\n' };

/**
 * The answer when nothing is forwarded: the provider's registration challenge when this is one (Slack's
 * url_verification, Zoom's endpoint.url_validation, Discord's PING), so the URL can be registered while
 * only capturing; else `ok`. A challenge that needs the secret uses `--secret` when listen verifies that
 * provider, else the provider's variable or its development secret.
 */
function localAnswerer(
  verifier: Provider | null,
  secret: ResolvedSecret | null,
  env: NodeJS.ProcessEnv,
): (request: InboundRequest, detection: Detection | null, nowMs: number) => LocalAnswer {
  return (request, detection, nowMs) => {
    const provider = detection === null ? null : findProvider(detection.provider);
    if (provider?.challenge === undefined) return OK;
    const key = provider === verifier && secret !== null ? secret : resolveSecret(provider, undefined, env);
    return provider.challenge(request, key.secret, nowMs) ?? OK;
  };
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const options = parseListenOptions(args, raw, defaultRelayName(userName(world.env), hostname()));
  const terminal = batchingOut(world.terminal({ json: options.json }));
  try {
    return await serve(options, raw, world, terminal);
  } finally {
    terminal.close();
  }
}

async function serve(
  options: ListenOptions,
  raw: Record<string, unknown>,
  world: World,
  terminal: Terminal,
): Promise<number> {
  const store = await openStoreFor(options, terminal, world);
  const sender = await createSender({
    timeoutMs: options.forwardTimeoutMs,
    ...(await senderTrust(options.tls)),
  });
  const live = createLiveFeed();
  const view = createListenView(terminal, options);
  const verifier = options.verify;
  const secret = verifier === null ? null : resolveSecret(verifier, options.secret, world.env);
  if (verifier !== null && secret?.source === 'development') {
    terminal.err(
      terminal.errColor.yellow(
        `! checking ${verifier.title} signatures with ${secret.label}: pass --secret or set $${verifier.secretEnv}`,
      ),
    );
  }
  const parts = {
    store,
    keep: options.keep,
    exitAfter: options.exitAfter,
    timeoutMs: options.timeoutMs,
    startServer: (events: CaptureServerEvents) =>
      startCaptureServer({
        host: options.host,
        port: options.port,
        store,
        forwardTo: options.forwardTo,
        routes: options.routes,
        sender,
        maxBody: options.maxBody,
        // Hidden HOOKCTL_*_TIMEOUT_MS variables let tests shorten the slowloris limits; users get the defaults.
        timeouts: serverTimeouts(world.env),
        detect: detectProvider,
        verify:
          verifier === null || secret === null
            ? undefined
            : (request: InboundRequest, nowMs: number) => verifier.verify(request, secret.secret, nowMs),
        localAnswer: localAnswerer(verifier, secret, world.env),
        events,
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') {
          throw usageError(
            `port ${options.port} on ${options.host} is in use: pick another with --port, or --port 0`,
          );
        }
        throw error;
      }),
    startBeside: () =>
      options.uiPort === null
        ? Promise.resolve(null)
        : startInspector(options, { store, live, sender, env: world.env }, terminal),
    // Loaded only when wanted: --no-tunnel and every other command never pay for it.
    startPublic: async (server: CaptureServer, stop: (code: number) => void) =>
      options.relay !== null
        ? startRelay(options.relay, server, store, live, view, stop)
        : options.tunnel
          ? (await import('../tunnel/cloudflared.ts')).startTunnel({
              localUrl: server.url,
              token: options.tunnelToken,
              events: view.tunnel,
              env: world.env,
            })
          : null,
    closeAfter: [sender],
  };
  return runListen(
    parts,
    {
      request(capture) {
        const summary = summarize(capture, capture.forward);
        view.request(capture, summary);
        live.publish(summary);
      },
      rejected: (info) => view.rejected(info),
      failed: (message) => terminal.err(terminal.errColor.red(`✗ ${message}`)),
      ready: ({ url, besideUrl }) => view.ready(url, store.dir, besideUrl),
      pruneFailed: (error) => terminal.err(terminal.errColor.yellow(`! retention: ${error.message}`)),
      timedOut(completed) {
        const expected = options.exitAfter === null ? '' : ` of ${options.exitAfter}`;
        // "received 1 of 3 requests", "received 1 request": the noun goes with the last number.
        const counted = options.exitAfter ?? completed;
        terminal.err(
          `✗ timed out after ${raw.timeout}: received ${completed}${expected} request${counted === 1 ? '' : 's'}`,
        );
      },
      stopped: (completed) => view.stopped(completed),
    },
    {
      signals: world.signals,
      setTimer: (callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      },
      forceExit: () => world.exit(130),
    },
  );
}

/**
 * The inspector next to the listener. Its port being taken (another listen already serves one) is worth
 * a line, not a failure: webhooks still arrive.
 */
async function startInspector(
  options: ListenOptions,
  parts: { store: CaptureStore; live: LiveFeed; sender: Sender; env: NodeJS.ProcessEnv },
  terminal: Terminal,
): Promise<UiServer | null> {
  const { startUiServer } = await import('../ui/server.ts');
  try {
    return await startUiServer({ host: '127.0.0.1', port: options.uiPort ?? 0, ...parts });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? 'is in use'
        : `failed: ${(error as Error).message}`;
    terminal.err(
      terminal.errColor.yellow(
        `! inspector: port ${options.uiPort} ${reason}; pick another with --ui-port (0 for any) or see it with hookctl ui`,
      ),
    );
    return null;
  }
}
