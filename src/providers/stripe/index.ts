import { hasHeader, headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { parseJsonObject, stringField } from '../parse.ts';
import { bodyVariants, describeAge, hmac, safeEqual } from '../signing.ts';

import type { FailureReason, InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeStripe, stripePayload } from './fixtures.ts';

// Stripe signs `${t}.${body}` with HMAC-SHA256 keyed by the whole `whsec_…` string and sends
// `Stripe-Signature: t=<unix seconds>,v1=<hex>` (https://docs.stripe.com/webhooks#verify-manually).
// Parsing, comparison and tolerance below follow stripe-node's Webhooks.js (`parseHeader`,
// `validateComputedSignature`), the SDK hookctl's users verify with.

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';
/** stripe-node's DEFAULT_TOLERANCE: only signatures older than this are rejected, never newer ones. */
export const STRIPE_TOLERANCE_SECONDS = 300;
const MANIFEST_ENTRY = manifestEntry('stripe');
export const STRIPE_DEV_SECRET: string = MANIFEST_ENTRY.devSecret;

/** The `Stripe-Signature` value for `body` signed at `timestamp` (unix seconds). */
export function stripeSignatureHeader(body: Buffer | string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${v1(body, secret, String(timestamp))}`;
}

function v1(body: Buffer | string, secret: string, timestamp: string): string {
  return hmac('sha256', secret, [`${timestamp}.`, body]).toString('hex');
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

/**
 * Exactly stripe-node's `parseHeader`: split on `,`, then on `=`; `t` through parseInt, every `v1`
 * kept, other schemes (`v0`) ignored, nothing trimmed. -1 means no `t` at all.
 */
export function parseStripeSignature(header: string): ParsedHeader {
  const parsed: ParsedHeader = { timestamp: -1, signatures: [] };
  for (const item of header.split(',')) {
    const [key, value = ''] = item.split('=');
    if (key === 't') parsed.timestamp = Number.parseInt(value, 10);
    if (key === 'v1') parsed.signatures.push(value);
  }
  return parsed;
}

const fail = (reason: FailureReason, message: string): Verification => ({ valid: false, reason, message });
const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
const FORMAT = 't=<unix seconds>,v1=<hex HMAC-SHA256>';

/** A header written for another provider's scheme, or with the wrong encoding; null when none fits. */
function headerMixup(header: string, parsed: ParsedHeader): string | null {
  const value = header.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) {
    return `Stripe-Signature is bare hex; Stripe's format is ${FORMAT}: sign "\${t}.\${body}" and send both parts.`;
  }
  if (/^sha256=/i.test(value)) {
    return `Stripe-Signature carries a GitHub-style "sha256=" signature; Stripe's format is ${FORMAT}.`;
  }
  if (/(^|[\s,])v1,/.test(value)) {
    return `Stripe-Signature carries a Standard Webhooks "v1,<base64>" signature; Stripe's format is ${FORMAT}.`;
  }
  if (parsed.signatures.length === 0 && /(^|,)v0=/.test(value)) {
    return 'Stripe-Signature has only a v0= signature, which Stripe\'s SDK ignores (Slack uses "v0="): sign with v1=.';
  }
  // Only when no v1 is lowercase hex: the SDK can never accept such a header, whatever the secret.
  const foreign = parsed.signatures[0];
  if (foreign !== undefined && parsed.signatures.every((signature) => !/^[0-9a-f]{64}$/.test(signature))) {
    const kind = /^[0-9A-F]{64}$/i.test(foreign)
      ? 'uppercase hex'
      : /^[A-Za-z0-9+/]{43}=?$/.test(foreign)
        ? 'base64'
        : 'not hex';
    return `The v1 signature is ${kind}; Stripe compares lowercase hex of HMAC-SHA256, digest('hex') ("${clip(foreign)}").`;
  }
  return null;
}

/**
 * Accepts what stripe-node accepts; otherwise names the likeliest cause, checked in this order: header
 * missing, malformed, mixed-up encoding, clock, body changed in transit, secret whitespace, wrong secret.
 */
