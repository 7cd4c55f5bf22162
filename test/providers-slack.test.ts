import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { verifySlackRequest } from '@slack/bolt';

import { type HeaderPair, headerValue } from '../src/http/headers.ts';

import { slack, slackSignature } from '../src/providers/slack/index.ts';

import type { FailureReason, InboundRequest, ProviderContext } from '../src/providers/types.ts';

import { seededContext, signedEvent } from './helpers/context.ts';

const NOW = 1_700_000_000_000;
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const WRONG = 'e6b19c3f0d8a4a2b9f7c1d5e3a0b8c6d';

/** Deterministic randomness: the same seed gives the same bytes, so payloads are reproducible. */
function context(nowMs = NOW, seed = 'slack'): ProviderContext {
  return seededContext(nowMs, seed);
}

/** Bolt's check, fed what a Node server hands it: duplicate headers joined with `, `. */
function boltAccepts({ headers, body }: InboundRequest, secret: string, nowMs = NOW): boolean {
  const joined = (name: string) => {
    const values = headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
    return values.length === 0 ? undefined : values.join(', ');
  };
  try {
    verifySlackRequest({
      signingSecret: secret,
      body: body.toString('utf8'),
      headers: {
        'x-slack-signature': joined('x-slack-signature') as string,
        'x-slack-request-timestamp': joined('x-slack-request-timestamp') as unknown as number,
      },
      nowMilliseconds: nowMs,
    });
    return true;
  } catch {
    return false;
  }
}

const signed = (event: string, secret = SECRET, ctx = context()) => signedEvent(slack, event, secret, ctx);

// https://api.slack.com/authentication/verifying-requests-from-slack
const DOCS_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOCS_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('slack signing: known answer from Slack docs', () => {
  it('signs the docs slash command', () => {
    assert.equal(slackSignature(SECRET, '1531420618', Buffer.from(DOCS_BODY)), DOCS_SIGNATURE);
  });

  it('encodes the docs form fields to the docs bytes and signs them at the docs time', () => {
    const fields = Object.fromEntries(new URLSearchParams(DOCS_BODY));
    const request = slack.encode('slash_command', fields, context());
    assert.equal(request.body.toString('utf8'), DOCS_BODY);
    assert.equal(headerValue(request.headers, 'content-type'), 'application/x-www-form-urlencoded');
    const headers = slack.sign(request, SECRET, context(1_531_420_618_000));
    assert.equal(headerValue(headers, 'x-slack-request-timestamp'), '1531420618');
    assert.equal(headerValue(headers, 'x-slack-signature'), DOCS_SIGNATURE);
    assert.deepEqual(slack.verify({ headers, body: request.body }, SECRET, 1_531_420_618_000), {
      valid: true,
    });
    assert.ok(boltAccepts({ headers, body: request.body }, SECRET, 1_531_420_618_000));
  });

  it('re-signing replaces the signature headers in place', () => {
    const headers: HeaderPair[] = [
      ['Host', 'example.test'],
      ['x-slack-signature', 'v0=00'],
      ['x-slack-request-timestamp', '1'],
    ];
    const out = slack.sign({ headers, body: Buffer.from(DOCS_BODY) }, SECRET, context(1_531_420_618_000));
    assert.deepEqual(out, [
      ['Host', 'example.test'],
      ['x-slack-signature', DOCS_SIGNATURE],
      ['x-slack-request-timestamp', '1531420618'],
    ]);
  });
});

