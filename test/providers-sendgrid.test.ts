import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { type HeaderPair, headerValue, setHeaders } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { batchEvent, sendgridLayout } from '../src/providers/sendgrid/events.ts';
import { sendgrid } from '../src/providers/sendgrid/index.ts';
import type { FailureReason, InboundRequest } from '../src/providers/types.ts';
import { seededContext, signedEvent } from './helpers/context.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DEV_PRIVATE = sendgrid.keys?.devPrivateKey ?? '';
const DEV_PUBLIC = sendgrid.devSecret;
const SIGNATURE = 'X-Twilio-Email-Event-Webhook-Signature';
const TIMESTAMP = 'X-Twilio-Email-Event-Webhook-Timestamp';

function newKeyPair(curve = 'prime256v1'): { privatePem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}
const OTHER = newKeyPair();

/** @sendgrid/eventwebhook 8's own check, as its docs use it: the key string, the raw body, both headers. */
function sdkAccepts({ headers, body }: InboundRequest, publicKey: string): boolean {
  const webhook = new EventWebhook();
  try {
    return webhook.verifySignature(
      webhook.convertPublicKeyToECDSA(publicKey),
      body,
      headerValue(headers, SIGNATURE) ?? '',
      headerValue(headers, TIMESTAMP) ?? '',
    );
  } catch {
    return false;
  }
}

const signed = (event: string, key = DEV_PRIVATE, now = NOW) =>
  signedEvent(sendgrid, event, key, seededContext(now, `sendgrid:${event}`));

const flipByte = (body: Buffer) => {
  const copy = Buffer.from(body);
  copy[12] = (copy[12] ?? 0) ^ 0x01;
  return copy;
};

/** A request as the SDK's own tests recorded it from SendGrid. */
const recorded = (body: string, signature: string, timestamp: string): InboundRequest => ({
  headers: [
    [SIGNATURE, signature],
    [TIMESTAMP, timestamp],
  ],
  body: Buffer.from(body),
});

