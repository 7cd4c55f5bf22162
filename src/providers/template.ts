import { createHmac } from 'node:crypto';
import { type HeaderPair, headerValue, headerValues, setHeaders } from '../http/headers.ts';
import { bodyVariants, describeAge, safeEqual } from './signing.ts';
import type {
  FailureReason,
  InboundRequest,
  ProviderContext,
  UnsignedRequest,
  Verification,
} from './types.ts';
import { urlVariants } from './url-variants.ts';

/**
 * Most providers sign with an HMAC over a template of the request (`{timestamp}.{body}`, `{url}{body}`,
 * `{method}{url}{body}{timestamp}`) written in some encoding into some header. Such a scheme is data: the
 * shipped providers that use one describe it with an `HmacScheme`, and so does a user's own provider file
 * (see `custom.ts`). Signing, verifying and explaining a failure are the same code for all of them.
 */
export { urlVariants };

export interface HmacScheme {
  /** The header that carries the signature (`X-Shopify-Hmac-Sha256`). */
  header: string;
  algorithm: 'sha256' | 'sha1' | 'sha512';
  /**
   * What is signed: literal text with placeholders `{body}` (the raw bytes), `{timestamp}`, `{url}` (the
   * URL the provider called), `{method}` and `{id}` (the delivery id header's value).
   */
  signed: string;
  /** How the digest is written: lowercase hex or base64. */
  encoding: 'hex' | 'base64';
  /**
   * The header's value around the digest: `{signature}` (the default), `sha256={signature}`,
   * `t={timestamp},v1={signature}`, `ts={timestamp};h1={signature}`.
   */
  format?: string;
  /** How the secret becomes the key: its UTF-8 bytes (the default), or decoded after an optional prefix. */
  key?: { encoding: 'utf8' | 'base64' | 'hex'; prefix?: string };
  /** Timed schemes. `{timestamp}` in `format` carries it in the signature header, else `header` does. */
  timestamp?: {
    header?: string;
    unit: 's' | 'ms';
    /** Older than this is refused; null when nothing checks it. */
    toleranceSeconds: number | null;
    /** Whether as far in the future is refused too (most SDKs accept any future timestamp). */
    rejectFuture?: boolean;
  };
  /** A delivery id that is signed (`{id}`), read from this header. */
  id?: { header: string };
  /**
   * Percent-escapes the provider decodes in `{url}` before signing (HubSpot decodes `%3A`, `%2F`, `%3F`, …),
   * matched without regard to case; the rest of the URL is signed as it is.
   */
  urlDecode?: readonly string[];
}

/** How a failure is explained for one provider: its name and where its users find the right secret. */
export interface SchemeWords {
  title: string;
  /** Where the secret is found, e.g. `Shopify admin → Settings → Notifications → Webhooks`. */
  secretHint: string;
}

const fail = (reason: FailureReason, message: string): Verification => ({ valid: false, reason, message });

/** The HMAC key of a secret, as the scheme derives it. */
export function schemeKey(scheme: HmacScheme, secret: string): Buffer {
  const { encoding, prefix } = scheme.key ?? { encoding: 'utf8' };
  const text = prefix !== undefined && secret.startsWith(prefix) ? secret.slice(prefix.length) : secret;
  return Buffer.from(text, encoding);
}

interface SignedParts {
  body: Buffer;
  timestamp: string;
  url: string;
  method: string;
  id: string;
}

/** The bytes the scheme signs: the template with each placeholder filled, the body as its exact bytes. */
export function signedBytes(scheme: HmacScheme, parts: SignedParts): Buffer {
  const pieces: Buffer[] = [];
  for (const piece of scheme.signed.split(/(\{body\}|\{timestamp\}|\{url\}|\{method\}|\{id\})/)) {
    if (piece === '{body}') pieces.push(parts.body);
    else if (piece !== '') {
      const name = piece.slice(1, -1) as keyof SignedParts;
      const value = /^\{(timestamp|url|method|id)\}$/.test(piece) ? (parts[name] as string) : piece;
      pieces.push(Buffer.from(value, 'utf8'));
    }
  }
  return Buffer.concat(pieces);
}

function digest(scheme: HmacScheme, key: Buffer, parts: SignedParts): string {
  return createHmac(scheme.algorithm, key).update(signedBytes(scheme, parts)).digest(scheme.encoding);
}

const format = (scheme: HmacScheme) => scheme.format ?? '{signature}';