describe('slack catalogue', async () => {
  const fixtures = await slack.fixtures();

  it('has the events the contract names, sorted, with one-line descriptions', () => {
    assert.ok(fixtures.length >= 22, `only ${fixtures.length} fixtures`);
    const events = fixtures.map((fixture) => fixture.event);
    assert.deepEqual(events, [...events].sort());
    for (const name of [
      'url_verification',
      'app_mention',
      'slash_command',
      'block_actions',
      'view_submission',
    ]) {
      assert.ok(events.includes(name), name);
    }
    for (const { description } of fixtures) assert.match(description, /^[^\n]{10,}$/);
  });

  it('returns null for an unknown event', async () => {
    assert.equal(await slack.payload('no_such_event', context()), null);
  });

  for (const { event } of fixtures) {
    it(`${event}: Bolt accepts it, rejects a wrong secret, and verify agrees`, async () => {
      const request = await signed(event);
      assert.ok(boltAccepts(request, SECRET), 'Bolt rejected the right secret');
      assert.deepEqual(slack.verify(request, SECRET, NOW), { valid: true });
      assert.equal(boltAccepts(request, WRONG), false, 'Bolt accepted a wrong secret');
      const wrong = slack.verify(request, WRONG, NOW);
      assert.equal(wrong.valid, false);
      assert.equal(!wrong.valid && wrong.reason, 'wrong-secret');
      assert.deepEqual(slack.detect(request), { provider: 'slack', event });
      assert.equal(
        headerValue(request.headers, 'user-agent'),
        'Slackbot 1.0 (+https://api.slack.com/robots)',
      );
    });
  }

  it('fills fresh ids and times from the context, deterministically', async () => {
    const first = await slack.payload('app_mention', context(NOW, 'a'));
    const again = await slack.payload('app_mention', context(NOW, 'a'));
    const other = await slack.payload('app_mention', context(NOW + 1000, 'b'));
    assert.deepEqual(first, again);
    assert.ok(first && other);
    assert.match(String(first.event_id), /^Ev[0-9A-Z]{10}$/);
    assert.notEqual(first.event_id, other.event_id);
    assert.equal(first.event_time, NOW / 1000);
    const inner = first.event as Record<string, string>;
    assert.match(inner.ts ?? '', /^1700000000\.\d{6}$/);
    assert.equal(inner.event_ts, inner.ts);
    const command = await slack.payload('slash_command', context());
    assert.match(String(command?.trigger_id), /^\d{13}\.\d{10}\.[0-9a-f]{32}$/);
    const check = await slack.payload('url_verification', context());
    assert.match(String(check?.challenge), /^[0-9A-Za-z]{52}$/);
  });

  it('sends events as compact JSON, commands as fields in order, interactivity as payload=JSON', async () => {
    const ctx = context();
    const mention = await slack.payload('app_mention', ctx);
    assert.ok(mention);
    const json = slack.encode('app_mention', mention, ctx);
    assert.equal(headerValue(json.headers, 'content-type'), 'application/json');
    assert.equal(json.body.toString('utf8'), JSON.stringify(mention));

    const command = await slack.payload('slash_command', ctx);
    assert.ok(command);
    command.text = 'api to staging';
    const form = slack.encode('slash_command', command, ctx);
    assert.equal(headerValue(form.headers, 'content-type'), 'application/x-www-form-urlencoded');
    assert.match(form.body.toString('utf8'), /^token=[^&]+&team_id=.*&text=api\+to\+staging&/);
    assert.deepEqual([...new URLSearchParams(form.body.toString('utf8')).keys()], Object.keys(command));

    const action = await slack.payload('block_actions', ctx);
    assert.ok(action);
    const interactive = slack.encode('block_actions', action, ctx);
    assert.equal(headerValue(interactive.headers, 'content-type'), 'application/x-www-form-urlencoded');
    const fields = new URLSearchParams(interactive.body.toString('utf8'));
    assert.deepEqual([...fields.keys()], ['payload']);
    assert.deepEqual(JSON.parse(fields.get('payload') ?? ''), action);
  });

  it('uses --data instead of the template', async () => {
    const data = { type: 'shortcut', callback_id: 'mine', trigger_id: 'x', action_ts: 'y' };
    const payload = await slack.payload('shortcut', context(), data);
    assert.equal(payload?.callback_id, 'mine');
    assert.notEqual(payload?.trigger_id, 'x');
    assert.equal(data.trigger_id, 'x', 'the given data is not mutated');
    assert.match(slack.encode('custom', payload ?? {}, context()).body.toString(), /^payload=/);
  });
});

