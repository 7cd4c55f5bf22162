import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headerValue } from '../src/http/headers.ts';
import {
  type HmacScheme,
  type SchemeWords,
  signWithScheme,
  urlVariants,
  verifyWithScheme,
} from '../src/providers/template.ts';
import { seededContext } from './helpers/context.ts';

// The template engine with the documented known answers of providers whose schemes are templates:
// if these hold, a scheme written as data signs exactly as the provider does.

const SLACK: HmacScheme = {
  header: 'X-Slack-Signature',
  algorithm: 'sha256',
  signed: 'v0:{timestamp}:{body}',
  encoding: 'hex',
  format: 'v0={signature}',
  timestamp: { header: 'X-Slack-Request-Timestamp', unit: 's', toleranceSeconds: 300 },
};
const GITHUB: HmacScheme = {
  header: 'X-Hub-Signature-256',
  algorithm: 'sha256',
  signed: '{body}',
  encoding: 'hex',
  format: 'sha256={signature}',
};
const URL_SIGNED: HmacScheme = {
  header: 'X-Acme-Signature',
  algorithm: 'sha256',
  signed: '{url}{body}',
  encoding: 'base64',
};
const WORDS: SchemeWords = { title: 'Acme', secretHint: 'the signing secret from the Acme dashboard' };

const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SLACK_BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
    '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
    '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
    '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);
const SLACK_AT = 1_531_420_618_000;

