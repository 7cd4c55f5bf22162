import { dirname, join, resolve } from 'node:path';

/** The names looked for in the current directory and each parent, nearest first. */
export const PROJECT_FILE_NAMES = ['hookctl.yaml', 'hookctl.yml'] as const;

/**
 * The nearest project file: `hookctl.yaml` (else `hookctl.yml`) in `cwd` or the closest parent, up to the
 * filesystem root; null when there is none. `exists` is the file system's (a test's stand-in).
 */
export async function findProjectFile(
  cwd: string,
  exists: (path: string) => Promise<boolean>,
): Promise<string | null> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of PROJECT_FILE_NAMES) {
      const path = join(dir, name);
      if (await exists(path)) return path;
    }
    if (dirname(dir) === dir) return null;
  }
}
