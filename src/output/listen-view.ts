import type { Capture, CaptureSummary } from '../core/types.ts';
import type { TunnelEvents } from '../tunnel/types.ts';
import { renderVerbose } from './capture-view.ts';
import { formatDuration } from './format.ts';
import { formatListHeader, formatRequestLine } from './request-line.ts';
import type { Terminal } from './terminal.ts';

export interface ListenViewOptions {
  json: boolean;
  verbose: boolean;
  forwardTo: URL | null;
  tunnel: boolean;
  exitAfter: number | null;
  /** `--relay`: the channel URL (null without). */
  relay: { address: { channelUrl: string }; name: string } | null;
}

/** listen --relay, as it happens. */
export interface RelayViewEvents {
  connecting(url: string, attempt: number): void;
  connected(url: string, info: { backlog: number; dropped: number }): void;
  /** The backlog is delivered: what comes now is live. */
  drained(url: string): void;
  disconnected(url: string, info: { reason: string; retryInMs: number }): void;
  refused(message: string): void;
  /** A capture the last run stored but had not forwarded when it stopped, forwarded now. */
  recovered(capture: { id: string; method: string; path: string }): void;
}

/** How `listen` looks: NDJSON for scripts, aligned lines for people. Tunnel trouble goes to stderr. */
export interface ListenView {
  ready(url: string, storeDir: string, ui: string | null): void;
  /** `summary` is `summarize(capture, capture.forward)`, made once for every consumer. */
  request(capture: Capture, summary: CaptureSummary): void;
  rejected(info: { method: string; path: string; status: number; reason: string }): void;
  stopped(count: number): void;
  tunnel: TunnelEvents;
  relay: RelayViewEvents;
}

const INSTALL_HINT =
  'install it with `hookctl tunnel install` (or npm install cloudflared, or set CLOUDFLARED_BIN)';

