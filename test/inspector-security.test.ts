import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { openStore } from '../src/core/store/index.ts';
import { type App, startApp } from './helpers/app.ts';
import { type Listener, startListen } from './helpers/listen.ts';
import { exchange } from './helpers/raw.ts';
import { onCleanup, suiteScope, tempStore } from './helpers/scope.ts';

const LIMIT = { timeout: 30_000 };

interface Reply {
  status: number;
  body: string;
}

/** One request to the inspector with exactly these headers (Host and Origin included), over node:http. */
function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? 'GET',
        path: target.pathname + target.search,
        headers: options.headers,
        setHost: options.headers?.Host === undefined,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens the live WebSocket; resolves with the socket once open, or with the refusal's HTTP status. */
function openLive(ui: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${ui.replace('http:', 'ws:')}/api/live`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

describe('the inspector answers only this machine', LIMIT, () => {
  const suite = suiteScope();
  let dir: string;
  let listener: Listener;
  let target: App;
  let ui: string;
  let uiHost: string;
  let id: string;
  const count = async () => (await (await openStore({ dir })).list({ limit: 1000 })).length;

  before(async () => {
    dir = await tempStore(suite);
    target = await startApp(suite, () => ({ status: 200, body: 'ok' }));
    listener = await startListen(suite, [], { store: dir });
    ui = listener.ready.ui as string;
    uiHost = new URL(ui).host;
    const sent = await exchange(listener.port, [
      'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{"a":"one"}',
    ]);
    id = /X-Hookctl-Id: (\w+)/i.exec(sent.text)?.[1] as string;
    assert.ok(id, sent.text);
  });

  const sameOrigin = () => ({ Host: uiHost, Origin: `http://${uiHost}` });
  const replay = (body: unknown, headers: Record<string, string> = sameOrigin(), ref = id) =>
    call(`${ui}/api/captures/${ref}/replay`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('same-origin reads work: the page and the API', async () => {
    assert.equal((await call(`${ui}/`, { headers: { Host: uiHost } })).status, 200);
    const port = new URL(ui).port;
    const list = await call(`${ui}/api/captures`, { headers: { Host: `localhost:${port}` } });
    assert.equal(list.status, 200);
    assert.deepEqual(
      (JSON.parse(list.body) as Array<{ id: string }>).map((c) => c.id),
      [id],
    );
  });

  it('a foreign Host (DNS rebinding) gets 403 on the page, the API and the raw body', async () => {
    const port = new URL(ui).port;
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      'evil.example',
      `127.0.0.1:1`,
    ]) {
      for (const path of ['/', '/api/captures', `/api/captures/${id}`, `/api/captures/${id}/raw`]) {
        const reply = await call(`${ui}${path}`, { headers: { Host: host } });
        assert.equal(reply.status, 403, `${host} ${path}: ${reply.body}`);
        assert.doesNotMatch(reply.body, /one/);
      }
    }
    const noHost = await exchange(Number(port), ['GET /api/captures HTTP/1.0\r\n\r\n']);
    assert.match(noHost.text, /^HTTP\/1\.1 403 /);
  });

  it('a replay POSTed from another origin gets 403 and sends nothing', async () => {
    const before = await count();
    for (const origin of ['https://evil.example', 'null', `http://evil.example:${new URL(ui).port}`]) {
      const reply = await replay({ to: target.url }, { Host: uiHost, Origin: origin });
      assert.equal(reply.status, 403, `${origin}: ${reply.body}`);
    }
    const rebound = await replay({ to: target.url }, { Host: 'evil.example', Origin: 'http://evil.example' });
    assert.equal(rebound.status, 403);
    assert.equal(target.received.length, 0);
    assert.equal(await count(), before);
  });

  it('a same-origin replay works, edited headers and all', async () => {
    const before = target.received.length;
    const reply = await replay({ to: target.url, headers: [['X-Edited', 'yes\tand tab']] });
    assert.equal(reply.status, 200, reply.body);
    assert.equal((JSON.parse(reply.body) as { status: number }).status, 200);
    const received = target.received[before];
    assert.equal(received?.body.toString(), '{"a":"one"}');
    const at = received?.rawHeaders.indexOf('X-Edited') ?? -1;
    assert.equal(received?.rawHeaders[at + 1], 'yes\tand tab');
  });

  const injections: Array<[string, [string, string]]> = [
    ['CR LF in a value', ['X-A', 'a\r\nX-Injected: yes']],
    ['LF in a value', ['X-A', 'a\nb']],
    ['CR in a value', ['X-A', 'a\rb']],
    ['NUL in a value', ['X-A', 'a\u0000b']],
    ['CR LF in a name', ['X-A\r\nX-Injected', 'yes']],
    ['NUL in a name', ['X-\u0000A', 'v']],
    ['a colon in a name', ['X-A: b', 'v']],
    ['an empty name', ['', 'v']],
  ];
  for (const [name, pair] of injections) {
    it(`edit-and-replay with ${name}: 400, nothing sent or stored`, async () => {
      const before = [target.received.length, await count()];
      const reply = await replay({ to: target.url, headers: [['Content-Type', 'application/json'], pair] });
      assert.equal(reply.status, 400, reply.body);
      assert.match((JSON.parse(reply.body) as { error: string }).error, /header/);
      assert.deepEqual([target.received.length, await count()], before);
    });
  }

  it('ids that try path traversal, NUL bytes or bad escapes get 400', async () => {
    // (`..` and `%2e%2e` never reach the API: URL parsing folds them into the path, a 404.)
    for (const ref of ['..%2f..%2fetc%2fpasswd', '%2fetc%2fpasswd', '%00', '%E0%A4%A', 'a%00b']) {
      for (const suffix of ['', '/raw']) {
        const reply = await call(`${ui}/api/captures/${ref}${suffix}`, { headers: { Host: uiHost } });
        assert.equal(reply.status, 400, `${ref}${suffix}: ${reply.body}`);
      }
      const replayed = await replay({ to: target.url }, sameOrigin(), ref);
      assert.equal(replayed.status, 400, `replay ${ref}: ${replayed.body}`);
    }
  });

  it('a replay body that is not a JSON object gets 400', async () => {
    for (const body of ['null', '[]', '"x"', '{']) {
      const reply = await call(`${ui}/api/captures/${id}/replay`, {
        method: 'POST',
        headers: { ...sameOrigin(), 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(reply.status, 400, `${body}: ${reply.body}`);
    }
  });

  it('the live WebSocket refuses other origins and hosts, and feeds its own page', async (t) => {
    assert.equal(await openLive(ui, { Origin: 'https://evil.example' }), 403);
    assert.equal(await openLive(ui, { Origin: 'null' }), 403);
    assert.equal(await openLive(ui, { Host: 'evil.example', Origin: 'http://evil.example' }), 403);
    const socket = await openLive(ui, { Origin: `http://${uiHost}` });
    assert.ok(socket instanceof WebSocket, 'the same-origin WebSocket was refused');
    onCleanup(t, () => socket.terminate());
    const message = new Promise<Record<string, unknown>>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
    );
    await exchange(listener.port, [
      'POST /live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    ]);
    const live = await message;
    assert.equal(live.kind, 'request');
    assert.equal(live.path, '/live');
  });
});