describe('sendgrid: known answers, the requests recorded in @sendgrid/eventwebhook 8 (src/eventwebhook.spec.js)', () => {
  const single = recorded(
    sendgridLayout([
      {
        email: 'hello@world.com',
        event: 'dropped',
        reason: 'Bounced Address',
        sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
        sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
        'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
        timestamp: 1600112492,
      },
    ]),
    'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=',
    '1600112502',
  );
  const singleKey =
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
  const multiple = recorded(
    sendgridLayout([
      {
        email: 'invalid@gmail.com',
        event: 'processed',
        send_at: 0,
        sg_event_id: 'cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA',
        sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
        'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
        timestamp: 1619651146,
      },
      {
        email: 'invalid@gmail.com',
        event: 'bounce',
        ip: '167.89.101.76',
        reason:
          '552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp',
        sg_event_id: 'Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w',
        sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
        'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
        status: '5.2.2',
        timestamp: 1619651147,
        tls: 1,
        type: 'blocked',
      },
    ]),
    'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5',
    '1619651159',
  );
  const multipleKey =
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==';

  it("hookctl's layout is SendGrid's byte for byte: the recorded signatures verify over it", () => {
    assert.equal(sdkAccepts(single, singleKey), true);
    assert.deepEqual(sendgrid.verify(single, singleKey, NOW), { valid: true });
    assert.equal(sdkAccepts(multiple, multipleKey), true);
    assert.deepEqual(sendgrid.verify(multiple, multipleKey, NOW), { valid: true });
  });

  it('a recorded batch without its CRLFs (parsed and re-serialized) is explained as a changed body', () => {
    const compact = { ...multiple, body: Buffer.from(JSON.stringify(JSON.parse(multiple.body.toString()))) };
    const verdict = sendgrid.verify(compact, multipleKey, NOW);
    assert.equal(verdict.valid ? null : verdict.reason, 'body-changed');
    assert.match(verdict.valid ? '' : verdict.message, /SendGrid's layout/);
    assert.equal(batchEvent(multiple.body), 'processed,bounce');
  });
});

describe('@sendgrid/eventwebhook is the oracle for every fixture', async () => {
  const fixtures = await sendgrid.fixtures();

  it("has SendGrid's 11 event types", () => {
    assert.deepEqual(fixtures.map((fixture) => fixture.event).sort(), [
      'bounce',
      'click',
      'deferred',
      'delivered',
      'dropped',
      'group_resubscribe',
      'group_unsubscribe',
      'open',
      'processed',
      'spamreport',
      'unsubscribe',
    ]);
  });

  for (const { event } of fixtures) {
    it(`${event}: accepted as signed; refused with a byte changed, with another key; detected by name`, async () => {
      const request = await signed(event);
      assert.equal(sdkAccepts(request, DEV_PUBLIC), true, 'the SDK refuses the signed request');
      assert.deepEqual(sendgrid.verify(request, DEV_PUBLIC, NOW), { valid: true });
      const tampered = { ...request, body: flipByte(request.body) };
      assert.equal(sdkAccepts(tampered, DEV_PUBLIC), false, 'the SDK accepts a changed body');
      assert.equal(sendgrid.verify(tampered, DEV_PUBLIC, NOW).valid, false);
      assert.equal(sdkAccepts(request, OTHER.publicKey), false, 'the SDK accepts another key');
      assert.equal(sendgrid.verify(request, OTHER.publicKey, NOW).valid, false);
      assert.deepEqual(detectProvider(request), { provider: 'sendgrid', event });
      assert.match(request.body.toString(), /^\[\{"[^\n]*\}\]\r\n$/, 'one event, compact, then CRLF');
    });
  }

  it('signs with --private-key as well, and the SDK takes the key pasted as PEM too (so does verify)', async () => {
    const request = await signed('delivered', OTHER.privatePem);
    assert.equal(sdkAccepts(request, OTHER.publicKey), true);
    assert.equal(sdkAccepts(request, DEV_PUBLIC), false);
    const pem = `-----BEGIN PUBLIC KEY-----\n${OTHER.publicKey.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
    assert.equal(sdkAccepts(request, pem), true);
    assert.deepEqual(sendgrid.verify(request, pem, NOW), { valid: true });
  });

  it('no timestamp window, as the SDK: a day-old signature verifies', async () => {
    const old = await signed('open', DEV_PRIVATE, NOW - 86_400_000);
    assert.equal(sdkAccepts(old, DEV_PUBLIC), true);
    assert.deepEqual(sendgrid.verify(old, DEV_PUBLIC, NOW), { valid: true });
  });

  it('is detected from its user agent when signing is off (SendGrid makes it optional)', async () => {
    const request = await signed('processed');
    const unsigned = request.headers.filter(([name]) => !/^x-twilio/i.test(name));
    assert.deepEqual(detectProvider({ headers: unsigned, body: request.body }), {
      provider: 'sendgrid',
      event: 'processed',
    });
  });
});

describe('sendgrid explains why a signature fails', async () => {
  const request = await signed('delivered');
  const withHeaders = (headers: HeaderPair[]) => ({ ...request, headers });
  const signature = headerValue(request.headers, SIGNATURE) ?? '';
  const verdictOf = (req: InboundRequest, key: string) => {
    const verdict = sendgrid.verify(req, key, NOW);
    return verdict.valid ? { reason: null, message: '' } : verdict;
  };
  const discordKey = 'f35dcfb9bae859e8527b6ebb4b14c05a9239916425316d0c0243133ef0c0774e';

  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp]> = [
    [
      'a missing timestamp header',
      withHeaders(request.headers.filter(([name]) => !/timestamp/i.test(name))),
      DEV_PUBLIC,
      'missing-header',
      /X-Twilio-Email-Event-Webhook-Timestamp is missing/,
    ],
    [
      'a repeated signature header',
      withHeaders([...request.headers, [SIGNATURE, signature]]),
      DEV_PUBLIC,
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'a signature that is not DER',
      withHeaders(setHeaders(request.headers, [[SIGNATURE, 'not a signature']])),
      DEV_PUBLIC,
      'malformed-header',
      /base64 DER/,
    ],
    [
      'a raw r||s signature in hex',
      withHeaders(setHeaders(request.headers, [[SIGNATURE, 'ab'.repeat(64)]])),
      DEV_PUBLIC,
      'encoding-mixup',
      /hex/,
    ],
    [
      'a body without its trailing CRLF',
      { ...request, body: request.body.subarray(0, -2) },
      DEV_PUBLIC,
      'body-changed',
      /CRLF/,
    ],
    ['a hex key (Discord-style)', request, discordKey, 'key-format', /hex/],
    [
      'an API key',
      request,
      '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',
      'key-format',
      /API key/,
    ],
    ['a PEM private key', request, DEV_PRIVATE, 'key-format', /private key/],
    [
      'an Ed25519 public key',
      request,
      'MCowBQYDK2VwAyEA8133ubroWehSe267SxTAWpI5kWQlMW0MAkMTPvDAd04=',
      'key-format',
      /Ed25519/,
    ],
    ['a request signed by another key', request, OTHER.publicKey, 'wrong-key', /development key/],
  ];
  for (const [what, req, key, expected, pattern] of cases) {
    it(`${what}: ${expected}`, () => {
      const verdict = verdictOf(req, key);
      assert.equal(verdict.reason, expected);
      assert.match(verdict.message, pattern);
      // Header counts are the framework's business (express joins repeats with ", "), not the SDK's.
      if (expected !== 'malformed-header' || !/repeated/.test(what)) {
        assert.equal(sdkAccepts(req, key), false, 'the SDK accepts it, so verify must too');
      }
    });
  }

  it('wrong-key when neither the given key nor the development key signed it', async () => {
    const foreign = await signed('delivered', newKeyPair().privatePem);
    const verdict = verdictOf(foreign, OTHER.publicKey);
    assert.equal(verdict.reason, 'wrong-key');
    assert.match(verdict.message, /another private key/);
  });
});
