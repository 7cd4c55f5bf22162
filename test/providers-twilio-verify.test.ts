import assert from 'node:assert/strict';
import { parse as parseQuery } from 'node:querystring';
import { describe, it } from 'node:test';
import twilioSdk from 'twilio';
import { type HeaderPair, headerValues } from '../src/http/headers.ts';
import { twilio } from '../src/providers/twilio/index.ts';
import { bodySha256, NO_PARAMS, twilioSignature } from '../src/providers/twilio/signature.ts';
import type { FailureReason, InboundRequest } from '../src/providers/types.ts';
import { seededContext } from './helpers/context.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const TOKEN = '9a8f0c2e4b6d1f3a5c7e9b0d2f4a6c8e';
const WRONG = '1b3d5f7a9c0e2b4d6f8a0c1e3b5d7f9a';
const PUBLIC = 'https://example.trycloudflare.com/sms';

/** What a Node server hands the SDK: repeated headers joined with `, `. */
const signatureOf = (request: InboundRequest) =>
  headerValues(request.headers, 'x-twilio-signature').join(', ');

function sdkAccepts(request: InboundRequest, token: string): boolean {
  const url = request.url ?? '';
  if (url.includes('bodySHA256'))
    return twilioSdk.validateRequestWithBody(token, signatureOf(request), url, request.body.toString());
  const params = parseQuery(request.body.toString()) as Record<string, string>;
  return twilioSdk.validateRequest(token, signatureOf(request), url, params);
}

async function signed(event: string, url = PUBLIC): Promise<InboundRequest> {
  const context = seededContext(NOW, `twilio-verify:${event}`);
  const payload = await twilio.payload(event, context);
  assert.ok(payload);
  const request = twilio.encode(event, payload, context);
  request.url = url;
  return { headers: twilio.sign(request, TOKEN, context), body: request.body, url };
}

const delivered = await signed('message.status.delivered');
const incoming = await signed('message.incoming');
const behindQuery = await signed('call.status.completed', `${PUBLIC}?tenant=acme`);
const local = await signed('call.incoming', 'http://localhost:3000/voice');
const withSignature = (request: InboundRequest, value: string | null): InboundRequest => ({
  ...request,
  headers: [
    ...request.headers.filter(([name]) => name.toLowerCase() !== 'x-twilio-signature'),
    ...(value === null ? [] : [['X-Twilio-Signature', value] as HeaderPair]),
  ],
});
const at = (request: InboundRequest, url: string): InboundRequest => ({ ...request, url });
const body = (request: InboundRequest, text: string, contentType?: string): InboundRequest => ({
  ...request,
  body: Buffer.from(text),
  headers: contentType
    ? request.headers.map(([n, v]): HeaderPair => [n, n === 'Content-Type' ? contentType : v])
    : request.headers,
});
const digest = signatureOf(delivered);
const json = Buffer.from('{"ParentSid":"CA0d9e1f","Status":"completed"}');
const jsonUrl = `${PUBLIC}?bodySHA256=${bodySha256(json)}`;
const jsonRequest: InboundRequest = {
  headers: [
    ['Content-Type', 'application/json'],
    ['X-Twilio-Signature', twilioSignature(TOKEN, jsonUrl, NO_PARAMS)],
  ],
  body: json,
  url: jsonUrl,
};

