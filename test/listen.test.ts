import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type App, startApp } from './helpers/app.ts';
import { send, sendRaw } from './helpers/http.ts';
import { type Listener, spawnListen, startListen } from './helpers/listen.ts';
import { type Runner, runBin, runHookctl } from './helpers/run.ts';
import { type Scope, suiteScope, tempStore } from './helpers/scope.ts';

/** Raw header pairs minus those a hop may legitimately change. */
function endToEnd(raw: string[]): string[] {
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!hop.has((raw[i] as string).toLowerCase())) out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

const BODIES: Array<[string, Buffer, string]> = [
  ['pretty JSON', Buffer.from('{\n  "id": "evt_1",\n  "object": "event"\n}\n'), 'application/json'],
  [
    'odd JSON (escaped slashes, 1.0, big integers, \\u escapes)',
    Buffer.from(
      '{"url":"https:\\/\\/x.test\\/a","amount":1.0,"big":12345678901234567890123,"e":"\\u00e9","t":1e3}',
    ),
    'application/json; charset=utf-8',
  ],
  [
    'form body',
    Buffer.from('command=%2Fdeploy&text=hello+world%21&x=%E2%9C%93'),
    'application/x-www-form-urlencoded',
  ],
  [
    'every byte value',
    Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)),
    'application/octet-stream',
  ],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), 'application/json'],
  ['empty body', Buffer.alloc(0), 'application/json'],
];
/** The groups start their own listeners, so they run at once; within one, the tests share its listener. */
const AT_ONCE = { concurrency: true };
const ONE_BY_ONE = { concurrency: false };
/** The bodies also sent end to end, through the built CLI. */
const END_TO_END = ['every byte value', 'invalid UTF-8'];

/** A listener forwarding to an app under /api that answers 201 (500 under /api/fail), on a fresh store. */
async function forwarding(scope: Scope, start: typeof startListen) {
  const store = await tempStore(scope);
  const target = await startApp(scope, (request) => ({
    status: request.url.startsWith('/api/fail') ? 500 : 201,
    headers: ['Content-Type', 'text/plain', 'X-Echo', 'a', 'x-echo', 'b'],
    body: `got ${request.body.length}`,
  }));
  const listener = await start(scope, [`${target.url}/api`], { store });
  return { store, target, listener };
}

/** Sends `body`, then follows it to the app, the NDJSON line, `show --raw`, `show --json` and `replay`. */
async function roundTrip(
  { store, target, listener }: Awaited<ReturnType<typeof forwarding>>,
  run: Runner,
  body: Buffer,
  contentType: string,
): Promise<void> {
  const headers = ['Content-Type', contentType, 'X-Dup', 'one', 'x-dup', 'two', 'X-MiXeD-CaSe', 'Yes'];
  const answer = await send(`${listener.url}/hook?x=1&y=%20z`, { headers, body });
  assert.equal(answer.status, 201);
  assert.equal(answer.body.toString(), `got ${body.length}`);
  assert.deepEqual(answer.headers['x-echo'], ['a', 'b']);

  const forwarded = await target.next();
  assert.equal(forwarded.url, '/api/hook?x=1&y=%20z');
  assert.ok(forwarded.body.equals(body), 'forwarded body differs');
  assert.deepEqual(endToEnd(forwarded.rawHeaders), headers);

  const line = await listener.next();
  assert.equal(line.path, '/hook?x=1&y=%20z');
  assert.equal(line.size, body.length);
  assert.deepEqual(line.forward, {
    url: `${target.url}/api/hook?x=1&y=%20z`,
    status: 201,
    durationMs: (line.forward as { durationMs: number }).durationMs,
  });
  assert.equal(answer.headers['x-hookctl-id'], line.id);

  const raw = await run(['show', line.id as string, '--raw'], { store });
  assert.equal(raw.code, 0, raw.stderr);
  assert.ok(raw.stdoutBytes.equals(body), 'show --raw differs');

  const shown = JSON.parse((await run(['show', line.id as string, '--json'], { store })).stdout);
  assert.ok(Buffer.from(shown.bodyBase64, 'base64').equals(body));
  assert.deepEqual(endToEnd(shown.headers.flat()), headers);

  const replay = await run(['replay', line.id as string, '--json'], { store });
  assert.equal(replay.code, 0, replay.stderr);
  const replayed = await target.next();
  assert.equal(replayed.url, '/api/hook?x=1&y=%20z');
  assert.ok(replayed.body.equals(body), 'replayed body differs');
  assert.deepEqual(endToEnd(replayed.rawHeaders), headers);
  const delivery = JSON.parse(replay.stdout);
  assert.equal(delivery.id, line.id);
  assert.equal(delivery.status, 201);
  assert.equal(delivery.to, `${target.url}/api/hook?x=1&y=%20z`);
}

