import path from 'node:path';
import { HookctlError, usageError } from '../lib/errors.ts';
import { parseInteger } from '../lib/units.ts';
import { optionalString, untilStopped } from './common.ts';
import { keptValue, newChannel, newToken } from './relay-common.ts';
import type { World } from './world.ts';

export interface RelayDevOptions {
  port: number;
  host: string;
  persist: string | null;
  token: string | undefined;
  json: boolean;
}

export function parseRelayDevOptions(raw: Record<string, unknown>, cwd: string): RelayDevOptions {
  const host = optionalString(raw.host) ?? '127.0.0.1';
  if (host.trim() === '') throw usageError('--host takes an address such as 127.0.0.1');
  const persist = optionalString(raw.persist);
  return {
    port: parseInteger(optionalString(raw.port) ?? '8787', '--port', 0, 65535),
    host,
    persist: persist === undefined ? null : path.resolve(cwd, persist),
    token: optionalString(raw.token),
    json: raw.json === true,
  };
}

/** `hookctl relay dev`: the relay on Miniflare until Ctrl-C; with --persist, its token and channel stay. */
export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const options = parseRelayDevOptions(raw, world.cwd);
  const terminal = world.terminal({ json: options.json });
  const kept = (name: string, make: () => string) =>
    options.persist === null ? make() : keptValue(path.join(options.persist, name), make);
  const token = options.token ?? (await kept('listener-token', () => newToken(world.randomBytes)));
  const channel = await kept('channel', () => newChannel(world.randomBytes));
  const { MissingMiniflare, startDevRelay } = await import('../relay/dev.ts');
  let relay: Awaited<ReturnType<typeof startDevRelay>>;
  try {
    relay = await startDevRelay({ host: options.host, port: options.port, token, persist: options.persist });
  } catch (error) {
    if (error instanceof MissingMiniflare) {
      throw new HookctlError(
        'relay dev runs the Worker on Miniflare, which is not installed: npm install -g miniflare@4.20260415.0 (or add it to this project), then run it again',
      );
    }
    if (
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ||
      /EADDRINUSE|address already in use/i.test(String(error))
    ) {
      throw usageError(
        `port ${options.port} on ${options.host} is in use: pick another with --port, or --port 0`,
      );
    }
    throw error;
  }
  const channelUrl = `${relay.url}/${channel}`;
  if (options.json) {
    terminal.out(JSON.stringify({ kind: 'ready', url: relay.url, token, channel, channelUrl }));
  } else {
    const { color } = terminal;
    const label = (name: string) => color.dim(name.padEnd(10));
    terminal.out(
      `${color.green('●')} ${color.bold('hookctl relay')} (local, Miniflare) on ${color.bold(relay.url)}`,
    );
    terminal.out(
      `  ${label('channel')} ${color.bold.cyan(channelUrl)}  send webhooks to ${channelUrl}/<path>`,
    );
    terminal.out(`  ${label('token')} ${token}`);
    terminal.out(
      `  ${label('storage')} ${options.persist === null ? 'in memory (--persist DIR keeps it across restarts)' : options.persist}`,
    );
    terminal.out(
      color.dim(`  listen with: hookctl listen 3000 --relay ${channelUrl} --relay-token ${token}`),
    );
    terminal.out(color.dim('  Ctrl-C to stop'));
  }
  await untilStopped(world.signals);
  await relay.close();
  return 0;
}
