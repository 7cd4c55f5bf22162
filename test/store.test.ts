import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeCaptureRecord } from '../src/core/store/format.ts';
import { idTime } from '../src/core/store/ids.ts';
import {
  type CaptureMetaInput,
  type CaptureStore,
  MAX_FORWARD_BODY,
  openStore,
} from '../src/core/store/index.ts';
import { encodeLegacyRecord } from '../src/core/store/legacy.ts';
import { resolveStoreDir } from '../src/core/store/paths.ts';
import type { ForwardResult } from '../src/core/types.ts';
import { HookctlError } from '../src/lib/errors.ts';
import { captureMeta } from './helpers/store.ts';

const SHARD_MS = 2 ** 20;
const T0 = Date.UTC(2025, 0, 1);
let root: string;
let dirs = 0;

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'hookctl-store-test-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A fresh store whose ids come from `times` (one per id, the last repeated). */
async function freshStore(times: number[] = [T0], warnings: string[] = []) {
  const dir = path.join(root, `store-${++dirs}`);
  let i = 0;
  const now = () => times[Math.min(i++, times.length - 1)] as number;
  const store = await openStore({ dir, now, warn: (message) => warnings.push(message) });
  return { dir, store, warnings };
}

function meta(overrides: Partial<CaptureMetaInput> = {}): CaptureMetaInput {
  return captureMeta({ receivedAt: new Date(T0).toISOString(), ...overrides });
}

async function capture(
  store: CaptureStore,
  body: Buffer | string = '{}',
  extra: Partial<CaptureMetaInput> = {},
) {
  const pending = await store.begin(meta(extra), Buffer.from(body));
  await pending.finish(null);
  return pending.id;
}

async function listIds(store: CaptureStore, options?: Parameters<CaptureStore['list']>[0]) {
  return (await store.list(options)).map((summary) => summary.id);
}

function exitCode(code: number, text?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof HookctlError, String(error));
    assert.equal(error.exitCode, code);
    if (text) assert.match(error.message, text);
    return true;
  };
}

const forward: ForwardResult = {
  url: 'http://localhost:3000/api/hook?x=1',
  status: 201,
  durationMs: 12,
  headers: [
    ['Set-Cookie', 'a=1'],
    ['set-cookie', 'b=2'],
  ],
  body: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
};

