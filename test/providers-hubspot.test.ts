import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signature } from '@hubspot/api-client';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { hubspot, hubspotV1Signature } from '../src/providers/hubspot/index.ts';
import type { InboundRequest } from '../src/providers/types.ts';
import { seededContext } from './helpers/context.ts';

const SECRET = '6a1f0e7c-3b2d-4c8e-9f4a-1d2c3b4a5e6f';
const URL_PUBLIC = 'https://quiet-cat-ladder.trycloudflare.com/hubspot/webhooks?portal=48213607';

/** An event as `trigger` makes it, signed at `at` (default now: the SDK checks against Date.now()). */
async function signed(
  event: string,
  url = URL_PUBLIC,
  at = Date.now(),
): Promise<InboundRequest & { headers: HeaderPair[] }> {
  const context = seededContext(at, `hubspot:${event}`);
  const payload = await hubspot.payload(event, context);
  assert.ok(payload, event);
  const request = hubspot.encode(event, payload, context);
  request.url = url;
  request.method = 'POST';
  return { headers: hubspot.sign(request, SECRET, context), body: request.body, url, method: 'POST' };
}

/** The SDK's v3 check as an app calls it; it throws on a stale timestamp. */
function sdkAccepts(
  request: InboundRequest,
  secret = SECRET,
  url = URL_PUBLIC,
  body = request.body,
): boolean | 'stale' {
  try {
    return Signature.isValid({
      signatureVersion: 'v3',
      method: 'POST',
      signature: headerValue(request.headers, 'x-hubspot-signature-v3') ?? '',
      clientSecret: secret,
      requestBody: body.toString('utf8'),
      url,
      timestamp: Number(headerValue(request.headers, 'x-hubspot-request-timestamp')),
    });
  } catch {
    return 'stale';
  }
}

const reason = (request: InboundRequest, secret = SECRET, now = Date.now()) => {
  const verdict = hubspot.verify(request, secret, now);
  return verdict.valid ? 'valid' : verdict.reason;
};

describe('hubspot: every fixture against @hubspot/api-client', async () => {
  const fixtures = await hubspot.fixtures();
  it('has the 47 subscription types the SDK enumerates', () => assert.equal(fixtures.length, 47));
  for (const { event } of fixtures) {
    it(`${event}: Signature.isValid v3 accepts it; one byte, the secret, the URL or the time changed, it refuses`, async () => {
      const request = await signed(event);
      assert.equal(sdkAccepts(request), true);
      assert.equal(reason(request), 'valid');
      const tampered = Buffer.from(request.body);
      tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 1;
      assert.equal(sdkAccepts(request, SECRET, URL_PUBLIC, tampered), false);
      assert.notEqual(reason({ ...request, body: tampered }), 'valid');
      assert.equal(sdkAccepts(request, `${SECRET}x`), false);
      assert.equal(reason(request, `${SECRET}x`), 'wrong-secret');
      assert.equal(
        sdkAccepts(request, SECRET, 'http://localhost:3000/hubspot/webhooks?portal=48213607'),
        false,
      );
      const stale = await signed(event, URL_PUBLIC, Date.now() - 301_000);
      assert.equal(sdkAccepts(stale), 'stale');
      assert.equal(reason(stale), 'stale-timestamp');
      assert.deepEqual(hubspot.detect(request), { provider: 'hubspot', event });
      const batch = JSON.parse(request.body.toString('utf8'));
      assert.ok(Array.isArray(batch) && batch.length === 1 && batch[0].subscriptionType === event);
      // The v1 header beside it, as the SDK's v1 check reads it.
      assert.equal(
        Signature.isValid({
          signatureVersion: 'v1',
          signature: headerValue(request.headers, 'x-hubspot-signature') ?? '',
          clientSecret: SECRET,
          requestBody: request.body.toString('utf8'),
        }),
        true,
      );
    });
  }
});

describe('hubspot: the URI decoding HubSpot does and the SDK leaves to the app', () => {
  const encoded = 'https://quiet-cat-ladder.trycloudflare.com/hubspot/hook%3Aone?next=%2Fdeals%2C%40me';
  const decoded = 'https://quiet-cat-ladder.trycloudflare.com/hubspot/hook:one?next=/deals,@me';

  it('signs the decoded URI: the SDK accepts it given the decoded URI, not the URI as written', async () => {
    const request = await signed('deal.creation', encoded);
    assert.equal(sdkAccepts(request, SECRET, decoded), true);
    assert.equal(sdkAccepts(request, SECRET, encoded), false);
    assert.equal(reason(request), 'valid');
  });

  it('says so when the signer left the escapes encoded', async () => {
    const request = await signed('deal.creation', decoded);
    // What an app or a test signer that forgot the decoding produces: the v3 HMAC over the URI as written.
    const { createHmac } = await import('node:crypto');
    const timestamp = headerValue(request.headers, 'x-hubspot-request-timestamp') ?? '';
    const forgot = createHmac('sha256', SECRET)
      .update(`POST${encoded}${request.body.toString('utf8')}${timestamp}`)
      .digest('base64');
    const headers = request.headers.map(
      ([name, value]): HeaderPair =>
        name.toLowerCase() === 'x-hubspot-signature-v3' ? [name, forgot] : [name, value],
    );
    const verdict = hubspot.verify({ ...request, headers, url: encoded }, SECRET, Date.now());
    assert.equal(verdict.valid ? 'valid' : verdict.reason, 'url-mismatch');
    assert.match(verdict.valid ? '' : verdict.message, /escapes left encoded.*%3A %2F %3F/);
  });
});

describe('hubspot: verify explains', () => {
  it('a URL mismatch behind a tunnel, seconds for milliseconds, a missing timestamp, a re-serialized body', async () => {
    const request = await signed('contact.propertyChange');
    const local = 'http://localhost:3000/hubspot/webhooks?portal=48213607';
    const mismatch = hubspot.verify({ ...request, url: local, otherUrls: [URL_PUBLIC] }, SECRET, Date.now());
    assert.equal(mismatch.valid ? 'valid' : mismatch.reason, 'url-mismatch');
    const seconds = request.headers.map(
      ([name, value]): HeaderPair =>
        name.toLowerCase() === 'x-hubspot-request-timestamp' ? [name, value.slice(0, 10)] : [name, value],
    );
    assert.equal(reason({ ...request, headers: seconds }), 'malformed-header');
    const untimed = request.headers.filter(([name]) => name.toLowerCase() !== 'x-hubspot-request-timestamp');
    assert.equal(reason({ ...request, headers: untimed }), 'missing-header');
    const pretty = Buffer.from(JSON.stringify(JSON.parse(request.body.toString('utf8')), null, 2));
    assert.equal(reason({ ...request, body: pretty }), 'body-changed');
    // Ten minutes ahead is accepted, as the SDK does.
    assert.equal(reason(await signed('contact.creation', URL_PUBLIC, Date.now() + 600_000)), 'valid');
  });

  it("the v1 signature: the known answer of the SDK's own test (lib/test/unit/signature.spec.js)", () => {
    const body = Buffer.from(
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]',
    );
    assert.equal(
      hubspotV1Signature('yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy', body),
      '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
    );
  });

  it('the v1 signature is SHA-256 of secret + body, as the SDK computes it', () => {
    const body = Buffer.from('[{"eventId":1}]');
    assert.equal(
      hubspotV1Signature(SECRET, body),
      Signature.getSignature('POST', 'v1', { clientSecret: SECRET, requestBody: body.toString() } as never),
    );
  });
});
