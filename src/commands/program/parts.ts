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

export const CONFIG_HELP =
  'the project file (default: hookctl.yaml or hookctl.yml here or in the nearest parent)';
