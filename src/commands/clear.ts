import { openStoreFor } from './common.ts';
import type { World } from './world.ts';

export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const terminal = world.terminal({ json: raw.json === true });
  const store = await openStoreFor(raw, terminal, world);
  const removed = await store.clear();
  terminal.out(
    raw.json === true
      ? JSON.stringify({ removed })
      : `Removed ${removed} capture${removed === 1 ? '' : 's'} from ${store.dir}`,
  );
  return 0;
}
