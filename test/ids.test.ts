import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIdGenerator, ID_ALPHABET, idTime, isValidId, isValidIdPrefix } from '../src/core/store/ids.ts';
import { HookctlError } from '../src/lib/errors.ts';

const zeros = (bytes: number) => Buffer.alloc(bytes, 0);
const ones = (bytes: number) => Buffer.alloc(bytes, 0xff);
const fixed = (time: number) => () => time;

describe('createIdGenerator', () => {
  it('encodes time then randomness in lowercase Crockford base32 (known answers)', () => {
    assert.equal(createIdGenerator(fixed(0), zeros)(), '0000000000000000');
    assert.equal(createIdGenerator(fixed(1), zeros)(), '0000000001000000');
    assert.equal(createIdGenerator(fixed(32), zeros)(), '0000000010000000');
    assert.equal(createIdGenerator(fixed(0), ones)(), '0000000000zzzzzz');
    // 2^48 - 1 is the largest time: 48 bits in 10 chars leaves the top 2 bits zero.
    assert.equal(createIdGenerator(fixed(2 ** 48 - 1), zeros)(), '7zzzzzzzzz000000');
    // 2024-01-01T00:00:00.000Z
    const id = createIdGenerator(fixed(1704067200000), zeros)();
    assert.equal(id, '01hk153x00000000');
    assert.equal(idTime(id), 1704067200000);
  });

  it('takes 30 random bits from the top of four random bytes', () => {
    const random = () => Buffer.from([0b10000000, 0, 0, 0b00000111]);
    // 0x80000007 >>> 2 = 0x20000001 = 2^29 + 1 → "g00001"
    assert.equal(createIdGenerator(fixed(0), random)().slice(10), 'g00001');
  });

  it('increments the random part within one millisecond', () => {
    const next = createIdGenerator(fixed(1000), zeros);
    const ids = Array.from({ length: 40 }, next);
    assert.equal(ids[0], '00000000z8000000');
    assert.equal(ids[1], '00000000z8000001');
    assert.equal(ids[32], '00000000z8000010');
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('stays strictly increasing when the clock goes backwards', () => {
    const times = [5000, 4000, 4000, 6000, 1];
    const next = createIdGenerator(() => times.shift() ?? 0, zeros);
    const ids = Array.from({ length: 5 }, next);
    for (let i = 1; i < ids.length; i++)
      assert.ok((ids[i] as string) > (ids[i - 1] as string), ids.join(' '));
    assert.equal(idTime(ids[1] as string), 5000);
    assert.equal(idTime(ids[3] as string), 6000);
    assert.equal(idTime(ids[4] as string), 6000);
  });

  it('moves the time part one millisecond ahead when the random part overflows', () => {
    const next = createIdGenerator(fixed(7000), ones);
    const first = next();
    const second = next();
    assert.equal(first.slice(10), 'zzzzzz');
    assert.equal(idTime(first), 7000);
    assert.equal(idTime(second), 7001);
    assert.ok(second > first);
  });

  it('sorts ids from the real clock by arrival time', () => {
    const next = createIdGenerator();
    const ids = Array.from({ length: 1000 }, next);
    assert.deepEqual([...ids].sort(), ids);
    for (const id of ids) assert.ok(isValidId(id), id);
    assert.ok(Math.abs(idTime(ids[0] as string) - Date.now()) < 60_000);
  });
});

describe('id validation', () => {
  const valid = ['0000000000000000', '01hk153x00000000', '7zzzzzzzzzzzzzzz', 'abcdefghjkmnpqrs'];
  const invalid = [
    '',
    '01hk153x0000000',
    '01hk153x000000000',
    '01HK153X00000000',
    '01hk153x0000000i',
    '01hk153x0000000l',
    '01hk153x0000000o',
    '01hk153x0000000u',
    '../x00000000000a',
    '01hk153x/0000000',
    '01hk153x 0000000',
  ];
  for (const id of valid) it(`accepts ${id}`, () => assert.equal(isValidId(id), true));
  for (const id of invalid) it(`rejects id ${JSON.stringify(id)}`, () => assert.equal(isValidId(id), false));

  it('accepts prefixes of 1 to 16 alphabet chars only', () => {
    for (const prefix of ['0', '01h', '01hk15', '01hk153x00000000'])
      assert.equal(isValidIdPrefix(prefix), true);
    for (const prefix of ['', '../x', '..', '.', '/', 'a/b', 'ABC', 'last', '01hk153x000000000', 'o', 'é']) {
      assert.equal(isValidIdPrefix(prefix), false, prefix);
    }
  });

  it('uses exactly the 32 Crockford chars in ASCII order', () => {
    assert.equal(ID_ALPHABET.length, 32);
    assert.equal([...ID_ALPHABET].sort().join(''), ID_ALPHABET);
    for (const char of ID_ALPHABET) assert.equal(isValidIdPrefix(char), true);
  });

  it('refuses to decode the time of an invalid id with exit code 2', () => {
    assert.throws(
      () => idTime('../../etc/passwd'),
      (error: unknown) => error instanceof HookctlError && error.exitCode === 2,
    );
  });
});
