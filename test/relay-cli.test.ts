import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { openStore } from '../src/core/store/index.ts';
import { type App, startApp } from './helpers/app.ts';
import { launchBrowser, openInspector } from './helpers/browser.ts';
import { mapLimit } from './helpers/lifecycle.ts';
import { spawnListen } from './helpers/listen.ts';
import { post, spawnRelayDev } from './helpers/relay.ts';
import { runBin } from './helpers/run.ts';
import { type Scope, tempStore, within } from './helpers/scope.ts';

// The relay end to end, through real sockets and the built CLI: `hookctl relay dev` (the Worker on
// Miniflare) keeps what providers send while no listener is there, and `hookctl listen --relay` drains it
// in order, stores each event exactly once, forwards it, and survives a kill -9 of itself or of the relay.

interface Sent {
  body: Buffer;
  path: string;
}

/** Body `n`: JSON that a re-serialization would change, with every few one that is not UTF-8 at all. */
function bodyOf(n: number): Buffer {
  if (n % 7 === 3) return Buffer.from([n & 0xff, 0xff, 0xfe, 0x00, 0x0d, 0x0a, (n >> 8) & 0xff]);
  return Buffer.from(`{\n  "n": ${n},\n  "name": "caf\\u00e9 \\/ ${'x'.repeat(n % 50)}",\n  "float": 1.0\n}`);
}

/** `count` webhooks from `from`, one after another (arrival order is sending order). */
async function sendMany(channelUrl: string, from: number, count: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (let n = from; n < from + count; n++) {
    const path = `/hooks/${n}?q=${n}`;
    const body = bodyOf(n);
    const answer = await post(`${channelUrl}${path}`, body, { 'Content-Type': 'application/json' });
    assert.equal(answer.status, 200, `webhook ${n} stored`);
    sent.push({ body, path });
  }
  return sent;
}

/** Every capture in a store, oldest first (`list --json` gives the order and relay ids; the store the bytes). */
async function stored(store: string): Promise<Array<{ path: string; body: Buffer; relayId: string }>> {
  const listed = await runBin(['list', '--json', '--limit', '100000'], { store });
  assert.equal(listed.code, 0, listed.stderr);
  const summaries = (
    JSON.parse(listed.stdout) as Array<{ id: string; path: string; relay?: { id: string } }>
  ).reverse();
  const opened = await openStore({ dir: store });
  try {
    return await mapLimit(summaries, 8, async (summary) => ({
      path: summary.path,
      body: (await opened.get(summary.id)).body,
      relayId: summary.relay?.id ?? '',
    }));
  } finally {
    await opened.close();
  }
}

/** Waits until the app has `count` requests (each request wakes it; the limit only names a hang). */
function untilReceived(app: App, count: number): Promise<void> {
  return untilApp(app, () => app.received.length >= count, `${count} requests at the app`);
}

/** Waits until `done()` holds, checking as each request reaches the app. */
async function untilApp(app: App, done: () => boolean, what: string): Promise<void> {
  const waiting = (async () => {
    while (!done()) await app.next();
  })();
  await within(waiting, 60_000, what, () => `the app has ${app.received.length}`);
}

function distinctBodies(app: App): Set<string> {
  return new Set(app.received.map((request) => `${request.url} ${request.body.toString('base64')}`));
}

async function listenThrough(
  scope: Scope,
  relay: { channelUrl: string; token: string },
  forward: string,
  store: string,
  name = 'tester@ci',
) {
  return spawnListen(
    scope,
    [forward, '--relay', relay.channelUrl, '--relay-token', relay.token, '--relay-name', name],
    { store, ui: false },
  );
}

