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
}

/** How `listen` looks: NDJSON for scripts, aligned lines for people. Tunnel trouble goes to stderr. */
export interface ListenView {
  ready(url: string, storeDir: string, ui: string | null): void;
  /** `summary` is `summarize(capture, capture.forward)`, made once for every consumer. */
  request(capture: Capture, summary: CaptureSummary): void;
  rejected(info: { method: string; path: string; status: number; reason: string }): void;
  stopped(count: number): void;
  tunnel: TunnelEvents;
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

  let headerShown = false;
  if (options.json) {
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
      if (!options.tunnel) terminal.out(`  ${label('tunnel')} off`);
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
  };
}

function displayUrl(url: URL): string {
  return url.pathname === '/' && url.search === '' ? url.origin : url.href;
}
