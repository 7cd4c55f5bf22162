import { createHmac } from 'node:crypto';
import { headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { parseJsonObject, stringField } from '../parse.ts';
import { safeEqual } from '../signing.ts';
import {
  type HmacScheme,
  type SchemeWords,
  signedBytes,
  signWithScheme,
  verifyWithScheme,
} from '../template.ts';
import type { InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodePaddle, paddlePayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('paddle');

/**
 * Paddle Billing (https://developer.paddle.com/webhooks/signature-verification): `Paddle-Signature:
 * ts=<unix seconds>;h1=<hex HMAC-SHA256 of "ts:body">`, keyed with the destination's secret as text. The
 * SDK (`WebhooksValidator` in @paddle/paddle-node-sdk 3.10) refuses a `ts` more than 5 seconds old and
 * accepts any future one.
 */
export const PADDLE_SCHEME: HmacScheme = {
  header: 'Paddle-Signature',
  algorithm: 'sha256',
  signed: '{timestamp}:{body}',
  encoding: 'hex',
  format: 'ts={timestamp};h1={signature}',
  timestamp: { unit: 's', toleranceSeconds: 5 },
};

const WORDS: SchemeWords = {
  title: 'Paddle',
  secretHint:
    "the notification destination's secret key (Paddle → Developer tools → Notifications → Edit destination; it starts with pdl_ntfset_) as PADDLE_WEBHOOK_SECRET or --secret",
};

export const paddle: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: 5,
  detect(request) {
    if (headerValues(request.headers, PADDLE_SCHEME.header).length === 0) return null;
    return { provider: 'paddle', event: stringField(parseJsonObject(request.body), 'event_type') };
  },
  sign: (request, secret, context) => signWithScheme(PADDLE_SCHEME, request, secret, context),
  verify: verifyPaddle,
  fixtures: () => listFixtures('paddle'),
  payload: paddlePayload,
  encode: encodePaddle,
};

interface PaddleHeader {
  ts: string;
  /** Every `h1=` in order: during a secret rotation Paddle sends one per secret. */
  h1: string[];
}

/**
 * The header read as the SDK reads it: split on `;`, each part on `=`, keys compared exactly (so `ts=1;
 * h1=…` with a space loses its h1), the last `ts` and the last `h1` kept. A header that arrived twice is
 * joined with ", " as Node joins it, which the SDK then parses the same way.
 */
function readHeader(values: readonly string[]): PaddleHeader | null {
  let ts = '';
  const h1: string[] = [];
  for (const part of values.join(', ').split(';')) {
    const [key, value] = part.split('=');
    if (value === undefined || value === '') continue;
    if (key === 'ts') ts = value;
    else if (key === 'h1') h1.push(value);
  }
  return ts === '' || h1.length === 0 ? null : { ts, h1 };
}

function verifyPaddle(request: InboundRequest, secret: string, nowMs: number): Verification {
  const values = headerValues(request.headers, PADDLE_SCHEME.header);
  const parsed = values.length === 0 ? null : readHeader(values);
  if (values.length === 0 || parsed === null) {
    // Missing, or without a ts= and an h1= the SDK can read: the scheme says which, in its words.
    return verifyWithScheme(PADDLE_SCHEME, request, secret, nowMs, WORDS);
  }
  // The SDK signs `${parseInt(ts)}:body` and compares the last h1 only: check exactly that header.
  const last = parsed.h1.at(-1) ?? '';
  const ts = String(Number.parseInt(parsed.ts, 10));
  const headers = setHeaders(request.headers, [[PADDLE_SCHEME.header, `ts=${ts};h1=${last}`]]);
  const verdict = verifyWithScheme(PADDLE_SCHEME, { ...request, headers }, secret, nowMs, WORDS);
  if (verdict.valid || parsed.h1.length === 1 || verdict.reason !== 'wrong-secret') return verdict;
  const expected = createHmac('sha256', secret)
    .update(signedBytes(PADDLE_SCHEME, { body: request.body, timestamp: ts, url: '', method: '', id: '' }))
    .digest('hex');
  if (parsed.h1.slice(0, -1).some((earlier) => safeEqual(earlier, expected))) {
    return {
      valid: false,
      reason: 'wrong-secret',
      message: `Paddle-Signature carries ${parsed.h1.length} h1= signatures (a secret rotation) and an earlier one matches this secret, but Paddle's SDK checks only the last: verify with the newest secret key, or check every h1= yourself.`,
    };
  }
  return verdict;
}
