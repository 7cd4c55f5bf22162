import { Buffer } from 'node:buffer';
import {
  type ChannelConfig,
  type ChannelStatus,
  CONTROL,
  DEFAULT_CONFIG,
  EVENT_ID,
  INLINE_BODY_BYTES,
  type ListenerStatus,
  PROTOCOL_VERSION,
  type RelayEvent,
  type RelayMessage,
  WINDOW,
} from '../../lib/relay-protocol.ts';
import { decideAtEdge } from './edge.ts';
import type { DurableObjectStateLike, RelayEnv, RelaySocket, WebSocketPairConstructor } from './runtime.ts';

declare const WebSocketPair: WebSocketPairConstructor;

/**
 * Storage of one channel (a Durable Object's own key-value storage):
 * - `meta`: the sequence, the lowest event still kept, the dropped count, the config;
 * - `e<16 digits>`: one event (its body inline up to INLINE_BODY_BYTES, else in `b<key>:<n>` chunks, as a
 *   stored value is at most 128 KiB);
 * - `c:<name>`: one listener's cursor (the last sequence it acknowledged).
 * Events are only ever deleted from the low end (acknowledged by every cursor, or dropped by retention),
 * so the kept events are the contiguous range `low..seq` and a backlog is a subtraction.
 */
interface Meta {
  epoch: string;
  seq: number;
  low: number;
  dropped: number;
  config: ChannelConfig;
  registered: boolean;
}

interface StoredEvent extends Omit<RelayEvent, 'bodyBase64'> {
  body?: Uint8Array;
  /** Chunked bodies: the chunk keys' stem and how many. */
  chunks?: { key: string; count: number };
}

interface Cursor {
  acked: number;
  lastAckAt: string | null;
  /** Since the listener's last hello. */
  dropped: number;
  /** Last seen (connect or ack), for forgetting listeners older than retention. */
  seenAt: number;
}

/** One connected listener, kept in memory; its name survives hibernation in the socket's attachment. */
interface Peer {
  name: string;
  sent: number;
  inflight: number;
  pumping: boolean;
  again: boolean;
}

const CHUNK_BYTES = 64 * 1024;
/** The largest webhook the relay keeps; GitHub's cap, and listen's default --max-body. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;
/** Where a channel registers itself so `GET /_hookctl/status` can list channels. */
export const DIRECTORY = ':directory';

const eventKey = (seq: number) => `e${String(seq).padStart(16, '0')}`;
const seqOf = (id: string) => Number(id.slice(1));

export class Channel {
  private meta: Meta = {
    epoch: crypto.randomUUID(),
    seq: 0,
    low: 1,
    dropped: 0,
    config: DEFAULT_CONFIG,
    registered: false,
  };
  private cursors = new Map<string, Cursor>();
  private peers = new Map<RelaySocket, Peer>();
  /** No kept event expires before this (ms): the oldest's arrival plus the age bound, when last looked at. */
  private ageCheckAfter = 0;

  constructor(
    private readonly state: DurableObjectStateLike,
    private readonly env: RelayEnv,
  ) {
    void state.blockConcurrencyWhile(async () => {
      this.meta = (await state.storage.get<Meta>('meta')) ?? this.meta;
      this.meta.config = { ...DEFAULT_CONFIG, ...this.meta.config };
      for (const [key, cursor] of await state.storage.list<Cursor>({ prefix: 'c:' })) {
        this.cursors.set(key.slice(2), cursor);
      }
    });
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [, channel = '', ...rest] = url.pathname.split('/');
    if (channel === DIRECTORY) return this.directory(request, rest);
    if (rest[0] !== CONTROL) return this.receive(request, url, channel);
    switch (rest[1]) {
      case 'listen':
        return this.listen(request, url, channel);
      case 'status':
        return Response.json(await this.status(channel));
      case 'config':
        return this.configure(request, channel);
      case 'body':
        return this.body(rest[2] ?? '');
      default:
        return new Response('hookctl relay: unknown control path\n', { status: 404 });
    }
  }

