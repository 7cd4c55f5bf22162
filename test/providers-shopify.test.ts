import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { SHOPIFY_SCHEME, shopify } from '../src/providers/shopify/index.ts';
import type { FailureReason } from '../src/providers/types.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { startListen } from './helpers/listen.ts';
import { runBin } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';
import { shopifyAccepts, startShopifyApp } from './helpers/shopify-oracle.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const SECRET = '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';
const WRONG = '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';
const signed = (event: string, secret = SECRET, seed = event) =>
  signedEvent(shopify, event, secret, seededContext(NOW, `shopify:${seed}`));
const flip = (body: Buffer) => {
  const copy = Buffer.from(body);
  copy[copy.length - 2] = (copy[copy.length - 2] ?? 0) ^ 1;
  return copy;
};

describe('shopify: @shopify/shopify-api webhooks.validate is the oracle for every fixture', async () => {
  for (const { event } of await shopify.fixtures()) {
    it(`${event}: accepted; refused with one body byte changed and with another secret; verify agrees`, async () => {
      const request = await signed(event);
      assert.equal(await shopifyAccepts(request, SECRET), true);
      assert.deepEqual(shopify.verify(request, SECRET, NOW), { valid: true });
      const tampered = { ...request, body: flip(request.body) };
      assert.equal(await shopifyAccepts(tampered, SECRET), false);
      assert.equal(shopify.verify(tampered, SECRET, NOW).valid, false);
      assert.equal(await shopifyAccepts(request, WRONG), false);
      assert.equal(shopify.verify(request, WRONG, NOW).valid, false);
      assert.deepEqual(detectProvider(request), { provider: 'shopify', event });
    });
  }
});

