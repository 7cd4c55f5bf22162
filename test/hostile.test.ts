import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { encodeCaptureRecord } from '../src/core/store/format.ts';
import { createIdGenerator } from '../src/core/store/ids.ts';
import { type CaptureStore, openStore } from '../src/core/store/index.ts';
import { startApp } from './helpers/app.ts';
import { send } from './helpers/http.ts';
import { lines, segmentFile } from './helpers/lifecycle.ts';
import { type Listener, spawnListen, startListen } from './helpers/listen.ts';
import {
  chunked,
  closingRequest,
  exchange,
  fdCount,
  firstStatus,
  openSilent,
  pollUntil,
  responseIds,
  stillServes,
} from './helpers/raw.ts';
import { runHookctl } from './helpers/run.ts';
import { onCleanup, type Scope, suiteScope, tempStore, within } from './helpers/scope.ts';
import { captureMeta } from './helpers/store.ts';

const LIMIT = { timeout: 30_000 };
/** The groups start their own listeners and stores, so they run at once. */
const AT_ONCE = { ...LIMIT, concurrency: true };
/** For a group whose tests share one listener: "keeps serving everyone else" is checked one attack at a time. */
const ONE_BY_ONE = { concurrency: false };

/**
 * One listener for every attack in a group, so "keeps serving everyone else" is about the same listener;
 * `start` starts it on a fresh store. It must exit 0 when `scope` ends.
 */
async function hostileListener<L extends Listener>(scope: Scope, start: (store: string) => Promise<L>) {
  const dir = await tempStore(scope);
  const listener = await start(dir);
  onCleanup(scope, async () => assert.equal((await listener.stop()).code, 0, listener.stderr()));
  const store = await openStore({ dir });
  /** Ids of the normal requests that must be, with the attacks' none, all that was captured. */
  const served: string[] = [];
  return {
    listener,
    store,
    served,
    async serves(path?: string) {
      served.push(await stillServes(listener.port, path));
    },
    async assertOnlyServedCaptured() {
      const listed = (await store.list({ limit: 10_000 })).map((summary) => summary.id);
      assert.deepEqual(listed.sort(), [...served].sort(), 'an attack was captured');
    },
  };
}

type Hostile = Awaited<ReturnType<typeof hostileListener<Listener>>>;

