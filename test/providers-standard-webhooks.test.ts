import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';

import { Webhook } from 'standardwebhooks';

import { type HeaderPair, headerValue } from '../src/http/headers.ts';

import { standardSignature, standardWebhooks } from '../src/providers/standard-webhooks/index.ts';

import type { FailureReason, InboundRequest, ProviderContext } from '../src/providers/types.ts';

import { seededContext, signedEvent } from './helpers/context.ts';

// The SDK reads Date.now() itself, so the clock is mocked for the whole file.
const NOW = 1_700_000_000_000;
before(() => mock.timers.enable({ apis: ['Date'], now: NOW }));
after(() => mock.timers.reset());

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const WRONG = 'whsec_plJ3nmyCDGBKInavdOK15jsl4t+7s6eAmA6Df7EL8UY=';

function context(nowMs = NOW, seed = 'standard'): ProviderContext {
  return seededContext(nowMs, seed);
}

/** The SDK reads only `webhook-*`; `svix-*` names are renamed for it, as the svix package does. */
function sdkAccepts({ headers, body }: InboundRequest, secret: string): boolean {
  const object: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase().replace(/^svix-/, 'webhook-');
    object[key] = key in object ? `${object[key]}, ${value}` : value;
  }
  try {
    new Webhook(secret).verify(body.toString('utf8'), object);
    return true;
  } catch {
    return false;
  }
}

const signed = (event: string, secret = SECRET, ctx = context()) =>
  signedEvent(standardWebhooks, event, secret, ctx);

const toSvix = (headers: readonly HeaderPair[]) =>
  headers.map(([name, value]): HeaderPair => [name.replace(/^webhook-/, 'svix-'), value]);