describe('shopify signing', () => {
  it('is base64 HMAC-SHA256 of the raw body with the client secret, as the docs compute it', async () => {
    const request = await signed('orders/create');
    const expected = createHmac('sha256', SECRET).update(request.body).digest('base64');
    assert.equal(headerValue(request.headers, 'x-shopify-hmac-sha256'), expected);
    assert.equal(SHOPIFY_SCHEME.header, 'X-Shopify-Hmac-Sha256');
  });

  it('sends every header the SDK requires, with the topic and the one development shop', async () => {
    const { headers, body } = await signed('orders/paid');
    assert.equal(headerValue(headers, 'x-shopify-topic'), 'orders/paid');
    assert.equal(headerValue(headers, 'x-shopify-shop-domain'), 'hookctl-dev.myshopify.com');
    assert.match(headerValue(headers, 'x-shopify-api-version') ?? '', /^\d{4}-\d\d$/);
    assert.match(headerValue(headers, 'x-shopify-webhook-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(headerValue(headers, 'x-shopify-event-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(headerValue(headers, 'x-shopify-triggered-at'), new Date(NOW).toISOString());
    assert.equal(body.toString('utf8'), JSON.stringify(JSON.parse(body.toString('utf8'))), 'compact JSON');
  });

  it('gives a */create topic a new resource id, keeps an update on the existing one, moves times to now', async () => {
    const created = await shopify.payload('orders/create', seededContext(NOW, 'a'));
    const again = await shopify.payload('orders/create', seededContext(NOW, 'b'));
    assert.notEqual(created?.id, again?.id);
    assert.equal(created?.admin_graphql_api_id, `gid://shopify/Order/${created?.id}`);
    const paid = await shopify.payload('orders/paid', seededContext(NOW, 'a'));
    assert.equal(paid?.id, 6120938475623);
    assert.equal(paid?.updated_at, '2026-12-01T07:00:00-05:00');
    assert.equal(await shopify.payload('orders/nonexistent', seededContext(NOW, 'a')), null);
  });

  it("moves a product feed's spaced full-sync time with the others, in its own layout", async () => {
    const later = Date.UTC(2026, 11, 2, 12, 0, 0);
    const finish = (await shopify.payload('product_feeds/full_sync_finish', seededContext(later, 'a'))) as {
      metadata: { occurred_at: string };
      fullSync: { createdAt: string };
    };
    assert.equal(finish.metadata.occurred_at, '2026-12-02T12:00:00.000Z');
    assert.equal(finish.fullSync.createdAt, '2026-12-02 06:59:20 -0500');
  });

  it('re-signing a capture in the newer shopify-* header family signs shopify-hmac-sha256', async () => {
    const { body } = await signed('products/update');
    const headers: HeaderPair[] = [
      ['shopify-topic', 'products/update'],
      ['shopify-shop-domain', 'hookctl-dev.myshopify.com'],
      ['shopify-api-version', '2026-07'],
      ['shopify-webhook-id', 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043'],
      ['shopify-event-id', '98880550-7158-44d4-b7cd-2c97c8a091b5'],
      ['shopify-hmac-sha256', 'stale'],
    ];
    const resigned = { headers: shopify.sign({ headers, body }, SECRET, seededContext(NOW, 'e')), body };
    assert.equal(await shopifyAccepts(resigned, SECRET), true);
    assert.deepEqual(shopify.verify(resigned, SECRET, NOW), { valid: true });
    assert.deepEqual(detectProvider(resigned), { provider: 'shopify', event: 'products/update' });
    const noEvent = {
      ...resigned,
      headers: resigned.headers.filter(([name]) => name !== 'shopify-event-id'),
    };
    assert.equal(await shopifyAccepts(noEvent, SECRET), false);
    assert.match(
      shopify.verify(noEvent, SECRET, NOW).valid
        ? ''
        : (shopify.verify(noEvent, SECRET, NOW) as { message: string }).message,
      /shopify-event-id/,
    );
  });

  it('detects nothing without Shopify headers', () => {
    assert.equal(
      shopify.detect({ headers: [['Content-Type', 'application/json']], body: Buffer.from('{}') }),
      null,
    );
  });

  it('is not timed: an hour-old delivery still verifies, as the SDK lets it', async () => {
    const request = await signed('orders/create');
    assert.deepEqual(shopify.verify(request, SECRET, NOW + 3_600_000), { valid: true });
    assert.equal(shopify.toleranceSeconds, null);
  });
});

describe('shopify verify explains failures, and the SDK refuses each', async () => {
  const base = await signed('orders/create');
  const edit = (change: (headers: HeaderPair[]) => HeaderPair[], body = base.body) => ({
    headers: change(base.headers.map(([name, value]): HeaderPair => [name, value])),
    body,
  });
  const without = (name: string) => (headers: HeaderPair[]) =>
    headers.filter(([key]) => key.toLowerCase() !== name.toLowerCase());
  const hmacOf = (headers: readonly HeaderPair[]) => headerValue(headers, 'x-shopify-hmac-sha256') ?? '';
  const replaceHmac = (value: (old: string) => string) => (headers: HeaderPair[]) =>
    headers.map(
      ([name, old]): HeaderPair => (name === 'X-Shopify-Hmac-Sha256' ? [name, value(old)] : [name, old]),
    );
  const cases: Array<[string, { headers: HeaderPair[]; body: Buffer }, FailureReason, RegExp, string?]> = [
    [
      'no signature header',
      edit(without('x-shopify-hmac-sha256')),
      'missing-header',
      /no X-Shopify-Hmac-Sha256/,
    ],
    [
      'no topic header',
      edit(without('x-shopify-topic')),
      'missing-header',
      /HMAC matches, but X-Shopify-Topic is missing/,
    ],
    [
      'no webhook id',
      edit(without('x-shopify-webhook-id')),
      'missing-header',
      /X-Shopify-Webhook-Id is missing/,
    ],
    [
      'the signature header twice',
      edit((headers) => [...headers, ['X-Shopify-Hmac-Sha256', hmacOf(headers)]]),
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'hex instead of base64',
      edit(replaceHmac((old) => Buffer.from(old, 'base64').toString('hex'))),
      'encoding-mixup',
      /in hex: Shopify writes it in base64/,
    ],
    [
      'the body re-indented by a parser',
      edit(
        (headers) => headers,
        Buffer.from(JSON.stringify(JSON.parse(base.body.toString('utf8')), null, 2)),
      ),
      'body-changed',
      /changed after it was signed/,
    ],
    ['a newline after the secret', base, 'secret-whitespace', /trimmed from the secret/, `${SECRET}\n`],
    ['another secret', base, 'wrong-secret', /client secret/, WRONG],
    [
      'an admin test notification',
      edit((headers) => [...headers, ['X-Shopify-Test', 'true']]),
      'wrong-secret',
      /Send test notification.*Settings → Notifications → Webhooks/,
      WRONG,
    ],
    ['an empty body', edit((headers) => headers, Buffer.alloc(0)), 'body-changed', /no body/],
  ];
  for (const [name, request, reason, says, secret = SECRET] of cases) {
    it(`${name} → ${reason}`, async () => {
      const verdict = shopify.verify(request, secret, NOW);
      assert.equal(verdict.valid, false);
      if (verdict.valid) return;
      assert.equal(verdict.reason, reason);
      assert.match(verdict.message, says);
      assert.equal(await shopifyAccepts(request, secret), false, 'the SDK should refuse it too');
    });
  }

  it('an admin-looking send with the right secret is simply valid', async () => {
    const request = edit((headers) => [...headers, ['X-Shopify-Test', 'true']]);
    assert.deepEqual(
      shopify.verify(
        { ...request, headers: shopify.sign(request, SECRET, seededContext(NOW, 't')) },
        SECRET,
        NOW,
      ),
      { valid: true },
    );
  });
});

describe('shopify end to end through bin/hookctl.js and an app using @shopify/shopify-api', () => {
  it('trigger shopify orders/create --to <app>/webhooks verifies; a wrong secret is refused', async (t) => {
    const store = await tempStore(t);
    const app = await startShopifyApp(t, 'S');
    const ok = await runBin(
      ['trigger', 'shopify', 'orders/create', '--to', `${app.url}/webhooks`, '--secret', 'S', '--json'],
      { store },
    );
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.equal(JSON.parse(ok.stdout).status, 200);
    const wrong = await runBin(
      ['trigger', 'shopify', 'orders/create', '--to', `${app.url}/webhooks`, '--secret', 'T'],
      { store },
    );
    assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
    assert.deepEqual(app.received, [
      { valid: true, topic: 'ORDERS_CREATE', path: '/webhooks' },
      { valid: false, topic: null, path: '/webhooks' },
    ]);
  });

  it('through listen forwarding, marked valid; then replay --resign of a badly signed capture verifies', async (t) => {
    const store = await tempStore(t);
    const app = await startShopifyApp(t, 'S');
    const listener = await startListen(t, [app.url, '--verify', 'shopify', '--secret', 'S'], { store });
    const sent = await runBin(
      ['trigger', 'shopify', 'orders/paid', '--to', `${listener.url}/webhooks`, '--secret', 'S'],
      { store },
    );
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'shopify');
    assert.equal(line.event, 'orders/paid');
    assert.equal(line.signature, 'valid');
    assert.deepEqual(app.received, [{ valid: true, topic: 'ORDERS_PAID', path: '/webhooks' }]);

    const bad = await runBin(
      ['trigger', 'shopify', 'refunds/create', '--to', `${listener.url}/webhooks`, '--secret', 'T'],
      { store },
    );
    assert.equal(bad.code, 1);
    const badLine = await listener.next();
    assert.equal(badLine.signature, 'invalid');
    const verdict = await runBin(['verify', badLine.id as string, '--secret', 'S', '--json'], { store });
    assert.equal(JSON.parse(verdict.stdout).reason, 'wrong-secret');

    const replayed = await runBin(
      ['replay', badLine.id as string, '--to', app.url, '--resign', '--secret', 'S', '--json'],
      { store },
    );
    assert.equal(replayed.code, 0, replayed.stdout + replayed.stderr);
    assert.deepEqual(app.received.at(-1), { valid: true, topic: 'REFUNDS_CREATE', path: '/webhooks' });
  });
});