describe('capture records', () => {
  it('round-trips binary bodies byte for byte', async () => {
    const { store } = await freshStore();
    const bodies = [
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x0a, 0x0d]),
      Buffer.alloc(0),
      randomBytes(5 * 1024 * 1024),
    ];
    for (const body of bodies) {
      const id = await capture(store, body);
      const got = await store.get(id);
      assert.equal(got.size, body.length);
      assert.equal(Buffer.compare(got.body, body), 0);
      assert.equal(got.forward, null);
    }
  });

  it('keeps headers in arrival order with case and duplicates', async () => {
    const { store } = await freshStore();
    const headers: [string, string][] = [
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['Content-Type', 'text/plain'],
      ['X-DUP', 'three'],
      ['X-Latin1', 'caf\u00e9 \u00ff'],
    ];
    const id = await capture(store, 'hi', { headers, method: 'PUT', path: '/a/b?c=d&c=e' });
    const got = await store.get(id);
    assert.deepEqual(got.headers, headers);
    assert.equal(got.method, 'PUT');
    assert.equal(got.path, '/a/b?c=d&c=e');
    assert.equal(got.id, id);
  });

  it('round-trips the forward result, binary response body included', async () => {
    const { store } = await freshStore();
    const pending = await store.begin(meta(), Buffer.from('x'));
    await pending.finish(forward);
    const got = await store.get(pending.id);
    assert.deepEqual(got.forward, forward);
    const [summary] = await store.list();
    assert.deepEqual(summary?.forward, { url: forward.url, status: 201, durationMs: 12 });
  });

  it('lists records whose meta or body outgrow the first read chunk', async () => {
    const { store } = await freshStore([T0, T0 + 1]);
    const headers: [string, string][] = [['X-Big', 'h'.repeat(100_000)]];
    const bigMeta = await store.begin(meta({ headers, provider: 'github' }), Buffer.from('small'));
    await bigMeta.finish({ ...forward, status: 202 });
    const bigBody = await store.begin(meta({ provider: 'stripe' }), randomBytes(200_000));
    await bigBody.finish(forward);
    const [second, first] = await store.list();
    assert.deepEqual([second?.id, second?.size, second?.forward?.status], [bigBody.id, 200_000, 201]);
    assert.deepEqual([first?.id, first?.size, first?.forward?.status], [bigMeta.id, 5, 202]);
    assert.deepEqual((await store.get(bigMeta.id)).headers, headers);
  });

  it('cuts stored forward bodies at MAX_FORWARD_BODY and says so', async () => {
    const { store } = await freshStore();
    const big = randomBytes(MAX_FORWARD_BODY + 10);
    const pending = await store.begin(meta(), Buffer.from('x'));
    await pending.finish({ ...forward, body: big });
    const got = await store.get(pending.id);
    assert.equal(got.forward?.body?.length, MAX_FORWARD_BODY);
    assert.equal(Buffer.compare(got.forward?.body ?? Buffer.alloc(0), big.subarray(0, MAX_FORWARD_BODY)), 0);
    assert.equal(got.forward?.bodyTruncated, true);
  });

  it('keeps unreachable forwards with their error', async () => {
    const { store } = await freshStore();
    const failed: ForwardResult = {
      url: 'http://localhost:1/',
      status: null,
      durationMs: 3,
      error: 'ECONNREFUSED',
    };
    const pending = await store.begin(meta(), Buffer.from('x'));
    await pending.finish(failed);
    assert.deepEqual((await store.get(pending.id)).forward, failed);
    assert.deepEqual((await store.list())[0]?.forward, failed);
  });

  it('makes finish idempotent: the first result wins and is written once', async () => {
    const { store } = await freshStore();
    const pending = await store.begin(meta(), Buffer.from('x'));
    await Promise.all([pending.finish(forward), pending.finish({ ...forward, status: 500 })]);
    await pending.finish(null);
    assert.equal((await store.get(pending.id)).forward?.status, 201);
    const text = await fs.readFile(pending.file, 'latin1');
    assert.equal(text.split('"status":').length - 1, 1);
  });

  it('ignores torn or unparseable forward records and lets the last complete one win', async () => {
    const { store } = await freshStore();
    const pending = await store.begin(meta(), Buffer.from('body'));
    await pending.finish(forward);
    const { id } = pending;
    await fs.appendFile(
      pending.file,
      `HKF2 ${id} 8\nnot json\nHKF2 ${id} 60\n{"url":"http://x/","status":599`,
    );
    assert.equal((await store.get(id)).forward?.status, 201);
    const json = '{"url":"http://x/","status":204,"durationMs":2}';
    await fs.appendFile(pending.file, `\nHKF2 ${id} ${json.length}\n${json}\n`);
    // A store that has seen a capture's forward result takes it as final (only one is ever written): ask
    // a fresh one.
    const reader = await openStore({ dir: store.dir });
    assert.equal((await reader.get(id)).forward?.status, 204);
    assert.equal((await reader.list())[0]?.forward?.status, 204);
  });

  it('refuses ids it did not make', async () => {
    const { store } = await freshStore();
    await assert.rejects(store.begin(meta({ id: '../../evil000000' }), Buffer.alloc(0)), exitCode(2));
    const assigned = await store.begin(meta({ id: undefined }), Buffer.from('mine'));
    await assigned.finish(null);
    assert.equal((await store.get(assigned.id)).id, assigned.id);
    assert.equal(
      JSON.parse((await fs.readFile(assigned.file, 'utf8')).split('\n')[1] as string).id,
      assigned.id,
    );
  });

  it('writes many captures to one segment file and starts a new one when it is full', async () => {
    const { store, dir } = await freshStore([T0]);
    const ids: string[] = [];
    for (let i = 0; i < 1030; i++) ids.push(await capture(store, `#${i}`));
    const shard = path.join(dir, 'captures', (ids[0] as string).slice(0, 6));
    assert.equal((await fs.readdir(shard)).length, 2);
    assert.equal(await store.count(), 1030);
    assert.equal((await store.get(ids[1029] as string)).body.toString(), '#1029');
    // A large body gets a file of its own, written off the event loop.
    const big = await store.begin(meta(), Buffer.alloc(200_000, 0x62));
    await big.finish(forward);
    assert.equal((await fs.readdir(shard)).length, 3);
    assert.equal((await store.get(big.id)).body.length, 200_000);
    assert.equal((await store.get(big.id)).forward?.status, 201);
    await store.close();
  });
});

