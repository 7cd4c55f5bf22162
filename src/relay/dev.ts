import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

// `hookctl relay dev`: the relay Worker on Miniflare, Cloudflare's Workers runtime (workerd) run
// locally, with the same bundle `relay deploy` uploads and SQLite-backed Durable Objects as on the free
// plan. Miniflare is loaded only here (it is large and optional), so nothing else pays for it.

/** The Workers settings the relay is written for; `relay deploy` writes the same ones for wrangler. */
export const RELAY_RUNTIME = {
  compatibilityDate: '2026-04-01',
  compatibilityFlags: ['nodejs_compat'],
  className: 'Channel',
  binding: 'CHANNELS',
} as const;

/**
 * The bundle `npm run build` writes (scripts/build-relay.mjs): beside this module in `dist/relay/`, and
 * found there from `src/relay/` too when the sources run under tsx (tests).
 */
export async function relayBundleFile(): Promise<string> {
  const beside = new URL('./worker.bundle.js', import.meta.url);
  try {
    await access(beside);
    return fileURLToPath(beside);
  } catch {
    return fileURLToPath(new URL('../../dist/relay/worker.bundle.js', import.meta.url));
  }
}

export interface DevRelayOptions {
  host: string;
  port: number;
  token: string;
  /** A directory for the channels' storage, kept across restarts; null keeps it in memory. */
  persist: string | null;
}

export interface DevRelay {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export class MissingMiniflare extends Error {}

export async function startDevRelay(options: DevRelayOptions): Promise<DevRelay> {
  let miniflare: typeof import('miniflare');
  try {
    miniflare = await import('miniflare');
  } catch {
    throw new MissingMiniflare('miniflare is not installed');
  }
  const script = await readFile(await relayBundleFile(), 'utf8');
  // workerd would print a fatal stack trace for a port in use: find out first, the way Node says it.
  if (options.port !== 0) await portFree(options.host, options.port);
  const before = new Set(await childPids(process.pid));
  const mf = new miniflare.Miniflare({
    modules: true,
    script,
    compatibilityDate: RELAY_RUNTIME.compatibilityDate,
    compatibilityFlags: [...RELAY_RUNTIME.compatibilityFlags],
    durableObjects: { [RELAY_RUNTIME.binding]: { className: RELAY_RUNTIME.className, useSQLite: true } },
    ...(options.persist === null ? {} : { durableObjectsPersist: options.persist }),
    bindings: { LISTENER_TOKEN: options.token },
    host: options.host,
    port: options.port,
  });
  let url: string;
  try {
    url = (await mf.ready).href.replace(/\/$/, '');
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
  const watchdog = await guardChildren((await childPids(process.pid)).filter((pid) => !before.has(pid)));
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= mf.dispose().finally(() => watchdog?.kill());
      return closing;
    },
  };
}

/** Resolves when `port` can be listened on; rejects with Node's EADDRINUSE error otherwise. */
function portFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Miniflare runs workerd as a child process, which outlives a `kill -9` of hookctl and keeps serving the
 * port. A watchdog shell holds a pipe from this process: when the pipe closes (this process ended, however
 * it ended), it kills the children Miniflare started. Not on Windows, where there is no /bin/sh.
 */
async function guardChildren(children: number[]): Promise<ChildProcess | null> {
  if (process.platform === 'win32' || children.length === 0) return null;
  const watchdog = spawn('/bin/sh', ['-c', `read _; kill -9 ${children.join(' ')} 2>/dev/null`], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.unref();
  (watchdog.stdin as NodeJS.WritableStream & { unref?: () => void }).unref?.();
  return watchdog;
}

/** The pids of this process's children: /proc on Linux, else `pgrep -P`. */
async function childPids(pid: number): Promise<number[]> {
  const found = new Set<number>();
  try {
    for (const task of await readdir(`/proc/${pid}/task`)) {
      const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8');
      for (const child of text.split(/\s+/)) if (child !== '') found.add(Number(child));
    }
  } catch {
    const listed = await new Promise<string>((resolve) => {
      execFile('pgrep', ['-P', String(pid)], (_error, stdout) => resolve(stdout ?? ''));
    });
    for (const child of listed.split(/\s+/)) if (/^\d+$/.test(child)) found.add(Number(child));
  }
  return [...found];
}
