import assert from 'node:assert/strict';
import { timingSafeEqual } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type HeaderPair, headerValue, headerValues } from '../src/http/headers.ts';
import { GITLAB_DEV_SECRET, gitlab } from '../src/providers/gitlab/index.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { standardSignature } from '../src/providers/standard-webhooks/index.ts';
import type { FailureReason, InboundRequest } from '../src/providers/types.ts';
import { seededContext, signedEvent } from './helpers/context.ts';

// The oracles: for a secret token, what a GitLab receiver does (the header equals the token, compared in
// constant time: GitLab signs nothing); for a signing token, the `standardwebhooks` SDK, whose scheme
// GitLab's signing token follows. The SDK reads Date.now() itself, so the clock is mocked for the file.
const NOW = 1_764_590_400_000;
before(() => mock.timers.enable({ apis: ['Date'], now: NOW }));
after(() => mock.timers.reset());

const TOKEN = 'glwt-9c1f7d2e4a6b8c0d';
const SIGNING = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const OTHER_SIGNING = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;

function tokenOracle({ headers }: InboundRequest, token: string): boolean {
  const values = headerValues(headers, 'x-gitlab-token');
  if (values.length !== 1) return false;
  const got = Buffer.from(values[0] ?? '');
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

function sdkAccepts({ headers, body }: InboundRequest, secret: string): boolean {
  const object: Record<string, string> = {};
  for (const [name, value] of headers) object[name.toLowerCase()] = value;
  try {
    new Webhook(secret).verify(body.toString('utf8'), object);
    return true;
  } catch {
    return false;
  }
}

/** One byte of the body changed: the first digit becomes another. */
function oneByteChanged(request: InboundRequest): InboundRequest {
  const body = Buffer.from(request.body);
  const at = body.findIndex((byte) => byte >= 0x30 && byte <= 0x39);
  body[at] = body[at] === 0x39 ? 0x38 : (body[at] ?? 0) + 1;
  return { headers: request.headers, body };
}

const signed = (event: string, secret: string, nowMs = NOW) =>
  signedEvent(gitlab, event, secret, seededContext(nowMs, `gitlab:${event}`));

describe('gitlab signing token: known answer (the Standard Webhooks example, signed as GitLab signs)', () => {
  it('uses the Idempotency-Key as webhook-id and signs id.timestamp.body with the decoded key', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const headers: HeaderPair[] = [['Idempotency-Key', 'msg_p5jXN8AQM9LWM0D4loKWxJek']];
    const out = gitlab.sign(
      { headers, body: Buffer.from('{"test": 2432232314}') },
      secret,
      seededContext(1_614_265_330_000, 'k'),
    );
    assert.deepEqual(out, [
      ['Idempotency-Key', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-timestamp', '1614265330'],
      ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ]);
  });

  it('a secret token travels as it is, and re-signing swaps one proof for the other', () => {
    const body = Buffer.from('{}');
    const withToken = gitlab.sign(
      { headers: [['Idempotency-Key', 'k1']], body },
      TOKEN,
      seededContext(NOW, 't'),
    );
    assert.deepEqual(withToken, [
      ['Idempotency-Key', 'k1'],
      ['X-Gitlab-Token', TOKEN],
    ]);
    const signedNow = gitlab.sign({ headers: withToken, body }, SIGNING, seededContext(NOW, 't'));
    assert.equal(headerValue(signedNow, 'x-gitlab-token'), null, 'a signing token never travels');
    const back = gitlab.sign({ headers: signedNow, body }, TOKEN, seededContext(NOW, 't'));
    assert.deepEqual(back, withToken);
  });
});

describe('gitlab: a webhook with both a secret token and a signing token', () => {
  const both = `${TOKEN} ${SIGNING}`;

  it('sends both proofs, and verify wants both', async () => {
    const request = await signed('merge_request.merge', both);
    assert.ok(tokenOracle(request, TOKEN));
    assert.ok(sdkAccepts(request, SIGNING));
    assert.deepEqual(gitlab.verify(request, both, NOW), { valid: true });
    const badToken = gitlab.verify(request, `glwt-other ${SIGNING}`, NOW);
    assert.equal(!badToken.valid && badToken.reason, 'wrong-secret');
    const badKey = gitlab.verify(request, `${TOKEN} ${OTHER_SIGNING}`, NOW);
    assert.equal(!badKey.valid && badKey.reason, 'wrong-secret');
    assert.match(!badKey.valid ? badKey.message : '', /signing token/);
    // A changed body: the token still matches, the signature does not.
    assert.equal(gitlab.verify(oneByteChanged(request), both, NOW).valid, false);
    const tokenOnly = await signed('merge_request.merge', TOKEN);
    const missing = gitlab.verify(tokenOnly, both, NOW);
    assert.equal(!missing.valid && missing.reason, 'missing-header');
  });
});

describe('gitlab catalogue through the oracles', async () => {
  const fixtures = await gitlab.fixtures();

  for (const { event } of fixtures) {
    it(`${event}: token and signing token both judged as the oracles judge them`, async () => {
      const token = await signed(event, TOKEN);
      assert.ok(tokenOracle(token, TOKEN));
      const verdict = gitlab.verify(token, TOKEN, NOW);
      assert.equal(verdict.valid, true);
      assert.match(verdict.valid ? (verdict.note ?? '') : '', /a changed body passes as well/);
      // Nothing is signed: a changed body passes for GitLab's receivers and for verify alike.
      assert.ok(tokenOracle(oneByteChanged(token), TOKEN));
      assert.equal(gitlab.verify(oneByteChanged(token), TOKEN, NOW).valid, true);
      assert.equal(tokenOracle(token, `${TOKEN}x`), false);
      const wrong = gitlab.verify(token, `${TOKEN}x`, NOW);
      assert.equal(!wrong.valid && wrong.reason, 'wrong-secret');

      const request = await signed(event, SIGNING);
      assert.equal(
        headerValue(request.headers, 'webhook-id'),
        headerValue(request.headers, 'idempotency-key'),
      );
      assert.ok(sdkAccepts(request, SIGNING), 'the SDK rejected the right signing token');
      assert.deepEqual(gitlab.verify(request, SIGNING, NOW), { valid: true });
      assert.equal(sdkAccepts(oneByteChanged(request), SIGNING), false, 'the SDK accepted a changed body');
      assert.equal(gitlab.verify(oneByteChanged(request), SIGNING, NOW).valid, false);
      assert.equal(sdkAccepts(request, OTHER_SIGNING), false);
      const other = gitlab.verify(request, OTHER_SIGNING, NOW);
      assert.equal(!other.valid && other.reason, 'wrong-secret');
      const stale = await signed(event, SIGNING, NOW - 600_000);
      assert.equal(sdkAccepts(stale, SIGNING), false, 'the SDK accepted a 10-minute-old signature');
      const late = gitlab.verify(stale, SIGNING, NOW);
      assert.equal(!late.valid && late.reason, 'stale-timestamp');

      assert.deepEqual(gitlab.detect(request), { provider: 'gitlab', event });
      assert.deepEqual(detectProvider(request), { provider: 'gitlab', event });
      assert.equal(headerValue(request.headers, 'content-type'), 'application/json');
      assert.equal(request.body.toString('utf8'), JSON.stringify(request.payload), 'compact JSON');
    });
  }
});

describe('gitlab detection and delivery', () => {
  const body = Buffer.from('{"object_kind":"merge_request","object_attributes":{"action":"merge"}}');
  const cases: Array<[string, HeaderPair[], string | null]> = [
    ['X-Gitlab-Event', [['X-Gitlab-Event', 'Merge Request Hook']], 'gitlab'],
    ['the user agent alone', [['User-Agent', 'GitLab/18.6.1']], 'gitlab'],
    ['a token alone', [['X-Gitlab-Token', 'abc']], 'gitlab'],
    [
      'signing headers and X-Gitlab-Event: GitLab, not generic',
      [
        ['webhook-id', 'a'],
        ['webhook-signature', 'v1,x'],
        ['X-Gitlab-Instance', 'https://gitlab.example.com'],
      ],
      'gitlab',
    ],
    [
      'signing headers only: generic Standard Webhooks',
      [
        ['webhook-id', 'a'],
        ['webhook-signature', 'v1,x'],
      ],
      'standard-webhooks',
    ],
  ];
  for (const [what, headers, provider] of cases) {
    it(`${what} → ${provider}`, () =>
      assert.equal(detectProvider({ headers, body })?.provider ?? null, provider));
  }

  it('names events object_kind.action, or the group event_name', () => {
    const detect = (payload: object) =>
      gitlab.detect({ headers: [['X-Gitlab-Event', 'x']], body: Buffer.from(JSON.stringify(payload)) })
        ?.event;
    assert.equal(
      detect({ object_kind: 'merge_request', object_attributes: { action: 'merge' } }),
      'merge_request.merge',
    );
    assert.equal(detect({ object_kind: 'release', action: 'delete' }), 'release.delete');
    assert.equal(detect({ object_kind: 'push' }), 'push');
    assert.equal(detect({ event_name: 'user_add_to_group' }), 'user_add_to_group');
    assert.equal(
      gitlab.detect({ headers: [['X-Gitlab-Event', 'Push Hook']], body: Buffer.from('not json') })?.event,
      null,
    );
  });

  it('waits 10 s, never retries, and keeps the Idempotency-Key across a resend', async () => {
    const request = await signed('push', TOKEN);
    assert.equal(gitlab.delivery.deadlineMs, 10_000);
    assert.deepEqual(gitlab.delivery.retryDelaysMs, []);
    assert.equal(gitlab.delivery.eventId(request), headerValue(request.headers, 'idempotency-key'));
    assert.match(headerValue(request.headers, 'x-gitlab-event-uuid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(headerValue(request.headers, 'x-gitlab-event'), 'Push Hook');
  });
});

describe('gitlab verify explains failures', async () => {
  const token = await signed('issue.open', TOKEN);
  const sig = await signed('issue.open', SIGNING);
  const without = (request: InboundRequest, name: string): InboundRequest => ({
    headers: request.headers.filter(([key]) => key.toLowerCase() !== name),
    body: request.body,
  });
  const withHeader = (request: InboundRequest, pair: HeaderPair): InboundRequest => ({
    headers: [...without(request, pair[0].toLowerCase()).headers, pair],
    body: request.body,
  });
  const signature = headerValue(sig.headers, 'webhook-signature') ?? '';
  const pretty = {
    headers: sig.headers,
    body: Buffer.from(JSON.stringify(JSON.parse(`${sig.body}`), null, 2)),
  };
  const dev = await signed('issue.open', GITLAB_DEV_SECRET);
  const utf8Key = standardSignature(
    Buffer.from(SIGNING),
    headerValue(sig.headers, 'webhook-id') ?? '',
    String(NOW / 1000),
    sig.body,
  );

  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp, number?]> = [
    ['no token header', without(token, 'x-gitlab-token'), TOKEN, 'missing-header', /Secret token/],
    ['a signed delivery checked with a token', sig, TOKEN, 'missing-header', /signing token \(`whsec_…`\)/],
    ['a token delivery checked with a signing token', token, SIGNING, 'missing-header', /no signing token/],
    [
      'the token twice',
      { headers: [...token.headers, ['X-Gitlab-Token', TOKEN]], body: token.body },
      TOKEN,
      'malformed-header',
      /2 times/,
    ],
    ['a token with a newline', token, `${TOKEN}\n`, 'secret-whitespace', /trimmed/],
    ['the development token', dev, TOKEN, 'wrong-secret', /development token/],
    ['another token', token, 'glwt-other', 'wrong-secret', /Secret token of this webhook/],
    [
      'a signing token sent as the token',
      withHeader(token, ['X-Gitlab-Token', SIGNING]),
      TOKEN,
      'encoding-mixup',
      /never sends a signing token/,
    ],
    ['a re-serialized body', pretty, SIGNING, 'body-changed', /raw request bytes/],
    ['replayed 10 minutes later', sig, SIGNING, 'stale-timestamp', /10 minutes old.*--resign/, NOW + 600_000],
    ['the sender clock ahead', sig, SIGNING, 'future-timestamp', /in the future/, NOW - 600_000],
    [
      'the whole whsec_ string as key',
      withHeader(sig, ['webhook-signature', utf8Key]),
      SIGNING,
      'encoding-mixup',
      /decoded/,
    ],
    [
      'v1= like Stripe',
      withHeader(sig, ['webhook-signature', signature.replace('v1,', 'v1=')]),
      SIGNING,
      'encoding-mixup',
      /v1=/,
    ],
    ['a signing token with a leading space', sig, ` ${SIGNING}`, 'secret-whitespace', /trimmed/],
    ['another signing token', sig, OTHER_SIGNING, 'wrong-secret', /webhook's signing token/],
  ];
  for (const [name, request, secret, reason, message, nowMs = NOW] of cases) {
    it(`${name} → ${reason}`, () => {
      const result = gitlab.verify(request, secret, nowMs);
      assert.equal(!result.valid && result.reason, reason, JSON.stringify(result));
      assert.match(!result.valid ? result.message : '', message);
      const oracle = secret.trim().startsWith('whsec_')
        ? sdkAcceptsAt(request, secret, nowMs)
        : tokenOracle(request, secret);
      assert.equal(oracle, false, 'the oracle accepted what verify rejects');
    });
  }
});

function sdkAcceptsAt(request: InboundRequest, secret: string, nowMs: number): boolean {
  mock.timers.setTime(nowMs);
  try {
    return sdkAccepts(request, secret);
  } finally {
    mock.timers.setTime(NOW);
  }
}
