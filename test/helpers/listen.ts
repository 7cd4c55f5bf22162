import type { ChildProcess } from 'node:child_process';
import { type Exit, type Running, type StartOptions, startInProcess, startProcess } from './run.ts';
import { onCleanup, type Scope, within } from './scope.ts';

export type Json = Record<string, unknown>;

export interface Line {
  value: Json;
  /** Date.now() when the line was read. */
  at: number;
}

/** A running `hookctl listen --json`: its NDJSON lines, parsed as they come, awaited by kind. */
export interface Listener {
  url: string;
  port: number;
  ready: Json;
  /** Every stdout line so far, parsed, in order. */
  lines: Line[];
  /** Stdout lines that were not JSON (there must be none). */
  notJson: string[];
  /** The next line of this kind (default `request`) not yet taken, waiting at most `ms`. */
  next(kind?: string, ms?: number): Promise<Json>;
  /** The next public URL reported: `publicUrl` on the ready line first, then each `tunnel` line's. */
  nextPublicUrl(ms?: number): Promise<{ publicUrl: string; at: number }>;
  stderr(): string;
  /** The first stderr line matching `pattern`, waiting at most `ms`. */
  stderrLine(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves once listen has ended and its output is read. */
  exited: Promise<Exit>;
  /** Sends `signal` (unless it has ended) and waits at most `ms` for the end. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<Exit>;
  /** Stderr (and `detail`), for failure messages. */
  describe(): string;
}

/** listen as a child process: for what needs a real one (signals, kill -9, ulimit, its descriptors). */
export interface ProcessListener extends Listener {
  child: ChildProcess;
  /** Resolves when the process itself has ended (its pipes may still be open in a child it left). */
  died: Promise<Exit>;
}

export interface ListenOptions {
  store: string;
  env?: NodeJS.ProcessEnv;
  /** Leave the tunnel on (default: `--no-tunnel`). */
  tunnel?: boolean;
  /** Serve the inspector on a free port (default); false: `--no-ui`. */
  ui?: boolean;
  /** More to say when a wait fails (the fake cloudflared's log). */
  detail?: () => string;
  /** How long to wait for the ready line (default 10 s). */
  readyMs?: number;
}

const WAIT_MS = 15_000;

function listenArgs(args: string[], options: ListenOptions): string[] {
  return [
    'listen',
    '--json',
    ...(options.tunnel ? [] : ['--no-tunnel']),
    '--port',
    '0',
    ...(options.ui === false ? ['--no-ui'] : ['--ui-port', '0']),
    ...args,
  ];
}

/** The line queue, stderr waits and ready line of one listen, over either kind of run. */
async function harness(
  scope: Scope,
  options: ListenOptions,
  start: (parts: Pick<StartOptions, 'onLine' | 'onStderr'>) => Running,
): Promise<Listener & { running: Running }> {
  const lines: Line[] = [];
  const notJson: string[] = [];
  const queue: Line[] = [];
  const wake: Array<() => void> = [];
  const wakeAll = () => {
    for (const resolve of wake.splice(0)) resolve();
  };
  const changed = () => new Promise<void>((resolve) => wake.push(resolve));
  const running = start({
    onLine(text) {
      let value: Json;
      try {
        value = JSON.parse(text) as Json;
      } catch {
        notJson.push(text);
        return;
      }
      const line = { value, at: Date.now() };
      lines.push(line);
      queue.push(line);
      wakeAll();
    },
    onStderr: wakeAll,
  });
  let closed = false;
  running.exited.then(() => {
    closed = true;
    wakeAll();
  });
  const describe = () =>
    `--- listen stderr ---\n${running.stderr()}${options.detail ? `--- detail ---\n${options.detail()}\n` : ''}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM', ms = 10_000) => {
    if (running.running()) running.signal(signal);
    return within(running.exited, ms, `listen to exit after ${signal}`, describe);
  };
  onCleanup(scope, async () => {
    if (!running.running()) return;
    running.signal(running.child === null ? 'SIGTERM' : 'SIGKILL');
    await within(running.exited, 10_000, 'listen to end after the test', describe).catch(() => undefined);
  });

  async function take(kind: string): Promise<Line> {
    for (;;) {
      const index = queue.findIndex((line) => line.value.kind === kind);
      if (index !== -1) return queue.splice(index, 1)[0] as Line;
      if (closed) throw new Error(`listen exited before a "${kind}" line\n${describe()}`);
      await changed();
    }
  }
  const next = async (kind = 'request', ms = WAIT_MS) =>
    (await within(take(kind), ms, `a "${kind}" line`, describe)).value;

  const readyLine = await within(take('ready'), options.readyMs ?? 10_000, 'the ready line', describe);
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
      const found = running
        .stderr()
        .split('\n')
        .find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (closed) throw new Error(`listen exited before printing ${pattern} on stderr\n${describe()}`);
      await changed();
    }
  }
  const url = ready.url as string;
  return {
    url,
    port: Number(new URL(url).port),
    ready,
    lines,
    notJson,
    next,
    nextPublicUrl: (ms = WAIT_MS) => within(takePublicUrl(), ms, 'a public URL', describe),
    stderr: () => running.stderr(),
    stderrLine: (pattern, ms = WAIT_MS) =>
      within(untilStderr(pattern), ms, `a stderr line matching ${pattern}`, describe),
    exited: running.exited,
    stop,
    describe,
    running,
  };
}

/**
 * `hookctl listen --json --no-tunnel --port 0 --ui-port 0 ...args` in this process, stopped when `scope`
 * ends. `stop()` sends its world a SIGTERM (or SIGINT), as Ctrl-C would.
 */
export async function startListen(scope: Scope, args: string[], options: ListenOptions): Promise<Listener> {
  const { running: _, ...listener } = await harness(scope, options, (parts) =>
    startInProcess(listenArgs(args, options), { store: options.store, env: options.env, ...parts }),
  );
  return listener;
}

/**
 * The same listen as a child process of the built CLI, SIGKILLed when `scope` ends if still running.
 * `shellPrefix` runs first in the same process, e.g. `ulimit -f 16` (Unix only).
 */
export async function spawnListen(
  scope: Scope,
  args: string[],
  options: ListenOptions & { shellPrefix?: string },
): Promise<ProcessListener> {
  let died: Promise<Exit> | undefined;
  const { running, ...listener } = await harness(scope, options, (parts) => {
    const started = startProcess(listenArgs(args, options), {
      store: options.store,
      env: options.env,
      shellPrefix: options.shellPrefix,
      ...parts,
    });
    const child = started.child as ChildProcess;
    died = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    return started;
  });
  return { ...listener, child: running.child as ChildProcess, died: died as Promise<Exit> };
}
