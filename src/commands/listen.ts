import { serverTimeouts, startCaptureServer } from '../core/capture/server.ts';
import type { CaptureStore } from '../core/store/index.ts';
import { DEFAULT_KEEP } from '../core/store/index.ts';
import { summarize } from '../core/types.ts';
import type { Sender } from '../http/client.ts';
import { createSender } from '../http/client.ts';
import { parseTarget } from '../http/target.ts';
import { usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger, parseSize } from '../lib/units.ts';
import { createListenView } from '../output/listen-view.ts';
import type { Terminal } from '../output/terminal.ts';
import { batchingOut, createTerminal } from '../output/terminal.ts';
import { findProviderOrThrow } from '../providers/lookup.ts';
import { detectProvider } from '../providers/registry.ts';
import { resolveSecret } from '../providers/secret.ts';
import { slackChallenge } from '../providers/slack/index.ts';
import type { InboundRequest, Provider } from '../providers/types.ts';
import { createLiveFeed, type LiveFeed } from '../ui/live.ts';
import type { UiServer } from '../ui/server.ts';
import { openStoreFor, optionalString } from './common.ts';

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
}

export function parseListenOptions(args: string[], raw: Record<string, unknown>): ListenOptions {
  const text = (name: string, fallback: string) => optionalString(raw[name]) ?? fallback;
  const exitAfter = optionalString(raw.exitAfter);
  const timeout = optionalString(raw.timeout);
  const host = text('host', '127.0.0.1');
  if (host.trim() === '') throw usageError('--host takes an address such as 127.0.0.1 or 0.0.0.0');
  return {
    forwardTo: args[0] === undefined ? null : parseTarget(args[0]),
    port: parseInteger(text('port', '4500'), '--port', 0, 65535),
    host,
    tunnel: raw.tunnel !== false,
    exitAfter: exitAfter === undefined ? null : parseInteger(exitAfter, '--exit-after', 1),
    timeoutMs: timeout === undefined ? null : parseDuration(timeout, '--timeout'),
    maxBody: parseSize(text('maxBody', '25mb'), '--max-body'),
    forwardTimeoutMs: parseDuration(text('forwardTimeout', '30s'), '--forward-timeout'),
    keep: parseInteger(text('keep', String(DEFAULT_KEEP)), '--keep', 0),
    verbose: raw.verbose === true,
    json: raw.json === true,
    store: optionalString(raw.store),
    verify: raw.verify === undefined ? null : findProviderOrThrow(String(raw.verify)),
    secret: optionalString(raw.secret),
    tunnelToken: optionalString(raw.tunnelToken),
    uiPort: raw.ui === false ? null : parseInteger(text('uiPort', '4501'), '--ui-port', 0, 65535),
  };
}

/** The answer when nothing is forwarded: Slack's url_verification challenge, so the URL can be registered. */
function localAnswer(request: InboundRequest): { contentType: string; body: string } {
  return { contentType: 'text/plain; charset=utf-8', body: slackChallenge(request) ?? 'ok\n' };
}

export async function run(args: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseListenOptions(args, raw);
  const terminal = batchingOut(createTerminal({ json: options.json }));
  const store = await openStoreFor(options, terminal);
  const sender = await createSender({ timeoutMs: options.forwardTimeoutMs });
  const live = createLiveFeed();
  const view = createListenView(terminal, options);
  const verifier = options.verify;
  const secret = verifier === null ? null : resolveSecret(verifier, options.secret, process.env);
  if (verifier !== null && secret?.source === 'development') {
    terminal.err(
      terminal.errColor.yellow(
        `! checking ${verifier.title} signatures with ${secret.label}: pass --secret or set $${verifier.secretEnv}`,
      ),
    );
  }

  let settle: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    settle = resolve;
  });
  let completed = 0;
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruning
      .then(() => store.prune(options.keep))
      .catch((error: Error) => terminal.err(terminal.errColor.yellow(`! retention: ${error.message}`)));
  };

  const server = await startCaptureServer({
    host: options.host,
    port: options.port,
    store,
    forwardTo: options.forwardTo,
    sender,
    maxBody: options.maxBody,
    // Hidden HOOKCTL_*_TIMEOUT_MS variables let tests shorten the slowloris limits; users get the defaults.
    timeouts: serverTimeouts(process.env),
    detect: detectProvider,
    verify:
      verifier === null || secret === null
        ? undefined
        : (request, nowMs) => verifier.verify(request, secret.secret, nowMs),
    localAnswer,
    events: {
      completed(capture) {
        completed += 1;
        const summary = summarize(capture, capture.forward);
        view.request(capture, summary);
        live.publish(summary);
        if (options.keep > 0 && completed % 500 === 0) prune();
        if (options.exitAfter !== null && completed >= options.exitAfter) settle(0);
      },
      rejected: (info) => view.rejected(info),
      failed: (message) => terminal.err(terminal.errColor.red(`✗ ${message}`)),
    },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw usageError(
        `port ${options.port} on ${options.host} is in use: pick another with --port, or --port 0`,
      );
    }
    throw error;
  });
  // Handlers first: a signal that arrives while the inspector or tunnel start must still mean a clean exit.
  const onSignal = () => settle(0);
  const forceExit = () => process.exit(130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ui = options.uiPort === null ? null : await startInspector(options, store, live, sender, terminal);
  // Pruned before saying ready: a script that waits for the ready line sees the store within --keep.
  if (options.keep > 0) {
    prune();
    await pruning;
  }
  view.ready(server.url, store.dir, ui?.url ?? null);
  // Loaded only when wanted: --no-tunnel and every other command never pay for it.
  const tunnel = options.tunnel
    ? await (await import('../tunnel/cloudflared.ts')).startTunnel({
        localUrl: server.url,
        token: options.tunnelToken,
        events: view.tunnel,
        env: process.env,
      })
    : null;

  const timer =
    options.timeoutMs === null
      ? undefined
      : setTimeout(() => {
          const expected = options.exitAfter === null ? '' : ` of ${options.exitAfter}`;
          // "received 1 of 3 requests", "received 1 request": the noun goes with the last number.
          const counted = options.exitAfter ?? completed;
          terminal.err(
            `✗ timed out after ${raw.timeout}: received ${completed}${expected} request${counted === 1 ? '' : 's'}`,
          );
          settle(1);
        }, options.timeoutMs);

  const code = await done;
  // A second Ctrl-C while requests finish means "now".
  process.on('SIGINT', forceExit);
  process.on('SIGTERM', forceExit);
  clearTimeout(timer);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // The public side closes first, so nothing new arrives while requests under way finish.
  await tunnel?.close();
  await ui?.close();
  await server.close();
  await sender.close();
  await pruning;
  await store.close();
  process.off('SIGINT', forceExit);
  process.off('SIGTERM', forceExit);
  view.stopped(completed);
  terminal.flush();
  return code;
}

/**
 * The inspector next to the listener. Its port being taken (another listen already serves one) is worth
 * a line, not a failure: webhooks still arrive.
 */
async function startInspector(
  options: ListenOptions,
  store: CaptureStore,
  live: LiveFeed,
  sender: Sender,
  terminal: Terminal,
): Promise<UiServer | null> {
  const { startUiServer } = await import('../ui/server.ts');
  try {
    return await startUiServer({ host: '127.0.0.1', port: options.uiPort ?? 0, store, live, sender });
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
