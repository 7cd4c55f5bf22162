import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BIN, cliEnv } from './cli.ts';

/** The stand-in cloudflared executable (see its header for the FAKE_CF_* variables it obeys). */
export const FAKE_CLOUDFLARED = fileURLToPath(new URL('../fixtures/fake-cloudflared.mjs', import.meta.url));

/** Git may lose the executable bit: hookctl spawns the file itself, so it must be executable. */
export function prepareFakeCloudflared(): void {
  chmodSync(FAKE_CLOUDFLARED, 0o755);
}

/** Rejects with `what` (plus `detail()`) when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const extra = detail?.() ?? '';
      reject(new Error(`timed out after ${ms} ms waiting for ${what}${extra === '' ? '' : `\n${extra}`}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One line of the fake's events file. */
export interface FakeEvent {
  t: number;
  pid: number;
  event: 'start' | 'signal' | 'exit';
  mode: string;
  argv?: string[];
  signal?: string;
  code?: number;
}

/** A directory for the fake's record files, and the environment that points hookctl and the fake at it. */
export interface FakeCloudflared {
  dir: string;
  argvFile: string;
  /** `CLOUDFLARED_BIN`, the FAKE_CF_* variables and a PATH on which `#!/usr/bin/env node` finds node. */
  env(mode: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** The argv of each start, in order. */
  starts(): string[][];
  pids(): number[];
  /** The port of the proxy ("the public side") each start opened. */
  ports(): number[];
  /** The public URL each quick-tunnel start announced. */
  urls(): string[];
  events(): FakeEvent[];
  /** Everything the fake logged (each line prefixed with its pid), for failure messages. */
  log(): string;
  /** Resolves with `read()`'s first defined value, re-reading whenever a record file changes. */
  waitFor<T>(read: () => T | undefined, what: string, ms?: number, detail?: () => string): Promise<T>;
  /** SIGKILLs every fake this test started that is still alive (a broken implementation may leave some). */
  killLeftovers(): void;
  cleanup(): Promise<void>;
}

function fileLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

export async function fakeCloudflared(): Promise<FakeCloudflared> {
  const dir = await mkdtemp(join(tmpdir(), 'hookctl-fake-cf-'));
  const file = (name: string) => join(dir, name);
  const files = {
    FAKE_CF_ARGV_FILE: file('argv.ndjson'),
    FAKE_CF_PID_FILE: file('pids'),
    FAKE_CF_PORT_FILE: file('ports'),
    FAKE_CF_URL_FILE: file('urls'),
    FAKE_CF_EVENTS_FILE: file('events.ndjson'),
    FAKE_CF_LOG_FILE: file('log'),
  };
  const pids = () => fileLines(files.FAKE_CF_PID_FILE).map(Number);
  return {
    dir,
    argvFile: files.FAKE_CF_ARGV_FILE,
    env(mode, extra = {}) {
      return {
        CLOUDFLARED_BIN: FAKE_CLOUDFLARED,
        FAKE_CF_MODE: mode,
        ...files,
        PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
        ...extra,
      };
    },
    starts: () => fileLines(files.FAKE_CF_ARGV_FILE).map((line) => JSON.parse(line) as string[]),
    pids,
    ports: () => fileLines(files.FAKE_CF_PORT_FILE).map(Number),
    urls: () => fileLines(files.FAKE_CF_URL_FILE),
    events: () => fileLines(files.FAKE_CF_EVENTS_FILE).map((line) => JSON.parse(line) as FakeEvent),
    log: () => fileLines(files.FAKE_CF_LOG_FILE).join('\n'),
    async waitFor<T>(read: () => T | undefined, what: string, ms = 10_000, detail?: () => string) {
      const now = read();
      if (now !== undefined) return now;
      let watcher: FSWatcher | undefined;
      let fallback: NodeJS.Timeout | undefined;
      const found = new Promise<T>((resolve) => {
        const check = () => {
          const value = read();
          if (value !== undefined) resolve(value);
        };
        watcher = watch(dir, check);
        // inotify is the event; a slow re-read covers a missed or coalesced notification.
        fallback = setInterval(check, 250);
        check();
      });
      try {
        return await within(found, ms, what, detail);
      } finally {
        watcher?.close();
        clearInterval(fallback);
      }
    },
    killLeftovers() {
      for (const pid of pids()) {
        if (isAlive(pid)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone in the meantime.
          }
        }
      }
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** True while `pid` is a live process (a zombie nobody has reaped yet counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/PID/stat: "pid (comm) state …"; the comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Waits for another process to die. There is no event for a process that is not our child, so this polls,
 * every 50 ms, up to a deadline. Resolves with the time it died (as observed).
 */
export async function untilDead(pid: number, ms: number, what: string): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!isAlive(pid)) return Date.now();
    if (Date.now() > deadline) throw new Error(`${what}: pid ${pid} is still alive after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port that was free a moment ago (for the named tunnel, whose origin the fake must know in advance). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Line {
  value: Record<string, unknown>;
  /** Date.now() when the line was read. */
  at: number;
}

/** A running `hookctl listen --json` with the tunnel left on (unless `args` says otherwise). */
export interface TunnelListener {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  ready: Record<string, unknown>;
  /** Every stdout line so far, parsed, in order. */
  lines: Line[];
  /** Stdout lines that were not JSON (there must be none). */
  notJson: string[];
  /** The next line of this kind not yet taken, waiting at most `ms`. */
  next(kind: string, ms?: number): Promise<Line>;
  /** The next public URL reported: `publicUrl` on the ready line first, then each `tunnel` line's. */
  nextPublicUrl(ms?: number): Promise<{ publicUrl: string; at: number }>;
  stderr(): string;
  /** The first stderr line matching `pattern`, waiting at most `ms`. */
  stderrLine(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code (and signal) once the process has ended and its output is read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves when the process itself has ended (its pipes may still be open in a child it left behind). */
  died: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Sends `signal` and waits (at most `ms`) for the exit. */
  stop(
    signal?: NodeJS.Signals,
    ms?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** SIGKILL if still running (for cleanup). */
  kill(): void;
  /** The listener's stderr and the fake's log, for failure messages. */
  describe(): string;
}

export async function startTunnelListen(
  args: string[],
  options: { store: string; env: NodeJS.ProcessEnv; fake?: FakeCloudflared; readyMs?: number },
): Promise<TunnelListener> {
  const env: NodeJS.ProcessEnv = { ...cliEnv(options.store), ...options.env };
  // Nothing from the outer environment may pick the tunnel for us.
  for (const name of ['HOOKCTL_TUNNEL_TOKEN', 'TUNNEL_TOKEN']) {
    if (!(name in options.env)) delete env[name];
  }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, [BIN, 'listen', '--json', '--no-ui', '--port', '0', ...args], {
    env,
  });
  let stderr = '';
  const stderrWaiters: Array<() => void> = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wake of stderrWaiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const died = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const lines: Line[] = [];
  const notJson: string[] = [];
  const queue: Line[] = [];
  const waiters: Array<() => void> = [];
  let closed = false;
  createInterface({ input: child.stdout }).on('line', (text) => {
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(text) as Record<string, unknown>;
    } catch {
      notJson.push(text);
      return;
    }
    const line = { value, at: Date.now() };
    lines.push(line);
    queue.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  exited.then(() => {
    closed = true;
    for (const wake of waiters.splice(0)) wake();
    for (const wake of stderrWaiters.splice(0)) wake();
  });
  const describe = () =>
    `--- listen stderr ---\n${stderr}--- fake cloudflared log ---\n${options.fake?.log() ?? '(none)'}`;

  async function take(kind: string): Promise<Line> {
    for (;;) {
      const index = queue.findIndex((line) => line.value.kind === kind);
      if (index !== -1) return queue.splice(index, 1)[0] as Line;
      if (closed) throw new Error(`listen exited before a "${kind}" line\n${describe()}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  const next = (kind: string, ms = 10_000) => within(take(kind), ms, `a "${kind}" line`, describe);

  let readyLine: Line;
  try {
    readyLine = await next('ready', options.readyMs ?? 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const ready = readyLine.value;
  let readyUrlTaken = false;

  async function takePublicUrl(): Promise<{ publicUrl: string; at: number }> {
    if (!readyUrlTaken) {
      readyUrlTaken = true;
      if (typeof ready.publicUrl === 'string') return { publicUrl: ready.publicUrl, at: readyLine.at };
    }
    for (;;) {
      const line = await take('tunnel');
      if (typeof line.value.publicUrl === 'string') return { publicUrl: line.value.publicUrl, at: line.at };
    }
  }

  async function untilStderr(pattern: RegExp): Promise<string> {
    for (;;) {
      const found = stderr.split('\n').find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (closed) throw new Error(`listen exited before printing ${pattern} on stderr\n${describe()}`);
      await new Promise<void>((resolve) => stderrWaiters.push(resolve));
    }
  }

  const url = ready.url as string;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    ready,
    lines,
    notJson,
    next,
    nextPublicUrl: (ms = 10_000) => within(takePublicUrl(), ms, 'a public URL', describe),
    stderr: () => stderr,
    stderrLine: (pattern, ms = 10_000) =>
      within(untilStderr(pattern), ms, `a stderr line matching ${pattern}`, describe),
    exited,
    died,
    async stop(signal = 'SIGTERM', ms = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return within(exited, ms, `listen to exit after ${signal}`, describe);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    describe,
  };
}