describe('listen --relay through the built CLI', () => {
  it('delivers 1,000 webhooks sent while no listener was connected: in order, byte for byte, each stored once and forwarded', async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    const sent = await sendMany(relay.channelUrl, 0, 1000);
    const app = await startApp(t);
    const store = await tempStore(t);
    const listen = await listenThrough(t, relay, app.url, store);
    const connected = await listen.next('relay', 30_000);
    assert.equal(connected.state, 'connected');
    assert.equal(connected.backlog, 1000);
    for (let n = 0; n < 1000; n++) {
      const line = await listen.next('request', 30_000);
      assert.equal(line.path, sent[n]?.path, `request ${n} in order`);
    }
    await untilReceived(app, 1000);
    assert.deepEqual(
      app.received.map((request) => request.url),
      sent.map((webhook) => webhook.path),
    );
    for (const [n, request] of app.received.entries()) {
      assert.deepEqual(request.body, sent[n]?.body, `body ${n} byte for byte`);
    }
    await listen.stop();
    const captures = await stored(store);
    assert.equal(captures.length, 1000);
    assert.equal(
      new Set(captures.map((capture) => capture.relayId)).size,
      1000,
      'each relay event stored once',
    );
    assert.deepEqual(
      captures.map((capture) => capture.body),
      sent.map((webhook) => webhook.body),
    );
    const status = await runBin(
      ['relay', 'status', relay.channelUrl, '--relay-token', relay.token, '--json'],
      { store },
    );
    const [channel] = (JSON.parse(status.stdout) as { channels: Array<{ stored: number }> }).channels;
    assert.equal(channel?.stored, 0, 'acknowledged events are gone from the relay');
  });

  it('loses nothing and stores nothing twice when listen is killed -9 in the middle of the drain', async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    const sent = await sendMany(relay.channelUrl, 0, 400);
    // The app never answers the 151st request: listen is stuck forwarding it, mid-drain, when it is killed.
    const app = await startApp(t, (request) => (request.index === 150 ? undefined : {}));
    const store = await tempStore(t);
    const first = await listenThrough(t, relay, app.url, store);
    await untilReceived(app, 151);
    first.child.kill('SIGKILL');
    await first.died;
    const second = await listenThrough(t, relay, app.url, store);
    // Everything arrives at the app; the one stored but not yet forwarded at the kill is forwarded again.
    const recovered = await second.stderrLine(/stored but not forwarded/, 30_000);
    assert.match(recovered, /forwarded now/);
    await untilApp(app, () => distinctBodies(app).size >= 400, '400 distinct requests');
    await second.stop();
    const captures = await stored(store);
    assert.equal(captures.length, 400, 'each event stored exactly once');
    assert.deepEqual(
      captures.map((capture) => capture.path),
      sent.map((webhook) => webhook.path),
    );
    assert.deepEqual(
      captures.map((capture) => capture.body),
      sent.map((webhook) => webhook.body),
    );
  });

  it('loses nothing when the relay itself is killed -9 and restarted on its storage mid-way', async (t) => {
    const persist = await tempStore(t);
    const relayStore = await tempStore(t);
    const relay = await spawnRelayDev(t, { store: relayStore, args: ['--persist', persist] });
    const before = await sendMany(relay.channelUrl, 0, 300);
    // The 100th request waits for the relay's kill: the drain is half done when the relay dies.
    let release: () => void = () => {};
    const killed = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = await startApp(t, (request) => (request.index === 99 ? killed.then(() => ({})) : {}));
    const store = await tempStore(t);
    const listen = await listenThrough(t, relay, app.url, store);
    assert.equal((await listen.next('relay', 30_000)).state, 'connected');
    await untilReceived(app, 100);
    await relay.kill();
    release();
    const disconnected = await listen.next('relay', 30_000);
    assert.equal(
      disconnected.state,
      'disconnected',
      JSON.stringify(listen.lines.map((line) => line.value).filter((v) => v.kind !== 'request')) +
        listen.stderr(),
    );
    const restarted = await spawnRelayDev(t, {
      store: relayStore,
      port: relay.port,
      args: ['--persist', persist],
    });
    assert.equal(restarted.channelUrl, relay.channelUrl, 'the same URL, channel and token after a restart');
    assert.equal(restarted.token, relay.token);
    const after = await sendMany(restarted.channelUrl, 300, 100);
    await untilApp(app, () => distinctBodies(app).size >= 400, '400 distinct requests');
    await listen.stop();
    const captures = await stored(store);
    assert.deepEqual(
      captures.map((capture) => capture.body),
      [...before, ...after].map((webhook) => webhook.body),
    );
  });

  it('gives two listeners of a team every event each, each with its own cursor, and refuses a wrong token in one line', async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    const [alice, bob] = [await startApp(t), await startApp(t)];
    const [aliceStore, bobStore] = [await tempStore(t), await tempStore(t)];
    const aliceListen = await listenThrough(t, relay, alice.url, aliceStore, 'alice@laptop');
    const bobListen = await listenThrough(t, relay, bob.url, bobStore, 'bob@desktop');
    await Promise.all([aliceListen.next('relay', 30_000), bobListen.next('relay', 30_000)]);
    const live = await sendMany(relay.channelUrl, 0, 20);
    await Promise.all([untilReceived(alice, 20), untilReceived(bob, 20)]);
    // Bob closes his laptop; what arrives meanwhile waits for him at the relay, while Alice gets it live.
    await bobListen.stop();
    const away = await sendMany(relay.channelUrl, 20, 5);
    await untilReceived(alice, 25);
    const bobAgain = await listenThrough(t, relay, bob.url, bobStore, 'bob@desktop');
    const back = await bobAgain.next('relay', 30_000);
    assert.equal(back.backlog, 5, 'his cursor kept his place');
    await untilReceived(bob, 25);
    for (const app of [alice, bob]) {
      assert.deepEqual(
        app.received.map((request) => request.body),
        [...live, ...away].map((webhook) => webhook.body),
      );
    }
    await Promise.all([aliceListen.stop(), bobAgain.stop()]);

    const refused = await runBin(
      [
        'listen',
        '--no-ui',
        '--port',
        '0',
        '--relay',
        relay.channelUrl,
        '--relay-token',
        'not-the-token',
        '--timeout',
        '20s',
      ],
      { store: await tempStore(t) },
    );
    assert.equal(refused.code, 1);
    const errors = refused.stderr.split('\n').filter((line) => line.startsWith('✗'));
    assert.equal(errors.length, 1, refused.stderr);
    assert.match(errors[0] ?? '', /refused the listener token/);
    assert.doesNotMatch(refused.stdout, /✗/, 'the error is on stderr only');
  });

  it('refuses a forged signature at a verifying channel with 401 before anyone sees it', async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    const store = await tempStore(t);
    const secret = 'whsec_relay0channel0secret';
    const configured = await runBin(
      [
        'relay',
        'channel',
        relay.channelUrl,
        '--relay-token',
        relay.token,
        '--verify',
        'stripe',
        '--secret',
        secret,
        '--json',
      ],
      { store },
    );
    assert.equal(configured.code, 0, configured.stderr);
    assert.equal(JSON.parse(configured.stdout).config.verify, 'stripe');
    const forged = await runBin(
      [
        'trigger',
        'stripe',
        'charge.succeeded',
        '--to',
        `${relay.channelUrl}/stripe`,
        '--secret',
        'whsec_forged',
        '--json',
      ],
      { store },
    );
    assert.equal(forged.code, 1, 'the relay answered 401');
    assert.equal(JSON.parse(forged.stdout).status, 401);
    const genuine = await runBin(
      ['trigger', 'stripe', 'charge.succeeded', '--to', `${relay.channelUrl}/stripe`, '--secret', secret],
      { store },
    );
    assert.equal(genuine.code, 0, genuine.stderr);
    const app = await startApp(t);
    const listen = await listenThrough(t, relay, app.url, store);
    const connected = await listen.next('relay', 30_000);
    assert.equal(connected.backlog, 1, 'only the genuine event was kept');
    const request = await listen.next('request', 30_000);
    assert.equal(request.event, 'charge.succeeded');
    await listen.stop();
    assert.equal(app.received.length, 1);
  });

  it('answers the sender once the event is stored, before any listener has seen it, whatever the listener does', async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    // An app that does not answer the first event until told: listen is stuck forwarding it meanwhile.
    const app = await startApp(t, (request) => (request.index === 0 ? undefined : {}));
    const store = await tempStore(t);
    const listen = await listenThrough(t, relay, app.url, store);
    await listen.next('relay', 30_000);
    const first = await post(`${relay.channelUrl}/live/0`, '{"n":0}');
    assert.equal(first.status, 200);
    const held = await app.next();
    const answers = [];
    for (let n = 1; n <= 20; n++) answers.push(await post(`${relay.channelUrl}/live/${n}`, `{"n":${n}}`));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      Array(20).fill(200),
      'every sender answered while the listener is busy',
    );
    assert.ok(
      answers.every((answer) => /^e\d{16}$/.test(answer.id ?? '')),
      'each answer names the stored event',
    );
    assert.equal(app.received.length, 1, 'the listener has seen none of them yet');
    assert.equal(listen.lines.filter((line) => line.value.kind === 'request').length, 0, 'nor finished one');
    held.answer(200);
    await untilReceived(app, 21);
    await listen.stop();
  });

  it("shows the relay's state in the inspector: connected, with what waits there", async (t) => {
    const relay = await spawnRelayDev(t, { store: await tempStore(t) });
    await sendMany(relay.channelUrl, 0, 3);
    const store = await tempStore(t);
    const listen = await spawnListen(t, ['--relay', relay.channelUrl, '--relay-token', relay.token], {
      store,
    });
    await listen.next('relay', 30_000);
    const ui = String(listen.ready.ui);
    const socket = new WebSocket(`${ui.replace('http:', 'ws:')}/api/live`, { headers: { Origin: ui } });
    t.after(() => socket.terminate());
    const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.once('error', reject);
    });
    assert.equal(first.kind, 'relay', 'the page hears the relay state as it connects');
    assert.equal(first.url, relay.channelUrl);
    assert.equal(first.state, 'connected');

    // The page itself, in headless Chromium: the header says the relay is connected.
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const inspector = await openInspector(browser, ui);
    await inspector.page.waitForSelector('#relay[data-state="live"]:not([hidden])');
    assert.match((await inspector.page.textContent('#relay')) ?? '', /^relay connected/);
    assert.equal(await inspector.page.getAttribute('#relay', 'title'), relay.channelUrl);
    await relay.kill();
    await inspector.page.waitForSelector('#relay[data-state="offline"]');
    assert.match((await inspector.page.textContent('#relay')) ?? '', /relay (offline|connecting)/);
    assert.deepEqual(inspector.problems, []);
    await listen.stop();
  });
});
