import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { ChannelStatus, RelayEvent, RelayMessage } from '../src/lib/relay-protocol.ts';
import { findProvider } from '../src/providers/registry.ts';
import { startDevRelay } from '../src/relay/dev.ts';
import { post } from './helpers/relay.ts';
import { onCleanup, type Scope, tempStore } from './helpers/scope.ts';

// The relay Worker (the bundle `npm run build` makes) on Miniflare, the Workers runtime run locally, on
// 127.0.0.1 and a port the OS picks: a webhook is stored before it is answered and kept across a restart;
// each listener name has its own cursor; retention drops and counts; the edge verifies and answers
// registration challenges with the same provider modules hookctl runs.

const TOKEN = 'relay-test-token';
const auth = { Authorization: `Bearer ${TOKEN}` };

async function relay(scope: Scope, persist: string | null = null) {
  const started = await startDevRelay({ host: '127.0.0.1', port: 0, token: TOKEN, persist });
  onCleanup(scope, () => started.close());
  return started;
}

async function status(url: string, channel: string): Promise<ChannelStatus> {
  const answer = await fetch(`${url}/${channel}/_hookctl/status`, { headers: auth });
  assert.equal(answer.status, 200);
  return (await answer.json()) as ChannelStatus;
}

async function configure(url: string, channel: string, change: object): Promise<Response> {
  return fetch(`${url}/${channel}/_hookctl/config`, {
    method: 'PUT',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(change),
  });
}

/** A raw protocol listener: every message, awaited by count; acks only when told. */
function listener(scope: Scope, url: string, channel: string, name: string, token = TOKEN) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/${channel}/_hookctl/listen?name=${name}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  onCleanup(scope, () => socket.terminate());
  const messages: RelayMessage[] = [];
  const waiters: Array<() => void> = [];
  let closeCode: number | null = null;
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as RelayMessage);
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const wake of waiters.splice(0)) wake();
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
  const events = () =>
    messages.flatMap((message) => (message.type === 'event' ? [message.event] : [])) as RelayEvent[];
  return {
    socket,
    opened,
    messages,
    events,
    closeCode: () => closeCode,
    async hello() {
      while (!messages.some((message) => message.type === 'hello'))
        await new Promise<void>((r) => waiters.push(r));
      return messages.find((message) => message.type === 'hello') as Extract<RelayMessage, { type: 'hello' }>;
    },
    async until(count: number): Promise<RelayEvent[]> {
      while (events().length < count) await new Promise<void>((r) => waiters.push(r));
      return events();
    },
    async closed(): Promise<number> {
      while (closeCode === null) await new Promise<void>((r) => waiters.push(r));
      return closeCode;
    },
    ack(id: string) {
      socket.send(JSON.stringify({ type: 'ack', id }));
    },
  };
}