describe('listing and resolving', () => {
  it('lists newest first across shards, with limit and filters', async () => {
    const times = Array.from({ length: 9 }, (_, i) => T0 + i * (SHARD_MS / 3));
    const { dir, store } = await freshStore(times);
    const providers = ['stripe', 'github', 'slack'];
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const provider = providers[i % 3] as string;
      ids.push(await capture(store, `n${i}`, { provider, event: i % 2 === 0 ? 'push' : 'ping' }));
    }
    assert.ok((await fs.readdir(path.join(dir, 'captures'))).length >= 3);
    const newest = [...ids].reverse();
    assert.deepEqual(await listIds(store, { limit: 100 }), newest);
    assert.deepEqual(await listIds(store), newest);
    assert.deepEqual(await listIds(store, { limit: 4 }), newest.slice(0, 4));
    assert.deepEqual(await listIds(store, { provider: 'GitHub' }), [ids[7], ids[4], ids[1]]);
    assert.deepEqual(await listIds(store, { provider: 'github', event: 'push', limit: 1 }), [ids[4]]);
    assert.equal((await store.list({ event: 'ping' })).length, 4);
    const first = (await store.list({ limit: 1 }))[0];
    assert.deepEqual(first, {
      id: ids[8],
      receivedAt: new Date(T0).toISOString(),
      method: 'POST',
      path: '/hook?x=1',
      provider: 'slack',
      event: 'push',
      signature: 'unchecked',
      size: 2,
      forward: null,
    });
    assert.equal(await store.count(), 9);
  });

  it('resolves last, unique prefixes and full ids', async () => {
    const { store } = await freshStore([T0 - 2 ** 26, T0, T0 + 1, T0 + 2]);
    const [far, a, b, c] = [
      await capture(store),
      await capture(store),
      await capture(store),
      await capture(store),
    ];
    assert.equal(await store.resolve('last'), c);
    assert.equal(await store.resolve('LAST'), c);
    assert.equal(await store.resolve(a as string), a);
    assert.equal(await store.resolve(b.slice(0, 10)), b);
    assert.equal(await store.resolve(c.slice(0, 10).toUpperCase()), c);
    assert.notEqual(far.slice(0, 5), a.slice(0, 5));
    assert.equal(await store.resolve(far.slice(0, 5)), far);
  });

  it('rejects ambiguous, unknown and invalid refs with exit code 2', async () => {
    const { store, dir } = await freshStore([T0]);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await capture(store));
    const shard = (ids[0] as string).slice(0, 6);
    await assert.rejects(store.resolve(shard), exitCode(2, /ambiguous: it matches more than 5 captures/));
    await assert.rejects(store.resolve(shard), (error: Error) =>
      ids.slice(2).every((id) => error.message.includes(id)),
    );
    const few = await openStore({ dir: `${dir}-few`, now: () => T0, random: (n) => Buffer.alloc(n) });
    const three = [await capture(few), await capture(few), await capture(few)];
    const listed = `(${[...three].reverse().join(', ')})`;
    await assert.rejects(few.resolve(three[0]?.slice(0, 15) ?? ''), exitCode(2, /matches 3 captures/));
    await assert.rejects(few.resolve(three[0]?.slice(0, 15) ?? ''), (error: Error) =>
      error.message.includes(listed),
    );
    await assert.rejects(store.resolve('zzzzzzzzzzzzzzzz'), exitCode(2, /^no capture zzzzzzzzzzzzzzzz in /));
    await assert.rejects(store.resolve('zzzz'), exitCode(2, new RegExp(`no capture zzzz in ${dir}`)));
    await assert.rejects(store.get('zzzzzzzzzzzzzzzz'), exitCode(2, /see `hookctl list`/));
    // A record planted where a naive path join of "../x" would look must stay out of reach.
    await fs.writeFile(path.join(dir, 'x.hkc'), 'HKC1 2 0\n{}\n');
    for (const ref of ['../x', '..', '', 'a/b', 'i', 'ILOU', '0123456789abcdefg', `${ids[0]}/..`]) {
      await assert.rejects(store.resolve(ref), exitCode(2, /is not a capture id/), ref);
      await assert.rejects(store.get(ref), exitCode(2), ref);
    }
  });

  it('says there is nothing yet when `last` meets an empty store', async () => {
    const { store } = await freshStore();
    await assert.rejects(store.resolve('last'), exitCode(2, /no captures in .* yet/));
    assert.deepEqual(await store.list(), []);
    assert.equal(await store.count(), 0);
  });

  it('skips torn records and garbage files once with a warning, and get explains them', async () => {
    const { store, warnings, dir } = await freshStore([T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4, T0 + 5, T0 + 6]);
    const good = await capture(store, 'good');
    const shard = path.join(dir, 'captures', good.slice(0, 6));
    const [kept, torn, fresh] = [store.newId(), store.newId(), store.newId()];
    const record = (id: string, body: string) =>
      encodeCaptureRecord({ ...meta(), id, size: 0 }, Buffer.from(body));
    // Another writer's segment, cut off by a kill in the middle of its second record: the first is fine.
    const killed = path.join(shard, `${kept}.hks`);
    const bytes = Buffer.concat([...record(kept, 'kept'), ...record(torn, 'x'.repeat(1000))]);
    await fs.writeFile(killed, bytes.subarray(0, bytes.length - 500));
    // The same cut in a file written a moment ago: a write under way, not reported.
    const writing = path.join(shard, `${fresh}.hks`);
    await fs.writeFile(writing, Buffer.concat(record(fresh, 'y'.repeat(1000))).subarray(0, 700));
    const garbage = path.join(shard, `${store.newId()}.hks`);
    await fs.writeFile(garbage, 'hello, not a capture\n');
    const legacyId = store.newId();
    await fs.writeFile(path.join(shard, `${legacyId}.hkc`), 'hello, not a capture either\n');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(killed, old, old);
    // Foreign and temporary files in the tree are not ours and not reported.
    await fs.writeFile(path.join(shard, '.DS_Store'), 'x');
    await fs.writeFile(`${killed}.tmp`, 'x');
    await fs.mkdir(path.join(store.dir, 'captures', 'not-a-shard'));

    assert.deepEqual(await listIds(store), [kept, good]);
    assert.deepEqual(await listIds(store), [kept, good]);
    assert.equal(warnings.length, 3, warnings.join('\n'));
    const tornAt = Buffer.concat(record(kept, 'kept')).length;
    const message = `skipped a torn record at byte ${tornAt} (the writer was stopped mid-write) in capture file ${killed}`;
    assert.ok(warnings.includes(message), warnings.join('\n'));
    assert.ok(
      warnings.some((w) => w.startsWith('skipped corrupt bytes') && w.endsWith(garbage)),
      warnings.join('\n'),
    );
    assert.ok(
      warnings.some((w) => w.includes(legacyId) && w.includes('not a hookctl capture')),
      warnings.join('\n'),
    );
    assert.equal(await store.resolve('last'), kept);
    await assert.rejects(store.get(torn), exitCode(2, /no capture/));
    await assert.rejects(store.get(legacyId), exitCode(1, /not a hookctl capture/));
  });
});

