import { findProviderOrThrow } from '../providers/lookup.ts';
import { allProviders } from '../providers/registry.ts';
import { useProviderFiles } from './common.ts';
import type { World } from './world.ts';

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const terminal = world.terminal({ json: raw.json === true });
  const chosen = args[0] === undefined ? allProviders() : [findProviderOrThrow(args[0])];
  const rows: Array<{ provider: string; event: string; description: string }> = [];
  for (const provider of chosen) {
    for (const fixture of await provider.fixtures()) rows.push({ provider: provider.name, ...fixture });
  }
  if (raw.json === true) {
    terminal.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  const { color } = terminal;
  for (const provider of chosen) {
    const mine = rows.filter((row) => row.provider === provider.name);
    terminal.out(
      `${color.bold(provider.title)} ${color.dim(`(${mine.length} events, hookctl trigger ${provider.name} <event>)`)}`,
    );
    const width = Math.min(48, Math.max(...mine.map((row) => row.event.length)));
    for (const row of mine) terminal.out(`  ${row.event.padEnd(width)}  ${color.dim(row.description)}`);
    terminal.out('');
  }
  return 0;
}
