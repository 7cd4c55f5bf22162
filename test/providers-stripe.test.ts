import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { describe, it } from 'node:test';

import Stripe from 'stripe';
import { type HeaderPair, headerValue, headerValues } from '../src/http/headers.ts';

import { manifestEntry } from '../src/providers/manifest.ts';

import type { JsonObject } from '../src/providers/parse.ts';
import { STRIPE_API_VERSION, stripeIds } from '../src/providers/stripe/fixtures.ts';
import {
  parseStripeSignature,
  STRIPE_DEV_SECRET,
  stripe,
  stripeSignatureHeader,
} from '../src/providers/stripe/index.ts';

import type { FailureReason, ProviderContext } from '../src/providers/types.ts';

import { seededContext, signedEvent } from './helpers/context.ts';

// stripe-node is the oracle: what it accepts, hookctl must produce and accept; never imported by src/.
const sdk = new Stripe('sk_test_x');
const SECRET = 'whsec_test_4eC39HqLyjWDarjtT1zdp7dc';
const WRONG = 'whsec_test_other1234567890abcdefgh';
const NOW = 1_700_000_000_000;

/** Deterministic randomness: a SHA-256 stream of `seed`. */
function context(now = NOW, seed = 'seed'): ProviderContext {
  return seededContext(now, seed);
}

/** What stripe-node says about a request as Express hands it over (repeated headers joined by ", "). */
function sdkAccepts(body: Buffer, headers: readonly HeaderPair[], secret: string, nowMs = NOW): boolean {
  const values = headerValues(headers, 'stripe-signature');
  try {
    sdk.webhooks.constructEvent(
      body,
      values.length > 0 ? values.join(', ') : '',
      secret,
      undefined,
      undefined,
      nowMs,
    );
    return true;
  } catch {
    return false;
  }
}

const signed = (event: string, secret = SECRET, ctx = context()) => signedEvent(stripe, event, secret, ctx);

const signature = (headers: readonly HeaderPair[]) => headerValue(headers, 'stripe-signature') ?? '';

describe('stripe signer', () => {
  it('matches an independently computed HMAC (openssl dgst -sha256 -hmac)', () => {
    const body = '{"id":"evt_test_webhook","object":"event"}';
    assert.equal(
      stripeSignatureHeader(body, 'whsec_test_secret', 1_700_000_000),
      't=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990',
    );
  });

  it('writes the header stripe-node generateTestHeaderString writes, for the same timestamp', async () => {
    const { body, headers } = await signed('payment_intent.succeeded');
    const expected = sdk.webhooks.generateTestHeaderString({
      payload: body.toString('utf8'),
      secret: SECRET,
      timestamp: NOW / 1000,
    });
    assert.equal(signature(headers), expected);
  });

  it('parses the header as stripe-node does: every v1 kept, v0 ignored, t through parseInt', () => {
    assert.deepEqual(parseStripeSignature('t=1700000000,v1=aa,v0=bb,v1=cc'), {
      timestamp: 1_700_000_000,
      signatures: ['aa', 'cc'],
    });
    assert.deepEqual(parseStripeSignature('t=1700000000, v1=aa'), {
      timestamp: 1_700_000_000,
      signatures: [],
    });
    assert.equal(parseStripeSignature('v1=aa').timestamp, -1);
  });

  it('has the settings trigger and verify rely on', () => {
    assert.equal(stripe.secretEnv, 'STRIPE_WEBHOOK_SECRET');
    // The one `--help` shows, and a realistic whsec_ value that stripe-node accepts as a secret.
    assert.equal(stripe.devSecret, manifestEntry('stripe').devSecret);
    assert.equal(STRIPE_DEV_SECRET, manifestEntry('stripe').devSecret);
    assert.match(stripe.devSecret, /^whsec_\w{24,}$/);
    assert.equal(stripe.toleranceSeconds, 300);
    assert.equal(STRIPE_API_VERSION, Stripe.API_VERSION);
  });

  it('signs with the development secret so that stripe-node accepts it', async () => {
    const { body, headers } = await signed('checkout.session.completed', stripe.devSecret);
    assert.ok(sdkAccepts(body, headers, stripe.devSecret));
    assert.deepEqual(stripe.verify({ headers, body }, stripe.devSecret, NOW), { valid: true });
  });

  it('replaces an existing signature in place and keeps the other headers in order', async () => {
    const { headers } = await signed('charge.succeeded');
    const resigned = stripe.sign({ headers, body: Buffer.from('{}') }, SECRET, context(NOW + 60_000));
    assert.deepEqual(
      resigned.map(([name]) => name),
      ['Content-Type', 'User-Agent', 'Cache-Control', 'Accept', 'Stripe-Signature'],
    );
    assert.match(signature(resigned), /^t=1700000060,v1=[0-9a-f]{64}$/);
  });
});