describe('retention and concurrency', () => {
  it('prune keeps the newest N and removes emptied shards', async () => {
    const times = Array.from({ length: 12 }, (_, i) => T0 + i * (SHARD_MS / 2));
    const { dir, store } = await freshStore(times);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await capture(store, `n${i}`));
    assert.equal(await store.prune(0), 0);
    assert.equal(await store.prune(20), 0);
    assert.equal(await store.prune(5), 7);
    assert.deepEqual(await listIds(store, { limit: 100 }), ids.slice(7).reverse());
    const shards = (await fs.readdir(path.join(dir, 'captures'))).filter((name) => name !== 'horizon').sort();
    assert.deepEqual(shards, [...new Set(ids.slice(7).map((id) => id.slice(0, 6)))].sort());
    await assert.rejects(store.prune(-1), exitCode(2));
    assert.ok(idTime(ids[11] as string) > idTime(ids[7] as string));
  });

  it('clear removes every capture', async () => {
    const { dir, store } = await freshStore([T0, T0 + SHARD_MS, T0 + 2 * SHARD_MS]);
    for (let i = 0; i < 5; i++) await capture(store);
    assert.equal(await store.clear(), 5);
    assert.equal(await store.count(), 0);
    assert.deepEqual(await fs.readdir(path.join(dir, 'captures')), []);
    // The store still works after its shard folders were removed under it.
    await capture(store);
    assert.equal(await store.count(), 1);
  });

  it('takes 3,500 captures begun at once: segments fill and roll over while appends wait', async () => {
    const { store } = await freshStore([T0]);
    const ids = await Promise.all(Array.from({ length: 3500 }, (_, i) => capture(store, `#${i}`)));
    assert.equal(new Set(ids).size, 3500);
    assert.equal(await store.count(), 3500);
    assert.equal((await store.get(ids[3499] as string)).body.toString(), '#3499');
    await store.close();
  });

  it('writes a capture again when another process deleted the segment it was appending to', async () => {
    const dir = path.join(root, 'deleted-under');
    const [writer, other] = [await openStore({ dir }), await openStore({ dir })];
    await capture(writer, 'before');
    assert.equal(await other.clear(), 1);
    // The writer still holds the deleted file open; the next record must not vanish with it.
    const id = await capture(writer, 'after');
    assert.equal((await other.get(id)).body.toString(), 'after');
    assert.equal(await other.count(), 1);
    await writer.close();
  });

  it('reads, lists, prunes and clears captures in the earlier one-file-per-capture layout', async () => {
    const { dir, store } = await freshStore([T0, T0 + 1, T0 + 2]);
    const [old1, old2] = [store.newId(), store.newId()];
    const folder = path.join(dir, 'captures', old1.slice(0, 6));
    await fs.mkdir(folder, { recursive: true });
    for (const [id, body] of [
      [old1, 'first'],
      [old2, 'second'],
    ] as const) {
      const parts = encodeLegacyRecord({ ...meta(), id }, Buffer.from(body), id === old2 ? forward : null);
      await fs.writeFile(path.join(folder, `${id}.hkc`), Buffer.concat(parts));
    }
    const fresh = await capture(store, 'third');
    assert.deepEqual(await listIds(store), [fresh, old2, old1]);
    const second = await store.get(old2);
    assert.equal(second.body.toString(), 'second');
    assert.equal(second.forward?.status, 201);
    assert.equal(await store.resolve(old1.slice(0, 15)), old1);
    assert.equal(await store.prune(2), 1);
    assert.deepEqual(await listIds(store), [fresh, old2]);
    assert.ok(!(await fs.readdir(folder)).includes(`${old1}.hkc`));
    assert.equal(await store.clear(), 2);
    assert.equal(await store.count(), 0);
  });

  it('lets two store instances write the same dir concurrently without collisions', async () => {
    const dir = path.join(root, 'shared');
    const [a, b] = await Promise.all([openStore({ dir }), openStore({ dir })]);
    const writes = Array.from({ length: 400 }, (_, i) => capture(i % 2 ? a : b, `body ${i}`));
    const ids = await Promise.all(writes);
    assert.equal(new Set(ids).size, 400);
    assert.equal(await a.count(), 400);
    const bodies = await Promise.all(ids.map(async (id) => (await b.get(id)).body.toString()));
    assert.deepEqual(
      bodies,
      Array.from({ length: 400 }, (_, i) => `body ${i}`),
    );
  });

  it('creates the store private to its user', { skip: process.platform === 'win32' }, async () => {
    const { dir } = await freshStore();
    assert.equal((await fs.stat(path.join(dir, 'captures'))).mode & 0o777, 0o700);
  });
});

