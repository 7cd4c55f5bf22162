import { createHmac } from 'node:crypto';
import { hasHeader } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { isJsonObject, parseJsonObject, stringField } from '../parse.ts';
import { type HmacScheme, type SchemeWords, signWithScheme, verifyWithScheme } from '../template.ts';
import type { InboundRequest, LocalAnswer, Provider } from '../types.ts';
import { delivery } from './delivery.ts';
import { zoomEncode, zoomPayload } from './fixtures.ts';

/**
 * Zoom signs `v0:{x-zm-request-timestamp}:{raw body}` with the app's Secret Token, as lowercase hex after
 * `v0=` in `x-zm-signature` (https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events).
 * Zoom documents no window for the timestamp and Rivet checks none, so `verify` enforces none: a capture
 * of any age verifies, and an app that adds its own window needs `replay --resign`.
 */
export const ZOOM_SCHEME: HmacScheme = {
  header: 'x-zm-signature',
  algorithm: 'sha256',
  signed: 'v0:{timestamp}:{body}',
  encoding: 'hex',
  format: 'v0={signature}',
  timestamp: { header: 'x-zm-request-timestamp', unit: 's', toleranceSeconds: null },
};

const WORDS: SchemeWords = {
  title: 'Zoom',
  secretHint:
    "the Secret Token from marketplace.zoom.us → your app → Features → Access → Event Subscriptions (not the app's Client Secret or the old Verification Token)",
};

const MANIFEST_ENTRY = manifestEntry('zoom');

function isZoom({ headers }: InboundRequest): boolean {
  return hasHeader(headers, 'x-zm-signature') || hasHeader(headers, 'x-zm-request-timestamp');
}

/**
 * The answer to Zoom's endpoint check: `{plainToken, encryptedToken}` with encryptedToken the hex
 * HMAC-SHA256 of plainToken under the Secret Token, within 3 seconds
 * (https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint). Zoom sends the check when
 * the URL is saved and again every 72 hours.
 */
export function zoomValidation(
  plainToken: string,
  secret: string,
): { plainToken: string; encryptedToken: string } {
  return { plainToken, encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex') };
}

/** The plainToken of an `endpoint.url_validation` request with Zoom's headers, else null. */
export function zoomPlainToken(request: InboundRequest): string | null {
  if (!isZoom(request)) return null;
  const body = parseJsonObject(request.body);
  if (stringField(body, 'event') !== 'endpoint.url_validation' || !isJsonObject(body?.payload)) return null;
  return stringField(body.payload, 'plainToken');
}

export const zoom: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: null,
  detect(request) {
    return isZoom(request)
      ? { provider: 'zoom', event: stringField(parseJsonObject(request.body), 'event') }
      : null;
  },
  challenge(request, secret, nowMs): LocalAnswer | null {
    const plainToken = zoomPlainToken(request);
    // encryptedToken is the same HMAC as a signature, over a string the caller picks: answering an unsigned
    // check would sign anything for anyone (a plainToken of `v0:{ts}:{body}` is a valid x-zm-signature).
    if (plainToken === null || !verifyWithScheme(ZOOM_SCHEME, request, secret, nowMs, WORDS).valid)
      return null;
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(zoomValidation(plainToken, secret)),
    };
  },
  sign: (request, secret, context) => signWithScheme(ZOOM_SCHEME, request, secret, context),
  verify: (request, secret, nowMs) => verifyWithScheme(ZOOM_SCHEME, request, secret, nowMs, WORDS),
  fixtures: () => listFixtures('zoom'),
  payload: zoomPayload,
  encode: (_event, payload, context) => zoomEncode(payload, context),
};