  // --- receiving -------------------------------------------------------------------------------------

  private async receive(request: Request, url: URL, channel: string): Promise<Response> {
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > MAX_BODY_BYTES) return tooLarge();
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > MAX_BODY_BYTES) return tooLarge();
    const headers = [...request.headers] as Array<[string, string]>;
    const now = Date.now();
    const decision = decideAtEdge(
      this.meta.config,
      {
        headers,
        body: Buffer.from(body.buffer, body.byteOffset, body.length),
        method: request.method,
        url: url.href,
      },
      now,
    );
    if (decision.kind === 'refuse') {
      return new Response(`hookctl relay: ${decision.message}\n`, { status: decision.status });
    }
    const stored: StoredEvent = {
      id: '',
      receivedAt: new Date(now).toISOString(),
      method: request.method,
      path: (url.pathname.slice(channel.length + 1) || '/') + url.search,
      url: url.href,
      headers,
      remoteAddress: request.headers.get('cf-connecting-ip'),
      size: body.length,
    };
    if (body.length <= INLINE_BODY_BYTES) stored.body = body;
    else stored.chunks = await this.putChunks(body);
    // The sequence is taken and written in one turn, so ids follow the order writes are made in.
    const seq = ++this.meta.seq;
    stored.id = eventKey(seq);
    await this.state.storage.put({ meta: this.meta, [stored.id]: stored });
    // Stored before answering: the sender's 2xx means the event survives the laptop being closed.
    await this.retain(now);
    if (!this.meta.registered) await this.register(channel);
    // Listeners hear of it after this answer is on its way, never before it is stored.
    setTimeout(() => this.announce(stored, seq), 0);
    const headersOut = { 'X-Hookctl-Relay-Id': stored.id };
    if (decision.answer !== null) {
      return new Response(decision.answer.body, {
        status: decision.answer.status,
        headers: { ...headersOut, 'Content-Type': decision.answer.contentType },
      });
    }
    return new Response('ok\n', { status: this.meta.config.status, headers: headersOut });
  }

  private async putChunks(body: Uint8Array): Promise<{ key: string; count: number }> {
    const key = `b${crypto.randomUUID()}`;
    const count = Math.ceil(body.length / CHUNK_BYTES);
    // A put takes at most 128 keys.
    for (let first = 0; first < count; first += 100) {
      const entries: Record<string, Uint8Array> = {};
      for (let at = first; at < Math.min(count, first + 100); at++) {
        entries[`${key}:${at}`] = body.slice(at * CHUNK_BYTES, (at + 1) * CHUNK_BYTES);
      }
      await this.state.storage.put(entries);
    }
    return { key, count };
  }

  private async register(channel: string): Promise<void> {
    const directory = this.env.CHANNELS.get(this.env.CHANNELS.idFromName(DIRECTORY));
    await directory.fetch(`https://relay/${DIRECTORY}/register`, { method: 'POST', body: channel });
    this.meta.registered = true;
    await this.state.storage.put('meta', this.meta);
  }

  // --- retention -------------------------------------------------------------------------------------

  /**
   * Drops what every listener has acknowledged, then what is over the count or age bound (counting, per
   * listener and for the channel, what was dropped unseen), and forgets listeners gone longer than the age.
   */
  private async retain(now: number): Promise<void> {
    const { maxEvents, maxAgeMs } = this.meta.config;
    for (const [name, cursor] of this.cursors) {
      if (now - cursor.seenAt > maxAgeMs && !this.connected(name)) {
        this.cursors.delete(name);
        await this.state.storage.delete([`c:${name}`]);
      }
    }
    let upTo = this.cursors.size === 0 ? 0 : Math.min(...[...this.cursors.values()].map((c) => c.acked));
    upTo = Math.max(upTo, this.meta.seq - maxEvents);
    // Age: look at the oldest few kept events (they are in arrival order), once the oldest can have
    // expired: not on every webhook.
    while (upTo < this.meta.seq && now >= this.ageCheckAfter) {
      const oldest = await this.state.storage.get<StoredEvent>(eventKey(Math.max(upTo + 1, this.meta.low)));
      if (oldest === undefined) break;
      const expires = Date.parse(oldest.receivedAt) + maxAgeMs;
      if (now < expires) {
        this.ageCheckAfter = expires;
        break;
      }
      upTo = seqOf(oldest.id);
    }
    if (upTo >= this.meta.low) await this.deleteThrough(upTo);
  }

  private async deleteThrough(upTo: number): Promise<void> {
    const keys: string[] = [];
    let unseen = 0;
    for (let seq = this.meta.low; seq <= upTo; seq++) {
      keys.push(eventKey(seq));
      if (this.cursors.size === 0) unseen += 1;
    }
    for (const cursor of this.cursors.values()) {
      if (cursor.acked < upTo) {
        const missed = upTo - Math.max(cursor.acked, this.meta.low - 1);
        cursor.dropped += missed;
        unseen = Math.max(unseen, missed);
        cursor.acked = upTo;
      }
    }
    const events = await this.state.storage.get<StoredEvent>(keys);
    for (const event of events.values()) {
      if (event.chunks === undefined) continue;
      for (let at = 0; at < event.chunks.count; at++) keys.push(`${event.chunks.key}:${at}`);
    }
    for (let first = 0; first < keys.length; first += 128) {
      await this.state.storage.delete(keys.slice(first, first + 128));
    }
    this.meta.low = upTo + 1;
    this.meta.dropped += unseen;
    const entries: Record<string, unknown> = { meta: this.meta };
    for (const [name, cursor] of this.cursors) entries[`c:${name}`] = cursor;
    await this.state.storage.put(entries);
  }

  // --- listening -------------------------------------------------------------------------------------

  private connected(name: string): boolean {
    return this.sockets().some((socket) => this.peer(socket).name === name);
  }

  /** The open listener sockets, without those replaced by a newer connection of the same name. */
  private sockets(): RelaySocket[] {
    return this.state.getWebSockets().filter((socket) => {
      const attachment = socket.deserializeAttachment() as { replaced?: boolean } | null;
      return attachment?.replaced !== true;
    });
  }

  /** The in-memory state of a socket; rebuilt from its attachment after the object hibernated. */
  private peer(socket: RelaySocket): Peer {
    let peer = this.peers.get(socket);
    if (peer === undefined) {
      const name = String((socket.deserializeAttachment() as { name?: unknown } | null)?.name ?? '');
      peer = { name, sent: this.cursors.get(name)?.acked ?? 0, inflight: 0, pumping: false, again: false };
      this.peers.set(socket, peer);
    }
    return peer;
  }

  private async listen(request: Request, url: URL, channel: string): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('hookctl relay: listen is a WebSocket\n', { status: 426 });
    }
    const name = url.searchParams.get('name') ?? 'listener';
    if (!/^[\x21-\x7e]{1,128}$/.test(name)) {
      return new Response('hookctl relay: a listener name is 1 to 128 printable characters\n', {
        status: 400,
      });
    }
    // One connection a name: the newer one (a restart after a crash or sleep) replaces the older.
    for (const socket of this.sockets()) {
      if (this.peer(socket).name === name) {
        socket.serializeAttachment({ name, replaced: true });
        this.peers.delete(socket);
        socket.close(4000, 'replaced by a newer connection with the same name');
      }
    }
    const now = Date.now();
    await this.retain(now);
    const cursor = this.cursors.get(name) ?? {
      acked: this.meta.low - 1,
      lastAckAt: null,
      dropped: 0,
      seenAt: now,
    };
    const dropped = cursor.dropped;
    cursor.dropped = 0;
    cursor.seenAt = now;
    this.cursors.set(name, cursor);
    await this.state.storage.put(`c:${name}`, cursor);
    if (!this.meta.registered) await this.register(channel);

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.state.acceptWebSocket(server);
    server.serializeAttachment({ name });
    this.peers.set(server, { name, sent: cursor.acked, inflight: 0, pumping: false, again: false });
    send(server, {
      type: 'hello',
      version: PROTOCOL_VERSION,
      channel,
      epoch: this.meta.epoch,
      name,
      backlog: this.meta.seq - cursor.acked,
      dropped,
    });
    setTimeout(() => void this.pump(server), 0);
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  /** Sends a live event to each listener that is caught up; the others pick it up as they drain. */
  private announce(stored: StoredEvent, seq: number): void {
    for (const socket of this.sockets()) {
      const peer = this.peer(socket);
      if (!peer.pumping && peer.sent === seq - 1 && peer.inflight < WINDOW) {
        peer.sent = seq;
        peer.inflight += 1;
        send(socket, { type: 'event', event: wire(stored), backlog: this.meta.seq - seq });
      } else {
        void this.pump(socket);
      }
    }
  }

  /** Sends stored events after what the listener was sent, in order, keeping at most WINDOW unacknowledged. */
  private async pump(socket: RelaySocket): Promise<void> {
    const peer = this.peer(socket);
    if (peer.pumping) {
      peer.again = true;
      return;
    }
    peer.pumping = true;
    try {
      do {
        peer.again = false;
        while (peer.inflight < WINDOW && peer.sent < this.meta.seq && this.peers.has(socket)) {
          const from = Math.max(peer.sent + 1, this.meta.low);
          const batch = await this.state.storage.list<StoredEvent>({
            start: eventKey(from),
            end: eventKey(this.meta.seq + 1),
            limit: WINDOW - peer.inflight,
          });
          if (batch.size === 0) {
            peer.sent = this.meta.seq;
            break;
          }
          for (const stored of batch.values()) {
            peer.sent = seqOf(stored.id);
            peer.inflight += 1;
            send(socket, { type: 'event', event: wire(stored), backlog: this.meta.seq - peer.sent });
          }
        }
      } while (peer.again);
    } finally {
      peer.pumping = false;
    }
  }

  /** `{"type":"ack","id"}`: that event is on the listener's disk. */
  async webSocketMessage(socket: RelaySocket, message: string | ArrayBuffer): Promise<void> {
    let parsed: { type?: unknown; id?: unknown };
    try {
      parsed = JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
    } catch {
      return;
    }
    if (parsed.type !== 'ack' || typeof parsed.id !== 'string' || !EVENT_ID.test(parsed.id)) return;
    const peer = this.peer(socket);
    peer.inflight = Math.max(0, peer.inflight - 1);
    const cursor = this.cursors.get(peer.name);
    const seq = seqOf(parsed.id);
    if (cursor !== undefined && seq > cursor.acked && seq <= this.meta.seq) {
      const now = Date.now();
      cursor.acked = seq;
      cursor.lastAckAt = new Date(now).toISOString();
      cursor.seenAt = now;
      await this.state.storage.put(`c:${peer.name}`, cursor);
      await this.retain(now);
    }
    await this.pump(socket);
  }

  webSocketClose(socket: RelaySocket): void {
    this.peers.delete(socket);
  }

  webSocketError(socket: RelaySocket): void {
    this.peers.delete(socket);
  }

  private async body(id: string): Promise<Response> {
    const stored = EVENT_ID.test(id) ? await this.state.storage.get<StoredEvent>(id) : undefined;
    if (stored === undefined) return new Response('hookctl relay: no such event\n', { status: 404 });
    if (stored.body !== undefined) return new Response(stored.body);
    const { key, count } = stored.chunks ?? { key: '', count: 0 };
    const keys = Array.from({ length: count }, (_, at) => `${key}:${at}`);
    const out = new Uint8Array(stored.size);
    let offset = 0;
    for (let first = 0; first < keys.length; first += 128) {
      const chunks = await this.state.storage.get<Uint8Array>(keys.slice(first, first + 128));
      for (const name of keys.slice(first, first + 128)) {
        const chunk = chunks.get(name) ?? new Uint8Array(0);
        out.set(chunk, offset);
        offset += chunk.length;
      }
    }
    return new Response(out);
  }

  // --- status and config -----------------------------------------------------------------------------

  private async status(channel: string): Promise<ChannelStatus> {
    await this.retain(Date.now());
    const listeners: ListenerStatus[] = [...this.cursors].map(([name, cursor]) => ({
      name,
      connected: this.connected(name),
      backlog: this.meta.seq - cursor.acked,
      lastAckAt: cursor.lastAckAt,
      dropped: cursor.dropped,
    }));
    const { secrets, ...config } = this.meta.config;
    return {
      channel,
      stored: this.meta.seq - this.meta.low + 1,
      dropped: this.meta.dropped,
      listeners,
      config: { ...config, secrets: Object.keys(secrets) },
    };
  }

  private async configure(request: Request, channel: string): Promise<Response> {
    if (request.method === 'PUT' || request.method === 'POST') {
      let change: unknown;
      try {
        change = await request.json();
      } catch {
        return new Response('hookctl relay: the config is not JSON\n', { status: 400 });
      }
      const problem = mergeConfig(this.meta.config, change);
      if (typeof problem === 'string') return new Response(`hookctl relay: ${problem}\n`, { status: 400 });
      this.meta.config = problem;
      this.ageCheckAfter = 0;
      await this.state.storage.put('meta', this.meta);
      if (!this.meta.registered) await this.register(channel);
    }
    return Response.json(await this.status(channel));
  }

  // --- the directory of channels (one object of this class, named DIRECTORY) ----------------------------

  private async directory(request: Request, rest: string[]): Promise<Response> {
    if (rest[0] === 'register' && request.method === 'POST') {
      await this.state.storage.put(`ch:${await request.text()}`, Date.now());
      return new Response('ok\n');
    }
    const channels = await this.state.storage.list<number>({ prefix: 'ch:' });
    return Response.json([...channels.keys()].map((key) => key.slice(3)));
  }
}

