import assert from 'node:assert/strict';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { isValidId, isValidIdPrefix } from '../src/core/store/ids.ts';
import { type CaptureStore, openStore } from '../src/core/store/index.ts';
import { ShardTree } from '../src/core/store/shards.ts';
import type { HeaderPair } from '../src/http/headers.ts';
import { HookctlError } from '../src/lib/errors.ts';
import { type Listener, startListen } from './helpers/listen.ts';
import { chunked, exchange, firstStatus, responseIds } from './helpers/raw.ts';
import { onCleanup, suiteScope, tempStore } from './helpers/scope.ts';
import { captureMeta } from './helpers/store.ts';

const LIMIT = { timeout: 30_000 };

/** Methods Node's parser knows (it refuses others with 400); CONNECT is a tunnel, not a webhook. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'REPORT', 'PURGE'];
/** Headers that frame the message or change the protocol: the fuzzer's request sets those itself. */
const FRAMING = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade']);
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** RFC 3986 pchar plus / and ?: what a webhook sender's path and query are made of. */
const PATH_CHARS = "abcXYZ0189-._~!$&'()*+,;=:@/?%";
/** Field-value bytes: visible ASCII, space, tab and obs-text (read by Node as latin1). */
const VALUE_CHARS = [
  '\t',
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i)),
].join('');

const chars = (set: string) => fc.constantFrom(...set.split(''));
const headerName = fc
  .string({ unit: chars(TOKEN_CHARS), minLength: 1, maxLength: 24 })
  .filter((name) => !FRAMING.has(name.toLowerCase()));
// Leading and trailing whitespace is not part of a field value (RFC 9110 §5.5), so parsers drop it.
const headerValue = fc
  .string({ unit: chars(VALUE_CHARS), maxLength: 80 })
  .map((value) => value.replace(/^[ \t]+|[ \t]+$/g, ''));

describe('fuzz: whatever a sender sends within HTTP is captured byte for byte', LIMIT, () => {
  const suite = suiteScope();
  let listener: Listener;
  let store: CaptureStore;
  before(async () => {
    const dir = await tempStore(suite);
    listener = await startListen(suite, [], { store: dir });
    onCleanup(suite, async () => assert.equal((await listener.stop()).code, 0));
    store = await openStore({ dir });
  });

  it('random methods, paths, header sets and binary bodies, plain or chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.string({ unit: chars(PATH_CHARS), maxLength: 120 }),
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }),
        fc.uint8Array({ maxLength: 4096 }),
        fc.option(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), { nil: null }),
        async (method, rawPath, headers, bodyBytes, cuts) => {
          const body = Buffer.from(bodyBytes);
          const target = `/${rawPath}`;
          const framing: HeaderPair =
            cuts === null ? ['Content-Length', String(body.length)] : ['Transfer-Encoding', 'chunked'];
          const sent: HeaderPair[] = [['Host', 'fuzz'], ...headers, framing, ['Connection', 'close']];
          const head = Buffer.from(
            `${method} ${target} HTTP/1.1\r\n${sent.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`,
            'latin1',
          );
          const result = await exchange(listener.port, [
            head,
            cuts === null ? body : chunked(split(body, cuts)),
          ]);
          assert.equal(firstStatus(result.text), 200, result.text);
          const [id] = responseIds(result.text);
          assert.ok(id, result.text);
          const capture = await store.get(id);
          assert.equal(capture.method, method);
          assert.equal(capture.path, target);
          assert.deepEqual(capture.headers, sent);
          assert.ok(capture.body.equals(body), 'the captured body differs');
        },
      ),
      { numRuns: 100 },
    );
  });
});

