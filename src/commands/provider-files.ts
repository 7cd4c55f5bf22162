import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { usageError } from '../lib/errors.ts';
import { customProvider } from '../providers/custom.ts';
import type { Provider } from '../providers/types.ts';

/** The folder, in the current directory or any parent, whose `*.json`, `*.yaml` and `*.yml` files are providers. */
export const PROVIDERS_DIR = path.join('.hookctl', 'providers');
const EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * Where user-defined providers come from: every file named in `$HOOKCTL_PROVIDERS` (separated like PATH),
 * then every provider file in `.hookctl/providers/` of the current directory and each parent up to the
 * root, nearest first, so a project can commit its providers beside its code.
 */
export async function providerFiles(cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const files = (env.HOOKCTL_PROVIDERS ?? '')
    .split(path.delimiter)
    .filter((file) => file !== '')
    .map((file) => path.resolve(cwd, file));
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const folder = path.join(dir, PROVIDERS_DIR);
    const names = await readdir(folder).catch(() => [] as string[]);
    files.push(
      ...names
        .filter((name) => EXTENSIONS.includes(path.extname(name)))
        .sort()
        .map((name) => path.join(folder, name)),
    );
    if (path.dirname(dir) === dir) break;
  }
  return files;
}

/** Reads and checks each file; the first definition of a name wins, so a project can shadow a parent's. */
export async function loadCustomProviders(
  files: readonly string[],
  builtIn: readonly string[],
): Promise<Provider[]> {
  const loaded: Provider[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw usageError(`provider file ${file}: ${reason} (from $HOOKCTL_PROVIDERS or ${PROVIDERS_DIR})`);
    }
    const value = await parse(text, file);
    const name = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && builtIn.includes(name)) {
      throw usageError(`${file}: $.name "${name}" is a provider hookctl ships: choose another name`);
    }
    const provider = customProvider(value, file);
    if (!loaded.some((other) => other.name === provider.name)) loaded.push(provider);
  }
  return loaded;
}

async function parse(text: string, file: string): Promise<unknown> {
  if (path.extname(file) === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw usageError(`${file}: not valid JSON (${(error as Error).message})`, 'EPROVIDERFILE');
    }
  }
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text);
  const [first] = document.errors;
  if (first !== undefined) {
    const line = first.linePos?.[0].line;
    throw usageError(
      `${file}${line === undefined ? '' : `:${line}`}: not valid YAML (${first.message.split('\n')[0]})`,
      'EPROVIDERFILE',
    );
  }
  return document.toJS();
}
