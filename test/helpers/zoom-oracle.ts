import { createHmac } from 'node:crypto';

// Zoom's documented check, written here from the docs and nothing else, as the oracle for hookctl's Zoom
// provider: no SDK checks the raw bytes (Rivet hashes JSON.stringify(JSON.parse(body))), so the docs are the
// authority (https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events and
// #validate-your-webhook-endpoint). Headers arrive as Node gives them: lowercase names, repeats joined.

type Headers = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** `v0=` + hex HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{body}` with the Secret Token, compared as text. */
export function zoomDocsAccepts(headers: Headers, body: Buffer, secretToken: string): boolean {
  const timestamp = one(headers['x-zm-request-timestamp']);
  const signature = one(headers['x-zm-signature']);
  if (timestamp === undefined || signature === undefined) return false;
  const message = `v0:${timestamp}:${body.toString('utf8')}`;
  const expected = `v0=${createHmac('sha256', secretToken).update(message).digest('hex')}`;
  return signature === expected;
}

/** The docs' answer to `endpoint.url_validation`. */
export function zoomDocsValidation(plainToken: string, secretToken: string) {
  return { plainToken, encryptedToken: createHmac('sha256', secretToken).update(plainToken).digest('hex') };
}

/** HeaderPair[] as a Node server would see them. */
export function nodeHeaders(pairs: ReadonlyArray<readonly [string, string]>): Headers {
  const out: Headers = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const seen = out[key];
    out[key] = seen === undefined ? value : `${one(seen)}, ${value}`;
  }
  return out;
}
