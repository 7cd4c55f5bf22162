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
