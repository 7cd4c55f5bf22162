import { readFile } from 'node:fs/promises';
import { type CaptureStore, openStore, resolveStoreDir } from '../core/store/index.ts';
import { usageError } from '../lib/errors.ts';
import type { Terminal } from '../output/terminal.ts';
import { PROVIDER_NAMES } from '../providers/manifest.ts';
import type { PrivateKeyFile } from '../providers/secret.ts';
import type { World } from './world.ts';

/** Opens the store named by --store / $HOOKCTL_STORE / the per-user default; skipped files warn on stderr. */
export function openStoreFor(
  options: { store?: unknown },
  terminal: Terminal,
  world: World,
): Promise<CaptureStore> {
  const dir = resolveStoreDir({
    flag: typeof options.store === 'string' ? options.store : undefined,
    env: world.env,
    platform: world.platform,
    home: world.home,
  });
  return openStore({ dir, warn: (message) => terminal.err(terminal.errColor.yellow(`! ${message}`)) });
}

/**
 * Loads the user's own providers (files in `$HOOKCTL_PROVIDERS` and `.hookctl/providers/`), so the command
 * can trigger, verify, re-sign and detect them. Only commands that deal with providers pay for the lookup.
 */
export async function useProviderFiles(world: World): Promise<void> {
  const { loadCustomProviders, providerFiles } = await import('./provider-files.ts');
  const files = await providerFiles(world.cwd, world.env);
  const { useCustomProviders } = await import('../providers/registry.ts');
  useCustomProviders(files.length === 0 ? [] : await loadCustomProviders(files, PROVIDER_NAMES));
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `--private-key FILE` read as PEM text, or undefined without the flag; an unreadable file is exit 2. */
export async function readPrivateKey(value: unknown): Promise<PrivateKeyFile | undefined> {
  const file = optionalString(value);
  if (file === undefined) return undefined;
  try {
    return { file, pem: await readFile(file, 'utf8') };
  } catch (error) {
    throw usageError(`cannot read --private-key ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** Resolves at the first SIGINT or SIGTERM: the end of a command that serves until Ctrl-C. */
export function untilStopped(signals: World['signals']): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
}