export function createListenView(terminal: Terminal, options: ListenViewOptions): ListenView {
  const { color, errColor } = terminal;
  const notice = (message: string) => terminal.err(errColor.yellow(`! tunnel: ${message}`));
  const tunnelTrouble: Omit<TunnelEvents, 'url' | 'registered' | 'starting'> = {
    exited: ({ code, signal, restartInMs, reason }) =>
      notice(
        `cloudflared stopped (${signal ?? `exit ${code}`}: ${reason}); restarting in ${formatDuration(restartInMs)}, receiving locally meanwhile`,
      ),
    missing: (bin) => notice(`cloudflared not found at ${bin}: ${INSTALL_HINT}; receiving locally only`),
    warning: notice,
  };

  const relayTrouble = {
    disconnected: (url: string, info: { reason: string; retryInMs: number }) =>
      terminal.err(
        errColor.yellow(
          `! relay: ${url} disconnected (${info.reason}); reconnecting in ${formatDuration(info.retryInMs)}, the relay keeps what arrives meanwhile`,
        ),
      ),
    refused: (message: string) => terminal.err(errColor.red(`✗ ${message}`)),
    recovered: (capture: { id: string; method: string; path: string }) =>
      terminal.err(
        errColor.yellow(
          `! relay: ${capture.id} (${capture.method} ${capture.path}) was stored but not forwarded when listen last stopped: forwarded now`,
        ),
      ),
  };
  const droppedNote = (dropped: number) =>
    dropped > 0
      ? terminal.err(
          errColor.yellow(
            `! relay: ${dropped} event${dropped === 1 ? ' was' : 's were'} dropped by the relay's retention before this listener had ${dropped === 1 ? 'it' : 'them'} (hookctl relay status shows the limits)`,
          ),
        )
      : undefined;

  let headerShown = false;
  if (options.json) {
    const relayLine = (fields: Record<string, unknown>) =>
      terminal.out(JSON.stringify({ kind: 'relay', ...fields }));
    return {
      ready(url, storeDir, ui) {
        const forward = options.forwardTo?.href ?? null;
        terminal.out(JSON.stringify({ kind: 'ready', url, ui, forward, store: storeDir }));
      },
      // The summary's own JSON with "kind" in front: no spread copy of it per request.
      request: (_capture, summary) => terminal.out(`{"kind":"request",${JSON.stringify(summary).slice(1)}`),
      rejected: (info) =>
        terminal.err(`! ${info.status} ${info.method} ${info.path}: ${info.reason}, not captured`),
      stopped: () => {},
      tunnel: {
        ...tunnelTrouble,
        starting: () => {},
        url: (publicUrl) => terminal.out(JSON.stringify({ kind: 'tunnel', publicUrl })),
        registered: () => {},
      },
      relay: {
        connecting: () => {},
        connected(url, info) {
          relayLine({ state: 'connected', url, backlog: info.backlog, dropped: info.dropped });
          droppedNote(info.dropped);
        },
        drained: (url) => relayLine({ state: 'connected', url, backlog: 0, dropped: 0 }),
        disconnected(url, info) {
          relayLine({ state: 'disconnected', url, reason: info.reason, retryInMs: info.retryInMs });
          relayTrouble.disconnected(url, info);
        },
        refused: relayTrouble.refused,
        recovered: relayTrouble.recovered,
      },
    };
  }

  return {
    ready(url, storeDir, ui) {
      const label = (name: string) => color.dim(name.padEnd(10));
      terminal.out(`${color.green('●')} ${color.bold('hookctl')} listening on ${color.bold(url)}`);
      terminal.out(
        `  ${label('forward')} ${options.forwardTo ? displayUrl(options.forwardTo) : 'off (capture and answer 200)'}`,
      );
      terminal.out(`  ${label('store')} ${storeDir}`);
      terminal.out(`  ${label('inspector')} ${ui === null ? 'off' : color.underline(ui)}`);
      if (options.relay !== null) {
        terminal.out(
          `  ${label('relay')} ${color.bold.cyan(options.relay.address.channelUrl)} as ${options.relay.name}`,
        );
        terminal.out(
          color.dim("    the stable URL to paste into the provider's webhook settings (append your path)"),
        );
      } else if (!options.tunnel) terminal.out(`  ${label('tunnel')} off`);
      const stopHint =
        options.exitAfter === null ? 'Ctrl-C to stop' : `exits after ${options.exitAfter} requests`;
      terminal.out(color.dim(`  Waiting for webhooks… (${stopHint})`));
    },
    request(capture, summary) {
      // Column titles just above the first row, after whatever the tunnel printed in between.
      if (!headerShown) terminal.out(formatListHeader({ chalk: color, columns: terminal.columns }));
      headerShown = true;
      terminal.out(formatRequestLine(summary, { chalk: color, columns: terminal.columns }));
      if (capture.signatureError !== undefined) {
        terminal.out(color.red(`  ✗ signature: ${capture.signatureError}`));
      }
      if (options.verbose) terminal.out(renderVerbose(capture, { chalk: color, columns: terminal.columns }));
    },
    rejected: (info) =>
      terminal.out(
        color.yellow(`  ${info.status} ${info.method} ${info.path}: ${info.reason}, not captured`),
      ),
    stopped: (count) => terminal.out(color.dim(`  Stopped after ${count} request${count === 1 ? '' : 's'}.`)),
    tunnel: {
      ...tunnelTrouble,
      starting: (attempt) =>
        terminal.err(
          errColor.dim(
            attempt === 1 ? '  tunnel: starting cloudflared…' : '  tunnel: restarting cloudflared…',
          ),
        ),
      url: (publicUrl) => {
        terminal.out(`  ${color.green('➜')} ${color.bold('Public URL')}  ${color.bold.cyan(publicUrl)}`);
        terminal.out(
          color.dim("    paste it into the provider's webhook settings (append your path, e.g. /webhooks)"),
        );
      },
      registered: (location) =>
        terminal.err(errColor.dim(`  tunnel: connected${location === null ? '' : ` (${location})`}`)),
    },
    relay: {
      connecting: (_url, attempt) =>
        attempt === 1 ? terminal.err(errColor.dim('  relay: connecting…')) : undefined,
      connected(_url, info) {
        const waiting =
          info.backlog === 0
            ? 'nothing waiting'
            : `${info.backlog} event${info.backlog === 1 ? '' : 's'} waiting, oldest first`;
        terminal.err(errColor.dim(`  relay: connected (${waiting})`));
        droppedNote(info.dropped);
      },
      drained: () => terminal.err(errColor.dim('  relay: caught up; events arrive live now')),
      ...relayTrouble,
    },
  };
}

function displayUrl(url: URL): string {
  return url.pathname === '/' && url.search === '' ? url.origin : url.href;
}
