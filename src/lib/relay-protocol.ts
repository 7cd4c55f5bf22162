// The relay's wire protocol, shared by the Worker (src/relay/worker/) and `listen --relay`
// (src/core/relay/). Types and constants only: it imports nothing, so both sides can take it.

/** Channel names in URLs: `https://<worker>/<channel>/<path…>`. */
export const CHANNEL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** The path segment under a channel (or at the root) that holds the relay's own endpoints. */
export const CONTROL = '_hookctl';
/** Relay event ids: `e` and 16 digits, a per-channel sequence, so their order is arrival order. */
export const EVENT_ID = /^e\d{16}$/;
/** Bodies up to this size travel inside the event message; larger ones are fetched from `…/body/<id>`. */
export const INLINE_BODY_BYTES = 64 * 1024;
/** Events sent to one listener and not yet acknowledged: past this the relay waits for acks. */
export const WINDOW = 64;
/** The protocol version a listener asks for (`?v=`); the relay answers it in `hello`. */
export const PROTOCOL_VERSION = 1;

/** A webhook as the relay received it. Header names are lower-case: Workers' `Headers` keeps no case. */
export interface RelayEvent {
  id: string;
  receivedAt: string;
  method: string;
  /** The path below the channel, with the query, exactly as requested (`/stripe?x=1`). */
  path: string;
  /** The URL the sender called (`https://<worker>/<channel>/stripe?x=1`): what URL-signing schemes sign. */
  url: string;
  headers: Array<[string, string]>;
  /** The sender's address as the edge saw it (`CF-Connecting-IP`), or null. */
  remoteAddress: string | null;
  /** Body length in bytes. */
  size: number;
  /** The body bytes, when `size` is at most INLINE_BODY_BYTES; else fetch `…/_hookctl/body/<id>`. */
  bodyBase64?: string;
}

/** What the relay says on a listener's WebSocket. */
export type RelayMessage =
  | {
      type: 'hello';
      version: number;
      channel: string;
      /** New whenever the channel's storage is new (a fresh deployment): its event ids start again. */
      epoch: string;
      /** The listener's name (its cursor). */
      name: string;
      /** Events stored after this listener's last acknowledgement. */
      backlog: number;
      /** Events retention dropped before this listener acknowledged them, since its last hello. */
      dropped: number;
    }
  /** `backlog`: events stored for this listener after this one, when it was sent. */
  | { type: 'event'; event: RelayEvent; backlog: number };

/** What a listener says: this event is on its disk. */
export interface RelayAck {
  type: 'ack';
  id: string;
}

/** How a channel answers and what it keeps; set with `PUT /<channel>/_hookctl/config`. */
export interface ChannelConfig {
  /** The status every stored webhook is answered with (default 200). */
  status: number;
  /** Verify this provider's signature at the edge and answer forgeries 401 without storing them. */
  verify: string | null;
  /** Per provider, the secret (or public key) for `verify` and for registration challenges. */
  secrets: Record<string, string>;
  /** At most this many events are kept (oldest dropped first). */
  maxEvents: number;
  /** Events older than this are dropped. */
  maxAgeMs: number;
}

export const DEFAULT_CONFIG: ChannelConfig = {
  status: 200,
  verify: null,
  secrets: {},
  maxEvents: 10_000,
  maxAgeMs: 7 * 24 * 3600_000,
};

/** One listener of a channel in `status`. */
export interface ListenerStatus {
  name: string;
  connected: boolean;
  /** Events stored after its last acknowledgement. */
  backlog: number;
  /** When it last acknowledged an event (ISO), or null. */
  lastAckAt: string | null;
  /** Events dropped by retention before it acknowledged them. */
  dropped: number;
}

/** `GET /<channel>/_hookctl/status`; the config without its secrets (their providers only). */
export interface ChannelStatus {
  channel: string;
  /** Events stored. */
  stored: number;
  /** Events dropped by retention while no listener had them. */
  dropped: number;
  listeners: ListenerStatus[];
  config: Omit<ChannelConfig, 'secrets'> & { secrets: string[] };
}
