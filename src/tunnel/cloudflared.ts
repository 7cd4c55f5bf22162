import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseLogLine } from './log.ts';
import type { Tunnel, TunnelOptions } from './types.ts';

/** Restart delays; the first retry comes within 5 s, as the contract asks. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16_000, 30_000];
/** A run this long counts as healthy: the next failure starts the backoff from the beginning again. */
const HEALTHY_RUN_MS = 60_000;
const STOP_GRACE_MS = 3000;
const SLOW_START_MS = 15_000;

/** `$CLOUDFLARED_BIN`, else the binary the `cloudflared` npm package installs (it also honours the variable). */
export async function cloudflaredBin(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.CLOUDFLARED_BIN) return env.CLOUDFLARED_BIN;
  const { bin } = await import('cloudflared');
  return bin;
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * cloudflared's argv. `--config` points at an empty file: a `~/.cloudflared/config.yml` written for some
 * other tunnel would otherwise take over (its ingress rules win over `--url`). No auto-update: hookctl
 * starts and stops cloudflared itself.
 */
export function cloudflaredArgs(localUrl: string, token: string | undefined, emptyConfig: string): string[] {
  const common = ['tunnel', '--no-autoupdate', '--config', emptyConfig];
  // A named tunnel's token goes in $TUNNEL_TOKEN (cloudflared reads it), not argv, which `ps` shows anyone.
  return token === undefined ? [...common, '--url', localUrl] : [...common, 'run'];
}

/** Starts cloudflared and keeps it running until `close()`; never throws for a missing binary or network. */
export async function startTunnel(options: TunnelOptions): Promise<Tunnel> {
  const { events } = options;
  const bin = await cloudflaredBin(options.env);
  if (!(await isExecutable(bin))) {
    events.missing(bin);
    return { close: async () => {} };
  }
  // A private folder (mkdtemp) for the empty config: a shared /tmp name could be planted by another user.
  let configDir: string;
  try {
    configDir = await mkdtemp(path.join(tmpdir(), 'hookctl-cloudflared-'));
    await writeFile(path.join(configDir, 'config.yml'), '', { mode: 0o600 });
  } catch (error) {
    events.warning(
      `cannot write cloudflared's empty config in ${tmpdir()}: ${(error as Error).message}; receiving locally only`,
    );
    return { close: async () => {} };
  }
  const emptyConfig = path.join(configDir, 'config.yml');
  const childEnv =
    options.token === undefined ? options.env : { ...options.env, TUNNEL_TOKEN: options.token };
  const args = cloudflaredArgs(options.localUrl, options.token, emptyConfig);
  const localPort = new URL(options.localUrl).port;

  let closing = false;
  let attempt = 0;
  let failures = 0;
  let child: ChildProcess | undefined;
  let watchdog: ChildProcess | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();
  // A crash of hookctl itself must not leave cloudflared behind (the watchdog covers SIGKILL).
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  function start(): void {
    attempt += 1;
    events.starting(attempt);
    const startedAt = Date.now();
    let reason = 'exited';
    let sawUrl = false;
    // Its own process group: Ctrl-C in the terminal reaches hookctl, which stops cloudflared in order.
    const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: childEnv });
    child = proc;
    watchdog = startWatchdog(proc.pid);
    const slow = setTimeout(() => {
      if (!sawUrl)
        events.warning(
          `cloudflared has not given a URL after ${SLOW_START_MS / 1000}s; still trying (hookctl doctor checks the network)`,
        );
    }, SLOW_START_MS);
    slow.unref();
    createInterface({ input: proc.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      const event = parseLogLine(line);
      if (event === null) return;
      if (event.kind === 'url') {
        sawUrl = true;
        events.url(event.url);
      } else if (event.kind === 'hostname') {
        sawUrl = true;
        events.url(`https://${event.hostname}`);
        const servicePort = event.service === null ? null : portOf(event.service);
        if (servicePort !== null && servicePort !== localPort) {
          events.warning(
            `the tunnel sends ${event.hostname} to ${event.service}, but hookctl listens on port ${localPort}: change the public hostname's service in the Cloudflare dashboard, or run listen --port ${servicePort}`,
          );
        }
      } else if (event.kind === 'registered') events.registered(event.location);
      else if (event.kind === 'rate-limited')
        reason = 'Cloudflare is rate-limiting quick tunnels from this address (429)';
      else if (event.kind === 'error' && reason === 'exited') reason = event.message;
    });
    exited = new Promise((resolve) => {
      proc.once('error', (error) => {
        reason = error.message;
      });
      proc.once('close', (code, signal) => {
        clearTimeout(slow);
        watchdog?.kill('SIGKILL');
        if (child === proc) child = undefined;
        resolve();
        if (closing) return;
        failures = Date.now() - startedAt >= HEALTHY_RUN_MS ? 0 : failures + 1;
        const restartInMs = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)] ?? 1000;
        events.exited({ code, signal, restartInMs, reason });
        restartTimer = setTimeout(start, restartInMs);
      });
    });
  }

  start();
  let closed: Promise<void> | undefined;
  return {
    close() {
      closed ??= (async () => {
        closing = true;
        clearTimeout(restartTimer);
        const proc = child;
        if (proc !== undefined) {
          const escalate = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
          proc.kill('SIGINT');
          await exited;
          clearTimeout(escalate);
        }
        watchdog?.kill('SIGKILL');
        process.off('exit', killOnExit);
        await rm(configDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/**
 * A few bytes of shell that kill cloudflared when hookctl's end of its stdin closes: that is the one way
 * to notice hookctl being killed with SIGKILL. Not on Windows, where there is no sh; the exit handler
 * still covers crashes there.
 */
function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (pid === undefined || process.platform === 'win32') return undefined;
  const guard = spawn(
    '/bin/sh',
    ['-c', 'read _; kill -9 "$1" 2>/dev/null', 'hookctl-watchdog', String(pid)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    },
  );
  guard.on('error', () => {});
  guard.unref();
  // Neither the watchdog nor its pipe may keep hookctl alive: they exist only to outlive it.
  guard.stdin?.on('error', () => {});
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return guard;
}

function portOf(service: string): string | null {
  try {
    const url = new URL(service);
    return url.port || (url.protocol === 'https:' ? '443' : '80');
  } catch {
    return null;
  }
}
