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

/**
 * chalk follows FORCE_COLOR and TTY detection; NO_COLOR (https://no-color.org) and CI are ours to
 * honour, and `--json` means no colour at all.
 */
export function createTerminal(options: { json?: boolean; env?: NodeJS.ProcessEnv } = {}): Terminal {
  const env = options.env ?? process.env;
  // CI logs stay plain unless FORCE_COLOR asks otherwise (chalk alone would colour some CI systems).
  const plain = Boolean(env.NO_COLOR) || Boolean(env.CI);
  const noColor = options.json === true || (plain && !('FORCE_COLOR' in env));
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: new Chalk({ level: noColor ? 0 : chalk.level }),
    errColor: new Chalk({ level: noColor ? 0 : chalkStderr.level }),
    columns: process.stdout.isTTY ? process.stdout.columns || 100 : 120,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** How long a line may wait for others to share its write, and how much may wait. */
const BATCH_MS = 20;
const BATCH_BYTES = 64 * 1024;

/**
 * The same terminal, except that stdout lines leave in batches: one write per 20 ms at most (or per 64 KB).
 * Under load `listen` prints a line per request, and a write each (a pipe or terminal write, then waking
 * its reader) cost more system time than the rest of the line's work (BENCHMARKS.md); 20 ms is too short
 * for a person to notice. Pending lines go out before the process exits, and on `flush()`. Only for
 * commands that write stdout through `out` alone.
 */
export function batchingOut(terminal: Terminal): Terminal & { flush(): void } {
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
  };
}
