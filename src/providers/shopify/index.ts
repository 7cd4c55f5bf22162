import { hasHeader, headerValue } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { type HmacScheme, type SchemeWords, signWithScheme, verifyWithScheme } from '../template.ts';
import type { InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { shopifyEncode, shopifyPayload } from './fixtures.ts';

// Shared with `--help`, which must not load provider modules.
const MANIFEST_ENTRY = manifestEntry('shopify');

/**
 * Shopify signs the raw body with the app's client secret: base64 HMAC-SHA256 in `X-Shopify-Hmac-Sha256`,
 * nothing timed (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook).
 * `@shopify/shopify-api` also reads the newer header family without `X-` (`shopify-hmac-sha256`, …) and
 * then wants those names throughout; a request carries one family or the other.
 */
export const SHOPIFY_SCHEME: HmacScheme = {
  header: 'X-Shopify-Hmac-Sha256',
  algorithm: 'sha256',
  signed: '{body}',
  encoding: 'base64',
};
const EVENTS_SCHEME: HmacScheme = { ...SHOPIFY_SCHEME, header: 'shopify-hmac-sha256' };

/**
 * The headers `webhooks.validate` refuses a request without, after the HMAC has matched, in the order
 * it checks them (`X-Shopify-Triggered-At` and `X-Shopify-Event-Id` are optional in the `X-` family,
 * `shopify-event-id` is required in the other).
 */
const REQUIRED = {
  webhooks: ['X-Shopify-Topic', 'X-Shopify-Shop-Domain', 'X-Shopify-API-Version', 'X-Shopify-Webhook-Id'],
  events: [
    'shopify-topic',
    'shopify-shop-domain',
    'shopify-api-version',
    'shopify-webhook-id',
    'shopify-event-id',
  ],
};

const WORDS: SchemeWords = {
  title: 'Shopify',
  secretHint:
    "the app's client secret (Partner Dashboard or Dev Dashboard → the app → Settings → Client secret, " +
    '$SHOPIFY_API_SECRET in the app templates), not its API key or an Admin API access token',
};

/** The request uses the newer `shopify-*` header family (the SDK's "events" webhooks). */
const isEventsFamily = (headers: InboundRequest['headers']) =>
  hasHeader(headers, 'shopify-hmac-sha256') && !hasHeader(headers, 'x-shopify-hmac-sha256');

/**
 * Sample resources Shopify's "Send test notification" fills its payloads with (order 820982911946154508,
 * product 788032119674292922): ids no real shop has.
 */
const ADMIN_TEST_IDS = new Set(['820982911946154508', '788032119674292922']);

/**
 * Whether a request looks like the admin's "Send test notification" (Settings → Notifications →
 * Webhooks): it carries `X-Shopify-Test: true`, or its body is Shopify's sample resource.
 */
export function looksLikeAdminTest({ headers, body }: InboundRequest): boolean {
  if (headerValue(headers, 'x-shopify-test')?.trim().toLowerCase() === 'true') return true;
  const id = /^\s*\{\s*"id"\s*:\s*(\d+)/.exec(body.subarray(0, 64).toString('utf8'))?.[1];
  return id !== undefined && ADMIN_TEST_IDS.has(id);
}

/** Mirrors `shopifyApi(...).webhooks.validate`: a body, a matching HMAC, then the required headers. */
function verifyShopify(request: InboundRequest, secret: string, nowMs: number): Verification {
  const family = isEventsFamily(request.headers) ? 'events' : 'webhooks';
  if (request.body.length === 0) {
    return {
      valid: false,
      reason: 'body-changed',
      message:
        'The request has no body: Shopify signs the raw JSON body, and @shopify/shopify-api refuses an empty one.',
    };
  }
  const verdict = verifyWithScheme(
    family === 'events' ? EVENTS_SCHEME : SHOPIFY_SCHEME,
    request,
    secret,
    nowMs,
    WORDS,
  );
  if (!verdict.valid) {
    if (verdict.reason !== 'wrong-secret' || !looksLikeAdminTest(request)) return verdict;
    // https://github.com/Shopify/shopify-app-template-remix/issues/396; the SDK logs the same warning.
    return {
      ...verdict,
      message:
        'This looks like a "Send test notification" from the Shopify admin, which is signed with the key ' +
        "shown under Settings → Notifications → Webhooks, not with the app's client secret: test with " +
        '`hookctl trigger shopify` or a real event in a development store, or verify with that key.',
    };
  }
  const missing = REQUIRED[family].filter((name) => (headerValue(request.headers, name) ?? '') === '');
  if (missing.length === 0) return verdict;
  return {
    valid: false,
    reason: 'missing-header',
    message:
      `The HMAC matches, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing, and ` +
      '@shopify/shopify-api refuses a webhook without it: send every X-Shopify-* header through unchanged.',
  };
}

export const shopify: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: null,
  detect({ headers }) {
    const family = isEventsFamily(headers) ? 'shopify' : 'x-shopify';
    if (!hasHeader(headers, `${family}-hmac-sha256`) && !hasHeader(headers, `${family}-topic`)) return null;
    return { provider: 'shopify', event: headerValue(headers, `${family}-topic`) ?? null };
  },
  sign(request, secret, context) {
    const scheme = isEventsFamily(request.headers) ? EVENTS_SCHEME : SHOPIFY_SCHEME;
    return signWithScheme(scheme, request, secret, context);
  },
  verify: verifyShopify,
  fixtures: () => listFixtures('shopify'),
  payload: shopifyPayload,
  encode: shopifyEncode,
};
