import { homedir } from 'node:os';
import { type CaptureStore, openStore } from '../core/store/index.ts';
import { resolveStoreDir } from '../core/store/paths.ts';
import type { Terminal } from '../output/terminal.ts';

/** Opens the store named by --store / $HOOKCTL_STORE / the per-user default; skipped files warn on stderr. */
export function openStoreFor(options: { store?: unknown }, terminal: Terminal): Promise<CaptureStore> {
  const dir = resolveStoreDir({
    flag: typeof options.store === 'string' ? options.store : undefined,
    env: process.env,
    platform: process.platform,
    home: homedir(),
  });
  return openStore({ dir, warn: (message) => terminal.err(terminal.errColor.yellow(`! ${message}`)) });
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
