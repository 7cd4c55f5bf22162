import { createTerminal } from '../output/terminal.ts';
import { openStoreFor } from './common.ts';

export async function run(_args: string[], raw: Record<string, unknown>): Promise<number> {
  const terminal = createTerminal({ json: raw.json === true });
  const store = await openStoreFor(raw, terminal);
  const removed = await store.clear();
  terminal.out(
    raw.json === true
      ? JSON.stringify({ removed })
      : `Removed ${removed} capture${removed === 1 ? '' : 's'} from ${store.dir}`,
  );
  return 0;
}
