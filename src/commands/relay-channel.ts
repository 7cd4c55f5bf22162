import { configUrl, parseRelayAddress } from '../core/relay/index.ts';
import { usageError } from '../lib/errors.ts';
import type { ChannelConfig, ChannelStatus } from '../lib/relay-protocol.ts';
import { parseDuration, parseInteger } from '../lib/units.ts';
import { findProviderOrThrow } from '../providers/lookup.ts';
import { optionalString } from './common.ts';
import { lastDeployment, relayJson, requireToken, roughAge } from './relay-common.ts';
import type { World } from './world.ts';

/** The config change the flags ask for (only what was given). */
export function parseChannelChange(raw: Record<string, unknown>): Partial<ChannelConfig> {
  const change: Partial<ChannelConfig> = {};
  const verify = optionalString(raw.verify);
  const secret = optionalString(raw.secret);
  if (verify !== undefined) {
    change.verify = verify.toLowerCase() === 'none' ? null : findProviderOrThrow(verify).name;
  }
  if (secret !== undefined) {
    if (change.verify === undefined || change.verify === null) {
      throw usageError('--secret goes with --verify PROVIDER: the relay keeps it for that provider');
    }
    change.secrets = { [change.verify]: secret };
  }
  const status = optionalString(raw.status);
  if (status !== undefined) change.status = parseInteger(status, '--status', 200, 599);
  const maxEvents = optionalString(raw.maxEvents);
  if (maxEvents !== undefined) change.maxEvents = parseInteger(maxEvents, '--max-events', 1);
  const maxAge = optionalString(raw.maxAge);
  if (maxAge !== undefined) change.maxAgeMs = parseDuration(maxAge, '--max-age');
  return change;
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const address = parseRelayAddress(args[0] ?? '');
  const change = parseChannelChange(raw);
  const deployed = await lastDeployment(world.env, world.home);
  const token = requireToken(
    optionalString(raw.relayToken),
    deployed !== undefined && address.base === deployed.url ? deployed.token : undefined,
  );
  const status = (await relayJson(configUrl(address), token, {
    method: Object.keys(change).length === 0 ? 'GET' : 'PUT',
    ...(Object.keys(change).length === 0
      ? {}
      : { body: JSON.stringify(change), headers: { 'Content-Type': 'application/json' } }),
  })) as ChannelStatus;
  const terminal = world.terminal({ json: raw.json === true });
  if (raw.json === true) {
    terminal.out(JSON.stringify(status));
    return 0;
  }
  const { config } = status;
  terminal.out(`${terminal.color.bold(address.channelUrl)}`);
  terminal.out(`  answers    ${config.status}`);
  terminal.out(
    `  verifies   ${config.verify === null ? 'nothing (every request is stored)' : `${config.verify}; forgeries get 401 and are not stored${config.secrets.includes(config.verify) ? '' : " (with the provider's development secret: pass --secret)"}`}`,
  );
  terminal.out(`  keeps      at most ${config.maxEvents} events, for ${roughAge(config.maxAgeMs)}`);
  return 0;
}
