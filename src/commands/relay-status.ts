import { parseRelayAddress, statusUrl } from '../core/relay/index.ts';
import { usageError } from '../lib/errors.ts';
import { type ChannelStatus, CONTROL } from '../lib/relay-protocol.ts';
import type { Terminal } from '../output/terminal.ts';
import { optionalString } from './common.ts';
import { lastDeployment, relayJson, requireToken, roughAge } from './relay-common.ts';
import type { World } from './world.ts';

/** Where to ask: the relay's every-channel status, or one channel's. */
export function statusTarget(text: string): { url: string; channel: string | null } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(
      `${text} is not a URL: give the relay's URL (https://<worker>) or a channel's (…/<channel>)`,
    );
  }
  if (url.pathname.replace(/\/+$/, '') === '')
    return { url: `${url.origin}/${CONTROL}/status`, channel: null };
  const address = parseRelayAddress(text);
  return { url: statusUrl(address), channel: address.channel };
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const deployed = await lastDeployment(world.env, world.home);
  const given = args[0] ?? deployed?.url;
  if (given === undefined) {
    throw usageError(
      'relay status needs the relay URL (nothing deployed from here yet): hookctl relay status https://<worker>',
    );
  }
  const target = statusTarget(given);
  const token = requireToken(
    optionalString(raw.relayToken),
    given.startsWith(deployed?.url ?? '\0') ? deployed?.token : undefined,
  );
  const answer = await relayJson(target.url, token);
  const channels =
    target.channel === null ? (answer as { channels: ChannelStatus[] }).channels : [answer as ChannelStatus];
  const terminal = world.terminal({ json: raw.json === true });
  if (raw.json === true) terminal.out(JSON.stringify({ channels }));
  else renderStatus(terminal, channels, world.now());
  return 0;
}

function renderStatus(terminal: Terminal, channels: ChannelStatus[], now: number): void {
  const { color } = terminal;
  if (channels.length === 0) {
    terminal.out(color.dim('No channels yet: a channel appears when a webhook or a listener first uses it.'));
    return;
  }
  for (const channel of channels) {
    const { config } = channel;
    const verify = config.verify === null ? 'no edge verification' : `verifies ${config.verify}`;
    terminal.out(
      `${color.bold(channel.channel)}  ${channel.stored} stored · ${channel.dropped} dropped · answers ${config.status} · ${verify} · keeps ${config.maxEvents} for ${roughAge(config.maxAgeMs)}`,
    );
    if (channel.listeners.length === 0) terminal.out(color.dim('  no listeners yet'));
    for (const listener of channel.listeners) {
      const state = listener.connected ? color.green('connected') : color.dim('away');
      const ack =
        listener.lastAckAt === null
          ? 'never acknowledged'
          : `last ack ${roughAge(now - Date.parse(listener.lastAckAt))} ago`;
      const dropped = listener.dropped > 0 ? color.yellow(` · ${listener.dropped} dropped`) : '';
      terminal.out(`  ${listener.name.padEnd(24)} ${state}  backlog ${listener.backlog} · ${ack}${dropped}`);
    }
  }
}