/** The URL as the scheme signs it: with the escapes it decodes (`urlDecode`) decoded. */
export function schemeUrl(scheme: HmacScheme, url: string): string {
  const escapes = scheme.urlDecode ?? [];
  if (escapes.length === 0) return url;
  const wanted = new Set(escapes.map((code) => code.toUpperCase()));
  return url.replace(/%[0-9A-Fa-f]{2}/g, (code) =>
    wanted.has(code.toUpperCase()) ? String.fromCharCode(Number.parseInt(code.slice(1), 16)) : code,
  );
}

/** The signature header (and timestamp header) for `request`, signed now with `secret`, set in place. */
export function signWithScheme(
  scheme: HmacScheme,
  request: UnsignedRequest,
  secret: string,
  context: ProviderContext,
): HeaderPair[] {
  const nowMs = context.now();
  const timestamp =
    scheme.timestamp === undefined
      ? ''
      : String(scheme.timestamp.unit === 'ms' ? nowMs : Math.floor(nowMs / 1000));
  const parts: SignedParts = {
    body: request.body,
    timestamp,
    url: schemeUrl(scheme, request.url ?? ''),
    method: request.method ?? 'POST',
    id: scheme.id === undefined ? '' : (headerValue(request.headers, scheme.id.header) ?? ''),
  };
  const signature = digest(scheme, schemeKey(scheme, secret), parts);
  const updates: HeaderPair[] = [];
  if (scheme.timestamp?.header !== undefined) updates.push([scheme.timestamp.header, timestamp]);
  updates.push([
    scheme.header,
    format(scheme).replace('{timestamp}', timestamp).replace('{signature}', signature),
  ]);
  return setHeaders(request.headers, updates);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads `{timestamp}` and `{signature}` out of a header value laid out as `format`; null if it is not. */
function parseHeader(layout: string, value: string): { timestamp?: string; signature: string } | null {
  const names: string[] = [];
  const source = layout
    .split(/(\{timestamp\}|\{signature\})/)
    .map((piece) => {
      if (piece === '{timestamp}' || piece === '{signature}') {
        names.push(piece.slice(1, -1));
        return piece === '{timestamp}' ? '(\\d+)' : '([^\\s,;]+)';
      }
      return escapeRegExp(piece);
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(value.trim());
  if (match === null) return null;
  const found: { timestamp?: string; signature: string } = { signature: '' };
  names.forEach((name, index) => {
    if (name === 'timestamp') found.timestamp = match[index + 1] ?? '';
    else found.signature = match[index + 1] ?? '';
  });
  return found;
}

/** Checks a request against the scheme exactly as the provider's SDK does; explains a failure in words. */
export function verifyWithScheme(
  scheme: HmacScheme,
  request: InboundRequest,
  secret: string,
  nowMs: number,
  words: SchemeWords,
): Verification {
  const { title } = words;
  const values = headerValues(request.headers, scheme.header);
  if (values.length === 0) {
    return fail(
      'missing-header',
      `The request has no ${scheme.header} header: it was not signed by ${title}, or a proxy dropped it.`,
    );
  }
  if (values.length > 1) {
    return fail(
      'malformed-header',
      `${scheme.header} arrived ${values.length} times: ${title} sends it once; a proxy or client duplicated it.`,
    );
  }
  const layout = format(scheme);
  const parsed = parseHeader(layout, values[0] ?? '');
  if (parsed === null) {
    return fail(
      'malformed-header',
      `${scheme.header} is not laid out as ${title} sends it (\`${layout.replace('{signature}', `<${scheme.encoding}>`)}\`).`,
    );
  }
  const timed = scheme.timestamp;
  let timestamp = '';
  if (timed !== undefined) {
    const raw =
      timed.header === undefined
        ? parsed.timestamp
        : (headerValue(request.headers, timed.header) ?? undefined);
    if (raw === undefined || raw === '') {
      return fail(
        'missing-header',
        `The request has no ${timed.header ?? 'timestamp'} header, which ${title} signs: it was dropped on the way.`,
      );
    }
    if (!/^\d+$/.test(raw.trim())) {
      return fail(
        'malformed-header',
        `The timestamp "${raw}" is not a whole number of ${timed.unit === 'ms' ? 'milliseconds' : 'seconds'}.`,
      );
    }
    timestamp = raw.trim();
    const stamp = timed.unit === 'ms' ? Number(timestamp) : Number(timestamp) * 1000;
    const unitMixup = timed.unit === 's' ? timestamp.length >= 13 : timestamp.length <= 10;
    if (unitMixup) {
      return fail(
        'malformed-header',
        `The timestamp ${timestamp} is in ${timed.unit === 's' ? 'milliseconds' : 'seconds'}: ${title} signs ${timed.unit === 's' ? 'Unix seconds' : 'Unix milliseconds'}.`,
      );
    }
    const ageSeconds = (nowMs - stamp) / 1000;
    if (timed.toleranceSeconds !== null && ageSeconds > timed.toleranceSeconds) {
      return fail(
        'stale-timestamp',
        `The signature is ${describeAge(ageSeconds)} old and ${title} refuses signatures older than ${describeAge(timed.toleranceSeconds)}: replay it with --resign.`,
      );
    }
    if (
      timed.toleranceSeconds !== null &&
      timed.rejectFuture === true &&
      -ageSeconds > timed.toleranceSeconds
    ) {
      return fail(
        'future-timestamp',
        `The timestamp is ${describeAge(-ageSeconds)} in the future, beyond ${title}'s ${describeAge(timed.toleranceSeconds)}: the sender's clock is wrong.`,
      );
    }
  }
  const parts: SignedParts = {
    body: request.body,
    timestamp,
    url: schemeUrl(scheme, request.url ?? ''),
    method: request.method ?? 'POST',
    id: scheme.id === undefined ? '' : (headerValue(request.headers, scheme.id.header) ?? ''),
  };
  const key = schemeKey(scheme, secret);
  const expected = digest(scheme, key, parts);
  if (safeEqual(expected, parsed.signature)) return { valid: true };

  const other = scheme.encoding === 'hex' ? 'base64' : 'hex';
  if (safeEqual(Buffer.from(expected, scheme.encoding).toString(other), parsed.signature)) {
    return fail(
      'encoding-mixup',
      `${scheme.header} carries the right HMAC in ${other}: ${title} writes it in ${scheme.encoding}.`,
    );
  }
  if (scheme.encoding === 'hex' && safeEqual(expected.toUpperCase(), parsed.signature)) {
    return fail(
      'encoding-mixup',
      `${scheme.header} carries the HMAC in uppercase hex: ${title} compares lowercase hex.`,
    );
  }
  const trimmed = secret.trim();
  if (trimmed !== secret && safeEqual(digest(scheme, schemeKey(scheme, trimmed), parts), parsed.signature)) {
    return fail(
      'secret-whitespace',
      'The signature matches once spaces or a newline are trimmed from the secret: remove them (check the file or variable it comes from).',
    );
  }
  for (const variant of bodyVariants(request.body)) {
    if (safeEqual(digest(scheme, key, { ...parts, body: variant.body }), parsed.signature)) {
      return fail(
        'body-changed',
        `The body changed after it was signed: the signature matches it as ${variant.label}. Verify the raw bytes as received, before any JSON or form parsing.`,
      );
    }
  }
  if (scheme.signed.includes('{url}') && request.url !== undefined) {
    if (
      parts.url !== request.url &&
      safeEqual(digest(scheme, key, { ...parts, url: request.url }), parsed.signature)
    ) {
      return fail(
        'url-mismatch',
        `The signature is over the URL with its escapes left encoded (${request.url}): ${title} decodes ${(scheme.urlDecode ?? []).join(' ')} before signing, so sign and check ${parts.url}.`,
      );
    }
    for (const url of urlVariants(request.url, request.otherUrls)) {
      if (safeEqual(digest(scheme, key, { ...parts, url: schemeUrl(scheme, url) }), parsed.signature)) {
        return fail(
          'url-mismatch',
          `The signature is for ${url}, not ${request.url}: ${title} signs the public URL it calls, so an app behind a tunnel or proxy must check that URL, not the one it sees (hookctl: --public-url).`,
        );
      }
    }
  }
  const keyEncoding = scheme.key?.encoding ?? 'utf8';
  if (
    keyEncoding !== 'utf8' &&
    safeEqual(digest(scheme, Buffer.from(secret, 'utf8'), parts), parsed.signature)
  ) {
    return fail(
      'encoding-mixup',
      `The signature was made with the secret's text as the key: ${title} ${keyEncoding}-decodes the secret first.`,
    );
  }
  return fail(
    'wrong-secret',
    `The signature does not match this body under the secret given: use ${words.secretHint}.`,
  );
}
