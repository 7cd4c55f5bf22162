import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebhooksHelper } from 'square';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { square } from '../src/providers/square/index.ts';
import type { InboundRequest } from '../src/providers/types.ts';
import { seededContext } from './helpers/context.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const SECRET = 'Qm8tLx2Vd4Rk9Zp1Hs6Wn3';
const URL_PUBLIC = 'https://quiet-cat-ladder.trycloudflare.com/square/webhooks';

/** An event as `trigger` makes it, signed for `url`. */
async function signed(
  event: string,
  url = URL_PUBLIC,
  secret = SECRET,
): Promise<InboundRequest & { headers: HeaderPair[] }> {
  const context = seededContext(NOW, `square:${event}`);
  const payload = await square.payload(event, context);
  assert.ok(payload, event);
  const request = square.encode(event, payload, context);
  request.url = url;
  return { headers: square.sign(request, secret, context), body: request.body, url, method: 'POST' };
}

const sdkAccepts = (request: InboundRequest, secret = SECRET, url = URL_PUBLIC) =>
  WebhooksHelper.verifySignature({
    requestBody: request.body.toString('utf8'),
    signatureHeader: headerValue(request.headers, 'x-square-hmacsha256-signature') ?? '',
    signatureKey: secret,
    notificationUrl: url,
  });

const reason = (request: InboundRequest, secret = SECRET) => {
  const verdict = square.verify(request, secret, NOW);
  return verdict.valid ? 'valid' : verdict.reason;
};

describe('square: every fixture against the square SDK', async () => {
  const fixtures = await square.fixtures();
  it('has the 149 event types the SDK declares', () => assert.equal(fixtures.length, 149));
  for (const { event } of fixtures) {
    it(`${event}: WebhooksHelper accepts it; one byte, the key or the URL changed, it refuses`, async () => {
      const request = await signed(event);
      assert.equal(await sdkAccepts(request), true);
      assert.equal(reason(request), 'valid');
      const tampered = Buffer.from(request.body);
      tampered[tampered.length - 2] = (tampered[tampered.length - 2] ?? 0) ^ 1;
      assert.equal(await sdkAccepts({ ...request, body: tampered }), false);
      assert.notEqual(reason({ ...request, body: tampered }), 'valid');
      assert.equal(await sdkAccepts(request, `${SECRET}x`), false);
      assert.equal(reason(request, `${SECRET}x`), 'wrong-secret');
      assert.equal(await sdkAccepts(request, SECRET, 'http://localhost:3000/square/webhooks'), false);
      assert.deepEqual(square.detect(request), { provider: 'square', event });
    });
  }
});

describe('square: verify explains', () => {
  it('an app behind a tunnel that checks the URL it sees, not the subscription URL', async () => {
    const request = await signed('payment.updated');
    const local = 'http://localhost:3000/square/webhooks';
    const verdict = square.verify({ ...request, url: local, otherUrls: [URL_PUBLIC] }, SECRET, NOW);
    assert.equal(verdict.valid ? 'valid' : verdict.reason, 'url-mismatch');
    assert.match(verdict.valid ? '' : verdict.message, /quiet-cat-ladder\.trycloudflare\.com.*--public-url/);
  });

  it('a missing header, a re-serialized body, whitespace in the key, hex instead of base64', async () => {
    const request = await signed('order.created');
    const without = request.headers.filter(
      ([name]) => name.toLowerCase() !== 'x-square-hmacsha256-signature',
    );
    assert.equal(reason({ ...request, headers: without }), 'missing-header');
    const pretty = Buffer.from(JSON.stringify(JSON.parse(request.body.toString('utf8')), null, 2));
    assert.equal(reason({ ...request, body: pretty }), 'body-changed');
    const padded = await signed('order.created', URL_PUBLIC, `${SECRET}\n`);
    assert.equal(reason(padded, `${SECRET}\n`), 'valid');
    assert.equal(reason(await signed('order.created'), `${SECRET}\n`), 'secret-whitespace');
    const base64 = headerValue(request.headers, 'x-square-hmacsha256-signature') ?? '';
    const hex = request.headers.map(
      ([name, value]): HeaderPair =>
        name.toLowerCase() === 'x-square-hmacsha256-signature'
          ? [name, Buffer.from(base64, 'base64').toString('hex')]
          : [name, value],
    );
    assert.equal(reason({ ...request, headers: hex }), 'encoding-mixup');
  });

  it('sends the delivery headers Square sends, and detects by them', async () => {
    const request = await signed('payment.created');
    for (const name of ['square-version', 'square-environment', 'square-initial-delivery-timestamp']) {
      assert.ok(headerValue(request.headers, name), name);
    }
    assert.equal(square.delivery.eventId(request), JSON.parse(request.body.toString('utf8')).event_id);
    assert.deepEqual(square.delivery.retryHeaders(2, 'http_timeout'), [
      ['Square-Retry-Number', '2'],
      ['Square-Retry-Reason', 'http_timeout'],
    ]);
    assert.equal(square.delivery.retryDelaysMs.length, 78);
  });
});
