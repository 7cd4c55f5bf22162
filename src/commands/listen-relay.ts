import { userInfo } from 'node:os';
import type { CaptureServer, Closeable } from '../core/capture/index.ts';
import { parseRelayAddress, type RelayAddress } from '../core/relay/index.ts';
import type { CaptureStore } from '../core/store/index.ts';
import { usageError } from '../lib/errors.ts';
import type { ListenView } from '../output/listen-view.ts';
import type { LiveFeed, RelayState } from '../ui/live.ts';
import { optionalString } from './common.ts';
import { checkedToken } from './relay-common.ts';

// listen --relay: its options, and the relay client started in place of a tunnel.

export interface RelayOptions {
  address: RelayAddress;
  token: string;
  name: string;
}

/** A listener's default name at the relay, `user@host`: one cursor per person and machine. */
export function defaultRelayName(user: string, host: string): string {
  const clean = (text: string) => text.replace(/[^\x21-\x7e]/g, '').replace(/@/g, '') || 'someone';
  return `${clean(user)}@${clean(host)}`.slice(0, 128);
}

export function parseRelay(raw: Record<string, unknown>, defaultName: string): RelayOptions | null {
  const url = optionalString(raw.relay);
  if (url === undefined) {
    if (raw.relayName !== undefined) throw usageError('--relay-name goes with --relay URL/<channel>');
    return null;
  }
  const address = parseRelayAddress(url);
  const token = optionalString(raw.relayToken);
  if (token === undefined || token.trim() === '') {
    throw usageError(
      '--relay needs the listener token: --relay-token T or $HOOKCTL_RELAY_TOKEN (hookctl relay deploy and relay dev print it)',
    );
  }
  checkedToken(token);
  const name = optionalString(raw.relayName) ?? defaultName;
  if (!/^[\x21-\x7e]{1,128}$/.test(name)) {
    throw usageError(`--relay-name ${name}: 1 to 128 printable characters without spaces`);
  }
  return { address, token, name };
}

export function userName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'someone';
  }
}

/** The relay client in place of a tunnel: what it reports goes to the view and the inspector. */
export async function startRelay(
  relay: RelayOptions,
  server: CaptureServer,
  store: CaptureStore,
  live: LiveFeed,
  view: ListenView,
  stop: (code: number) => void,
): Promise<Closeable> {
  const { RelayLedger, startRelayClient } = await import('../core/relay/index.ts');
  const url = relay.address.channelUrl;
  const ledger = await RelayLedger.open(store.dir, url, relay.name, (id) =>
    store.get(id).then(
      () => true,
      () => false,
    ),
  );
  let state: RelayState = { url, state: 'connecting', backlog: 0, dropped: 0 };
  const update = (next: Partial<RelayState>) => {
    state = { url, backlog: state.backlog, dropped: state.dropped, ...next } as RelayState;
    live.setRelay(state);
  };
  return startRelayClient({
    address: relay.address,
    token: relay.token,
    name: relay.name,
    ledger,
    ingest: async (arrival) => (await server.ingest(arrival)) !== null,
    newId: () => store.newId(),
    async recover(id) {
      const capture = await store.get(id);
      if ((await server.forwardStored(capture)) !== null) view.relay.recovered(capture);
    },
    events: {
      connecting(attempt) {
        update({ state: 'connecting' });
        view.relay.connecting(url, attempt);
      },
      connected(info) {
        update({ state: 'connected', ...info });
        view.relay.connected(url, info);
      },
      backlog(count) {
        const drained = count === 0 && state.backlog > 0;
        if (count !== state.backlog) update({ state: 'connected', backlog: count });
        if (drained) view.relay.drained(url);
      },
      disconnected(info) {
        update({ state: 'disconnected', ...info });
        view.relay.disconnected(url, info);
      },
      refused(message) {
        view.relay.refused(message);
        stop(1);
      },
    },
  });
}