describe('twilio verify explains failures, in one sentence each, where the SDK refuses', () => {
  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp]> = [
    ['signature header dropped', withSignature(delivered, null), TOKEN, 'missing-header', /is missing/],
    [
      'signature header twice',
      { ...delivered, headers: [...delivered.headers, ['x-twilio-signature', digest]] },
      TOKEN,
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'truncated signature',
      withSignature(delivered, digest.slice(0, 20)),
      TOKEN,
      'malformed-header',
      /base64/,
    ],
    [
      'hex instead of base64',
      withSignature(delivered, Buffer.from(digest, 'base64').toString('hex')),
      TOKEN,
      'encoding-mixup',
      /hex/,
    ],
    ['a GitHub-style prefix', withSignature(delivered, `sha1=${digest}`), TOKEN, 'encoding-mixup', /sha1=/],
    [
      'the app checks http behind TLS termination',
      at(delivered, 'http://example.trycloudflare.com/sms'),
      TOKEN,
      'url-mismatch',
      /matches https:\/\/example\.trycloudflare\.com\/sms, not http:.*\(https, not http\).*--public-url/,
    ],
    [
      'the app checks the local URL; the Host header names the public one',
      {
        ...at(delivered, 'http://localhost:3000/sms'),
        headers: [
          ...delivered.headers,
          ['Host', 'example.trycloudflare.com'],
          ['X-Forwarded-Proto', 'https'],
        ],
      },
      TOKEN,
      'url-mismatch',
      /matches https:\/\/example\.trycloudflare\.com\/sms, not http:\/\/localhost:3000\/sms .*from the host header/,
    ],
    [
      'localhost signed, 127.0.0.1 checked',
      at(local, 'http://127.0.0.1:3000/voice'),
      TOKEN,
      'url-mismatch',
      /matches http:\/\/localhost:3000\/voice.*host localhost:3000, not 127\.0\.0\.1:3000/,
    ],
    [
      'a trailing slash added',
      at(delivered, `${PUBLIC}/`),
      TOKEN,
      'url-mismatch',
      /without the trailing slash/,
    ],
    [
      'a query string added on the way by a router',
      at(delivered, `${PUBLIC}?tenant=acme`),
      TOKEN,
      'url-mismatch',
      /matches https:\/\/example\.trycloudflare\.com\/sms, .*without the query string \?tenant=acme/,
    ],
    [
      'signed with its query, checked over http',
      at(behindQuery, `http://example.trycloudflare.com/sms?tenant=acme`),
      TOKEN,
      'url-mismatch',
      /matches https:\/\/example\.trycloudflare\.com\/sms\?tenant=acme, /,
    ],
    [
      'a relay decoded %2B into a raw +',
      body(delivered, delivered.body.toString().replaceAll('%2B', '+')),
      TOKEN,
      'body-changed',
      /`\+` sent as `%2B`/,
    ],
    [
      'a relay re-sent the fields as JSON',
      body(
        incoming,
        JSON.stringify(Object.fromEntries(new URLSearchParams(incoming.body.toString()))),
        'application/json',
      ),
      TOKEN,
      'body-changed',
      /re-serialized as JSON/,
    ],
    [
      'a JSON body changed under its bodySHA256',
      { ...jsonRequest, body: Buffer.from(JSON.stringify(JSON.parse(json.toString()), null, 2)) },
      TOKEN,
      'body-changed',
      /bodySHA256/,
    ],
    [
      'a JSON body whose query was dropped',
      { ...jsonRequest, url: PUBLIC },
      TOKEN,
      'url-mismatch',
      /no bodySHA256/,
    ],
    ['a token with a trailing newline', delivered, `${TOKEN}\n`, 'secret-whitespace', /trimmed/],
    ['another account’s token', delivered, WRONG, 'wrong-secret', /Auth Token.*--public-url/],
  ];
  for (const [name, request, secret, reason, message] of cases) {
    it(`${name} → ${reason}`, () => {
      const verdict = twilio.verify(request, secret, NOW);
      assert.equal(verdict.valid, false);
      assert.equal(!verdict.valid && verdict.reason, reason, !verdict.valid ? verdict.message : '');
      assert.match(!verdict.valid ? verdict.message : '', message);
      assert.equal(sdkAccepts(request, secret), false, 'the SDK accepted it');
    });
  }

  it('the URL named in a url-mismatch is one the SDK accepts', () => {
    const verdict = twilio.verify(at(delivered, 'http://example.trycloudflare.com:8080/sms/'), TOKEN, NOW);
    assert.equal(!verdict.valid && verdict.reason, 'url-mismatch');
    const named = /matches (\S+), not/.exec(!verdict.valid ? verdict.message : '')?.[1] ?? '';
    assert.ok(sdkAccepts(at(delivered, named), TOKEN), named);
  });

  it('spaces re-encoded as %20 instead of + change nothing, for the SDK as for verify', () => {
    assert.match(incoming.body.toString(), /Is\+my\+order/);
    const reencoded = body(incoming, incoming.body.toString().replaceAll('+', '%20'));
    assert.ok(sdkAccepts(reencoded, TOKEN));
    assert.deepEqual(twilio.verify(reencoded, TOKEN, NOW), { valid: true });
  });

  it('a JSON body signed over its bodySHA256 URL verifies, as validateRequestWithBody says', () => {
    assert.ok(sdkAccepts(jsonRequest, TOKEN));
    assert.deepEqual(twilio.verify(jsonRequest, TOKEN, NOW), { valid: true });
  });
});