describe('listen', AT_ONCE, () => {
  describe('listen forwards and captures byte for byte', ONE_BY_ONE, () => {
    const suite = suiteScope();
    let store: string;
    let target: App;
    let listener: Listener;
    let setup: Awaited<ReturnType<typeof forwarding>>;
    before(async () => {
      setup = await forwarding(suite, startListen);
      ({ store, target, listener } = setup);
    });

    for (const [name, body, contentType] of BODIES) {
      it(`${name}: forwarded, stored, shown raw and replayed with the same bytes`, () =>
        roundTrip(setup, runHookctl, body, contentType));
    }

    it('a multi-MiB body arrives intact', async () => {
      const body = Buffer.alloc(6 * 1024 * 1024);
      for (let i = 0; i < body.length; i += 4) body.writeUInt32LE((i * 2654435761) >>> 0, i);
      const answer = await send(`${listener.url}/big`, {
        headers: ['Content-Type', 'application/octet-stream'],
        body,
      });
      assert.equal(answer.status, 201);
      assert.ok((await target.next()).body.equals(body));
      const line = await listener.next();
      const raw = await runHookctl(['show', line.id as string, '--raw'], { store });
      assert.ok(raw.stdoutBytes.equals(body));
    });

    it('chunked transfer encoding is captured as the decoded body', async () => {
      const response = await sendRaw(
        listener.port,
        'POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
          '3\r\n{"a\r\n1\r\n"\r\n7\r\n:[1.0]}\r\n0\r\n\r\n',
      );
      assert.match(response.toString(), /^HTTP\/1\.1 201/);
      assert.equal((await target.next()).body.toString(), '{"a":[1.0]}');
      const line = await listener.next();
      assert.equal(line.size, 11);
    });

    it('the target answering 500 is passed back, and replay exits 1', async () => {
      const answer = await send(`${listener.url}/fail`, { body: 'x' });
      assert.equal(answer.status, 500);
      await target.next();
      const line = await listener.next();
      assert.equal((line.forward as { status: number }).status, 500);
      const replay = await runHookctl(['replay', line.id as string], { store });
      assert.equal(replay.code, 1);
      assert.match(replay.stdout, /500/);
      await target.next();
    });
  });

  /** The same round trip through the built CLI, for the bytes that must survive a real process's pipes. */
  describe(
    'end to end through bin/hookctl.js: bodies byte for byte from socket to store to wire',
    ONE_BY_ONE,
    () => {
      const suite = suiteScope();
      let setup: Awaited<ReturnType<typeof forwarding>>;
      before(async () => {
        setup = await forwarding(suite, spawnListen);
      });

      for (const [name, body, contentType] of BODIES.filter(([name]) => END_TO_END.includes(name))) {
        it(`${name}: forwarded, stored, shown raw and replayed with the same bytes`, () =>
          roundTrip(setup, runBin, body, contentType));
      }
    },
  );

  describe('listen without a working target', () => {
    it('answers 502 when the target is down, keeps the capture, and reports the error', async (t) => {
      const store = await tempStore(t);
      const dead = await startApp(t);
      await dead.close();
      const listener = await startListen(t, [String(dead.port)], { store });
      const answer = await send(`${listener.url}/x`, { body: '{"a":1}' });
      assert.equal(answer.status, 502);
      const line = await listener.next();
      const forward = line.forward as { status: number | null; error: string; url: string };
      assert.equal(forward.status, null);
      assert.match(forward.error, /ECONNREFUSED/);
      assert.equal(forward.url, `http://localhost:${dead.port}/x`);
      const list = JSON.parse((await runHookctl(['list', '--json'], { store })).stdout);
      assert.equal(list[0].id, line.id);
      assert.equal(list[0].forward.status, null);
    });

    it('without a forward target answers 200 and echoes Slack url_verification', async (t) => {
      const listener = await startListen(t, [], { store: await tempStore(t) });
      const plain = await send(`${listener.url}/anything`, { method: 'PUT', body: 'x' });
      assert.equal(plain.status, 200);
      const challenge = await send(`${listener.url}/slack/events`, {
        headers: [
          'Content-Type',
          'application/json',
          'X-Slack-Request-Timestamp',
          '1',
          'X-Slack-Signature',
          'v0=00',
        ],
        body: '{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}',
      });
      assert.equal(challenge.status, 200);
      assert.equal(challenge.body.toString(), '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
      const first = await listener.next();
      assert.equal(first.method, 'PUT');
      assert.equal(first.forward, null);
      const second = await listener.next();
      assert.equal(second.provider, 'slack');
      assert.equal(second.event, 'url_verification');
    });
  });
});
