import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import type { FailureReason, InboundRequest } from '../src/providers/types.ts';
import { delivery } from '../src/providers/zoom/delivery.ts';
import { zoom, zoomValidation } from '../src/providers/zoom/index.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { nodeHeaders, zoomDocsAccepts, zoomDocsValidation } from './helpers/zoom-oracle.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const SECRET = 'qWsV3mxNRRWzUyT7cYQ9Ig';
const WRONG = 'Lr0T6bqGQ1eAYv2xPz8kNw';

const signed = (event: string, secret = SECRET, nowMs = NOW) =>
  signedEvent(zoom, event, secret, seededContext(nowMs, `zoom:${event}`));
const docsAccept = (request: InboundRequest, secret: string) =>
  zoomDocsAccepts(nodeHeaders(request.headers), request.body, secret);

describe('zoom signing, as Zoom documents it', () => {
  it('signs v0:{timestamp}:{body} as v0=<hex> with the timestamp in seconds', async () => {
    const request = await signed('meeting.started');
    assert.equal(headerValue(request.headers, 'x-zm-request-timestamp'), String(NOW / 1000));
    assert.match(headerValue(request.headers, 'x-zm-signature') ?? '', /^v0=[0-9a-f]{64}$/);
    assert.equal(headerValue(request.headers, 'user-agent'), 'Zoom Marketplace/1.0a');
    assert.equal(headerValue(request.headers, 'content-type'), 'application/json; charset=utf-8');
    assert.ok(docsAccept(request, SECRET));
  });

  it("signs the docs' example message to the HMAC the docs' algorithm gives", () => {
    // The body of https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events, at its timestamp.
    // Zoom prints no secret next to it, so the digest is the one the documented steps produce.
    const body = Buffer.from(
      '{"event":"session.started","payload":{"account_id":"{ACCOUNT_ID}","object":{"start_time":"2022-07-27T16:56:34Z","id":"{SESSION_ID}"}},"event_ts":1658940994914}',
    );
    const headers = zoom.sign({ headers: [], body }, SECRET, seededContext(1_658_940_994_000, 'docs'));
    assert.equal(headerValue(headers, 'x-zm-request-timestamp'), '1658940994');
    assert.ok(zoomDocsAccepts(nodeHeaders(headers), body, SECRET));
  });

  it('re-signing replaces both headers in place', () => {
    const headers: HeaderPair[] = [
      ['Host', 'hooks.test'],
      ['x-zm-request-timestamp', '1'],
      ['x-zm-signature', 'v0=00'],
    ];
    const out = zoom.sign({ headers, body: Buffer.from('{}') }, SECRET, seededContext(NOW, 's'));
    assert.deepEqual(
      out.map(([name]) => name),
      ['Host', 'x-zm-request-timestamp', 'x-zm-signature'],
    );
    assert.equal(headerValue(out, 'x-zm-request-timestamp'), String(NOW / 1000));
  });
});

describe('zoom: the documented check is the oracle for every fixture', async () => {
  const fixtures = await zoom.fixtures();
  it('has the 289 Rivet 0.4.0 event types and the URL check', () => {
    assert.equal(fixtures.length, 290);
    for (const { description } of fixtures) assert.match(description, /^[^\n]{8,}$/);
  });
  for (const { event } of fixtures) {
    it(`${event}: accepted as signed, refused with one byte changed or another secret; verify agrees`, async () => {
      const request = await signed(event);
      assert.ok(docsAccept(request, SECRET), 'the documented check refused it');
      assert.deepEqual(zoom.verify(request, SECRET, NOW), { valid: true });
      const changed = Buffer.from(request.body);
      changed[changed.length - 2] = (changed[changed.length - 2] ?? 0) ^ 1;
      const tampered = { headers: request.headers, body: changed };
      assert.equal(docsAccept(tampered, SECRET), false, 'the documented check accepted a changed byte');
      assert.equal(zoom.verify(tampered, SECRET, NOW).valid, false);
      assert.equal(docsAccept(request, WRONG), false, 'the documented check accepted another secret');
      const wrong = zoom.verify(request, WRONG, NOW);
      assert.equal(!wrong.valid && wrong.reason, 'wrong-secret');
      assert.deepEqual(zoom.detect(request), { provider: 'zoom', event });
      assert.deepEqual(detectProvider(request), { provider: 'zoom', event });
    });
  }
});

