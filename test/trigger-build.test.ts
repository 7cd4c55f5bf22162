import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeRequest } from '../src/core/send/trigger.ts';
import { HookctlError } from '../src/lib/errors.ts';
import { applySet } from '../src/lib/json-path.ts';
import { closest, editDistance } from '../src/lib/suggest.ts';

describe('--set path=value', () => {
  const cases: Array<[string, unknown]> = [
    [
      'data.object.amount=5000',
      { data: { object: { amount: 5000, currency: 'usd' } }, items: [{ price: 1 }] },
    ],
    ['data.object.currency=eur', { data: { object: { amount: 1, currency: 'eur' } }, items: [{ price: 1 }] }],
    [
      'data.object.paid=true',
      { data: { object: { amount: 1, currency: 'usd', paid: true } }, items: [{ price: 1 }] },
    ],
    ['items.0.price=null', { data: { object: { amount: 1, currency: 'usd' } }, items: [{ price: null }] }],
    [
      'meta.tags=["a",1]',
      { data: { object: { amount: 1, currency: 'usd' } }, items: [{ price: 1 }], meta: { tags: ['a', 1] } },
    ],
    [
      'data.object.note=a=b',
      { data: { object: { amount: 1, currency: 'usd', note: 'a=b' } }, items: [{ price: 1 }] },
    ],
    [
      'data.object.id="123"',
      { data: { object: { amount: 1, currency: 'usd', id: '123' } }, items: [{ price: 1 }] },
    ],
  ];
  for (const [assignment, expected] of cases) {
    it(assignment, () => {
      const payload = { data: { object: { amount: 1, currency: 'usd' } }, items: [{ price: 1 }] };
      applySet(payload, assignment);
      assert.deepEqual(payload, expected);
    });
  }
  for (const bad of ['novalue', '=5', 'a..b=1', 'items.x=1', 'data.object.amount.deep=1', '__proto__.x=1']) {
    it(`"${bad}" is a usage error`, () => {
      const payload = { data: { object: { amount: 1 } }, items: [] };
      assert.throws(
        () => applySet(payload, bad),
        (error: unknown) => error instanceof HookctlError && error.exitCode === 2,
      );
      assert.equal(({} as Record<string, unknown>).x, undefined);
    });
  }
});

describe('suggestions', () => {
  it('finds typos and fragments, closest first', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.deepEqual(closest('strpe', ['stripe', 'github', 'slack']), ['stripe']);
    assert.deepEqual(
      closest('payment_intent.succeded', ['payment_intent.succeeded', 'payment_intent.created']),
      ['payment_intent.succeeded'],
    );
    assert.deepEqual(closest('refunded', ['charge.refunded', 'charge.succeeded', 'invoice.paid']), [
      'charge.refunded',
    ]);
    assert.deepEqual(closest('zzz', ['stripe', 'github']), []);
  });
});

describe('serializeRequest', () => {
  it('writes the request line, headers in order and the body bytes', () => {
    const bytes = serializeRequest({
      method: 'POST',
      origin: 'http://localhost:3000',
      path: '/hooks?x=1',
      headers: [
        ['Host', 'localhost:3000'],
        ['X-A', '1'],
      ],
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    assert.ok(
      bytes.equals(
        Buffer.concat([
          Buffer.from('POST /hooks?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nX-A: 1\r\n\r\n'),
          Buffer.from([0x7b, 0xff, 0x7d]),
        ]),
      ),
    );
  });
});
