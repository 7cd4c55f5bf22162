// Every explain reason of the Standard Webhooks scheme, for one sender: each case builds a request the way
// the mistake happens, checks that the sender's SDK refuses it too (so `verify` judges as the SDK does),
// and that `verify` names the reason in a sentence that says what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HeaderPair, setHeaders } from '../../src/http/headers.ts';
import { digest } from '../../src/providers/standard-webhooks/scheme.ts';
import type { FailureReason } from '../../src/providers/types.ts';
import { seededContext, signedEvent } from './context.ts';
import { oracles, type Signed } from './sw-oracles.ts';
import { SECRETS, type SenderName, sender } from './sw-suite.ts';

interface Case {
  title: string;
  reason: FailureReason;
  message: RegExp;
  /** The request as the mistake makes it, from a correctly signed one. */
  build: (signed: Signed, parts: { id: string; timestamp: string; prefix: string }) => Signed;
  /** The secret `verify` (and the SDK) is given; default the right one. */
  secret?: string;
  /** Senders whose SDK accepts this (openai-node's lenient base64 skips whitespace in a secret). */
  acceptedBy?: SenderName[];
}

const drop = (headers: readonly HeaderPair[], name: string) =>
  headers.filter(([key]) => key.toLowerCase() !== name);
const resign = (
  { headers, body }: Signed,
  prefix: string,
  key: Buffer,
  id: string,
  timestamp: string,
): Signed => ({
  headers: setHeaders(headers, [
    [`${prefix}-signature`, `v1,${digest(key, id, timestamp, body).toString('base64')}`],
  ]),
  body,
});

export function explainSuite(name: SenderName, event: string): void {
  const provider = sender(name);
  const secret = SECRETS[name];
  const base64Key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const cases: Case[] = [
    {
      title: 'a header a proxy dropped',
      reason: 'missing-header',
      message: /-signature is missing/,
      build: (s, p) => ({ ...s, headers: drop(s.headers, `${p.prefix}-signature`) }),
    },
    {
      title: 'the id header twice',
      reason: 'malformed-header',
      message: /arrived 2 times/,
      build: (s, p) => ({ ...s, headers: [...s.headers, [`${p.prefix}-id`, p.id]] }),
    },
    {
      title: 'a timestamp that is not a number',
      reason: 'malformed-header',
      message: /not unix seconds/,
      build: (s, p) => ({ ...s, headers: setHeaders(s.headers, [[`${p.prefix}-timestamp`, 'yesterday']]) }),
    },
    {
      title: "Stripe's v1= layout",
      reason: 'encoding-mixup',
      message: /`v1=`/,
      build: (s, p) => ({ ...s, headers: setHeaders(s.headers, [[`${p.prefix}-signature`, 'v1=0f3c']]) }),
    },
    {
      title: 'the whole whsec_ string as the HMAC key',
      reason: 'encoding-mixup',
      message: /whole `whsec_…` string/,
      build: (s, p) => resign(s, p.prefix, Buffer.from(secret), p.id, p.timestamp),
    },
    {
      title: 'the secret given with the signature prefix v1, in front (standard-webhooks#235)',
      reason: 'encoding-mixup',
      message: /standard-webhooks#235/,
      build: (s) => s,
      secret: `v1,${secret}`,
    },
    {
      title: 'a timestamp in milliseconds',
      reason: 'future-timestamp',
      message: /looks like milliseconds/,
      build: (s, p) => {
        const ms = `${p.timestamp}000`;
        return resign(
          { ...s, headers: setHeaders(s.headers, [[`${p.prefix}-timestamp`, ms]]) },
          p.prefix,
          base64Key,
          p.id,
          ms,
        );
      },
    },
    {
      title: 'a body re-serialized as indented JSON',
      reason: 'body-changed',
      message: /re-serialized/,
      build: (s) => ({ ...s, body: Buffer.from(JSON.stringify(JSON.parse(s.body.toString()), null, 2)) }),
    },
    {
      title: 'a secret with a trailing CRLF',
      reason: 'secret-whitespace',
      message: /trimmed/,
      build: (s) => s,
      secret: `${secret}\r\n`,
      acceptedBy: ['openai'],
    },
  ];
  describe(`${name}: verify explains each failure as its SDK refuses it`, () => {
    for (const item of cases) {
      it(`${item.reason}: ${item.title}`, async () => {
        const nowMs = Date.now();
        const signed = await signedEvent(provider, event, secret, seededContext(nowMs, `${name}:explain`));
        const prefix =
          signed.headers
            .find(([key]) => /-signature$/i.test(key))?.[0]
            .split('-')[0]
            ?.toLowerCase() ?? '';
        const id = signed.headers.find(([key]) => key.toLowerCase() === `${prefix}-id`)?.[1] ?? '';
        const timestamp = String(Math.floor(nowMs / 1000));
        const request = item.build(signed, { id, timestamp, prefix });
        const given = item.secret ?? secret;
        if (item.acceptedBy?.includes(name)) {
          assert.equal(await oracles[name](request, given), true, "the sender's SDK refused it");
          assert.equal(
            provider.verify(request, given, nowMs).valid,
            true,
            'verify refused what the SDK accepts',
          );
          return;
        }
        // Clerk's and the spec's SDK throw on a secret they cannot decode: that is a refusal too.
        assert.equal(await oracles[name](request, given), false, "the sender's SDK accepted it");
        const verdict = provider.verify(request, given, nowMs);
        assert.equal(verdict.valid, false);
        if (verdict.valid) return;
        assert.equal(verdict.reason, item.reason, verdict.message);
        assert.match(verdict.message, item.message);
        assert.ok(verdict.message.split(/(?<=[.:]) /).length <= 4, 'one or two plain sentences');
      });
    }
  });
}
