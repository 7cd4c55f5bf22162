import assert from 'node:assert/strict';
import { parse as parseQuery } from 'node:querystring';
import { describe, it } from 'node:test';
import twilioSdk from 'twilio';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { twilio } from '../src/providers/twilio/index.ts';
import { formParams, twilioSignature } from '../src/providers/twilio/signature.ts';
import type { InboundRequest } from '../src/providers/types.ts';
import { seededContext } from './helpers/context.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const TOKEN = '9a8f0c2e4b6d1f3a5c7e9b0d2f4a6c8e';
const WRONG = '1b3d5f7a9c0e2b4d6f8a0c1e3b5d7f9a';
const PUBLIC = 'https://example.trycloudflare.com/sms';

const form = (body: Buffer | string) => parseQuery(body.toString()) as Record<string, string | string[]>;
const signatureOf = (request: { headers: readonly HeaderPair[] }) =>
  headerValue(request.headers, 'x-twilio-signature') ?? '';

/** The SDK's check, fed what express.urlencoded() hands it, for the URL the app believes was called. */
function sdkAccepts(request: InboundRequest, token: string, url: string): boolean {
  if (url.includes('bodySHA256'))
    return twilioSdk.validateRequestWithBody(token, signatureOf(request), url, request.body.toString());
  return twilioSdk.validateRequest(token, signatureOf(request), url, form(request.body));
}

/** A fixture as trigger builds it: fresh ids, encoded, signed for `url`. */
async function signed(event: string, url = PUBLIC, token = TOKEN, seed = event): Promise<InboundRequest> {
  const context = seededContext(NOW, `twilio:${seed}`);
  const payload = await twilio.payload(event, context);
  assert.ok(payload, `no fixture ${event}`);
  const request = twilio.encode(event, payload, context);
  request.url = url;
  return { headers: twilio.sign(request, token, context), body: request.body, url };
}

// Twilio's published vectors, from its SDKs' own test suites (twilio-python tests/unit/test_request_validator.py,
// twilio-php RequestValidatorTest.php, twilio-csharp RequestValidatorTest.cs), auth token "12345".
const KA_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const KA_FORM =
  'CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212';

