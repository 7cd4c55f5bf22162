import { createHash } from 'node:crypto';
import { hasHeader, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { type HmacScheme, type SchemeWords, signWithScheme, verifyWithScheme } from '../template.ts';
import type { Provider } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeHubspot, firstEvent, hubspotPayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('hubspot');

/**
 * HubSpot's v3 signature (https://developers.hubspot.com/docs/api/webhooks/validating-requests): base64
 * HMAC-SHA256, keyed with the app's client secret, of method + URI + raw body + `X-HubSpot-Request-Timestamp`
 * (Unix milliseconds); the URI is the full URL called (`https://…/path?query`) with `%3A %2F %3F %40 %21 %24
 * %27 %28 %29 %2A %2C %3B` decoded first. `@hubspot/api-client`'s `Signature.isValid({signatureVersion:
 * 'v3'})` refuses a timestamp more than 300 000 ms old and accepts any future one; it signs the `url` it is
 * given as it is, so the decoding is left to the app.
 */
export const HUBSPOT_SCHEME: HmacScheme = {
  header: 'X-HubSpot-Signature-v3',
  algorithm: 'sha256',
  signed: '{method}{url}{body}{timestamp}',
  encoding: 'base64',
  timestamp: { header: 'X-HubSpot-Request-Timestamp', unit: 'ms', toleranceSeconds: 300 },
  urlDecode: ['%3A', '%2F', '%3F', '%40', '%21', '%24', '%27', '%28', '%29', '%2A', '%2C', '%3B'],
};

const WORDS: SchemeWords = {
  title: 'HubSpot',
  secretHint: `the app's client secret (developer account → Apps → your app → Auth → Client secret) as ${MANIFEST_ENTRY.secretEnv} or --secret`,
};

/**
 * The v1 signature webhook deliveries also carry (https://developers.hubspot.com/docs/api/webhooks/validating-requests,
 * "v1"): lowercase hex SHA-256 (a hash, not an HMAC) of client secret + body, named by
 * `X-HubSpot-Signature-Version: v1`. Sent for apps that still check it; `verify` checks v3.
 */
export function hubspotV1Signature(secret: string, body: Buffer): string {
  return createHash('sha256').update(secret, 'utf8').update(body).digest('hex');
}

export const hubspot: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: 300,
  detect(request) {
    const { headers } = request;
    if (!hasHeader(headers, 'x-hubspot-signature-v3') && !hasHeader(headers, 'x-hubspot-signature'))
      return null;
    const type = firstEvent(request.body)?.subscriptionType;
    return { provider: 'hubspot', event: typeof type === 'string' && type !== '' ? type : null };
  },
  sign(request, secret, context) {
    const headers = setHeaders(request.headers, [
      ['X-HubSpot-Signature', hubspotV1Signature(secret, request.body)],
      ['X-HubSpot-Signature-Version', 'v1'],
    ]);
    return signWithScheme(HUBSPOT_SCHEME, { ...request, headers }, secret, context);
  },
  verify: (request, secret, nowMs) => verifyWithScheme(HUBSPOT_SCHEME, request, secret, nowMs, WORDS),
  fixtures: () => listFixtures('hubspot'),
  payload: hubspotPayload,
  encode: encodeHubspot,
};