describe('resolveStoreDir', () => {
  const home = '/home/ada';
  const table: [string, Parameters<typeof resolveStoreDir>[0], string][] = [
    [
      'flag wins',
      { flag: 'caps', env: { HOOKCTL_STORE: '/env' }, platform: 'linux', home, cwd: '/w' },
      '/w/caps',
    ],
    ['flag with ~', { flag: '~/caps', env: {}, platform: 'linux', home }, '/home/ada/caps'],
    ['env next', { env: { HOOKCTL_STORE: '/s', XDG_DATA_HOME: '/x' }, platform: 'linux', home }, '/s'],
    [
      'empty env ignored',
      { env: { HOOKCTL_STORE: '', XDG_DATA_HOME: '/x' }, platform: 'linux', home },
      '/x/hookctl',
    ],
    ['xdg', { env: { XDG_DATA_HOME: '/data/' }, platform: 'darwin', home }, '/data/hookctl'],
    [
      'relative xdg ignored',
      { env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home },
      '/home/ada/.local/share/hookctl',
    ],
    ['linux', { env: {}, platform: 'linux', home }, '/home/ada/.local/share/hookctl'],
    [
      'darwin',
      { env: {}, platform: 'darwin', home: '/Users/ada' },
      '/Users/ada/Library/Application Support/hookctl',
    ],
    [
      'win32',
      { env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\ada' },
      'C:\\Users\\ada\\AppData\\Local\\hookctl',
    ],
    [
      'win32 fallback',
      { env: {}, platform: 'win32', home: 'C:\\Users\\ada' },
      'C:\\Users\\ada\\AppData\\Local\\hookctl',
    ],
    ['win32 flag', { flag: 'caps', env: {}, platform: 'win32', home: 'C:\\h', cwd: 'D:\\w' }, 'D:\\w\\caps'],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => assert.equal(resolveStoreDir(input), expected));
  }
});
