import { createSender } from '../http/client.ts';
import { ExitCode, usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger } from '../lib/units.ts';
import { createLiveFeed } from '../ui/live.ts';
import { startUiServer } from '../ui/server.ts';
import { openStoreFor, optionalString, untilStopped } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import type { World } from './world.ts';

/** How often `hookctl ui` looks for captures other processes added: a glance at the newest shard. */
const POLL_MS = 1000;

export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const port = parseInteger(optionalString(raw.port) ?? DEFAULTS.uiPort, '--port', 0, 65535);
  const terminal = world.terminal();
  const store = await openStoreFor(raw, terminal, world);
  const live = createLiveFeed();
  const sender = await createSender({ timeoutMs: parseDuration(DEFAULTS.forwardTimeout, '--timeout') });
  const ui = await startUiServer({ host: '127.0.0.1', port, store, live, sender, env: world.env }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        throw usageError(`port ${port} is in use: pick another with --port, or --port 0`);
      throw error;
    },
  );
  terminal.out(
    `${terminal.color.green('●')} inspector on ${terminal.color.bold.underline(ui.url)} over ${store.dir}`,
  );
  terminal.out(terminal.color.dim('  Ctrl-C to stop'));

  // Captures made by a listen in another process reach the page within a second.
  let newest = (await store.list({ limit: 1 }))[0]?.id ?? '';
  const poll = setInterval(async () => {
    const fresh = (await store.list({ limit: 100 })).filter((summary) => summary.id > newest);
    for (const summary of fresh.reverse()) live.publish(summary);
    newest = fresh.at(-1)?.id ?? newest;
  }, POLL_MS);

  await untilStopped(world.signals);
  clearInterval(poll);
  await ui.close();
  await sender.close();
  await store.close();
  return ExitCode.ok;
}
