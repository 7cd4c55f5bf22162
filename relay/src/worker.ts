// The hookctl relay: a Cloudflare Worker with one Durable Object a channel, deployed into the user's own
// account. It keeps every webhook sent to https://<worker>/<channel>/<path…> durably, answers the sender
// only once the request is stored, and hands the backlog (then live events) to `hookctl listen --relay`
// over a WebSocket, deleting each event only when the listener acknowledges it (it is on disk there).
//
// This file is the first step of issue 15: storing, answering, the listener protocol and status. It runs
// on Miniflare in the tests (test/relay.test.ts); `hookctl relay deploy` and `listen --relay` come next.

/** What the relay keeps of a request: as received, the body as base64 (the bytes, never re-serialized). */
export interface RelayEvent {
  /** Monotonic per channel: `e` + 16 digits, so storage order is arrival order. */
  id: string;
  receivedAt: string;
  method: string;
  /** The path below the channel, with the query, exactly as requested. */
  path: string;
  headers: Array<[string, string]>;
  bodyBase64: string;
}

/** Messages on the listener's WebSocket. */
export type RelayMessage =
  | { type: 'event'; event: RelayEvent }
  | { type: 'hello'; channel: string; backlog: number }
  | { type: 'acked'; id: string };

interface Env {
  CHANNELS: DurableObjectNamespaceLike;
  /** The listener token (`wrangler secret put LISTENER_TOKEN`): listening and status need it. */
  LISTENER_TOKEN?: string;
}

// The few Workers runtime types used here, so the relay type-checks without @cloudflare/workers-types.
interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(request: Request): Promise<Response> };
}
interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list<T>(options: { prefix: string }): Promise<Map<string, T>>;
}
interface DurableObjectStateLike {
  storage: DurableObjectStorageLike;
  acceptWebSocket(socket: WebSocket): void;
  getWebSockets(): WebSocket[];
}
declare const WebSocketPair: { new (): { 0: WebSocket; 1: WebSocket } };

const CHANNEL = /^[A-Za-z0-9_-]{1,64}$/;
const CONTROL = '_hookctl';

function bearer(request: Request): string | null {
  const value = request.headers.get('authorization') ?? '';
  return value.startsWith('Bearer ') ? value.slice(7) : null;
}

/** Constant-time comparison of two tokens. */
function sameToken(given: string | null, expected: string | undefined): boolean {
  if (given === null || expected === undefined || expected === '') return false;
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let at = 0; at < Math.max(a.length, b.length); at++) diff |= (a[at] ?? 0) ^ (b[at] ?? 0);
  return diff === 0;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const [, channel = '', ...rest] = url.pathname.split('/');
    if (!CHANNEL.test(channel)) {
      return new Response('hookctl relay: send webhooks to /<channel>/<path>\n', { status: 404 });
    }
    if (rest[0] === CONTROL && !sameToken(bearer(request), env.LISTENER_TOKEN)) {
      return new Response('hookctl relay: the listener token is missing or wrong\n', { status: 401 });
    }
    return env.CHANNELS.get(env.CHANNELS.idFromName(channel)).fetch(request);
  },
};

/** One channel: its stored events, its sequence, its listeners. */
export class Channel {
  constructor(
    private readonly state: DurableObjectStateLike,
    _env: Env,
  ) {}

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [, channel = '', ...rest] = url.pathname.split('/');
    if (rest[0] === CONTROL) {
      if (rest[1] === 'listen') return this.listen(request, channel);
      if (rest[1] === 'status') {
        const backlog = (await this.state.storage.list<RelayEvent>({ prefix: 'e' })).size;
        const listeners = this.state.getWebSockets().length;
        return Response.json({ channel, backlog, listeners });
      }
      return new Response('hookctl relay: unknown control path\n', { status: 404 });
    }
    const event = await this.store(request, url, channel);
    // Stored before answering: the sender's 2xx means the event survives the laptop being closed.
    for (const socket of this.state.getWebSockets()) send(socket, { type: 'event', event });
    return new Response('ok\n', { status: 200, headers: { 'X-Hookctl-Relay-Id': event.id } });
  }

  private async store(request: Request, url: URL, channel: string): Promise<RelayEvent> {
    const sequence = ((await this.state.storage.get<number>('sequence')) ?? 0) + 1;
    await this.state.storage.put('sequence', sequence);
    const body = new Uint8Array(await request.arrayBuffer());
    const prefix = `/${channel}`;
    const event: RelayEvent = {
      id: `e${String(sequence).padStart(16, '0')}`,
      receivedAt: new Date().toISOString(),
      method: request.method,
      path: (url.pathname.slice(prefix.length) || '/') + url.search,
      headers: [...request.headers],
      bodyBase64: toBase64(body),
    };
    await this.state.storage.put(event.id, event);
    return event;
  }

  private async listen(request: Request, channel: string): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('hookctl relay: listen is a WebSocket\n', { status: 426 });
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.state.acceptWebSocket(server);
    const backlog = await this.state.storage.list<RelayEvent>({ prefix: 'e' });
    send(server, { type: 'hello', channel, backlog: backlog.size });
    for (const event of backlog.values()) send(server, { type: 'event', event });
    return new Response(null, { status: 101, webSocket: client } as ResponseInit);
  }

  /** The listener's acknowledgement: the event is on its disk, so the relay forgets it. */
  async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    let parsed: { type?: unknown; id?: unknown };
    try {
      parsed = JSON.parse(typeof message === 'string' ? message : new TextDecoder().decode(message));
    } catch {
      return;
    }
    if (parsed.type === 'ack' && typeof parsed.id === 'string' && /^e\d{16}$/.test(parsed.id)) {
      await this.state.storage.delete(parsed.id);
      send(socket, { type: 'acked', id: parsed.id });
    }
  }
}

function send(socket: WebSocket, message: RelayMessage): void {
  try {
    socket.send(JSON.stringify(message));
  } catch {}
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}