/** `body` in pieces of the given sizes (cycled), none empty: an empty chunk would end the body. */
function split(body: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < body.length; i++) {
    const size = sizes[i % sizes.length] as number;
    pieces.push(body.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

describe('fuzz: damaged record files', LIMIT, () => {
  const suite = suiteScope();
  let dir: string;
  let original: Buffer;
  let id: string;
  let file: string;
  before(async () => {
    dir = await tempStore(suite);
    const store = await openStore({ dir });
    const pending = await store.begin(
      captureMeta({
        path: '/stripe?x=1',
        headers: [
          ['Content-Type', 'application/json'],
          ['Stripe-Signature', 't=1,v1=abc'],
        ],
        provider: 'stripe',
        event: 'payment_intent.succeeded',
        forwardTo: 'http://localhost:3000/',
      }),
      Buffer.from('{"id":"evt_1","type":"payment_intent.succeeded"}\n\u0000\u00ff binary tail'),
    );
    await pending.finish({
      url: 'http://localhost:3000/stripe?x=1',
      status: 200,
      durationMs: 12,
      headers: [['Content-Type', 'text/plain']],
      body: Buffer.from('ok'),
    });
    id = pending.id;
    file = pending.file;
    await store.close();
    original = await readFile(file);
  });

  /** Truncations, byte flips, insertions, junk appended, whole-file garbage, and well-formed but odd meta. */
  const damage: fc.Arbitrary<(bytes: Buffer) => Buffer> = fc.oneof(
    fc.nat().map((n) => (bytes: Buffer) => bytes.subarray(0, n % bytes.length)),
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
      .map((flips) => (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        for (const [at, value] of flips) copy[at % copy.length] = value;
        return copy;
      }),
    fc
      .tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 }))
      .map(([at, junk]) => (bytes: Buffer) => {
        const cut = at % bytes.length;
        return Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut)]);
      }),
    fc.uint8Array({ maxLength: 200 }).map((junk) => (bytes: Buffer) => Buffer.concat([bytes, junk])),
    fc.uint8Array({ maxLength: 300 }).map((junk) => () => Buffer.from(junk)),
    fc.jsonValue({ maxDepth: 3 }).map((value) => () => {
      const meta = Buffer.from(
        JSON.stringify(
          typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, id } : value,
        ),
      );
      return Buffer.concat([Buffer.from(`HKC2 ${id} ${meta.length} 2\n`), meta, Buffer.from('\nhi\n')]);
    }),
    fc
      .record({
        method: fc.jsonValue(),
        path: fc.jsonValue(),
        headers: fc.jsonValue(),
        receivedAt: fc.jsonValue(),
      })
      .map((fields) => () => {
        const meta = Buffer.from(JSON.stringify({ id, ...fields }));
        return Buffer.concat([
          Buffer.from(`HKC2 ${id} ${meta.length} 2\n`),
          meta,
          Buffer.from(`\nhi\nHKF2 ${id} 9\n{"url":1}\n`),
        ]);
      }),
  );

  it('list never throws (it skips with a warning) and get fails only with a clear HookctlError', async () => {
    const old = new Date(Date.now() - 60_000);
    await fc.assert(
      fc.asyncProperty(damage, async (mutate) => {
        await writeFile(file, mutate(original));
        // Old enough not to pass for a file another process is still writing.
        await utimes(file, old, old);
        const warnings: string[] = [];
        const store = await openStore({ dir, warn: (message) => warnings.push(message) });
        const listed = await store.list({ limit: 10 });
        let got: unknown;
        try {
          got = await store.get(id);
        } catch (error) {
          assert.ok(error instanceof HookctlError, `get threw ${String(error)}`);
          assert.deepEqual(listed, [], 'list shows a capture that get cannot read');
          if (error.exitCode === 1) assert.ok(error.message.includes(file), error.message);
          else assert.equal(error.exitCode, 2, error.message); // the record is not there at all any more
          // Nothing is skipped silently, unless nothing is left (an empty segment is a new one).
          const damaged = mutate(original);
          if (damaged.length > 0) assert.ok(warnings.length >= 1, 'skipped without a warning');
          for (const warning of warnings) assert.ok(warning.includes(file), warning);
          return;
        } finally {
          await store.close();
        }
        assert.equal((got as { id: string }).id, id);
        assert.deepEqual(
          listed.map((summary) => summary.id),
          [id],
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: ids and prefixes never leave the store', LIMIT, () => {
  const suite = suiteScope();
  let dir: string;
  let store: CaptureStore;
  before(async () => {
    dir = await tempStore(suite);
    store = await openStore({ dir });
    // One real capture, so prefixes can match something.
    const pending = await store.begin(
      captureMeta({ path: '/', headers: [], remoteAddress: null }),
      Buffer.from('x'),
    );
    await pending.finish(null);
    await mkdir(path.join(dir, 'outside'), { recursive: true });
  });

  const traversal = fc
    .array(
      fc.constantFrom(
        '..',
        '/',
        '\\',
        '%2f',
        '%2e',
        '.',
        '\u0000',
        'etc',
        'passwd',
        '01m8d4',
        'C:',
        '~',
        ' ',
        '\n',
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));
  const anything = fc.oneof(
    traversal,
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({
      unit: chars('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ./%'),
      maxLength: 20,
    }),
  );

  it('what validation accepts is a plain name inside the store', () => {
    const tree = new ShardTree(path.join(dir, 'captures'));
    const root = `${path.resolve(tree.root)}${path.sep}`;
    fc.assert(
      fc.property(anything, (ref) => {
        for (const accepted of [isValidId(ref), isValidIdPrefix(ref)]) {
          if (!accepted) continue;
          assert.match(ref, /^[0-9a-z]{1,16}$/);
          const file = path.resolve(tree.legacyPath(ref.padEnd(16, '0')));
          assert.ok(file.startsWith(root), `${JSON.stringify(ref)} → ${file}`);
          assert.equal(path.dirname(path.dirname(file)), path.resolve(tree.root));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('resolve and get answer anything else with exit 2, never an fs error', async () => {
    await fc.assert(
      fc.asyncProperty(anything, async (ref) => {
        for (const attempt of [() => store.resolve(ref), () => store.get(ref)]) {
          try {
            const found = await attempt();
            const value = typeof found === 'string' ? found : found.id;
            assert.ok(isValidId(value));
          } catch (error) {
            assert.ok(error instanceof HookctlError, `${JSON.stringify(ref)}: ${String(error)}`);
            assert.equal(error.exitCode, 2, error.message);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