/** Merges a partial config, or says what is wrong with it. */
export function mergeConfig(current: ChannelConfig, change: unknown): ChannelConfig | string {
  if (typeof change !== 'object' || change === null || Array.isArray(change))
    return 'the config is a JSON object';
  const next: ChannelConfig = { ...current, secrets: { ...current.secrets } };
  for (const [key, value] of Object.entries(change)) {
    if (key === 'status') {
      if (!Number.isInteger(value) || (value as number) < 200 || (value as number) > 599) {
        return 'status is an HTTP status from 200 to 599';
      }
      next.status = value as number;
    } else if (key === 'verify') {
      if (value !== null && typeof value !== 'string') return 'verify is a provider name or null';
      next.verify = value as string | null;
    } else if (key === 'secrets') {
      if (typeof value !== 'object' || value === null) return 'secrets maps provider names to secrets';
      for (const [name, secret] of Object.entries(value)) {
        if (secret === null) delete next.secrets[name];
        else if (typeof secret === 'string' && secret !== '') next.secrets[name] = secret;
        else return `the secret for ${name} is a non-empty string (or null to remove it)`;
      }
    } else if (key === 'maxEvents' || key === 'maxAgeMs') {
      if (!Number.isInteger(value) || (value as number) < 1) return `${key} is a positive integer`;
      next[key] = value as number;
    } else {
      return `unknown config field ${key} (known: status, verify, secrets, maxEvents, maxAgeMs)`;
    }
  }
  return next;
}

function wire(stored: StoredEvent): RelayEvent {
  const { body, chunks: _chunks, ...event } = stored;
  return body === undefined
    ? event
    : { ...event, bodyBase64: Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64') };
}

function send(socket: RelaySocket, message: RelayMessage): void {
  try {
    socket.send(JSON.stringify(message));
  } catch {}
}

function tooLarge(): Response {
  return new Response(`hookctl relay: body larger than ${MAX_BODY_BYTES} bytes\n`, { status: 413 });
}
