import { chmodSync, existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup, type Scope, within } from './scope.ts';

/** The stand-in cloudflared executable (see its header for the FAKE_CF_* variables it obeys). */
export const FAKE_CLOUDFLARED = fileURLToPath(new URL('../fixtures/fake-cloudflared.mjs', import.meta.url));

/** Git may lose the executable bit: hookctl spawns the file itself, so it must be executable. */
export function prepareFakeCloudflared(): void {
  chmodSync(FAKE_CLOUDFLARED, 0o755);
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
}

function fileLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/**
 * When `scope` ends, every fake still alive is SIGKILLed (a broken implementation may leave some) and the
 * directory goes.
 */
export async function fakeCloudflared(scope: Scope): Promise<FakeCloudflared> {
  const dir = await mkdtemp(join(tmpdir(), 'hookctl-fake-cf-'));
  onCleanup(scope, () => rm(dir, { recursive: true, force: true }));
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
  onCleanup(scope, () => {
    for (const pid of pids()) {
      if (isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone in the meantime.
        }
      }
    }
  });
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
