import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import type { Signals } from '../core/capture/index.ts';
import { createTerminal, type OutStream, type Terminal } from '../output/terminal.ts';

/**
 * Everything a command touches outside its arguments: built once in `main` and passed in, so every
 * command can run in-process in a test with its own streams, environment, clock and signals.
 */
export interface World {
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
  signals: Signals;
  platform: NodeJS.Platform;
  home: string;
  /** Where relative paths start, and where `.hookctl/providers/` is looked for. */
  cwd: string;
  now: () => number;
  randomBytes: (size: number) => Buffer;
  /** Ends the process at once (a second Ctrl-C while listen shuts down). */
  exit: (code: number) => void;
  /** A terminal on these streams: `json` means plain text, no colour. */
  terminal(options?: { json?: boolean }): Terminal;
}

export function processWorld(): World {
  const world: World = {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    platform: process.platform,
    home: homedir(),
    cwd: process.cwd(),
    now: Date.now,
    randomBytes,
    exit: (code) => process.exit(code),
    terminal: (options = {}) =>
      createTerminal({ json: options.json, env: world.env, stdout: world.stdout, stderr: world.stderr }),
  };
  return world;
}

/** Commands share this shape: positional arguments and commander's options in, exit code out. */
export type Command = (args: string[], raw: Record<string, unknown>, world: World) => Promise<number>;
