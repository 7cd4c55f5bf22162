import { hasHeader } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { parseJsonObject, stringField } from '../parse.ts';
import { type HmacScheme, type SchemeWords, signWithScheme, verifyWithScheme } from '../template.ts';
import type { Provider } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeSquare, squarePayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('square');

/**
 * Square signs the notification URL of the subscription followed by the raw body, HMAC-SHA256 with the
 * subscription's signature key, base64 (https://developer.squareup.com/docs/webhooks/step3validate). The
 * `square` SDK's `WebhooksHelper.verifySignature` compares that string exactly with the header, and checks
 * no timestamp: a delivery verifies however late it is replayed, as long as the URL is the same.
 */
export const SQUARE_SCHEME: HmacScheme = {
  header: 'X-Square-Hmacsha256-Signature',
  algorithm: 'sha256',
  signed: '{url}{body}',
  encoding: 'base64',
};

const WORDS: SchemeWords = {
  title: 'Square',
  secretHint: `the subscription's signature key (Developer Console → your application → Webhooks → Subscriptions → Signature key) as ${MANIFEST_ENTRY.secretEnv} or --secret, and the notification URL exactly as the subscription has it (--public-url)`,
};

export const square: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: null,
  detect(request) {
    const { headers } = request;
    const signed =
      hasHeader(headers, 'x-square-hmacsha256-signature') || hasHeader(headers, 'x-square-signature');
    if (!signed && !(hasHeader(headers, 'square-version') && hasHeader(headers, 'square-environment')))
      return null;
    return { provider: 'square', event: stringField(parseJsonObject(request.body), 'type') };
  },
  // Square also sends a legacy `X-Square-Signature` (HMAC-SHA1); its docs have described what it covers in
  // two ways over the years, and the SDK no longer checks it, so it is not imitated.
  sign: (request, secret, context) => signWithScheme(SQUARE_SCHEME, request, secret, context),
  verify: (request, secret, nowMs) => verifyWithScheme(SQUARE_SCHEME, request, secret, nowMs, WORDS),
  fixtures: () => listFixtures('square'),
  payload: squarePayload,
  encode: encodeSquare,
};