describe('a listener facing hostile senders and broken stores', AT_ONCE, () => {
  describe('malformed and oversized requests on a public port', ONE_BY_ONE, () => {
    const suite = suiteScope();
    let h: Hostile;
    before(async () => {
      h = await hostileListener(suite, (store) => startListen(suite, ['--max-body', '1kb'], { store }));
    });

    const head = 'POST /m HTTP/1.1\r\nHost: x\r\n';
    const malformed: Array<[string, string]> = [
      ['a garbage request line', 'GARBAGE\r\n\r\n'],
      ['an unknown HTTP version', 'POST /m HTTP/7.3\r\nHost: x\r\n\r\n'],
      ['the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
      ['a NUL in the path', 'POST /a\0b HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['a header line without a colon', `${head}X-Broken header\r\n\r\n`],
      ['a space in a header name', `${head}Bad Name: y\r\n\r\n`],
      ['a bare CR in a header value', `${head}X-A: a\rb\r\n\r\n`],
      ['a folded (obs-fold) header line', `${head}X-A: a\r\n b\r\n\r\n`],
      ['a negative Content-Length', `${head}Content-Length: -1\r\n\r\n`],
      ['two different Content-Lengths', `${head}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd`],
      [
        'Content-Length with Transfer-Encoding',
        `${head}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ],
      ['a chunk size that is not hex', `${head}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`],
      [
        'a chunk size that overflows',
        `${head}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nabc\r\n`,
      ],
      ['a chunk longer than its size', `${head}Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n`],
    ];
    for (const [name, bytes] of malformed) {
      it(`${name}: 400, connection closed, nothing captured`, async () => {
        const result = await exchange(h.listener.port, [bytes]);
        assert.equal(firstStatus(result.text), 400, result.text);
        assert.deepEqual(responseIds(result.text), []);
        await h.serves();
        await h.assertOnlyServedCaptured();
      });
    }

    it('a malformed body is reported as refused, not as a failure of hookctl', () => {
      const failures = lines(h.listener.stderr()).filter((line) => line.startsWith('✗'));
      assert.deepEqual(failures, []);
    });

    it('100 KB of headers (100 of 1 KB): 431, nothing captured', async () => {
      const headers = Array.from({ length: 100 }, (_, i) => `X-Pad-${i}: ${'a'.repeat(1000)}\r\n`).join('');
      const result = await exchange(h.listener.port, [`${head}${headers}Content-Length: 2\r\n\r\nhi`]);
      assert.equal(firstStatus(result.text), 431, result.text);
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('one 100 KB header value: 431, nothing captured', async () => {
      const result = await exchange(h.listener.port, [`${head}X-Huge: ${'b'.repeat(100_000)}\r\n\r\n`]);
      assert.equal(firstStatus(result.text), 431, result.text);
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('a sender that keeps sending a body over --max-body reads the 413, not a reset', async () => {
      // 4 MB each, as one declared body and as a stream of chunks: the sender writes it all before it reads.
      const big = Buffer.alloc(4 * 1024 * 1024, 0x61);
      for (let round = 0; round < 4; round++) {
        const declared = await request(`${h.listener.url}/big`, { method: 'POST', body: big });
        assert.equal(declared.statusCode, 413);
        assert.match(await declared.body.text(), /max-body/);
        const streamed = await request(`${h.listener.url}/big`, {
          method: 'POST',
          body: Readable.from(
            (function* () {
              for (let i = 0; i < 64; i++) yield big.subarray(0, 64 * 1024);
            })(),
          ),
        });
        assert.equal(streamed.statusCode, 413);
        assert.match(await streamed.body.text(), /max-body/);
      }
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('Expect: 100-continue with a declared body over --max-body: 413 at once, no 100 Continue', async () => {
      const result = await exchange(h.listener.port, [
        `${head}Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n`,
      ]);
      assert.equal(firstStatus(result.text), 413, result.text);
      assert.doesNotMatch(result.text, /100 Continue/);
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('pipelining: several requests in one write are each captured and answered in order', async () => {
      const bodies = ['first', '{"second":2}', 'third'];
      const requests = bodies.map(
        (body, i) =>
          `POST /pipe/${i} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n${i === bodies.length - 1 ? 'Connection: close\r\n' : ''}\r\n${body}`,
      );
      // A chunked one in the middle, and all of it in one write.
      requests.splice(1, 0, `POST /pipe/c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const bytes = Buffer.concat([
        Buffer.from(requests[0] as string),
        Buffer.from(requests[1] as string),
        chunked([Buffer.from('chu'), Buffer.from('nked')]),
        Buffer.from(requests.slice(2).join('')),
      ]);
      const result = await exchange(h.listener.port, [bytes]);
      const statuses = [...result.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
      assert.deepEqual(statuses, [200, 200, 200, 200], result.text);
      const ids = responseIds(result.text);
      assert.equal(ids.length, 4);
      assert.deepEqual([...ids].sort(), ids, 'answers out of order');
      const expected: Array<[string, string]> = [
        ['/pipe/0', 'first'],
        ['/pipe/c', 'chunked'],
        ['/pipe/1', '{"second":2}'],
        ['/pipe/2', 'third'],
      ];
      for (const [i, id] of ids.entries()) {
        const capture = await h.store.get(id);
        assert.deepEqual([capture.path, capture.body.toString()], expected[i]);
      }
      h.served.push(...ids);
      await h.assertOnlyServedCaptured();
    });

    it('odd chunking (1-byte chunks, extensions, upper-case and zero-padded sizes, trailers) is decoded exactly', async () => {
      const body = Buffer.concat([
        Buffer.from('{"odd":"chunking","bin":"'),
        randomBytes(300),
        Buffer.from('"}'),
      ]);
      const oneByte = chunked([...body.subarray(0, 40)].map((byte) => Buffer.of(byte)));
      const rest = body.subarray(40);
      const frames = Buffer.concat([
        oneByte.subarray(0, oneByte.length - 5), // without the last chunk
        Buffer.from(`00${(100).toString(16).toUpperCase()};name=value;flag\r\n`),
        rest.subarray(0, 100),
        Buffer.from('\r\n'),
        Buffer.from(`${(rest.length - 100).toString(16).toUpperCase()};q="quoted ext"\r\n`),
        rest.subarray(100),
        Buffer.from('\r\n0\r\nX-Trailer: t\r\nX-Checksum: abc\r\n\r\n'),
      ]);
      const result = await exchange(h.listener.port, [
        'POST /chunky HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        frames,
      ]);
      assert.equal(firstStatus(result.text), 200, result.text);
      const [id] = responseIds(result.text);
      const capture = await h.store.get(id as string);
      assert.ok(capture.body.equals(body), 'the decoded body differs from what was sent');
      h.served.push(id as string);
      await h.assertOnlyServedCaptured();
    });
  });

  /**
   * A connection that writes `first`, then every `everyMs` what `next` gives (until it gives null), until it
   * is closed (at the latest when `scope` ends). `closed` resolves with how long after the start the server
   * closed it.
   */
  function trickle(
    scope: Scope,
    port: number,
    first: string,
    everyMs: number,
    next: () => Buffer | string | null,
  ) {
    const socket = connect(port, '127.0.0.1');
    onCleanup(scope, () => socket.destroy());
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    if (first !== '') socket.write(first);
    const started = Date.now();
    const timer = setInterval(() => {
      if (socket.destroyed) return;
      const piece = next();
      if (piece !== null) socket.write(piece);
    }, everyMs);
    const closed = new Promise<number>((resolve) =>
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      }),
    );
    return { received, closed };
  }

  describe('slow and idle connections', ONE_BY_ONE, () => {
    const suite = suiteScope();
    let h: Hostile;
    before(async () => {
      const env = { HOOKCTL_HEADERS_TIMEOUT_MS: '400', HOOKCTL_REQUEST_TIMEOUT_MS: '1000' };
      h = await hostileListener(suite, (store) => startListen(suite, [], { store, env }));
    });

    it('a slowloris (headers a byte at a time) is cut off by the headers timeout while others are served', async (t) => {
      const header = Buffer.from(`POST /slow HTTP/1.1\r\nHost: x\r\nX-Pad: ${'s'.repeat(4000)}\r\n\r\n`);
      let sent = 0;
      const { received, closed } = trickle(t, h.listener.port, '', 10, () =>
        sent < header.length ? header.subarray(sent, ++sent) : null,
      );
      // While it trickles, a normal sender is served.
      await h.serves();
      const ms = await within(closed, 5_000, 'the slowloris connection to be closed');
      assert.ok(sent < header.length, 'the whole header went through');
      assert.ok(ms >= 300, `cut after ${ms} ms, before the headers timeout`);
      assert.match(Buffer.concat(received).toString(), /^HTTP\/1\.1 408 /);
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('a body sent a byte at a time is cut off by the request timeout and not captured', async (t) => {
      const head = 'POST /trickle HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n';
      const { received, closed } = trickle(t, h.listener.port, head, 20, () => 'x');
      const ms = await within(closed, 5_000, 'the trickling connection to be closed');
      assert.ok(ms >= 700, `cut after ${ms} ms, before the request timeout`);
      assert.match(Buffer.concat(received).toString(), /^HTTP\/1\.1 408 /);
      await h.serves();
      await h.assertOnlyServedCaptured();
    });

    it('connections that never send a byte are closed by the headers timeout', async () => {
      const sockets = await openSilent(h.listener.port, 50);
      const closed = sockets.map(
        (socket) => new Promise<void>((resolve) => socket.on('close', () => resolve())),
      );
      await h.serves();
      await within(Promise.all(closed), 5_000, 'the silent connections to be closed');
      await h.assertOnlyServedCaptured();
    });
  });

  describe('2,000 idle connections', () => {
    // In its own process, so that its descriptors can be counted.
    it('a normal request is still served, and every descriptor is released once they close', async (t) => {
      const h = await hostileListener(t, (store) => spawnListen(t, [], { store }));
      await h.serves();
      const pid = h.listener.child.pid as number;
      const baseline = fdCount(pid);
      const sockets = await openSilent(h.listener.port, 2_000);
      const closeAll = () => {
        for (const socket of sockets) socket.destroy();
      };
      onCleanup(t, closeAll);
      await pollUntil(
        () => fdCount(pid),
        (n) => n >= baseline + 1_990,
        10_000,
        'fds held by listen',
      );
      await h.serves();
      closeAll();
      await pollUntil(
        () => fdCount(pid),
        (n) => n <= baseline,
        10_000,
        `fds of listen (baseline ${baseline})`,
      );
      await h.serves();
      await h.assertOnlyServedCaptured();
    });
  });

  describe('bodies are bytes', () => {
    it('a gzip body is captured and forwarded exactly as received, not decompressed', async (t) => {
      const target = await startApp(t, () => ({ status: 202, body: 'took it' }));
      const h = await hostileListener(t, (store) => startListen(t, [String(target.port)], { store }));
      const json = Buffer.from(JSON.stringify({ hello: 'world', n: [1, 2, 3] }));
      const gzipped = gzipSync(json);
      const result = await exchange(h.listener.port, [
        Buffer.concat([
          Buffer.from(
            `POST /gz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipped.length}\r\nConnection: close\r\n\r\n`,
          ),
          gzipped,
        ]),
      ]);
      assert.equal(firstStatus(result.text), 202, result.text);
      const [id] = responseIds(result.text);
      const forwarded = await target.next();
      assert.ok(forwarded.body.equals(gzipped), 'the target got other bytes');
      const encoding = forwarded.rawHeaders.findIndex((name) => name.toLowerCase() === 'content-encoding');
      assert.equal(forwarded.rawHeaders[encoding + 1], 'gzip');
      const capture = await h.store.get(id as string);
      assert.ok(capture.body.equals(gzipped), 'the capture holds other bytes');
    });
  });

  describe('an unwritable store', () => {
    it('answers 503 with a clear error instead of acknowledging, and recovers once the cause is gone', async (t) => {
      const h = await hostileListener(t, (store) => startListen(t, [], { store }));
      // The shard directories a request could land in now (and in the next shard, ~17 minutes on) are files.
      const now = Date.now();
      const shards = [now, now + 2 ** 20].map((t) => createIdGenerator(() => t)().slice(0, 6));
      const blockers = shards.map((shard) => join(h.store.dir, 'captures', shard));
      await mkdir(join(h.store.dir, 'captures'), { recursive: true });
      for (const blocker of blockers) await writeFile(blocker, 'not a directory');

      const result = await exchange(h.listener.port, [closingRequest('/full', 'keep me')]);
      assert.equal(firstStatus(result.text), 503, result.text);
      assert.deepEqual(responseIds(result.text), [], 'a request that was not stored was named');
      const error = lines(h.listener.stderr()).find((line) => line.startsWith('✗'));
      assert.match(error ?? '', /could not store POST \/full: .*captures/, h.listener.stderr());

      for (const blocker of blockers) await rm(blocker);
      await h.serves('/after');
      await h.assertOnlyServedCaptured();
    });

    it('a --store under a regular file is exit 2 with one clear line', async (t) => {
      const dir = await tempStore(t);
      const file = join(dir, 'file');
      await writeFile(file, 'x');
      for (const store of [file, join(file, 'sub')]) {
        const result = await runHookctl(['listen', '--no-tunnel', '--port', '0', '--store', store], {
          store: dir,
          limitMs: 15_000,
        });
        assert.equal(result.code, 2, result.stderr);
        assert.equal(lines(result.stderr).length, 1, result.stderr);
        assert.match(result.stderr, /^✗ cannot create the capture store/);
      }
    });
  });

  describe('path traversal through ids', () => {
    const suite = suiteScope();
    let dir: string;
    before(async () => {
      dir = await tempStore(suite);
    });

    it('show, replay and verify refuse them with exit 2 before touching a file', async () => {
      const attempts = [
        ['show', '..%2f..%2fetc%2fpasswd'],
        ['show', '/etc/passwd'],
        ['show', '01m8d4prt0g16x8h/../../../etc/passwd'],
        ['show', '....//....//etc/passwd'],
        ['replay', '../../etc/passwd', '--to', '9'],
        ['verify', '/etc/passwd', '--provider', 'stripe', '--secret', 's'],
      ];
      const results = await Promise.all(
        attempts.map((args) => runHookctl(args, { store: dir, limitMs: 15_000 })),
      );
      for (const [i, result] of results.entries()) {
        const what = (attempts[i] as string[]).join(' ');
        assert.equal(result.code, 2, `${what}: ${result.stderr}`);
        assert.match(result.stderr, /^✗ .*not a capture id/, what);
        assert.equal(result.stdout, '', what);
      }
    });
  });
  describe('replaying a capture whose header holds CR/LF (a hand-edited store)', () => {
    it('is refused with a clear error and nothing reaches the target', async (t) => {
      const dir = await tempStore(t);
      const target = await startApp(t);
      const store: CaptureStore = await openStore({ dir });
      const id = store.newId();
      const meta = {
        ...captureMeta({
          path: '/x',
          headers: [['X-Evil', 'a\r\nX-Injected: yes']],
          remoteAddress: null,
          size: 2,
        }),
        id,
      };
      await mkdir(join(dir, 'captures', id.slice(0, 6)), { recursive: true });
      await writeFile(segmentFile(dir, id), Buffer.concat(encodeCaptureRecord(meta, Buffer.from('hi'))));
      const result = await runHookctl(['replay', id, '--to', String(target.port)], {
        store: dir,
        limitMs: 15_000,
      });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stdout + result.stderr, /invalid X-Evil header/);
      assert.equal(target.received.length, 0);
    });
  });

  describe('a store that cannot grow (a file size limit: the disk-full path)', () => {
    it('starts a new file when one is full, answers 503 for what fits nowhere, leaves nothing torn', async (t) => {
      const dir = await tempStore(t);
      // 8 KB with /bin/sh's 512-byte blocks: a segment fills after a few 700-byte captures, and a 10 KB
      // body fits in no file at all (as on a full disk).
      const listener = await spawnListen(t, [], { store: dir, shellPrefix: 'ulimit -f 16' });
      const answers: Array<{ status: number; id: string | null; body: string }> = [];
      for (let i = 0; i < 40; i++) {
        const body = i % 10 === 5 ? `#${i} ${'y'.repeat(10_000)}` : `#${i} ${'x'.repeat(700)}`;
        const answer = await send(`${listener.url}/grow/${i}`, { body });
        const id = answer.headers['x-hookctl-id'];
        answers.push({ status: answer.status, id: typeof id === 'string' ? id : null, body });
      }
      const statuses = answers.map((a) => a.status);
      assert.deepEqual(
        statuses,
        answers.map((_, i) => (i % 10 === 5 ? 503 : 200)),
        'small requests stored, large ones refused',
      );
      assert.ok(
        answers.every((a) => (a.status === 503) === (a.id === null)),
        'a refused request was named',
      );
      assert.match(
        listener.stderr(),
        /✗ could not store POST \/grow\/5: could not write capture file .*EFBIG/,
      );

      const listed = await runHookctl(['list', '--json', '--limit', '100'], { store: dir, limitMs: 15_000 });
      assert.equal(listed.code, 0, listed.stderr);
      assert.equal(listed.stderr, '', 'the store has a torn or damaged record');
      const kept = answers.filter((a) => a.status === 200);
      const ids = (JSON.parse(listed.stdout) as Array<{ id: string }>).map((s) => s.id);
      assert.deepEqual(ids.sort(), kept.map((a) => a.id as string).sort());
      const store = await openStore({ dir });
      for (const { id, body } of kept) assert.equal((await store.get(id as string)).body.toString(), body);
      assert.equal((await listener.stop()).code, 0, listener.stderr());
    });
  });
});