describe('HMAC template schemes', () => {
  it("signs Slack's documented slash command to its documented signature", () => {
    const headers = signWithScheme(
      SLACK,
      { headers: [], body: SLACK_BODY },
      SLACK_SECRET,
      seededContext(SLACK_AT, 't'),
    );
    assert.equal(headerValue(headers, 'x-slack-request-timestamp'), '1531420618');
    assert.equal(
      headerValue(headers, 'x-slack-signature'),
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
    assert.deepEqual(verifyWithScheme(SLACK, { headers, body: SLACK_BODY }, SLACK_SECRET, SLACK_AT, WORDS), {
      valid: true,
    });
  });

  it("signs GitHub's documented example to its documented signature", () => {
    const headers = signWithScheme(
      GITHUB,
      { headers: [], body: Buffer.from('Hello, World!') },
      "It's a Secret to Everybody",
      seededContext(0, 't'),
    );
    assert.equal(
      headerValue(headers, 'x-hub-signature-256'),
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  const signedSlack = (secret = SLACK_SECRET, at = SLACK_AT) =>
    signWithScheme(SLACK, { headers: [], body: SLACK_BODY }, secret, seededContext(at, 't'));
  const reason = (
    scheme: HmacScheme,
    headers: [string, string][],
    body: Buffer,
    nowMs = SLACK_AT,
    url?: string,
  ) => {
    const verdict = verifyWithScheme(scheme, { headers, body, url }, SLACK_SECRET, nowMs, WORDS);
    return verdict.valid ? 'valid' : verdict.reason;
  };

  it('names each way a signature fails', () => {
    const headers = signedSlack();
    assert.equal(reason(SLACK, [], SLACK_BODY), 'missing-header');
    assert.equal(reason(SLACK, [...headers, ['X-Slack-Signature', 'v0=00']], SLACK_BODY), 'malformed-header');
    assert.equal(reason(SLACK, headers, SLACK_BODY, SLACK_AT + 301_000), 'stale-timestamp');
    assert.equal(reason(SLACK, headers, SLACK_BODY, SLACK_AT - 3_600_000), 'valid', 'the future is accepted');
    assert.equal(
      reason(SLACK, headers, Buffer.from(SLACK_BODY.toString().replaceAll('%2F', '/'))),
      'body-changed',
    );
    const padded = verifyWithScheme(
      SLACK,
      { headers, body: SLACK_BODY },
      `${SLACK_SECRET}\n`,
      SLACK_AT,
      WORDS,
    );
    assert.equal(padded.valid ? 'valid' : padded.reason, 'secret-whitespace');
    assert.equal(reason(SLACK, signedSlack('another-secret'), SLACK_BODY), 'wrong-secret');
    const hexToBase64 = headers.map(([name, value]): [string, string] =>
      name === 'X-Slack-Signature'
        ? [name, `v0=${Buffer.from(value.slice(3), 'hex').toString('base64')}`]
        : [name, value],
    );
    assert.equal(reason(SLACK, hexToBase64, SLACK_BODY), 'encoding-mixup');
    const millis = headers.map(([name, value]): [string, string] =>
      name === 'X-Slack-Request-Timestamp' ? [name, `${value}000`] : [name, value],
    );
    assert.equal(reason(SLACK, millis, SLACK_BODY), 'malformed-header');
  });

  it('says the body changed when the signature matches a re-serialization of it', () => {
    const pretty = Buffer.from('{\n  "id": "evt_1",\n  "amount": 1.0\n}');
    const headers = signWithScheme(
      GITHUB,
      { headers: [], body: pretty },
      SLACK_SECRET,
      seededContext(0, 't'),
    );
    const compact = Buffer.from(JSON.stringify(JSON.parse(pretty.toString())));
    const verdict = verifyWithScheme(GITHUB, { headers, body: compact }, SLACK_SECRET, 0, WORDS);
    assert.equal(
      verdict.valid ? 'valid' : verdict.reason,
      'wrong-secret',
      '1.0 became 1: no variant restores it',
    );
    const plain = Buffer.from('{\n  "id": "evt_1"\n}');
    const signed = signWithScheme(GITHUB, { headers: [], body: plain }, SLACK_SECRET, seededContext(0, 't'));
    const changed = verifyWithScheme(
      GITHUB,
      { headers: signed, body: Buffer.from('{"id":"evt_1"}') },
      SLACK_SECRET,
      0,
      WORDS,
    );
    assert.equal(changed.valid ? 'valid' : changed.reason, 'body-changed');
  });

  it('says which URL was signed when an app checks the URL it sees behind a tunnel', () => {
    const body = Buffer.from('{"ok":true}');
    const publicUrl = 'https://quiet-cat.trycloudflare.com/hooks?x=1';
    const headers = signWithScheme(
      URL_SIGNED,
      { headers: [], body, url: publicUrl },
      SLACK_SECRET,
      seededContext(0, 't'),
    );
    assert.equal(reason(URL_SIGNED, headers, body, 0, publicUrl), 'valid');
    const verdict = verifyWithScheme(
      URL_SIGNED,
      { headers, body, url: 'http://localhost:3000/hooks?x=1', otherUrls: [publicUrl] },
      SLACK_SECRET,
      0,
      WORDS,
    );
    assert.equal(verdict.valid ? 'valid' : verdict.reason, 'url-mismatch');
    assert.match(verdict.valid ? '' : verdict.message, /quiet-cat\.trycloudflare\.com/);
  });

  it('decodes the escapes a scheme names in the URL before signing, and says when they were left encoded', () => {
    const decoding: HmacScheme = { ...URL_SIGNED, urlDecode: ['%3A', '%2F', '%40'] };
    const body = Buffer.from('[]');
    const encoded = 'https://example.com/hooks?next=https%3a%2F%2Fapp.example%2Fa&who=me%40x&keep=%20';
    const decoded = 'https://example.com/hooks?next=https://app.example/a&who=me@x&keep=%20';
    const viaEncoded = signWithScheme(
      decoding,
      { headers: [], body, url: encoded },
      SLACK_SECRET,
      seededContext(0, 't'),
    );
    const viaDecoded = signWithScheme(
      URL_SIGNED,
      { headers: [], body, url: decoded },
      SLACK_SECRET,
      seededContext(0, 't'),
    );
    assert.equal(headerValue(viaEncoded, 'x-acme-signature'), headerValue(viaDecoded, 'x-acme-signature'));
    assert.equal(reason(decoding, viaEncoded, body, 0, encoded), 'valid');
    // A signer that skipped the decoding signed the URL as it is written.
    const raw = signWithScheme(
      URL_SIGNED,
      { headers: [], body, url: encoded },
      SLACK_SECRET,
      seededContext(0, 't'),
    );
    const verdict = verifyWithScheme(decoding, { headers: raw, body, url: encoded }, SLACK_SECRET, 0, WORDS);
    assert.equal(verdict.valid ? 'valid' : verdict.reason, 'url-mismatch');
    assert.match(verdict.valid ? '' : verdict.message, /escapes left encoded.*%3A %2F %40/);
  });

  it('tries the other scheme, the default port, localhost, a trailing slash and the bare path', () => {
    assert.deepEqual(urlVariants('https://example.com/sms?a=1'), [
      'http://example.com/sms?a=1',
      'https://example.com:443/sms?a=1',
      'https://localhost/sms?a=1',
      'http://localhost/sms?a=1',
      'https://127.0.0.1/sms?a=1',
      'http://127.0.0.1/sms?a=1',
      'https://example.com/sms/?a=1',
      'https://example.com/sms',
    ]);
  });
});
