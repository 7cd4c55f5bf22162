import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { homedir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import type { World } from '../../src/commands/world.ts';
import { createTerminal, type OutStream } from '../../src/output/terminal.ts';

/** The built CLI (`npm run build` first), for the end-to-end tests. */
export const BIN = fileURLToPath(new URL('../../bin/hookctl.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  /** The run was still going after `limitMs` and was stopped: the command did not end by itself. */
  killed: boolean;
}

export interface RunOptions {
  /** The store directory, as $HOOKCTL_STORE. */
  store: string;
  /** Applied last: a value replaces the test default, `undefined` removes the variable. */
  env?: NodeJS.ProcessEnv;
  /** A safety net: stop the command after this long and say so in `killed` (default 30 s). */
  limitMs?: number;
  /** The working directory the command runs in (default: the test's). */
  cwd?: string;
}

/**
 * The environment a command runs in: this process's, without what would pick behaviour behind a test's
 * back (forced colour, a tunnel token, any HOOKCTL_* setting of the developer's shell), with the store,
 * NO_COLOR, and then `extra`.
 */
export function testEnv(store: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'FORCE_COLOR' || name === 'TUNNEL_TOKEN' || name.startsWith('HOOKCTL_')) continue;
    env[name] = value;
  }
  env.HOOKCTL_STORE = store;
  env.NO_COLOR = '1';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface Exit {
  /** The exit code; null when a child died of a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when it ended. */
  at: number;
}

/** A command under way, in this process or as a child process. */
export interface Running {
  stdoutBytes(): Buffer;
  stderr(): string;
  /** Resolves once the command has ended and all its output is read. */
  exited: Promise<Exit>;
  /** True until it has ended. */
  running(): boolean;
  /** In-process: SIGINT and SIGTERM reach the command's world. A child gets the real signal. */
  signal(name: NodeJS.Signals): void;
  /** The process, when it is one. */
  child: ChildProcess | null;
}

export interface StartOptions extends Omit<RunOptions, 'limitMs'> {
  /** Each complete line of stdout, as it arrives. */
  onLine?: (line: string) => void;
  /** Each piece of stderr, as it arrives. */
  onStderr?: (text: string) => void;
}

/** A stream that keeps what is written to it and passes each piece on. */
function captureStream(onChunk: (chunk: Buffer) => void): OutStream & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  return {
    write(chunk, callback) {
      // A copy: a command may reuse the buffer it wrote (show --raw writes a view of the store's).
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      chunks.push(bytes);
      onChunk(bytes);
      if (callback) process.nextTick(callback, null);
      return true;
    },
    bytes: () => Buffer.concat(chunks),
  };
}

/** Cuts a byte stream into lines (without the newline) and hands each to `onLine`. */
function lineSplitter(onLine: ((line: string) => void) | undefined): (chunk: Buffer) => void {
  // A pipe may cut a character in two: the decoder keeps the first half until the rest comes.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return (chunk) => {
    if (onLine === undefined) return;
    pending += decoder.write(chunk);
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  };
}

/**
 * The world a command sees in-process: these streams and this environment, and an EventEmitter for
 * signals. `exit` does nothing: the test process does not end because a command asks it to (listen's
 * second Ctrl-C); the tests of that run a real process.
 */
export function testWorld(parts: {
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
  signals?: EventEmitter;
  cwd?: string | undefined;
}): World {
  const { env, stdout, stderr } = parts;
  return {
    env,
    stdout,
    stderr,
    signals: parts.signals ?? new EventEmitter(),
    platform: process.platform,
    home: env.HOME ?? homedir(),
    cwd: parts.cwd ?? process.cwd(),
    now: Date.now,
    randomBytes,
    exit: () => {},
    terminal: (options = {}) => createTerminal({ json: options.json, env, stdout, stderr }),
  };
}

/** Runs `hookctl ...args` through `main` in this process. */
export function startInProcess(args: string[], options: StartOptions): Running {
  let stderr = '';
  const stdout = captureStream(lineSplitter(options.onLine));
  const stderrStream = captureStream((chunk) => {
    const text = chunk.toString('utf8');
    stderr += text;
    options.onStderr?.(text);
  });
  const signals = new EventEmitter();
  const world = testWorld({
    env: testEnv(options.store, options.env),
    stdout,
    stderr: stderrStream,
    signals,
    cwd: options.cwd,
  });
  let ended = false;
  const exited = main(['node', 'hookctl', ...args], world).then(
    (code) => ({ code, signal: null, at: Date.now() }),
    (error: Error) => {
      stderr += `main rejected: ${error.stack ?? error.message}\n`;
      return { code: null, signal: null, at: Date.now() };
    },
  );
  exited.then(() => {
    ended = true;
  });
  return {
    stdoutBytes: () => stdout.bytes(),
    stderr: () => stderr,
    exited,
    running: () => !ended,
    signal(name) {
      if (name !== 'SIGINT' && name !== 'SIGTERM') throw new Error(`${name} needs a real process`);
      signals.emit(name);
    },
    child: null,
  };
}

/** Runs `node bin/hookctl.js ...args` as a child process, after `shellPrefix` in /bin/sh when given. */
export function startProcess(
  args: string[],
  options: StartOptions & { shellPrefix?: string; stdin?: string | Buffer },
): Running {
  const argv = [BIN, ...args];
  const spawnOptions = { env: testEnv(options.store, options.env), cwd: options.cwd };
  const child =
    options.shellPrefix === undefined
      ? spawn(process.execPath, argv, spawnOptions)
      : spawn(
          '/bin/sh',
          ['-c', `${options.shellPrefix}; exec "$0" "$@"`, process.execPath, ...argv],
          spawnOptions,
        );
  const out: Buffer[] = [];
  let stderr = '';
  const split = lineSplitter(options.onLine);
  child.stdout.on('data', (chunk: Buffer) => {
    out.push(chunk);
    split(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onStderr?.(chunk.toString());
  });
  child.stdin.on('error', () => {});
  child.stdin.end(options.stdin);
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  let ended = false;
  exited.then(
    () => {
      ended = true;
    },
    () => {
      ended = true;
    },
  );
  return {
    stdoutBytes: () => Buffer.concat(out),
    stderr: () => stderr,
    exited,
    running: () => !ended,
    signal(name) {
      if (child.exitCode === null && child.signalCode === null) child.kill(name);
    },
    child,
  };
}

/** Waits for `running` to end (stopping it after `limitMs`) and collects its output. */
async function collect(running: Running, limitMs = 30_000): Promise<RunResult> {
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    running.signal(running.child === null ? 'SIGTERM' : 'SIGKILL');
  }, limitMs);
  const { code } = await running.exited.finally(() => clearTimeout(timer));
  const stdoutBytes = running.stdoutBytes();
  return { code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: running.stderr(), killed };
}

/** Runs `hookctl ...args` to completion in this process: `main` with a test world. */
export function runHookctl(args: string[], options: RunOptions): Promise<RunResult> {
  return collect(startInProcess(args, options), options.limitMs);
}

/** Runs the built CLI, `node bin/hookctl.js ...args`, to completion in a child process (end to end). */
export function runBin(
  args: string[],
  options: RunOptions & { stdin?: string | Buffer },
): Promise<RunResult> {
  return collect(startProcess(args, options), options.limitMs);
}

/** Either runner: a test that holds for both takes one. */
export type Runner = typeof runHookctl;