describe('twilio signing: known answers', () => {
  it("signs the SDKs' test vector, and the SDK agrees", () => {
    assert.equal(twilioSignature('12345', KA_URL, formParams(KA_FORM)), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    const headers = twilio.sign(
      {
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: Buffer.from(KA_FORM),
        url: KA_URL,
      },
      '12345',
      seededContext(NOW, 'ka'),
    );
    assert.equal(signatureOf({ headers }), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    const request = { headers, body: Buffer.from(KA_FORM), url: KA_URL };
    assert.deepEqual(twilio.verify(request, '12345', NOW), { valid: true });
    assert.ok(sdkAccepts(request, '12345', KA_URL));
  });

  it('signs the same example with the webhooks-security page numbers (+12349013030)', () => {
    const body = KA_FORM.replaceAll('%2B14158675309', '%2B12349013030');
    assert.equal(twilioSignature('12345', KA_URL, formParams(body)), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('repeated parameters: each distinct value once, sorted (twilio-python duplicate vector)', () => {
    const body = 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234';
    assert.equal(twilioSignature('12345', KA_URL, formParams(body)), 'IK+Dwps556ElfBT0I3Rgjkr1wJU=');
    const headers: HeaderPair[] = [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Twilio-Signature', 'IK+Dwps556ElfBT0I3Rgjkr1wJU='],
    ];
    const request = { headers, body: Buffer.from(body), url: KA_URL };
    assert.deepEqual(twilio.verify(request, '12345', NOW), { valid: true });
    assert.ok(sdkAccepts(request, '12345', KA_URL));
  });

  it('JSON body: the URL with bodySHA256 alone is signed (validateRequestWithBody vector)', () => {
    const body = Buffer.from('{"property": "value", "boolean": true}');
    const url = `${KA_URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620`;
    const unsigned = { headers: [['Content-Type', 'application/json']] as HeaderPair[], body, url };
    const headers = twilio.sign(unsigned, '12345', seededContext(NOW, 'json'));
    assert.equal(signatureOf({ headers }), 'a9nBmqA0ju/hNViExpshrM61xv4=');
    assert.deepEqual(twilio.verify({ headers, body, url }, '12345', NOW), { valid: true });
    assert.ok(sdkAccepts({ headers, body, url }, '12345', url));
    const changed = { headers, body: Buffer.from('{"property": "value", "boolean": false}'), url };
    assert.equal(sdkAccepts(changed, '12345', url), false);
    const verdict = twilio.verify(changed, '12345', NOW);
    assert.equal(!verdict.valid && verdict.reason, 'body-changed');
  });

  it('a SharedKey webhook names HMAC_SHA256 in X-Twilio-Webhooks-Signature-Settings', () => {
    const headers: HeaderPair[] = [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Twilio-Signature', twilioSignature('shared', KA_URL, formParams(KA_FORM), 'sha256')],
      ['X-Twilio-Webhooks-Signature-Settings', 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256'],
    ];
    const request = { headers, body: Buffer.from(KA_FORM), url: KA_URL };
    assert.deepEqual(twilio.verify(request, 'shared', NOW), { valid: true });
    assert.ok(
      twilioSdk.validateRequest('shared', signatureOf(request), KA_URL, form(KA_FORM), 'HMAC_SHA256'),
    );
  });
});

describe('twilio: the SDK is the oracle for every fixture', async () => {
  const events = (await twilio.fixtures()).map((fixture) => fixture.event);

  it('has the 13 message statuses, 8 call statuses and both incoming webhooks', () => {
    assert.equal(events.length, 23);
  });

  for (const event of events) {
    it(`${event}: accepted; one byte changed, another token or the http URL refused; verify agrees`, async () => {
      const request = await signed(event);
      assert.ok(sdkAccepts(request, TOKEN, PUBLIC), 'the SDK refused the signed request');
      assert.deepEqual(twilio.verify(request, TOKEN, NOW), { valid: true });
      assert.deepEqual(detectProvider(request), { provider: 'twilio', event });

      const body = Buffer.from(request.body);
      const last = body.length - 1;
      body[last] = body[last] === 0x31 ? 0x32 : 0x31;
      const tampered = { ...request, body };
      assert.equal(sdkAccepts(tampered, TOKEN, PUBLIC), false, 'the SDK accepted a changed byte');
      assert.equal(twilio.verify(tampered, TOKEN, NOW).valid, false);

      assert.equal(sdkAccepts(request, WRONG, PUBLIC), false, 'the SDK accepted another token');
      assert.equal(twilio.verify(request, WRONG, NOW).valid, false);

      const http = PUBLIC.replace('https:', 'http:');
      assert.equal(sdkAccepts(request, TOKEN, http), false);
      const verdict = twilio.verify({ ...request, url: http }, TOKEN, NOW);
      assert.equal(!verdict.valid && verdict.reason, 'url-mismatch');
    });
  }
});

describe('twilio verify accepts exactly the URLs the SDK accepts', () => {
  const cases: Array<[signedFor: string, checked: string]> = [
    ['https://example.com/sms', 'https://example.com:443/sms'],
    ['https://example.com:443/sms', 'https://example.com/sms'],
    ['http://localhost:3000/sms', 'http://localhost/sms'],
    ['http://localhost/sms', 'http://localhost:3000/sms'],
    ['https://example.com/sms?a=1&b=2', 'https://example.com/sms?b=2&a=1'],
    ["https://example.com/sms?name=o'neil", "https://example.com/sms?name=o'neil"],
    ['https://example.com/sms?name=o%27neil', "https://example.com/sms?name=o'neil"],
    ['https://example.com/sms', 'https://EXAMPLE.com/sms'],
    ['https://EXAMPLE.com/sms', 'https://example.com/sms'],
    ['https://example.com/sms/', 'https://example.com/sms'],
    ['https://example.com/sms', 'http://example.com/sms'],
    ['https://example.com/sms?x=1', 'https://example.com/sms'],
    ['https://example.com', 'https://example.com/'],
    ['https://user:pw@example.com/sms', 'https://user:pw@example.com:443/sms'],
    ['https://example.com/a%20b', 'https://example.com/a b'],
  ];
  for (const [signedFor, checked] of cases) {
    it(`signed for ${signedFor}, checked as ${checked}`, async () => {
      const request = await signed('message.status.sent', signedFor);
      const sdk = sdkAccepts(request, TOKEN, checked);
      assert.equal(twilio.verify({ ...request, url: checked }, TOKEN, NOW).valid, sdk);
    });
  }
});

describe('twilio detection', () => {
  const form = (fields: string): InboundRequest => ({
    headers: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Twilio-Signature', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ],
    body: Buffer.from(fields),
  });
  const cases: Array<[string, InboundRequest, string | null]> = [
    [
      'a status callback with only the old SmsStatus',
      form('SmsSid=SM1&SmsStatus=sent'),
      'message.status.sent',
    ],
    [
      'an outbound call answered (its TwiML request)',
      form('CallStatus=in-progress&Direction=outbound-api'),
      'call.status.in-progress',
    ],
    ['a form Twilio sends for something else', form('RecordingSid=RE1&RecordingStatus=completed'), null],
  ];
  for (const [name, request, event] of cases) {
    it(`${name} → ${event}`, () => {
      assert.deepEqual(detectProvider(request), { provider: 'twilio', event });
    });
  }

  it('is not SendGrid (X-Twilio-Email-Event-Webhook-Signature) and not an unsigned form', () => {
    const sendgrid: InboundRequest = {
      headers: [['X-Twilio-Email-Event-Webhook-Signature', 'MEUCIQ']],
      body: Buffer.from('[]'),
    };
    assert.equal(twilio.detect(sendgrid), null);
    assert.equal(twilio.detect({ headers: [], body: Buffer.from('MessageStatus=sent') }), null);
  });
});
