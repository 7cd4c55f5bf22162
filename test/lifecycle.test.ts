import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { holdAll, startApp } from './helpers/app.ts';
import { send } from './helpers/http.ts';
import {
  assertBodies,
  canListen,
  firstFulfilled,
  hookctlId,
  lines,
  listJson,
  type Summary,
  untilRefused,
} from './helpers/lifecycle.ts';
import { spawnListen, startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

/** A safety net only: every wait in this file is on an event, never on the clock. */
const LIMIT = { timeout: 60_000 };
/** Every test starts its own store, app and listener, and most of the time is waiting: they run at once. */
const AT_ONCE = { ...LIMIT, concurrency: true };
const ipv6 = await canListen('::1');

describe('listen from start to exit', AT_ONCE, () => {
  describe('kill -9 while requests are under way', () => {
    const N = 50;
    for (const withTarget of [true, false]) {
      it(`${withTarget ? 'forwarding to a slow target' : 'capture only'}: every answered request is kept byte for byte`, async (t) => {
        const store = await tempStore(t);
        // The app answers two requests in three at once and never answers the third: those are stored and
        // still being forwarded when the listener dies.
        const target = withTarget
          ? await startApp(t, (held) => {
              if (held.index % 3 !== 2) held.answer(200, `ok ${held.body.length}`);
            })
          : null;
        const listener = await spawnListen(t, target ? [target.url] : [], { store });
        const bodies = Array.from({ length: N }, (_, i) => randomBytes(1 + ((i * 7919) % (192 * 1024))));
        const requests = bodies.map(async (body, i) => {
          const answer = await send(`${listener.url}/hook/${i}`, {
            headers: ['Content-Type', 'application/octet-stream'],
            body,
          });
          return { i, answer };
        });
        const K = withTarget ? 15 : 25;
        await firstFulfilled(requests, K);
        listener.child.kill('SIGKILL');
        await listener.exited;
        assert.equal(listener.child.signalCode, 'SIGKILL');

        const settled = await Promise.allSettled(requests);
        const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        assert.ok(answered.length >= K, `only ${answered.length} answers`);
        if (withTarget) assert.ok(answered.length < N, 'every request was answered: none was in flight');
        for (const { answer } of answered) assert.equal(answer.status, 200);
        const expected = answered.map(({ i, answer }) => ({
          id: hookctlId(answer),
          i,
          body: bodies[i] as Buffer,
        }));
        assert.equal(new Set(expected.map((e) => e.id)).size, expected.length, 'two answers share an id');

        const listed = await listJson(store);
        const byId = new Map(listed.map((s) => [s.id, s]));
        for (const { id, i, body } of expected) {
          const summary = byId.get(id);
          assert.ok(summary, `answered capture ${id} is not listed`);
          assert.equal(summary.path, `/hook/${i}`);
          assert.equal(summary.size, body.length);
          if (withTarget) assert.equal(summary.forward?.status, 200);
          else assert.equal(summary.forward, null);
        }
        if (target) {
          // Stored before forwarded: whatever reached the app is in the store, answered or not.
          const byPath = new Map(listed.map((s) => [s.path, s]));
          assert.ok(target.received.length > answered.length);
          for (const held of target.received) {
            const i = Number(held.url.slice('/hook/'.length));
            assert.ok(held.body.equals(bodies[i] as Buffer), `the app got other bytes for ${held.url}`);
            assert.equal(
              byPath.get(held.url)?.size,
              held.body.length,
              `${held.url} reached the app but is not listed`,
            );
          }
        }
        await assertBodies(store, expected);
      });
    }
  });

  describe('clean shutdown', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`${signal}: the request in flight is answered and stored with its forward result, exit 0`, async (t) => {
        const store = await tempStore(t);
        const target = await startApp(t, holdAll);
        const listener = await spawnListen(t, [`${target.url}/app`], { store });
        const body = Buffer.from('{"id":"evt_inflight","type":"ping"}');
        // Settled as a value, so that losing the connection early fails an assertion below, with context.
        const pending = send(`${listener.url}/hook?late=1`, {
          headers: ['Content-Type', 'application/json'],
          body,
        }).catch((error: Error) => error);
        const held = await target.next();
        assert.ok(held.body.equals(body));
        listener.child.kill(signal);
        // Once it refuses new connections, listen has acted on the signal: only then does the app answer.
        await untilRefused(listener.port);
        assert.equal(listener.child.exitCode, null, `listen exited early: ${listener.stderr()}`);
        assert.equal(target.received.length, 1);
        const reply = randomBytes(16 * 1024 * 1024);
        held.answer(202, reply, ['Content-Type', 'application/octet-stream', 'X-From', 'app']);

        const answer = await pending;
        if (answer instanceof Error) {
          assert.fail(`the sender lost its answer: ${answer.message}; listen: ${listener.stderr()}`);
        }
        assert.equal(answer.status, 202);
        assert.equal(answer.headers['x-from'], 'app');
        assert.ok(answer.body.equals(reply), `the sender got ${answer.body.length} of ${reply.length} bytes`);
        assert.equal((await listener.exited).code, 0, listener.stderr());

        const line = await listener.next();
        assert.equal(line.id, hookctlId(answer));
        assert.equal((line.forward as { status: number }).status, 202);
        const shown = await runHookctl(['show', line.id as string, '--json'], { store });
        assert.equal(shown.code, 0, shown.stderr);
        const record = JSON.parse(shown.stdout);
        assert.ok(Buffer.from(record.bodyBase64, 'base64').equals(body));
        assert.equal(record.forward.status, 202);
        assert.equal(record.forward.url, `${target.url}/app/hook?late=1`);
        assert.equal(typeof record.forward.durationMs, 'number');
      });
    }
  });

  describe('--exit-after and --timeout', () => {
    // A real process: it must end by itself, with nothing left holding it open.
    it('--exit-after 2 exits 0 after the second request', async (t) => {
      const store = await tempStore(t);
      const listener = await spawnListen(t, ['--exit-after', '2'], { store });
      const first = await send(`${listener.url}/one`, { body: 'a' });
      assert.equal(first.status, 200);
      // Still serving after one: the second request would be refused otherwise.
      const second = await send(`${listener.url}/two`, { body: 'b' });
      assert.equal(second.status, 200);
      assert.equal((await listener.exited).code, 0, listener.stderr());
      assert.deepEqual([(await listener.next()).path, (await listener.next()).path], ['/one', '/two']);
      assert.deepEqual(
        (await listJson(store)).map((s) => s.path),
        ['/two', '/one'],
      );
    });

    it('--timeout 300ms without requests exits 1 with one ✗ line', async (t) => {
      const store = await tempStore(t);
      const started = performance.now();
      const listener = await startListen(t, ['--timeout', '300ms'], { store });
      assert.equal((await listener.exited).code, 1);
      assert.ok(performance.now() - started >= 300, 'exited before the timeout');
      const stderr = lines(listener.stderr());
      assert.equal(stderr.length, 1, listener.stderr());
      assert.match(stderr[0] as string, /^✗ .*timed out after 300ms/);
      assert.match(stderr[0] as string, /received 0 requests/);
    });

    it('--exit-after 3 --timeout: the timeout coming first exits 1', async (t) => {
      const store = await tempStore(t);
      const listener = await startListen(t, ['--exit-after', '3', '--timeout', '1500ms'], { store });
      assert.equal((await send(`${listener.url}/only`, { body: 'x' })).status, 200);
      assert.equal((await listener.exited).code, 1);
      const stderr = lines(listener.stderr());
      assert.equal(stderr.length, 1, listener.stderr());
      assert.match(stderr[0] as string, /^✗ timed out after 1500ms: received 1 of 3 requests$/);
    });
  });

  describe('forward edge cases', () => {
    it('--forward-timeout 200ms: a target that never answers gets the sender a 504', async (t) => {
      const store = await tempStore(t);
      const target = await startApp(t, holdAll);
      const listener = await startListen(t, [target.url, '--forward-timeout', '200ms'], { store });
      const answer = await send(`${listener.url}/never`, { body: '{"a":1}' });
      assert.equal(answer.status, 504);
      assert.match(answer.body.toString(), /timeout/);
      assert.equal(target.received.length, 1, 'the request never reached the target');
      const line = await listener.next();
      const forward = line.forward as { status: number | null; error: string; durationMs: number };
      assert.equal(forward.status, null);
      assert.match(forward.error, /timeout.*200ms/);
      assert.ok(forward.durationMs >= 190, `gave up after ${forward.durationMs}ms`);
      const [stored] = await listJson(store);
      assert.equal(stored?.id, hookctlId(answer));
      assert.equal(stored?.forward?.status, null);
      assert.match(stored?.forward?.error ?? '', /timeout/);
    });

    it('a plain port reaches an app listening only on 127.0.0.1', async (t) => {
      const store = await tempStore(t);
      const target = await startApp(t, () => ({ status: 201, body: 'v4' }));
      const listener = await startListen(t, [String(target.port)], { store });
      const answer = await send(`${listener.url}/v4`, { body: 'hello' });
      assert.equal(answer.status, 201);
      assert.equal(answer.body.toString(), 'v4');
      assert.equal((await target.next()).body.toString(), 'hello');
      const line = await listener.next();
      assert.equal((line.forward as { url: string }).url, `http://localhost:${target.port}/v4`);
    });

    it('a plain port reaches an app listening only on ::1', {
      skip: !ipv6 && 'no IPv6 loopback here',
    }, async (t) => {
      const store = await tempStore(t);
      const target = await startApp(
        t,
        (held) => {
          held.answer(201, 'v6');
        },
        { host: '::1' },
      );
      const listener = await startListen(t, [String(target.port)], { store });
      const answer = await send(`${listener.url}/v6`, { body: 'hello' });
      assert.equal(answer.status, 201, answer.body.toString());
      assert.equal(answer.body.toString(), 'v6');
      assert.equal(target.received[0]?.body.toString(), 'hello');
      const line = await listener.next();
      assert.equal((line.forward as { status: number }).status, 201);
    });
  });

  describe('two listeners on one store', () => {
    it('receiving at once: every capture from both is listed, no id collides, none is corrupt', async (t) => {
      const store = await tempStore(t);
      // Two processes: each has its own writer, segment files and id generator.
      const [a, b] = await Promise.all([spawnListen(t, [], { store }), spawnListen(t, [], { store })]);
      const PER = 20;
      const sent = Array.from({ length: 2 * PER }, (_, i) => ({
        listener: i % 2 === 0 ? a : b,
        path: `/${i % 2 === 0 ? 'a' : 'b'}/${i}`,
        body: randomBytes(1 + ((i * 4099) % 20_000)),
      }));
      const answers = await Promise.all(
        sent.map((s) => send(`${s.listener.url}${s.path}`, { body: s.body })),
      );
      const expected = answers.map((answer, i) => {
        assert.equal(answer.status, 200);
        return { id: hookctlId(answer), ...(sent[i] as (typeof sent)[number]) };
      });
      assert.equal(new Set(expected.map((e) => e.id)).size, expected.length, 'two captures share an id');
      assert.deepEqual(
        (await Promise.all([a.stop(), b.stop()])).map((exit) => exit.code),
        [0, 0],
      );

      const result = await runBin(['list', '--json', '--limit', '1000'], { store });
      assert.equal(result.code, 0);
      assert.equal(result.stderr, '', 'list skipped files');
      const listed = JSON.parse(result.stdout) as Summary[];
      assert.deepEqual(
        listed.map((s) => s.id),
        expected
          .map((e) => e.id)
          .sort()
          .reverse(),
      );
      const byId = new Map(listed.map((s) => [s.id, s]));
      for (const e of expected) {
        assert.equal(byId.get(e.id)?.path, e.path);
        assert.equal(byId.get(e.id)?.size, e.body.length);
      }
      await assertBodies(store, expected);
    });
  });
});