function verifyStripe({ headers, body }: InboundRequest, secret: string, nowMs: number): Verification {
  const values = headerValues(headers, STRIPE_SIGNATURE_HEADER);
  // Node joins a repeated header with ", " before the SDK sees it; do the same.
  const header = values.join(', ');
  if (header === '') {
    return fail(
      'missing-header',
      'No Stripe-Signature header: the request was not signed by Stripe, or a proxy dropped or renamed the header. Forward it unchanged.',
    );
  }
  const parsed = parseStripeSignature(header);
  const repeated = values.length > 1 ? ` (the header arrived ${values.length} times)` : '';
  if (parsed.timestamp === -1 || parsed.signatures.length === 0) {
    const mixup = headerMixup(header, parsed);
    if (mixup !== null) return fail('encoding-mixup', mixup);
    const spaced = /,\s+(t|v1)=/.test(header) ? '; entries must be separated by "," without spaces' : '';
    return fail(
      'malformed-header',
      `Stripe-Signature "${clip(header)}" is not ${FORMAT}${spaced}${repeated}. Send the header exactly as signed.`,
    );
  }
  if (secret.trim() === '') {
    return fail(
      'wrong-secret',
      'No signing secret given: pass --secret whsec_… or set STRIPE_WEBHOOK_SECRET.',
    );
  }
  // The SDK verifies the body decoded as UTF-8 (TextDecoder: a BOM dropped, invalid bytes replaced).
  const text = new TextDecoder('utf-8').decode(body);
  const t = String(parsed.timestamp);
  const signedWith = (candidate: Buffer | string, key: string, stamp = t) => {
    const expected = v1(candidate, key, stamp);
    return parsed.signatures.some((signature) => safeEqual(expected, signature));
  };
  if (signedWith(text, secret)) {
    const age = Math.floor(nowMs / 1000) - parsed.timestamp;
    if (age <= STRIPE_TOLERANCE_SECONDS) return { valid: true };
    return fail(
      'stale-timestamp',
      `The signature matches but t=${t} is ${describeAge(age)} old; Stripe's SDK rejects signatures older than 5 minutes. Re-sign it with \`hookctl replay --resign\`.`,
    );
  }
  if (Number.isNaN(parsed.timestamp)) {
    return fail(
      'malformed-header',
      `Stripe-Signature "${clip(header)}" has a t that is not a number: t is unix seconds.`,
    );
  }
  const mixup = headerMixup(header, parsed);
  if (mixup !== null) return fail('encoding-mixup', mixup);
  if (parsed.timestamp > 1e12 && signedWith(text, secret, String(Math.floor(parsed.timestamp / 1000)))) {
    return fail(
      'future-timestamp',
      `t=${t} looks like milliseconds while the signature was made with seconds; Stripe's t is unix seconds: send Math.floor(Date.now() / 1000).`,
    );
  }
  const changed = bodyVariants(body).find((variant) => signedWith(variant.body, secret));
  if (changed !== undefined) {
    return fail(
      'body-changed',
      `The body was changed after signing: the signature was made over it as ${changed.label}, not over the bytes received. Verify the raw request bytes (express.raw({ type: 'application/json' })), never a re-serialized body.`,
    );
  }
  if (secret !== secret.trim() && signedWith(text, secret.trim())) {
    return fail(
      'secret-whitespace',
      'The secret has leading or trailing whitespace (often a newline from a .env file or copy-paste): trim it.',
    );
  }
  const notWhsec = secret.startsWith('whsec_')
    ? ''
    : ' It does not start with whsec_: an API key (sk_…) is not a webhook secret.';
  return fail(
    'wrong-secret',
    `The signature does not match this secret${repeated}.${notWhsec} \`stripe listen\` prints its own whsec_ secret, different from the Dashboard endpoint's; test and live endpoints have different secrets; \`hookctl trigger\` signs with STRIPE_WEBHOOK_SECRET or ${STRIPE_DEV_SECRET}.`,
  );
}

// Every Stripe delivery is signed (https://docs.stripe.com/webhooks#verify-events) and its body is an
// Event object whose `type` is the event name (https://docs.stripe.com/api/events/object).
export const stripe: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: STRIPE_TOLERANCE_SECONDS,
  detect({ headers, body }) {
    if (!hasHeader(headers, 'stripe-signature')) return null;
    return { provider: 'stripe', event: stringField(parseJsonObject(body), 'type') };
  },
  signatureList: ',',
  sign({ headers, body }, secret, context) {
    const timestamp = Math.floor(context.now() / 1000);
    return setHeaders(headers, [[STRIPE_SIGNATURE_HEADER, stripeSignatureHeader(body, secret, timestamp)]]);
  },
  verify: verifyStripe,
  fixtures: () => listFixtures('stripe'),
  payload: stripePayload,
  encode: (_event, payload) => encodeStripe(payload),
};
