import type { Command } from 'commander';
import type { Command as Run } from '../world.ts';

export const STORE_HELP = 'capture store directory (default: $HOOKCTL_STORE, else ~/.local/share/hookctl)';

/** What each command's definition gets: the root program and the two helpers every command uses. */
export interface ProgramParts {
  program: Command;
  /** A subcommand with the flags of every store command: `--store` and `--debug`. */
  command(name: string, description: string): Command;
  /** Runs the command module `load` brings, loaded only when the command runs (so `--help` stays fast). */
  action(load: () => Promise<{ run: Run }>): (this: Command, ...args: unknown[]) => Promise<void>;
}

/** `--insecure` and `--ca`, the same words on every command that sends (listen, replay, trigger, run, check). */
export const INSECURE_FLAG = [
  '--insecure',
  'accept a self-signed certificate from an HTTPS target on localhost (127.0.0.0/8, ::1); any other host is still verified',
] as const;
export const CA_FLAG = [
  '--ca <file>',
  'trust this PEM certificate (or its CA) for HTTPS targets, besides the usual roots',
] as const;

export const CONFIG_HELP =
  'the project file (default: hookctl.yaml or hookctl.yml here or in the nearest parent)';