describe('the relay Worker on Miniflare', () => {
  it('stores each webhook before answering, byte for byte, and keeps it across a restart', async (t) => {
    const persist = await tempStore(t);
    const first = await relay(t, persist);
    const body = Buffer.from('{\n  "id": "evt_1",\n  "name": "\\u00e9"\n}');
    const answer = await post(`${first.url}/team-a/stripe/webhooks?x=1`, body, {
      'Content-Type': 'application/json',
      'Stripe-Signature': 't=1,v1=abc',
    });
    assert.equal(answer.status, 200);
    assert.match(answer.id ?? '', /^e\d{16}$/);
    await post(`${first.url}/team-a/github`, Buffer.from([0, 255, 13, 10]));
    await first.close();

    // The laptop was closed and the relay restarted: a new relay process on the same storage has both.
    const second = await relay(t, persist);
    assert.equal((await status(second.url, 'team-a')).stored, 2);
    const one = listener(t, second.url, 'team-a', 'alice');
    await one.opened;
    assert.equal((await one.hello()).backlog, 2);
    const [stripe, github] = await one.until(2);
    assert.equal(stripe?.path, '/stripe/webhooks?x=1');
    assert.equal(stripe?.url, `${first.url}/team-a/stripe/webhooks?x=1`, 'the URL the sender called');
    assert.equal(stripe?.method, 'POST');
    assert.deepEqual(Buffer.from(stripe?.bodyBase64 ?? '', 'base64'), body);
    assert.ok(stripe?.headers.some(([name, value]) => name === 'stripe-signature' && value === 't=1,v1=abc'));
    assert.deepEqual(Buffer.from(github?.bodyBase64 ?? '', 'base64'), Buffer.from([0, 255, 13, 10]));
    assert.ok((stripe?.id ?? '') < (github?.id ?? ''), 'arrival order');
  });

  it('gives every listener name its own cursor; an event goes once every known listener has it', async (t) => {
    const { url } = await relay(t);
    await post(`${url}/team/a`, 'a');
    const alice = listener(t, url, 'team', 'alice');
    const bob = listener(t, url, 'team', 'bob');
    await Promise.all([alice.opened, bob.opened]);
    await post(`${url}/team/b`, 'b');
    const [a1, b1] = await alice.until(2);
    const [a2, b2] = await bob.until(2);
    assert.deepEqual([a1?.id, b1?.id], [a2?.id, b2?.id], 'both get both, in the same order');
    alice.ack(a1?.id ?? '');
    alice.ack(b1?.id ?? '');
    bob.ack(a2?.id ?? '');
    // Acks are processed in order on the socket: a status after bob's next ack sees alice's two.
    await waitFor(async () => (await status(url, 'team')).stored === 1);
    const kept = await status(url, 'team');
    assert.deepEqual(
      kept.listeners.map(({ name, backlog, connected }) => ({ name, backlog, connected })),
      [
        { name: 'alice', backlog: 0, connected: true },
        { name: 'bob', backlog: 1, connected: true },
      ],
    );
    bob.ack(b2?.id ?? '');
    await waitFor(async () => (await status(url, 'team')).stored === 0);
  });

  it('hands a reconnecting listener what it did not acknowledge, and replaces an older connection of its name', async (t) => {
    const { url } = await relay(t);
    for (const n of [1, 2, 3]) await post(`${url}/ch/${n}`, String(n));
    const first = listener(t, url, 'ch', 'me');
    const [one] = await first.until(3);
    first.ack(one?.id ?? '');
    await waitFor(async () => (await status(url, 'ch')).stored === 2);
    const second = listener(t, url, 'ch', 'me');
    assert.equal(await first.closed(), 4000, 'the older connection of the name is closed');
    const again = await second.until(2);
    assert.deepEqual(
      again.map((event) => event.path),
      ['/2', '/3'],
    );
  });

  it('bounds what it keeps by count and says what was dropped unseen', async (t) => {
    const { url } = await relay(t);
    assert.equal((await configure(url, 'small', { maxEvents: 3 })).status, 200);
    const early = listener(t, url, 'small', 'early');
    await early.hello();
    early.socket.close();
    for (let n = 1; n <= 5; n++) await post(`${url}/small/${n}`, String(n));
    const kept = await status(url, 'small');
    assert.equal(kept.stored, 3);
    assert.equal(kept.dropped, 2);
    assert.equal(kept.listeners[0]?.dropped, 2);
    const back = listener(t, url, 'small', 'early');
    const hello = await back.hello();
    assert.deepEqual([hello.backlog, hello.dropped], [3, 2]);
    assert.deepEqual(
      (await back.until(3)).map((event) => event.path),
      ['/3', '/4', '/5'],
    );
    assert.equal((await configure(url, 'small', { maxEvents: 0 })).status, 400, 'a bad config is refused');
  });

  it('drops events older than the age bound, and counts them', async (t) => {
    const { url } = await relay(t);
    for (const n of [1, 2]) await post(`${url}/brief/${n}`, String(n));
    assert.equal((await status(url, 'brief')).stored, 2);
    assert.equal((await configure(url, 'brief', { maxAgeMs: 1 })).status, 200);
    // Each check is a round trip: the relay's clock moves on between them.
    await waitFor(async () => (await status(url, 'brief')).stored === 0);
    assert.equal((await status(url, 'brief')).dropped, 2);
  });

  it('keeps a body larger than a stored value in chunks and serves it byte for byte', async (t) => {
    const { url } = await relay(t);
    const body = Buffer.alloc(300_000);
    for (let at = 0; at < body.length; at++) body[at] = (at * 7919) % 256;
    assert.equal((await post(`${url}/big/upload`, body)).status, 200);
    const reader = listener(t, url, 'big', 'me');
    const [event] = await reader.until(1);
    assert.equal(event?.size, body.length);
    assert.equal(event?.bodyBase64, undefined, 'too large to travel in the message');
    const fetched = await fetch(`${url}/big/_hookctl/body/${event?.id}`, { headers: auth });
    assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), body);
    assert.equal((await fetch(`${url}/big/_hookctl/body/${event?.id}`)).status, 401);
  });

  it('refuses every control path without the token and lists channels with it', async (t) => {
    const { url } = await relay(t);
    await post(`${url}/one/x`, '1');
    await post(`${url}/two/x`, '2');
    const stranger = listener(t, url, 'one', 'x', 'wrong');
    await assert.rejects(stranger.opened, /HTTP 401/);
    for (const path of ['/one/_hookctl/status', '/one/_hookctl/config', '/_hookctl/status']) {
      assert.equal((await fetch(`${url}${path}`)).status, 401, path);
      assert.equal(
        (await fetch(`${url}${path}`, { headers: { Authorization: 'Bearer wrong' } })).status,
        401,
      );
    }
    const all = (await (await fetch(`${url}/_hookctl/status`, { headers: auth })).json()) as {
      channels: ChannelStatus[];
    };
    assert.deepEqual(all.channels.map((channel) => channel.channel).sort(), ['one', 'two']);
    assert.equal((await post(`${url}/`, 'x')).status, 404);
    assert.equal((await post(`${url}/bad.name/x`, 'x')).status, 404);
  });

  it('verifies signatures at the edge with the provider modules: a forgery gets 401 and is not stored', async (t) => {
    const { url } = await relay(t);
    const secret = 'whsec_edge0test0secret';
    assert.equal(
      (await configure(url, 'pay', { verify: 'stripe', secrets: { stripe: secret } })).status,
      200,
    );
    const stripe = findProvider('stripe');
    assert.ok(stripe);
    const body = Buffer.from('{\n  "id": "evt_edge",\n  "type": "charge.succeeded"\n}');
    const signed = (key: string) =>
      Object.fromEntries(
        stripe.sign({ headers: [['Content-Type', 'application/json']], body }, key, {
          now: Date.now,
          randomBytes: (size) => Buffer.alloc(size, 1),
        }),
      ) as Record<string, string>;
    const forged = await post(`${url}/pay/stripe`, body, signed('whsec_wrong'));
    assert.equal(forged.status, 401);
    assert.match(forged.text, /secret/i);
    assert.equal((await status(url, 'pay')).stored, 0);
    assert.equal((await post(`${url}/pay/stripe`, body, signed(secret))).status, 200);
    assert.equal((await status(url, 'pay')).stored, 1);
    const shown = await status(url, 'pay');
    assert.deepEqual(shown.config.secrets, ['stripe'], 'status names the secrets, never shows them');
  });

  it('answers registration challenges at the edge, so a URL can be registered while the laptop sleeps', async (t) => {
    const { url } = await relay(t);
    const slack = await post(
      `${url}/apps/slack`,
      '{"token":"x","challenge":"c-123","type":"url_verification"}',
      {
        'Content-Type': 'application/json',
        'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-Slack-Signature': 'v0=unchecked',
      },
    );
    assert.equal(slack.status, 200);
    assert.equal(slack.text, 'c-123');
    const zoomSecret = 'zoom-relay-secret';
    assert.equal((await configure(url, 'apps', { secrets: { zoom: zoomSecret } })).status, 200);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'plain-1' },
      event_ts: Date.now(),
    });
    const signature = `v0=${createHmac('sha256', zoomSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const zoom = await post(`${url}/apps/zoom`, body, {
      'Content-Type': 'application/json',
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': signature,
    });
    assert.equal(zoom.status, 200);
    assert.deepEqual(JSON.parse(zoom.text), {
      plainToken: 'plain-1',
      encryptedToken: createHmac('sha256', zoomSecret).update('plain-1').digest('hex'),
    });
    assert.equal((await status(url, 'apps')).stored, 2, 'challenges are kept like any webhook');
  });

  it('answers with the status the channel is configured with', async (t) => {
    const { url } = await relay(t);
    assert.equal((await configure(url, 'slow', { status: 202 })).status, 200);
    assert.equal((await post(`${url}/slow/x`, 'x')).status, 202);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  // Each check is a round trip to the relay: it waits on the relay, not on a clock.
  for (let attempt = 0; attempt < 500; attempt++) if (await check()) return;
  assert.fail('the relay never reached the expected state');
}