describe('zoom verify explains failures', async () => {
  const request = await signed('meeting.ended');
  const signature = headerValue(request.headers, 'x-zm-signature') ?? '';
  const digest = signature.slice(3);
  const edit = (name: string, value: string | null): InboundRequest => ({
    headers: [
      ...request.headers.filter(([key]) => key.toLowerCase() !== name),
      ...(value === null ? [] : [[name, value] as HeaderPair]),
    ],
    body: request.body,
  });
  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp]> = [
    ['no signature header', edit('x-zm-signature', null), SECRET, 'missing-header', /no x-zm-signature/],
    [
      'no timestamp header',
      edit('x-zm-request-timestamp', null),
      SECRET,
      'missing-header',
      /x-zm-request-timestamp/,
    ],
    [
      'signature header twice',
      { headers: [...request.headers, ['x-zm-signature', signature]], body: request.body },
      SECRET,
      'malformed-header',
      /arrived 2 times/,
    ],
    ['bare hex without v0=', edit('x-zm-signature', digest), SECRET, 'malformed-header', /v0=<hex>/],
    [
      'timestamp in milliseconds',
      edit('x-zm-request-timestamp', String(NOW)),
      SECRET,
      'malformed-header',
      /milliseconds/,
    ],
    [
      'base64 instead of hex',
      edit('x-zm-signature', `v0=${Buffer.from(digest, 'hex').toString('base64')}`),
      SECRET,
      'encoding-mixup',
      /base64/,
    ],
    [
      'uppercase hex',
      edit('x-zm-signature', `v0=${digest.toUpperCase()}`),
      SECRET,
      'encoding-mixup',
      /uppercase/,
    ],
    [
      'body pretty-printed by a parser',
      { headers: request.headers, body: Buffer.from(JSON.stringify(JSON.parse(`${request.body}`), null, 2)) },
      SECRET,
      'body-changed',
      /raw bytes/,
    ],
    ['secret from a CRLF .env file', request, `${SECRET}\r\n`, 'secret-whitespace', /trimmed/],
    ['the Client Secret instead of the Secret Token', request, WRONG, 'wrong-secret', /Secret Token/],
  ];
  for (const [name, broken, secret, reason, message] of cases) {
    it(`${name} → ${reason}`, () => {
      const result = zoom.verify(broken, secret, NOW);
      assert.equal(!result.valid && result.reason, reason);
      assert.match(!result.valid ? result.message : '', message);
      assert.equal(docsAccept(broken, secret), false, 'the documented check accepted what verify rejects');
    });
  }

  it('enforces no window, as Zoom documents none: a day-old capture still verifies', () => {
    assert.deepEqual(zoom.verify(request, SECRET, NOW + 86_400_000), { valid: true });
    assert.equal(zoom.toleranceSeconds, null);
  });
});

describe('zoom endpoint.url_validation', async () => {
  const check = await signed('endpoint.url_validation');
  const plainToken = String((check.payload.payload as { plainToken: string }).plainToken);

  it("answers a signed check with the docs' {plainToken, encryptedToken}", () => {
    const answer = zoom.challenge?.(check, SECRET, NOW);
    assert.ok(answer);
    assert.equal(answer.status, 200);
    assert.equal(answer.contentType, 'application/json');
    assert.deepEqual(JSON.parse(answer.body), zoomDocsValidation(plainToken, SECRET));
    assert.deepEqual(zoomValidation(plainToken, SECRET), zoomDocsValidation(plainToken, SECRET));
  });

  it('does not answer an unsigned or wrongly signed check: that would sign anything for anyone', () => {
    const forged = Buffer.from('{"event":"endpoint.url_validation","payload":{"plainToken":"v0:1:{}"}}');
    const headers: HeaderPair[] = [
      ['x-zm-request-timestamp', '1'],
      ['x-zm-signature', `v0=${'0'.repeat(64)}`],
    ];
    assert.equal(zoom.challenge?.({ headers, body: forged }, SECRET, NOW), null);
    assert.equal(zoom.challenge?.(check, WRONG, NOW), null);
  });

  it('answers nothing but the check', async () => {
    assert.equal(zoom.challenge?.(await signed('meeting.started'), SECRET, NOW), null);
  });
});

describe('zoom delivery policy', () => {
  it('3 s, retries after 5, 20 and 60 minutes, no retry headers, event@event_ts as the id', () => {
    assert.equal(delivery.deadlineMs, 3000);
    assert.deepEqual(delivery.retryDelaysMs, [300_000, 1_200_000, 3_600_000]);
    assert.deepEqual(delivery.retryHeaders(1, 'http_error'), []);
    const body = Buffer.from('{"event":"meeting.started","event_ts":1700000000000,"payload":{}}');
    assert.equal(delivery.eventId({ headers: [], body }), 'meeting.started@1700000000000');
    assert.equal(delivery.eventId({ headers: [], body: Buffer.from('[]') }), null);
  });
});
