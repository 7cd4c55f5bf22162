import { usageError } from '../../lib/errors.ts';
import { CHANNEL_NAME, CONTROL, PROTOCOL_VERSION } from '../../lib/relay-protocol.ts';

/** A relay channel as `listen --relay URL/<channel>` names it, and the endpoints derived from it. */
export interface RelayAddress {
  /** `https://relay.example.workers.dev/<channel>`: where providers send, and what captures record. */
  channelUrl: string;
  /** The Worker's origin and any path before the channel. */
  base: string;
  channel: string;
}

/** Parses `--relay URL/<channel>`; anything else is a usage error that says what a relay URL looks like. */
export function parseRelayAddress(text: string): RelayAddress {
  const example =
    'give the channel URL the relay printed, e.g. https://hookctl-relay.you.workers.dev/<channel>';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--relay ${text} is not a URL: ${example}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`--relay ${text} must be an http(s) URL: ${example}`);
  }
  if (url.search !== '' || url.hash !== '') throw usageError(`--relay ${text} takes no query: ${example}`);
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const channel = segments.at(-1);
  if (channel === undefined) throw usageError(`--relay ${text} names no channel: ${example}`);
  if (!CHANNEL_NAME.test(channel) || channel === CONTROL) {
    throw usageError(`--relay ${text}: a channel name is 1 to 64 letters, digits, - or _`);
  }
  const base = `${url.origin}${segments.length > 1 ? `/${segments.slice(0, -1).join('/')}` : ''}`;
  return { channelUrl: `${base}/${channel}`, base, channel };
}

export function listenUrl(address: RelayAddress, name: string): string {
  const query = new URLSearchParams({ name, v: String(PROTOCOL_VERSION) });
  return `${address.channelUrl.replace(/^http/, 'ws')}/${CONTROL}/listen?${query}`;
}

export function bodyUrl(address: RelayAddress, id: string): string {
  return `${address.channelUrl}/${CONTROL}/body/${id}`;
}

export function statusUrl(address: RelayAddress): string {
  return `${address.channelUrl}/${CONTROL}/status`;
}

export function configUrl(address: RelayAddress): string {
  return `${address.channelUrl}/${CONTROL}/config`;
}
