import { stat } from 'node:fs/promises';
import { HookctlError } from '../lib/errors.ts';
import { formatSize } from '../output/format.ts';
import type { World } from './world.ts';

/**
 * `hookctl tunnel install`: the cloudflared npm package's own installer (npm may have skipped its
 * postinstall script). It reports no progress itself, so the size of the growing file is shown.
 */
export async function run(_args: string[], _raw: Record<string, unknown>, world: World): Promise<number> {
  const terminal = world.terminal();
  const { bin, install } = await import('cloudflared');
  terminal.err(`Downloading cloudflared to ${bin} …`);
  const progress = setInterval(async () => {
    const size = await stat(bin).then(
      (info) => info.size,
      () => 0,
    );
    if (world.stderr.isTTY) world.stderr.write(`\r  ${formatSize(size)} so far`);
  }, 250);
  try {
    await install(bin);
  } catch (error) {
    throw new HookctlError(
      `could not download cloudflared: ${(error as Error).message} (no network? Install it another way and set CLOUDFLARED_BIN to its path)`,
      { cause: error },
    );
  } finally {
    clearInterval(progress);
    if (world.stderr.isTTY) world.stderr.write('\r\x1b[K');
  }
  const { size } = await stat(bin);
  terminal.out(
    `${terminal.color.green('✓')} cloudflared installed: ${bin} (${formatSize(size)}). hookctl listen will use it.`,
  );
  return 0;
}
