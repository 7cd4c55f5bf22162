import { createHash } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import { hmac, safeEqual } from '../signing.ts';

/**
 * Twilio's request signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security): base64
 * HMAC-SHA1, keyed with the account's Auth Token, of the full URL Twilio called followed by every form
 * parameter's name and value, sorted by name. JSON bodies are not in the signed string: Twilio adds a
 * `bodySHA256` query parameter (hex SHA-256 of the body) to the URL and signs the URL alone.
 *
 * Everything here follows what the `twilio` Node SDK (6.x, lib/webhooks/webhooks.js) accepts, so that
 * `verify` says valid exactly when `validateRequest` / `validateRequestWithBody` would.
 */

/** HMAC_SHA1 for the Auth Token; HMAC_SHA256 only for webhooks signed with a SharedKey. */
export type TwilioAlgorithm = 'sha1' | 'sha256';

/** Form parameters as a framework hands them to the SDK: each name once, with its values in order. */
export type TwilioParams = Map<string, string[]>;

export const NO_PARAMS: TwilioParams = new Map();

/** Parses a form body as body-parser's `urlencoded()` does: repeated names collect their values. */
export function formParams(body: Buffer | string): TwilioParams {
  const params: TwilioParams = new Map();
  const text = typeof body === 'string' ? body : body.toString('utf8');
  for (const [name, value] of new URLSearchParams(text)) {
    const values = params.get(name);
    if (values === undefined) params.set(name, [value]);
    else values.push(value);
  }
  return params;
}

/**
 * The string that is signed: the URL, then for each name in code-unit order its name and value. A name
 * that came several times contributes each distinct value once, in sorted order, as the SDK does.
 */
export function signedString(url: string, params: TwilioParams): string {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    const values = params.get(name) ?? [];
    const distinct = values.length === 1 ? values : [...new Set(values)].sort();
    for (const value of distinct) data += name + value;
  }
  return data;
}

export function twilioSignature(
  token: string,
  url: string,
  params: TwilioParams,
  algorithm: TwilioAlgorithm = 'sha1',
): string {
  return hmac(algorithm, token, [signedString(url, params)]).toString('base64');
}

/** Hex SHA-256 of the body read as UTF-8 text, as the SDK hashes the string it is given. */
export function bodySha256(body: Buffer): string {
  return createHash('sha256').update(body.toString('utf8'), 'utf8').digest('hex');
}

/** The `bodySHA256` query parameter of a URL, or null when it has none (or is no URL). */
export function bodyHashParam(url: string): string | null {
  try {
    return new URL(url).searchParams.get('bodySHA256');
  } catch {
    return null;
  }
}

/**
 * The SDK checks a URL as written first (no normalisation, so `'` stays `'`), then as `new URL()` writes
 * it, and the query re-encoded by Node's legacy `querystring`; each with the port removed and with the
 * scheme's default port added. The port is cut from the authority exactly as written, any port at all.
 */
export function sdkUrlVariants(url: string): string[] {
  const variants = [withoutPort(url), withDefaultPort(url)];
  let normalized: string | null = null;
  try {
    normalized = new URL(url).toString();
  } catch {}
  if (normalized !== null) {
    const bare = withoutPort(normalized);
    const ported = withDefaultPort(normalized);
    variants.push(bare, ported, legacyQuery(bare), legacyQuery(ported));
  }
  return [...new Set(variants)];
}

/** True when `signature` is what the SDK would accept for this URL and these parameters. */
export function acceptedFor(
  signature: string,
  token: string,
  url: string,
  params: TwilioParams,
  algorithm: TwilioAlgorithm,
): boolean {
  return sdkUrlVariants(url).some((candidate) =>
    safeEqual(signature, twilioSignature(token, candidate, params, algorithm)),
  );
}

interface Authority {
  scheme: string;
  userInfo: string;
  host: string;
  port: string;
  rest: string;
}

/** `scheme://user@host:port` and the rest, cut by hand so nothing in the URL is re-encoded. */
function splitAuthority(url: string): Authority | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (match === null) return null;
  const scheme = match[1] ?? '';
  const authority = match[2] ?? '';
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  // In `[::1]:3000` only a colon after the closing bracket starts the port.
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, at + 1),
    host: colon === -1 ? hostPort : hostPort.slice(0, colon),
    port: colon === -1 ? '' : hostPort.slice(colon),
    rest: url.slice(match[0].length),
  };
}

function withoutPort(url: string): string {
  const parts = splitAuthority(url);
  return parts === null ? url : parts.scheme + parts.userInfo + parts.host + parts.rest;
}

function withDefaultPort(url: string): string {
  const parts = splitAuthority(url);
  if (parts === null || parts.port !== '') return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function legacyQuery(url: string): string {
  const at = url.indexOf('?');
  if (at === -1 || at === url.length - 1) return url;
  return `${url.slice(0, at)}?${stringifyQuery(parseQuery(url.slice(at + 1)))}`;
}
