import { access, readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command as Commander } from 'commander';
import {
  type Field,
  findProjectFile,
  type Merged,
  mergeProject,
  type OptionSource,
  type ProjectConfig,
  parseProject,
  projectFields,
} from '../core/project/index.ts';
import { usageError } from '../lib/errors.ts';
import { PROVIDER_NAMES } from '../providers/manifest.ts';
import { DEFAULTS } from './defaults.ts';
import type { World } from './world.ts';

/** The project file's keys and the options they fill, with the flags' own defaults. */
export const FIELDS = projectFields(DEFAULTS);

/** What the file fills for a command: its own section, and `store` when it has `--store`. */
export function fieldsFor(command: string, hasStore: boolean): Field[] {
  const own = command === 'listen' || command === 'trigger' || command === 'run' ? FIELDS[command] : [];
  return hasStore ? [...own, ...FIELDS.store] : own;
}

/**
 * Reads the project file: `--config FILE` / `$HOOKCTL_CONFIG` (`given`, relative to the world's cwd), else
 * the nearest `hookctl.yaml` or `hookctl.yml`. Null when there is none; exit 2 when it is unreadable or bad.
 */
export async function loadProjectFile(
  world: World,
  given: string | undefined,
): Promise<ProjectConfig | null> {
  let file: string;
  let name: string;
  if (given !== undefined && given !== '') {
    file = resolve(world.cwd, given);
    name = given;
  } else {
    const found = await findProjectFile(world.cwd, (path) =>
      access(path).then(
        () => true,
        () => false,
      ),
    );
    if (found === null) return null;
    file = found;
    name = relative(world.cwd, found) || found;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(
      `cannot read the project file ${name}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      'EPROJECT',
    );
  }
  return parseProject(text, file, name, PROVIDER_NAMES);
}

/**
 * The invocation as the command runs it, with the project file filled in: the action wrapper in cli.ts
 * calls this for every command that has `--config`. The world's env carries the file's `secrets`.
 */
export async function withProjectFile(
  command: Commander,
  positional: string[],
  world: World,
): Promise<Omit<Merged, 'env'> & { world: World }> {
  const opts = command.opts();
  const project = await loadProjectFile(world, typeof opts.config === 'string' ? opts.config : undefined);
  if (project === null) return { positional, opts, values: [], world };
  const hasStore = command.options.some((option) => option.attributeName() === 'store');
  const merged = mergeProject(
    fieldsFor(command.name(), hasStore),
    {
      positional,
      opts,
      source: (option) => command.getOptionValueSource(option) as OptionSource | undefined,
      env: world.env,
    },
    project,
  );
  return { ...merged, world: merged.env === world.env ? world : { ...world, env: merged.env } };
}