describe('slack verify explains failures', async () => {
  const mention = await signed('app_mention');
  const command = await signed('slash_command');
  const withHeaders = (request: InboundRequest, edit: (headers: HeaderPair[]) => HeaderPair[]) => ({
    headers: edit(request.headers.map(([name, value]): HeaderPair => [name, value])),
    body: request.body,
  });
  const setSignature = (value: string) => (headers: HeaderPair[]) =>
    headers.map(([name, old]): HeaderPair => [name, name === 'X-Slack-Signature' ? value : old]);
  const signature = headerValue(mention.headers, 'x-slack-signature') ?? '';
  const hex = signature.slice(3);

  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp, number?]> = [
    [
      'signature header dropped by a proxy',
      withHeaders(mention, (h) => h.filter(([name]) => name !== 'X-Slack-Signature')),
      SECRET,
      'missing-header',
      /X-Slack-Signature is missing/,
    ],
    [
      'timestamp header dropped',
      withHeaders(mention, (h) => h.filter(([name]) => name !== 'X-Slack-Request-Timestamp')),
      SECRET,
      'missing-header',
      /X-Slack-Request-Timestamp is missing/,
    ],
    [
      'signature header duplicated',
      withHeaders(mention, (h) => [...h, ['x-slack-signature', signature]]),
      SECRET,
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'timestamp as an ISO date',
      withHeaders(mention, (h) =>
        h.map(([n, v]): HeaderPair => [n, n === 'X-Slack-Request-Timestamp' ? '2023-11-14T22:13:20Z' : v]),
      ),
      SECRET,
      'malformed-header',
      /not unix seconds/,
    ],
    [
      'truncated signature',
      withHeaders(mention, setSignature('v0=abc123')),
      SECRET,
      'malformed-header',
      /64 hex/,
    ],
    ['bare hex without v0=', withHeaders(mention, setSignature(hex)), SECRET, 'encoding-mixup', /v0=/],
    [
      'GitHub prefix',
      withHeaders(mention, setSignature(`sha256=${hex}`)),
      SECRET,
      'encoding-mixup',
      /sha256=/,
    ],
    [
      'base64 digest',
      withHeaders(mention, setSignature(`v0=${Buffer.from(hex, 'hex').toString('base64')}`)),
      SECRET,
      'encoding-mixup',
      /base64/,
    ],
    [
      'uppercase hex',
      withHeaders(mention, setSignature(`v0=${hex.toUpperCase()}`)),
      SECRET,
      'encoding-mixup',
      /uppercase/,
    ],
    [
      'replayed 6 minutes later',
      mention,
      SECRET,
      'stale-timestamp',
      /6 minutes old.*hookctl replay --resign/,
      NOW + 6 * 60_000,
    ],
    [
      'JSON body pretty-printed by a relay',
      { headers: mention.headers, body: Buffer.from(JSON.stringify(JSON.parse(`${mention.body}`), null, 2)) },
      SECRET,
      'body-changed',
      /compact JSON.*raw request bytes/,
    ],
    [
      'form body re-encoded with %20',
      { headers: command.headers, body: Buffer.from(command.body.toString().replaceAll('+', '%20')) },
      SECRET,
      'body-changed',
      /spaces as \+/,
    ],
    ['secret with a trailing newline', mention, `${SECRET}\n`, 'secret-whitespace', /trimmed/],
    ['another app’s secret', mention, WRONG, 'wrong-secret', /Signing Secret/],
  ];

  for (const [name, request, secret, reason, message, nowMs = NOW] of cases) {
    it(`${name} → ${reason}`, () => {
      const result = slack.verify(request, secret, nowMs);
      assert.equal(result.valid, false);
      assert.equal(!result.valid && result.reason, reason);
      assert.match(!result.valid ? result.message : '', message);
      assert.equal(boltAccepts(request, secret, nowMs), false, 'Bolt accepted what verify rejects');
    });
  }

  it('a stale timestamp is fine for neither Bolt nor verify, a fresh one for both', () => {
    const late = NOW + 5 * 60_000 + 1000;
    assert.equal(boltAccepts(mention, SECRET, late), false);
    assert.equal(slack.verify(mention, SECRET, late).valid, false);
    const onTime = NOW + 5 * 60_000;
    assert.ok(boltAccepts(mention, SECRET, onTime));
    assert.deepEqual(slack.verify(mention, SECRET, onTime), { valid: true });
  });
});

it('the development secret signs requests Bolt accepts', async () => {
  assert.ok(boltAccepts(await signed('app_mention', slack.devSecret), slack.devSecret));
});
