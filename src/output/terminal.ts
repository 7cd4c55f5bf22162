import chalk, { Chalk, type ChalkInstance, chalkStderr } from 'chalk';

/** Where a command writes, and how: the world passed in, so commands can be driven from tests. */
export interface Terminal {
  /** Results: request lines, JSON. */
  out(text: string): void;
  /** Progress, notices, warnings and errors, so that stdout stays parseable. */
  err(text: string): void;
  /** Colours for stdout (level 0 under --json, NO_COLOR or when not a TTY). */
  color: ChalkInstance;
  /** Colours for stderr. */
  errColor: ChalkInstance;
  /** Width of stdout; 120 when it is not a terminal (CI logs are wide, and truncated ids are no use). */
  columns: number;
  isTTY: boolean;
}

/** What a terminal writes to: `process.stdout` and `process.stderr`, or a test's capture. */
export interface OutStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface TerminalOptions {
  json?: boolean | undefined;
  env?: NodeJS.ProcessEnv;
  stdout?: OutStream;
  stderr?: OutStream;
}

/**
 * chalk follows FORCE_COLOR and TTY detection; NO_COLOR (https://no-color.org) and CI are ours to
 * honour, and `--json` means no colour at all.
 */
export function createTerminal(options: TerminalOptions = {}): Terminal {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // CI logs stay plain unless FORCE_COLOR asks otherwise (chalk alone would colour some CI systems).
  const plain = Boolean(env.NO_COLOR) || Boolean(env.CI);
  const noColor = options.json === true || (plain && !('FORCE_COLOR' in env));
  return {
    out: (text) => stdout.write(`${text}\n`),
    err: (text) => stderr.write(`${text}\n`),
    // chalk measured process.stdout; a stream that is not it (a test's) gets colour only when asked.
    color: new Chalk({ level: noColor ? 0 : stdout === process.stdout ? chalk.level : forcedLevel(env) }),
    errColor: new Chalk({
      level: noColor ? 0 : stderr === process.stderr ? chalkStderr.level : forcedLevel(env),
    }),
    columns: stdout.isTTY ? stdout.columns || 100 : 120,
    isTTY: Boolean(stdout.isTTY),
  };
}

/** FORCE_COLOR's level (https://force-color.org) for streams chalk did not look at: 0 without it. */
function forcedLevel(env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  const value = env.FORCE_COLOR;
  if (value === undefined || value === '0' || value === 'false') return 0;
  const level = Number(value);
  return level === 2 || level === 3 ? level : 1;
}

/** How long a line may wait for others to share its write, and how much may wait. */
const BATCH_MS = 20;
const BATCH_BYTES = 64 * 1024;

/**
 * The same terminal, except that stdout lines leave in batches: one write per 20 ms at most (or per 64 KB).
 * Under load `listen` prints a line per request, and a write each (a pipe or terminal write, then waking
 * its reader) cost more system time than the rest of the line's work (BENCHMARKS.md); 20 ms is too short
 * for a person to notice. Pending lines go out before the process exits, and on `flush()`; `close()`
 * flushes and drops the exit hook, for a command that ends without the process ending (a test's). Only
 * for commands that write stdout through `out` alone.
 */
export function batchingOut(terminal: Terminal): Terminal & { flush(): void; close(): void } {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    terminal.out(text.slice(0, -1));
  };
  process.once('exit', flush);
  return {
    ...terminal,
    out(text) {
      pending += `${text}\n`;
      if (pending.length >= BATCH_BYTES) flush();
      else timer ??= setTimeout(flush, BATCH_MS).unref();
    },
    flush,
    close() {
      flush();
      process.off('exit', flush);
    },
  };
}
