import { WebSocket } from 'ws';
import { EVENT_ID, type RelayEvent, type RelayMessage } from '../../lib/relay-protocol.ts';
import type { Arrival } from '../capture/index.ts';
import { bodyUrl, listenUrl, type RelayAddress } from './address.ts';
import type { RelayLedger } from './ledger.ts';

/** What the relay client reports, for listen's view; it never prints. */
export interface RelayClientEvents {
  connecting(attempt: number): void;
  /** The relay said hello: `backlog` events are waiting, `dropped` were lost to retention meanwhile. */
  connected(info: { backlog: number; dropped: number }): void;
  /** After each event is stored and acknowledged: what is still waiting at the relay. */
  backlog(count: number): void;
  /** The connection dropped or could not be made; the next attempt is in `retryInMs`. */
  disconnected(info: { reason: string; retryInMs: number }): void;
  /** The relay refused this listener for good (a wrong token, not a relay, replaced): listen stops with 1. */
  refused(message: string): void;
}

export interface RelayClientOptions {
  address: RelayAddress;
  token: string;
  /** This listener's cursor at the relay (`--relay-name`, default user@host). */
  name: string;
  ledger: RelayLedger;
  /** Stores and forwards one event (the capture server's ingest); false when it could not be stored. */
  ingest(arrival: Arrival): Promise<boolean>;
  newId(): string;
  /** Forwards the capture the last run stored but may not have forwarded (`ledger.recovered`). */
  recover(captureId: string): Promise<void>;
  events: RelayClientEvents;
  now?: () => number;
  random?: () => number;
  /** Tests shorten the heartbeat. */
  heartbeatMs?: number;
}

export interface RelayClient {
  /** Stops reconnecting, lets the event being stored finish (and be acknowledged), then closes. */
  close(): Promise<void>;
}

/** Reconnect delays: 0.5 s doubling to 30 s, each ±20% so a team's listeners do not reconnect in step. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Why the relay refused the WebSocket upgrade, in words that say what to do. */
export function refusal(status: number, address: RelayAddress): string | null {
  if (status === 401) {
    return `the relay refused the listener token for ${address.channelUrl}: pass the token \`hookctl relay deploy\` printed (--relay-token or $HOOKCTL_RELAY_TOKEN)`;
  }
  if (status === 404 || status === 426) {
    return `${address.channelUrl} is not a hookctl relay channel (HTTP ${status}): check the URL \`hookctl relay deploy\` printed`;
  }
  if (status === 400)
    return `the relay refused this listener name (HTTP 400): pick another with --relay-name`;
  return null;
}

const HEARTBEAT_MS = 20_000;

/**
 * `listen --relay`: a WebSocket to the channel that drains the backlog, then live events, in relay order.
 * Each event is stored (once: the ledger), forwarded, and only then acknowledged; an event that cannot be
 * stored is not acknowledged, and the connection is dropped so the relay sends it again after the retry.
 * The connection comes back with backoff after a network change or sleep; a ping that goes unanswered for
 * a heartbeat means the socket is dead (a laptop that slept keeps a half-open one).
 */
export function startRelayClient(options: RelayClientOptions): RelayClient {
  const { address, events, ledger } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  let closed = false;
  let attempt = 0;
  let socket: WebSocket | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  /** Events are stored one after another, in the order they came; first, what a crash left half done. */
  const recovered = ledger.recovered;
  let chain: Promise<void> =
    recovered === null ? Promise.resolve() : options.recover(recovered).catch(() => {});

  function connect(): void {
    if (closed) return;
    attempt += 1;
    events.connecting(attempt);
    const ws = new WebSocket(listenUrl(address, options.name), {
      headers: { Authorization: `Bearer ${options.token}` },
      handshakeTimeout: 15_000,
      maxPayload: 8 * 1024 * 1024,
    });
    socket = ws;
    let alive = true;
    let heartbeat: NodeJS.Timeout | null = null;
    let fatal = false;
    let reason = 'connection closed';

    ws.on('unexpected-response', (_request, response) => {
      const message = refusal(response.statusCode ?? 0, address);
      response.resume();
      if (message !== null) {
        fatal = true;
        events.refused(message);
      } else {
        reason = `the relay answered HTTP ${response.statusCode}`;
      }
      ws.terminate();
    });
    ws.on('open', () => {
      heartbeat = setInterval(() => {
        if (!alive) {
          reason = `no answer from the relay for ${Math.round(heartbeatMs / 1000)} s`;
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, heartbeatMs);
      heartbeat.unref();
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data) => {
      alive = true;
      let message: RelayMessage;
      try {
        message = JSON.parse(String(data)) as RelayMessage;
      } catch {
        return;
      }
      if (message.type === 'hello') {
        attempt = 0;
        ledger.useEpoch(message.epoch);
        events.connected({ backlog: message.backlog, dropped: message.dropped });
      } else if (message.type === 'event' && EVENT_ID.test(message.event.id)) {
        const { event, backlog } = message;
        chain = chain.then(() => handle(ws, event, backlog));
      }
    });
    ws.on('error', (error) => {
      reason = error.message;
    });
    ws.on('close', (code, why) => {
      if (heartbeat !== null) clearInterval(heartbeat);
      if (socket === ws) socket = null;
      if (code === 4000) {
        fatal = true;
        events.refused(
          `another listener named ${options.name} connected to ${address.channelUrl} and took over its cursor: give each listener its own --relay-name`,
        );
      }
      if (closed || fatal) return;
      const retryInMs = retryDelay(attempt, random);
      events.disconnected({ reason: why.length > 0 ? why.toString() : reason, retryInMs });
      retryTimer = setTimeout(connect, retryInMs);
    });
  }

  async function handle(ws: WebSocket, event: RelayEvent, backlog: number): Promise<void> {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (!ledger.isStored(event.id)) {
      const body =
        event.bodyBase64 !== undefined ? Buffer.from(event.bodyBase64, 'base64') : await fetchBody(event);
      if (body === null) return void ws.terminate();
      const id = options.newId();
      await ledger.storing(event.id, id);
      const stored = await options.ingest({
        receivedAt: Date.parse(event.receivedAt) || now(),
        method: event.method,
        path: event.path,
        httpVersion: '1.1',
        headers: event.headers,
        body,
        remoteAddress: event.remoteAddress,
        url: event.url,
        id,
        relay: { url: address.channelUrl, id: event.id },
      });
      // Not stored, not acknowledged: the relay keeps it and sends it again once we are back.
      if (!stored) return void ws.terminate();
      ledger.stored(event.id);
    }
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ack', id: event.id }));
    events.backlog(backlog);
  }

  async function fetchBody(event: RelayEvent): Promise<Buffer | null> {
    try {
      const answer = await fetch(bodyUrl(address, event.id), {
        headers: { Authorization: `Bearer ${options.token}` },
      });
      if (!answer.ok) return null;
      const body = Buffer.from(await answer.arrayBuffer());
      return body.length === event.size ? body : null;
    } catch {
      return null;
    }
  }

  connect();
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        closed = true;
        if (retryTimer !== null) clearTimeout(retryTimer);
        const current = socket;
        // The event under way is stored and acknowledged; the rest stay at the relay for next time.
        const finished = chain;
        chain = new Promise(() => {});
        await finished;
        if (current !== null && current.readyState === WebSocket.OPEN) {
          await new Promise<void>((resolve) => {
            current.once('close', () => resolve());
            current.close(1000, 'listen stopped');
            setTimeout(() => {
              current.terminate();
              resolve();
            }, 1_000).unref();
          });
        } else current?.terminate();
        await ledger.close();
      })();
      return closing;
    },
  };
}