describe('standard webhooks signing: known answer from the Svix docs', () => {
  const body = Buffer.from('{"test": 2432232314}');
  const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

  it('signs the docs message', () => {
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    assert.equal(standardSignature(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', body), expected);
  });

  it('keeps the svix-* names and the id a request already has', () => {
    const headers: HeaderPair[] = [
      ['Content-Type', 'application/json'],
      ['Svix-Id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
    ];
    const out = standardWebhooks.sign({ headers, body }, SECRET, context(1_614_265_330_000));
    assert.deepEqual(out, [
      ['Content-Type', 'application/json'],
      ['Svix-Id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['svix-timestamp', '1614265330'],
      ['svix-signature', expected],
    ]);
    assert.deepEqual(standardWebhooks.verify({ headers: out, body }, SECRET, 1_614_265_330_000), {
      valid: true,
    });
  });

  it('adds webhook-* headers with a fresh msg_ id when the request has none', () => {
    const out = standardWebhooks.sign({ headers: [], body }, SECRET, context());
    assert.match(headerValue(out, 'webhook-id') ?? '', /^msg_[0-9A-Za-z]{27}$/);
    assert.equal(headerValue(out, 'webhook-timestamp'), String(NOW / 1000));
  });
});

describe('standard webhooks catalogue', async () => {
  const fixtures = await standardWebhooks.fixtures();

  it('has Clerk and Resend events, sorted, with descriptions', () => {
    const events = fixtures.map((fixture) => fixture.event);
    assert.ok(events.length >= 6 && events.length <= 10);
    assert.deepEqual(events, [...events].sort());
    for (const name of ['user.created', 'session.created', 'email.sent', 'email.bounced']) {
      assert.ok(events.includes(name));
    }
    for (const { description } of fixtures) assert.match(description, /^(Clerk|Resend): [^\n]+$/);
  });

  it('returns null for an unknown event', async () => {
    assert.equal(await standardWebhooks.payload('invoice.nope', context()), null);
  });

  for (const { event } of fixtures) {
    it(`${event}: the SDK accepts it, rejects a wrong secret, and verify agrees`, async () => {
      const request = await signed(event);
      assert.ok(sdkAccepts(request, SECRET), 'the SDK rejected the right secret');
      assert.deepEqual(standardWebhooks.verify(request, SECRET, NOW), { valid: true });
      assert.equal(sdkAccepts(request, WRONG), false, 'the SDK accepted a wrong secret');
      const wrong = standardWebhooks.verify(request, WRONG, NOW);
      assert.equal(!wrong.valid && wrong.reason, 'wrong-secret');
      assert.deepEqual(standardWebhooks.detect(request), { provider: 'standard-webhooks', event });
      assert.equal(headerValue(request.headers, 'content-type'), 'application/json');
      const svix = { headers: toSvix(request.headers), body: request.body };
      assert.deepEqual(standardWebhooks.verify(svix, SECRET, NOW), { valid: true }, 'svix-* names');
      assert.ok(sdkAccepts(svix, SECRET));
    });
  }

  it('fills fresh ids and moves every timestamp to now', async () => {
    const clerk = await standardWebhooks.payload('session.created', context(NOW + 60_000));
    assert.ok(clerk);
    assert.equal(clerk.timestamp, NOW + 60_000);
    const session = clerk.data as Record<string, number | string>;
    assert.match(String(session.id), /^sess_[0-9A-Za-z]{27}$/);
    assert.notEqual(session.id, 'sess_2XgMC1vN8sKq5bTj0rYw7hEaLmF');
    assert.equal(Number(session.expire_at) - Number(session.created_at), 604_800_000 + 200);
    const resend = await standardWebhooks.payload(
      'email.delivered',
      context(Date.parse('2025-01-02T03:04:05.000Z')),
    );
    assert.ok(resend);
    assert.equal(resend.created_at, '2025-01-02T03:04:05.000Z');
    const email = resend.data as Record<string, string>;
    assert.equal(email.created_at, '2025-01-02T03:04:04.768719+00:00');
    assert.match(
      email.email_id ?? '',
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const encoded = standardWebhooks.encode('email.delivered', resend, context());
    assert.equal(encoded.body.toString('utf8'), JSON.stringify(resend));
  });
});

describe('standard webhooks verify explains failures', async () => {
  const request = await signed('user.created');
  const signature = headerValue(request.headers, 'webhook-signature') ?? '';
  const digest = signature.slice(3);
  const edit = (name: string, value: string | null): InboundRequest => ({
    headers: request.headers.flatMap(([key, old]): HeaderPair[] =>
      key !== name ? [[key, old]] : value === null ? [] : [[key, value]],
    ),
    body: request.body,
  });
  const stripeStyle = standardSignature(
    Buffer.from(SECRET, 'utf8'),
    headerValue(request.headers, 'webhook-id') ?? '',
    String(NOW / 1000),
    request.body,
  );
  const msTimestamp = (() => {
    const ctx = context();
    const id = headerValue(request.headers, 'webhook-id') ?? '';
    const key = Buffer.from(SECRET.slice(6), 'base64');
    const headers: HeaderPair[] = [
      ['webhook-id', id],
      ['webhook-timestamp', String(ctx.now())],
      ['webhook-signature', standardSignature(key, id, String(ctx.now()), request.body)],
    ];
    return { headers, body: request.body };
  })();

  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp, number?]> = [
    [
      'no signature header',
      edit('webhook-signature', null),
      SECRET,
      'missing-header',
      /webhook-signature is/,
    ],
    ['no id header', edit('webhook-id', null), SECRET, 'missing-header', /webhook-id is missing/],
    [
      'id duplicated by a proxy',
      {
        headers: [...request.headers, ['webhook-id', 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W']],
        body: request.body,
      },
      SECRET,
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'timestamp not a number',
      edit('webhook-timestamp', 'yesterday'),
      SECRET,
      'malformed-header',
      /unix seconds/,
    ],
    ['garbage signature', edit('webhook-signature', 'v2:abc'), SECRET, 'malformed-header', /v1,<base64>/],
    ['v1= like Stripe', edit('webhook-signature', `v1=${digest}`), SECRET, 'encoding-mixup', /v1=/],
    ['bare base64', edit('webhook-signature', digest), SECRET, 'encoding-mixup', /without the `v1,`/],
    [
      'hex instead of base64',
      edit('webhook-signature', Buffer.from(digest, 'base64').toString('hex')),
      SECRET,
      'encoding-mixup',
      /bare hex/,
    ],
    [
      'whole whsec_ string as key',
      edit('webhook-signature', stripeStyle),
      SECRET,
      'encoding-mixup',
      /decoded/,
    ],
    [
      'replayed 10 minutes later',
      request,
      SECRET,
      'stale-timestamp',
      /10 minutes old.*--resign/,
      NOW + 600_000,
    ],
    ['sender clock ahead', request, SECRET, 'future-timestamp', /in the future/, NOW - 600_000],
    ['milliseconds timestamp', msTimestamp, SECRET, 'future-timestamp', /milliseconds/],
    [
      'body pretty-printed by a relay',
      { headers: request.headers, body: Buffer.from(JSON.stringify(JSON.parse(`${request.body}`), null, 2)) },
      SECRET,
      'body-changed',
      /compact JSON.*raw request bytes/,
    ],
    ['secret from a CRLF .env file', request, `${SECRET}\r\n`, 'secret-whitespace', /trimmed/],
    ['secret pasted with a leading space', request, ` ${SECRET}`, 'secret-whitespace', /trimmed/],
    ['another endpoint’s secret', request, WRONG, 'wrong-secret', /endpoint's signing secret/],
  ];

  for (const [name, broken, secret, reason, message, nowMs = NOW] of cases) {
    it(`${name} → ${reason}`, () => {
      const result = standardWebhooks.verify(broken, secret, nowMs);
      assert.equal(result.valid, false);
      assert.equal(!result.valid && result.reason, reason);
      assert.match(!result.valid ? result.message : '', message);
      mock.timers.setTime(nowMs);
      try {
        assert.equal(sdkAccepts(broken, secret), false, 'the SDK accepted what verify rejects');
      } finally {
        mock.timers.setTime(NOW);
      }
    });
  }

  // Where the SDK is lenient, verify is too: Node joins a repeated header with `, ` and the SDK splits
  // signatures at spaces; its base64 decoder ignores one character after the last full group.
  const lenient: Array<[string, InboundRequest, string]> = [
    [
      'signature header repeated',
      { headers: [...request.headers, ['webhook-signature', signature]], body: request.body },
      SECRET,
    ],
    [
      'rotated secret: one of two signatures matches',
      edit('webhook-signature', `v1,${Buffer.alloc(32).toString('base64')} ${signature}`),
      SECRET,
    ],
    ['secret with one trailing newline', request, `${SECRET}\n`],
    ['secret without the whsec_ prefix', request, SECRET.slice('whsec_'.length)],
  ];
  for (const [name, accepted, secret] of lenient) {
    it(`${name} → valid, as the SDK says`, () => {
      assert.ok(sdkAccepts(accepted, secret));
      assert.deepEqual(standardWebhooks.verify(accepted, secret, NOW), { valid: true });
    });
  }
});

it('the development secret is one the SDK accepts', async () => {
  const request = await signed('email.sent', standardWebhooks.devSecret);
  assert.ok(sdkAccepts(request, standardWebhooks.devSecret));
});
