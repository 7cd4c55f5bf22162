import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { send } from './helpers/http.ts';
import { hookctlId, lines, listJson, segmentsOf, sendUnfinishedChunked } from './helpers/lifecycle.ts';
import { type Listener, spawnListen, startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { type Scope, suiteScope, tempStore } from './helpers/scope.ts';

/** A safety net only: every wait in this file is on an event, never on the clock. */
const LIMIT = { timeout: 60_000 };
/** The start of an ANSI escape sequence (colour, bold, dim). */
const ANSI = `${String.fromCharCode(27)}[`;

const listIds = async (store: string) => (await listJson(store)).map((s) => s.id);

/** Sends each body in turn to a fresh `listen` and returns the capture ids, oldest first. */
async function capture(
  scope: Scope,
  store: string,
  bodies: Buffer[],
  headers: string[] = [],
): Promise<string[]> {
  const listener = await startListen(scope, [], { store });
  const ids: string[] = [];
  for (const [i, body] of bodies.entries()) {
    const answer = await send(`${listener.url}/c/${i}`, { headers, body });
    assert.equal(answer.status, 200);
    ids.push(hookctlId(answer));
  }
  assert.equal((await listener.stop()).code, 0);
  return ids;
}

describe('--max-body 1kb', LIMIT, () => {
  const suite = suiteScope();
  let store: string;
  let listener: Listener;
  before(async () => {
    store = await tempStore(suite);
    listener = await startListen(suite, ['--max-body', '1kb'], { store });
  });

  it('a 2 KiB body with Content-Length gets 413 and is not captured', async () => {
    const answer = await send(`${listener.url}/big`, { body: randomBytes(2048) });
    assert.equal(answer.status, 413);
    assert.equal(answer.headers['x-hookctl-id'], undefined);
    assert.deepEqual(await listIds(store), []);
  });

  it('a chunked body that grows past the limit gets 413 and is not captured', async () => {
    // 3 chunks are 900 bytes, under the limit; the 4th takes the body over it, and no end ever comes.
    const response = await sendUnfinishedChunked(
      listener.port,
      'POST /growing HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      Array.from({ length: 4 }, () => Buffer.alloc(300, 0x61)),
    );
    assert.match(response.toString('latin1'), /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(response.toString('latin1'), /X-Hookctl-Id/i);
    assert.deepEqual(await listIds(store), []);
  });

  it('a body of exactly 1 KiB is captured, and the server keeps serving', async () => {
    const exact = randomBytes(1024);
    const answer = await send(`${listener.url}/exact`, { body: exact });
    assert.equal(answer.status, 200);
    const id = hookctlId(answer);
    const raw = await runHookctl(['show', id, '--raw'], { store });
    assert.ok(raw.stdoutBytes.equals(exact));
    const later = await send(`${listener.url}/later`, { body: 'small' });
    assert.equal(later.status, 200);
    assert.deepEqual(await listIds(store), [hookctlId(later), id]);
    const rejected = lines(listener.stderr()).filter((line) => line.includes('413'));
    assert.equal(rejected.length, 2, listener.stderr());
  });
});

describe('usage errors exit 2 with one ✗ line and nothing on stdout', LIMIT, () => {
  const suite = suiteScope();
  let store: string;
  let ids: string[];
  before(async () => {
    store = await tempStore(suite);
    // Two captures from one process, moments apart: their ids share at least their first character.
    ids = await capture(suite, store, [Buffer.from('one'), Buffer.from('two')]);
  });

  const commonPrefix = (a: string, b: string) => {
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return a.slice(0, n);
  };
  const cases: Array<[string, () => string[], RegExp]> = [
    ['listen --port abc', () => ['listen', '--port', 'abc', '--no-tunnel'], /--port/],
    ['listen --port 70000', () => ['listen', '--port', '70000', '--no-tunnel'], /--port.*70000/],
    ['listen ftp://x', () => ['listen', 'ftp://x', '--port', '0', '--no-tunnel'], /ftp/],
    [
      'listen --max-body lots',
      () => ['listen', '--max-body', 'lots', '--port', '0', '--no-tunnel'],
      /--max-body/,
    ],
    ['list --limit 0', () => ['list', '--limit', '0'], /--limit/],
    ['show ../../etc/passwd', () => ['show', '../../etc/passwd'], /not a capture id/],
    ['show of an unknown id', () => ['show', 'zzzzzzzzzzzzzzzz'], /no capture zzzzzzzzzzzzzzzz/],
    [
      'show of an ambiguous prefix',
      () => ['show', commonPrefix(ids[0] as string, ids[1] as string)],
      /ambiguous/,
    ],
    ['replay of a capture never forwarded, without --to', () => ['replay', ids[0] as string], /--to/],
    ['an unknown option', () => ['list', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', () => ['bogus'], /unknown command 'bogus'/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const result = await runHookctl(args(), { store, limitMs: 15_000 });
      assert.equal(result.killed, false, 'still running: the bad input was accepted');
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      const stderr = lines(result.stderr);
      assert.equal(stderr.length, 1, result.stderr);
      assert.match(stderr[0] as string, /^✗ /);
      assert.match(stderr[0] as string, message);
    });
  }

  it('an unknown option with a suggestion still says it in one line', async () => {
    const result = await runHookctl(['list', '--jsn'], { store });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(lines(result.stderr).length, 1, result.stderr);
    assert.match(result.stderr, /^✗ unknown option '--jsn'.*--json/);
  });

  it('--version exits 0 and prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const result = await runHookctl(['--version'], { store });
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
    assert.equal(result.stderr, '');
    // The built CLI answers --version and -v before loading the program: the same line.
    for (const flag of ['--version', '-v']) {
      const built = await runBin([flag], { store });
      assert.deepEqual([built.code, built.stdout, built.stderr], [0, result.stdout, '']);
    }
  });
});

describe('corrupt files in the store', LIMIT, () => {
  it('list skips and reports them, show explains, good captures stay readable', async (t) => {
    const store = await tempStore(t);
    const bodies = Array.from({ length: 5 }, (_, i) =>
      Buffer.concat([Buffer.from(`#${i} `), randomBytes(1000)]),
    );
    const ids = await capture(t, store, bodies);
    const [, , damaged, , newest] = ids as [string, string, string, string, string];
    // One listen process wrote all five to one segment (two if a shard boundary fell in between).
    const segments = await segmentsOf(store);
    const segment = segments.find((file) => readFileSync(file).includes(`HKC2 ${damaged} `)) as string;
    // A damaged meta in the middle: that capture is skipped, the ones after it are not.
    const bytes = readFileSync(segment);
    const at = bytes.indexOf('\n', bytes.indexOf(`HKC2 ${damaged} `)) + 1;
    bytes[at] = 0x58; // '{' → 'X'
    await writeFile(segment, bytes);
    // A record cut off at the end, as a kill in the middle of a write leaves it.
    const last = segments.find((file) => readFileSync(file).includes(`HKC2 ${newest} `)) as string;
    await appendFile(last, `HKC2 ${newest.slice(0, 10)}zzzzzz 20 1000\n{"id":"`);
    // Junk in a shard folder: a file that is not ours, and one named like a segment.
    const shard = dirname(segment);
    const junk = join(shard, `${newest.slice(0, 6)}zzzzzzzzzz.hks`);
    await writeFile(join(shard, 'notes.txt'), randomBytes(64));
    await writeFile(junk, Buffer.concat([Buffer.from('junk\n'), randomBytes(200)]));
    // Old enough not to pass for files another process is still writing.
    const old = new Date(Date.now() - 60_000);
    for (const file of [...segments, junk]) await utimes(file, old, old);

    const list = await runHookctl(['list', '--json', '--limit', '1000'], { store });
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      (JSON.parse(list.stdout) as Array<{ id: string }>).map((s) => s.id),
      ids.filter((id) => id !== damaged).reverse(),
    );
    const warnings = lines(list.stderr);
    assert.equal(warnings.length, 3, list.stderr);
    assert.ok(warnings.every((line) => /skipped/.test(line)));
    assert.ok(warnings.some((line) => line.includes(damaged) && line.includes('corrupt meta')));
    assert.ok(warnings.some((line) => line.includes(last) && line.includes('torn')));
    assert.ok(warnings.some((line) => line.includes(junk)));

    const shown = await runHookctl(['show', damaged], { store });
    assert.equal(shown.code, 1);
    assert.equal(shown.stdout, '');
    assert.equal(lines(shown.stderr).length, 1, shown.stderr);
    assert.match(shown.stderr, /^✗ .*corrupt/);
    assert.ok(shown.stderr.includes(damaged));

    for (const index of [1, 3, 4]) {
      const raw = await runHookctl(['show', ids[index] as string, '--raw'], { store });
      assert.equal(raw.code, 0, raw.stderr);
      assert.ok(raw.stdoutBytes.equals(bodies[index] as Buffer), `show ${ids[index]} --raw differs`);
    }
    // `last` is the newest capture that can be read.
    const shownLast = await runHookctl(['show', 'last', '--raw'], { store });
    assert.equal(shownLast.code, 0, shownLast.stderr);
    assert.ok(shownLast.stdoutBytes.equals(bodies[4] as Buffer));
  });
});

