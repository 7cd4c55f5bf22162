import { parseInteger } from '../lib/units.ts';
import { formatListHeader, formatRequestLine } from '../output/request-line.ts';
import { openStoreFor, optionalString } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import type { World } from './world.ts';

export interface ListOptions {
  limit: number;
  provider: string | undefined;
  event: string | undefined;
  json: boolean;
}

export function parseListOptions(raw: Record<string, unknown>): ListOptions {
  return {
    limit: parseInteger(optionalString(raw.limit) ?? DEFAULTS.limit, '--limit', 1),
    provider: optionalString(raw.provider)?.toLowerCase(),
    event: optionalString(raw.event),
    json: raw.json === true,
  };
}

export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const options = parseListOptions(raw);
  const terminal = world.terminal({ json: options.json });
  const store = await openStoreFor(raw, terminal, world);
  const captures = await store.list(options);
  if (options.json) {
    terminal.out(JSON.stringify(captures, null, 2));
    return 0;
  }
  const { color, columns } = terminal;
  if (captures.length === 0) {
    const filtered = options.provider !== undefined || options.event !== undefined;
    terminal.out(
      filtered
        ? 'No captures match. Drop --provider/--event to see everything.'
        : `No captures yet in ${store.dir}. Start one with: hookctl listen 3000`,
    );
    return 0;
  }
  terminal.out(formatListHeader({ chalk: color, columns }));
  for (const capture of captures) terminal.out(formatRequestLine(capture, { chalk: color, columns }));
  terminal.out(
    color.dim(`\n${captures.length} shown, newest first · hookctl show <id> · hookctl replay <id>`),
  );
  return 0;
}
