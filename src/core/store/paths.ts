import path from 'node:path';

export interface StoreDirInput {
  /** The `--store DIR` flag, when given. */
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** What relative paths are resolved against; defaults to `process.cwd()`. */
  cwd?: string;
}

const APP = 'hookctl';

/**
 * Where the capture store lives: `--store`, else `$HOOKCTL_STORE`, else the per-user data directory.
 * Pure apart from the `process.cwd()` default, so every platform can be table-tested on any machine.
 */
export function resolveStoreDir(input: StoreDirInput): string {
  const paths = input.platform === 'win32' ? path.win32 : path.posix;
  const cwd = input.cwd ?? process.cwd();
  const absolute = (dir: string): string => paths.resolve(cwd, expandHome(dir, input.home, paths));
  const { env } = input;

  if (nonEmpty(input.flag)) return absolute(input.flag);
  if (nonEmpty(env.HOOKCTL_STORE)) return absolute(env.HOOKCTL_STORE);
  // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
  if (nonEmpty(env.XDG_DATA_HOME) && paths.isAbsolute(env.XDG_DATA_HOME)) {
    return paths.join(paths.normalize(env.XDG_DATA_HOME), APP);
  }
  switch (input.platform) {
    case 'darwin':
      return paths.resolve(input.home, 'Library', 'Application Support', APP);
    case 'win32':
      return nonEmpty(env.LOCALAPPDATA)
        ? paths.resolve(cwd, env.LOCALAPPDATA, APP)
        : paths.resolve(input.home, 'AppData', 'Local', APP);
    default:
      return paths.resolve(input.home, '.local', 'share', APP);
  }
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** `--store=~/x` and quoted values reach us unexpanded by the shell; expand them the way it would have. */
function expandHome(dir: string, home: string, paths: typeof path.posix): string {
  if (dir === '~') return home;
  if (dir.startsWith('~/') || (paths === path.win32 && dir.startsWith('~\\'))) {
    return paths.join(home, dir.slice(2));
  }
  return dir;
}