describe('human output', LIMIT, () => {
  const suite = suiteScope();
  let store: string;
  let ids: string[];
  before(async () => {
    store = await tempStore(suite);
    ids = await capture(
      suite,
      store,
      [Buffer.from('{"event":"ping","data":{"n":1.0,"tags":["a","b"]}}'), Buffer.from('{"second":true}')],
      ['Content-Type', 'application/json', 'X-Custom', 'Yes'],
    );
  });

  it('show prints the request line, the headers and the body pretty, without colour under NO_COLOR', async () => {
    const shown = await runHookctl(['show', ids[0] as string], { store, env: { NO_COLOR: '1' } });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(!shown.stdout.includes(ANSI), 'ANSI escapes under NO_COLOR');
    const out = shown.stdout.split('\n');
    assert.ok(out.includes('POST /c/0 HTTP/1.1'), shown.stdout);
    assert.ok(
      out.some((line) => /^Content-Type:\s+application\/json$/.test(line)),
      shown.stdout,
    );
    assert.ok(
      out.some((line) => /^X-Custom:\s+Yes$/.test(line)),
      shown.stdout,
    );
    const pretty = ['{', '  "event": "ping",', '  "data": {', '    "n": 1.0,', '    "tags": [', '      "a",'];
    const start = out.indexOf('{');
    assert.deepEqual(out.slice(start, start + pretty.length), pretty, shown.stdout);
  });

  it('show colours its output when colour is forced, so the NO_COLOR check means something', async () => {
    const env = { FORCE_COLOR: '1', NO_COLOR: undefined };
    const shown = await runHookctl(['show', ids[0] as string], { store, env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(ANSI), 'no colour in show despite FORCE_COLOR');
    const list = await runHookctl(['list'], { store, env });
    assert.ok(list.stdout.includes(ANSI), 'no colour in list despite FORCE_COLOR');
  });

  it('list prints a header and one row per capture, newest first, without colour under NO_COLOR', async () => {
    const list = await runHookctl(['list'], { store, env: { NO_COLOR: '1' } });
    assert.equal(list.code, 0, list.stderr);
    assert.ok(!list.stdout.includes(ANSI), 'ANSI escapes under NO_COLOR');
    const out = lines(list.stdout);
    assert.match(out[0] as string, /^TIME\s+METHOD\s+PATH\b.*\bID$/);
    const rows = out.filter((line) => ids.some((id) => line.includes(id)));
    assert.equal(rows.length, 2, list.stdout);
    assert.match(rows[0] as string, new RegExp(`^\\d\\d:\\d\\d:\\d\\d POST\\s+/c/1\\s.*${ids[1]}$`));
    assert.match(rows[1] as string, new RegExp(`^\\d\\d:\\d\\d:\\d\\d POST\\s+/c/0\\s.*${ids[0]}$`));
  });
});

describe('listen --keep', LIMIT, () => {
  it('prunes to the newest N at start, while another listen writes to the same store', async (t) => {
    const store = await tempStore(t);
    // Another process: it keeps its segment open and goes on writing while this one prunes.
    const other = await spawnListen(t, [], { store });
    const bodies = Array.from({ length: 5 }, (_, i) => Buffer.from(`#${i}`));
    const ids = await capture(t, store, bodies);
    const before = hookctlId(await send(`${other.url}/other`, { body: 'other, before' }));
    const keeping = await startListen(t, ['--keep', '3'], { store });
    const newest = [before, ...ids.slice(-2).reverse()];
    assert.deepEqual(await listIds(store), newest);
    const gone = await runHookctl(['show', ids[0] as string], { store });
    assert.equal(gone.code, 2, gone.stderr);
    assert.match(gone.stderr, /^✗ no capture/);
    const after = hookctlId(await send(`${other.url}/other`, { body: 'other, after' }));
    const own = hookctlId(await send(`${keeping.url}/mine`, { body: 'mine' }));
    assert.deepEqual(await listIds(store), [own, after, ...newest]);
    const raw = await runHookctl(['show', after, '--raw'], { store });
    assert.equal(raw.stdout, 'other, after');
    assert.equal((await keeping.stop()).code, 0);
    assert.equal((await other.stop()).code, 0);
  });
});