describe('stripe catalogue', async () => {
  const fixtures = await stripe.fixtures();
  const typesSource = await readFile(
    new URL('../node_modules/stripe/esm/resources/Events.d.ts', import.meta.url),
    'utf8',
  );
  const union = /type Type = ([^;]+);/.exec(typesSource)?.[1] ?? '';
  const sdkTypes = [...union.matchAll(/'([^']+)'/g)].map(([, name]) => name as string).sort();

  it('has one template per event type stripe-node types, sorted, each with a one-line description', () => {
    assert.ok(sdkTypes.length > 250, `found ${sdkTypes.length} types`);
    assert.deepEqual(
      fixtures.map(({ event }) => event),
      sdkTypes,
    );
    for (const { event, description } of fixtures) {
      assert.match(description, /^\S[^\n]*[.!?]$/, event);
    }
  });

  for (const { event } of fixtures) {
    it(`${event}: stripe-node accepts the signed delivery and rejects a wrong secret; verify agrees`, async () => {
      const template = await import(`../fixtures/stripe/${event}.json`, { with: { type: 'json' } }).then(
        (module) => module.default as JsonObject,
      );
      const { payload, body, headers } = await signed(event);
      assert.equal(body.toString('utf8'), JSON.stringify(payload, null, 2));
      const parsed = sdk.webhooks.constructEvent(body, signature(headers), SECRET, undefined, undefined, NOW);
      assert.deepEqual(parsed, JSON.parse(body.toString('utf8')));
      assert.equal(parsed.type, event);
      assert.equal(parsed.api_version, STRIPE_API_VERSION);
      assert.deepEqual(stripe.verify({ headers, body }, SECRET, NOW), { valid: true });
      assert.throws(() =>
        sdk.webhooks.constructEvent(body, signature(headers), WRONG, undefined, undefined, NOW),
      );
      assert.equal(verifyReason(body, headers, WRONG), 'wrong-secret');

      assert.equal('previous_attributes' in (payload.data as JsonObject), event.endsWith('.updated'));
      assertFreshIds(template, payload);
    });
  }
});

function verifyReason(body: Buffer, headers: readonly HeaderPair[], secret: string, nowMs = NOW) {
  const result = stripe.verify({ headers, body }, secret, nowMs);
  return result.valid ? 'valid' : result.reason;
}

