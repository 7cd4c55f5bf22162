import { type CaptureStore, openStore, resolveStoreDir } from '../core/store/index.ts';
import type { Terminal } from '../output/terminal.ts';
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

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
