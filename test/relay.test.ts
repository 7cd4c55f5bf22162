import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { WebSocket } from 'ws';
import type { RelayEvent, RelayMessage } from '../relay/src/worker.ts';

// The relay Worker on Miniflare (the Workers runtime, locally), on 127.0.0.1 and a port the OS picks: a
// webhook is stored before it is answered, kept across a restart, handed to a listener in arrival order
// and forgotten only once acknowledged.

const TOKEN = 'relay-test-token';
const source = (
  await build({
    entryPoints: [new URL('../relay/src/worker.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
  })
).outputFiles[0]?.text as string;

async function startRelay(
  t: { after(fn: () => unknown): void },
  persist: string,
): Promise<{ url: string; dispose: () => Promise<void> }> {
  const mf = new Miniflare({
    modules: true,
    script: source,
    durableObjects: { CHANNELS: 'Channel' },
    durableObjectsPersist: persist,
    bindings: { LISTENER_TOKEN: TOKEN },
    host: '127.0.0.1',
    port: 0,
  });
  let disposed = false;
  const dispose = async () => {
    if (!disposed) {
      disposed = true;
      await mf.dispose();
    }
  };
  t.after(dispose);
  const url = (await mf.ready).href.replace(/\/$/, '');
  return { url, dispose };
}

/** A listener: every message, and a way to await the next of a kind. */
function listen(url: string, channel: string, token = TOKEN) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/${channel}/_hookctl/listen`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const messages: RelayMessage[] = [];
  let waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as RelayMessage);
    for (const wake of waiters) wake();
    waiters = [];
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
  async function until(count: number, type: RelayMessage['type']): Promise<RelayMessage[]> {
    for (;;) {
      const found = messages.filter((message) => message.type === type);
      if (found.length >= count) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  return { socket, opened, messages, until, close: () => socket.close() };
}

const events = (messages: RelayMessage[]) =>
  messages.flatMap((message) => (message.type === 'event' ? [message.event] : [])) as RelayEvent[];

describe('the relay Worker on Miniflare', () => {
  it('stores each webhook before answering, byte for byte, and keeps it across a restart', async (t) => {
    const persist = await mkdtemp(path.join(tmpdir(), 'hookctl-relay-'));
    t.after(() => rm(persist, { recursive: true, force: true }));
    const first = await startRelay(t, persist);
    const body = Buffer.from('{\n  "id": "evt_1",\n  "name": "\\u00e9"\n}');
    const answer = await fetch(`${first.url}/team-a/stripe/webhooks?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=abc' },
      body,
    });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('x-hookctl-relay-id') ?? '', /^e\d{16}$/);
    await fetch(`${first.url}/team-a/github`, { method: 'POST', body: 'second' });
    await first.dispose();

    // The laptop was closed: a new relay process on the same storage still has both, in order.
    const second = await startRelay(t, persist);
    const status = await fetch(`${second.url}/team-a/_hookctl/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.deepEqual(await status.json(), { channel: 'team-a', backlog: 2, listeners: 0 });
    const listener = listen(second.url, 'team-a');
    await listener.opened;
    const [one, two] = events(await listener.until(2, 'event'));
    assert.equal(one?.path, '/stripe/webhooks?x=1');
    assert.equal(one?.method, 'POST');
    assert.deepEqual(Buffer.from(one?.bodyBase64 ?? '', 'base64'), body);
    assert.ok(one?.headers.some(([name, value]) => name === 'stripe-signature' && value === 't=1,v1=abc'));
    assert.equal(two?.path, '/github');
    assert.ok((one?.id ?? '') < (two?.id ?? ''), 'arrival order');
    listener.close();
  });

  it('forgets an event only once the listener acknowledges it; live events follow the backlog', async (t) => {
    const persist = await mkdtemp(path.join(tmpdir(), 'hookctl-relay-'));
    t.after(() => rm(persist, { recursive: true, force: true }));
    const { url } = await startRelay(t, persist);
    await fetch(`${url}/ch/a`, { method: 'POST', body: 'a' });
    const listener = listen(url, 'ch');
    await listener.opened;
    const [hello] = await listener.until(1, 'hello');
    assert.deepEqual(hello, { type: 'hello', channel: 'ch', backlog: 1 });
    await fetch(`${url}/ch/b`, { method: 'POST', body: 'b' });
    const [a, b] = events(await listener.until(2, 'event'));
    assert.equal(
      Buffer.from(b?.bodyBase64 ?? '', 'base64').toString(),
      'b',
      'a live event after the backlog',
    );
    listener.socket.send(JSON.stringify({ type: 'ack', id: a?.id }));
    await listener.until(1, 'acked');
    const status = await fetch(`${url}/ch/_hookctl/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.deepEqual(
      await status.json(),
      { channel: 'ch', backlog: 1, listeners: 1 },
      'b is kept until acknowledged',
    );
    listener.close();
  });

  it('refuses listeners without the token; channels are separate', async (t) => {
    const persist = await mkdtemp(path.join(tmpdir(), 'hookctl-relay-'));
    t.after(() => rm(persist, { recursive: true, force: true }));
    const { url } = await startRelay(t, persist);
    await fetch(`${url}/one/x`, { method: 'POST', body: '1' });
    const stranger = listen(url, 'one', 'wrong');
    await assert.rejects(stranger.opened, /HTTP 401/);
    const status = await fetch(`${url}/one/_hookctl/status`);
    assert.equal(status.status, 401);
    const other = await fetch(`${url}/two/_hookctl/status`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    assert.deepEqual(await other.json(), { channel: 'two', backlog: 0, listeners: 0 });
    assert.equal((await fetch(`${url}/`, { method: 'POST' })).status, 404);
  });
});