/** Fresh envelope, `created` now, and each template id mapped to one new id of its prefix, everywhere. */
function assertFreshIds(template: JsonObject, payload: JsonObject) {
  assert.match(String(payload.id), /^evt_1[A-Za-z0-9]{23}$/);
  assert.equal(payload.created, NOW / 1000);
  const request = payload.request as JsonObject;
  assert.match(String(request.id), /^req_[A-Za-z0-9]{14}$/);
  assert.match(
    String(request.idempotency_key),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  const envelope = [template.id, (template.request as JsonObject).id];
  const before = stripeIds(template).filter((id) => !envelope.includes(id));
  const after = stripeIds({ ...payload, id: null, request: null });
  assert.equal(after.length, before.length);
  const prefix = (id: string) => id.slice(0, id.lastIndexOf('_') + 1);
  const text = JSON.stringify(payload);
  let expected = JSON.stringify(template);
  const pairs = before.map((old, index): [string, string] => [old, after[index] ?? '']);
  for (const [old, fresh] of pairs.sort(([a], [b]) => b.length - a.length)) {
    assert.ok(!text.includes(old), `template id ${old} left in the payload`);
    assert.equal(prefix(fresh), prefix(old));
    expected = expected.replaceAll(old, fresh);
  }
  // The template with its ids swapped is the payload, but for the envelope and `created`.
  const event = JSON.parse(expected) as JsonObject;
  Object.assign(event, { id: payload.id, created: payload.created, request: payload.request });
  const object = (event.data as JsonObject).object as JsonObject;
  if (typeof object.created === 'number') object.created = NOW / 1000;
  assert.deepEqual(payload, event);
}

/** The resource of a built-in event's fresh payload. */
async function resource(event: string, ctx = context()): Promise<JsonObject> {
  const payload = await stripe.payload(event, ctx);
  assert.ok(payload, event);
  return (payload.data as JsonObject).object as JsonObject;
}

describe('stripe payloads', () => {
  it('fits the resource to the event', async () => {
    const object = (event: string) => resource(event);
    assert.equal((await object('payment_intent.succeeded')).status, 'succeeded');
    const failed = await object('payment_intent.payment_failed');
    assert.equal(failed.status, 'requires_payment_method');
    assert.equal((failed.last_payment_error as JsonObject).code, 'card_declined');
    assert.equal((await object('charge.dispute.created')).object, 'dispute');
    assert.equal((await object('customer.subscription.deleted')).status, 'canceled');
    assert.equal((await object('checkout.session.completed')).payment_status, 'paid');
  });

  it('keeps ids consistent inside one event: a client secret starts with its intent id', async () => {
    const object = await resource('payment_intent.succeeded');
    assert.ok(String(object.client_secret).startsWith(`${object.id}_secret_`));
    assert.match(String(object.latest_charge), /^ch_[A-Za-z0-9]{14,}$/);
  });

  it('is deterministic for one context and fresh for another', async () => {
    const first = await stripe.payload('invoice.paid', context());
    assert.deepEqual(await stripe.payload('invoice.paid', context()), first);
    const other = await stripe.payload('invoice.paid', context(NOW, 'other'));
    assert.notEqual(other?.id, first?.id);
    assert.notDeepEqual(
      await resource('invoice.paid', context(NOW, 'other')),
      await resource('invoice.paid'),
    );
  });

  it('returns null for an unknown event', async () => {
    assert.equal(await stripe.payload('payment_intent.exploded', context()), null);
  });

  it('uses --data as the event, or wraps a bare resource the way Stripe does', async () => {
    const event = {
      id: 'evt_1Custom0000000001',
      object: 'event',
      type: 'custom.thing',
      data: { object: {} },
    };
    const fromEvent = await stripe.payload('custom.thing', context(), event);
    assert.equal(fromEvent?.type, 'custom.thing');
    const wrapped = await stripe.payload('payment_intent.created', context(), {
      id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      object: 'payment_intent',
      amount: 5000,
    });
    assert.ok(wrapped);
    assert.equal(wrapped.object, 'event');
    assert.equal(wrapped.type, 'payment_intent.created');
    assert.equal(wrapped.api_version, STRIPE_API_VERSION);
    const object = (wrapped.data as JsonObject).object as JsonObject;
    assert.equal(object.amount, 5000);
    assert.match(String(object.id), /^pi_[A-Za-z0-9]{24}$/);
    const request = stripe.encode('payment_intent.created', wrapped, context());
    assert.ok(sdkAccepts(request.body, stripe.sign(request, SECRET, context()), SECRET));
  });
});

describe('stripe verify explains each failure as stripe-node rejects it', async () => {
  const { body, headers } = await signed('payment_intent.succeeded');
  const good = signature(headers);
  const v1 = good.split('v1=')[1] ?? '';
  const t = NOW / 1000;
  const withSignature = (value: string | null): HeaderPair[] =>
    value === null
      ? headers.filter(([name]) => name !== 'Stripe-Signature')
      : headers.map(([name, old]): HeaderPair => [name, name === 'Stripe-Signature' ? value : old]);
  const compact = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
  const cases: Array<{
    name: string;
    headers: HeaderPair[];
    body?: Buffer;
    secret?: string;
    nowMs?: number;
    reason: FailureReason | 'valid';
    says?: RegExp;
  }> = [
    { name: 'a fresh delivery', headers, reason: 'valid' },
    {
      name: 'secret rotation: two v1 entries, one right, and a v0 that is ignored',
      headers: withSignature(`t=${t},v1=${'0'.repeat(64)},v1=${v1},v0=${'f'.repeat(64)}`),
      reason: 'valid',
    },
    {
      name: 'a timestamp in the future (only old ones are rejected)',
      headers,
      nowMs: NOW - 3_600_000,
      reason: 'valid',
    },
    { name: 'exactly 300 s old', headers, nowMs: NOW + 300_000, reason: 'valid' },
    { name: 'a proxy dropped the header', headers: withSignature(null), reason: 'missing-header' },
    { name: 'an empty header', headers: withSignature(''), reason: 'missing-header' },
    {
      name: 'a proxy added spaces after the commas',
      headers: withSignature(`t=${t}, v1=${v1}`),
      reason: 'malformed-header',
      says: /without spaces/,
    },
    { name: 'no timestamp', headers: withSignature(`v1=${v1}`), reason: 'malformed-header' },
    { name: 'bare hex', headers: withSignature(v1), reason: 'encoding-mixup', says: /bare hex/ },
    {
      name: 'base64 where hex is expected',
      headers: withSignature(`t=${t},v1=${Buffer.from(v1, 'hex').toString('base64')}`),
      reason: 'encoding-mixup',
      says: /base64/,
    },
    {
      name: 'Standard Webhooks style v1,',
      headers: withSignature(`v1,${Buffer.from(v1, 'hex').toString('base64')}`),
      reason: 'encoding-mixup',
    },
    { name: 'GitHub style sha256=', headers: withSignature(`sha256=${v1}`), reason: 'encoding-mixup' },
    { name: 'only a v0 signature', headers: withSignature(`t=${t},v0=${v1}`), reason: 'encoding-mixup' },
    {
      name: 'replayed 10 minutes later',
      headers,
      nowMs: NOW + 600_000,
      reason: 'stale-timestamp',
      says: /10 minutes old.*--resign/,
    },
    { name: '301 s old', headers, nowMs: NOW + 301_000, reason: 'stale-timestamp' },
    {
      name: 'milliseconds in t',
      headers: withSignature(`t=${NOW},v1=${v1}`),
      reason: 'future-timestamp',
      says: /milliseconds/,
    },
    {
      name: 'express.json() then JSON.stringify',
      headers,
      body: compact,
      reason: 'body-changed',
      says: /indented JSON \(2 spaces\)/,
    },
    {
      name: 'a trailing newline added by a relay',
      headers,
      body: Buffer.concat([body, Buffer.from('\n')]),
      reason: 'body-changed',
    },
    { name: 'a secret with a trailing newline', headers, secret: `${SECRET}\n`, reason: 'secret-whitespace' },
    { name: 'the Dashboard secret instead of the CLI one', headers, secret: WRONG, reason: 'wrong-secret' },
    { name: 'an API key as the secret', headers, secret: 'sk_test_x', reason: 'wrong-secret', says: /sk_/ },
    { name: 'no secret at all', headers, secret: ' ', reason: 'wrong-secret', says: /STRIPE_WEBHOOK_SECRET/ },
    {
      name: 'a proxy repeated the header (Node joins the values)',
      headers: [...headers, ['Stripe-Signature', `t=${t},v1=${'0'.repeat(64)}`]],
      reason: 'valid',
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: ${testCase.reason}`, () => {
      const requestBody = testCase.body ?? body;
      const secret = testCase.secret ?? SECRET;
      const nowMs = testCase.nowMs ?? NOW;
      const result = stripe.verify({ headers: testCase.headers, body: requestBody }, secret, nowMs);
      assert.equal(result.valid ? 'valid' : result.reason, testCase.reason);
      if (!result.valid && testCase.says) assert.match(result.message, testCase.says);
      assert.equal(sdkAccepts(requestBody, testCase.headers, secret, nowMs), testCase.reason === 'valid');
    });
  }
});
