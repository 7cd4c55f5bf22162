import { headerValue, headerValues } from '../../http/headers.ts';
import { manifestEntry } from '../manifest.ts';
import { mediaType, parseJsonObject } from '../parse.ts';
import { bodyVariants } from '../signing.ts';
import type { FailureReason, InboundRequest, Verification } from '../types.ts';
import {
  acceptedFor,
  bodyHashParam,
  bodySha256,
  formParams,
  NO_PARAMS,
  type TwilioAlgorithm,
  type TwilioParams,
} from './signature.ts';
import { urlCandidates } from './urls.ts';

const DEV_SECRET = manifestEntry('twilio').devSecret;
/** What a request without a URL is checked against (the same as trigger's --print without --to). */
export const DEFAULT_URL = 'http://localhost/';

const fail = (reason: FailureReason, message: string): Verification => ({ valid: false, reason, message });

/**
 * The SDK's algorithm for a request: X-Twilio-Webhooks-Signature-Settings `algorithm=` (SharedKey
 * webhooks), else HMAC_SHA1; null for one it does not support (it then refuses the request).
 */
function algorithmOf(settings: string | null): TwilioAlgorithm | null {
  let named = '';
  for (const part of (settings ?? '').split(',')) {
    const equals = part.indexOf('=');
    if (equals !== -1 && part.slice(0, equals).trim() === 'algorithm') named = part.slice(equals + 1).trim();
    if (named !== '') break;
  }
  const upper = named.toUpperCase();
  if (upper === '' || upper === 'HMAC_SHA1') return 'sha1';
  return upper === 'HMAC_SHA256' ? 'sha256' : null;
}

/** One way of judging the request with a token and URL, as the SDK would. */
type Judge = (token: string, url: string) => 'valid' | 'url' | 'body';

/**
 * As `twilio.webhook()` chooses: a URL carrying `bodySHA256` is checked with `validateRequestWithBody`
 * (the URL alone is signed, the body must hash to the parameter), anything else with `validateRequest`
 * over the form parameters (none for a body that is not a form).
 */
function judgeFor(request: InboundRequest, signature: string, algorithm: TwilioAlgorithm) {
  const isForm = mediaType(request.headers) === 'application/x-www-form-urlencoded';
  const params = isForm ? formParams(request.body) : NO_PARAMS;
  const judge: Judge = (token, url) => {
    if (!url.includes('bodySHA256')) {
      return acceptedFor(signature, token, url, params, algorithm) ? 'valid' : 'url';
    }
    if (!acceptedFor(signature, token, url, NO_PARAMS, algorithm)) return 'url';
    return bodySha256(request.body) === (bodyHashParam(url) ?? '') ? 'valid' : 'body';
  };
  const withParams = (token: string, url: string, other: TwilioParams) =>
    acceptedFor(signature, token, url, other, algorithm);
  return { judge, isForm, withParams };
}

export function verifyTwilio(request: InboundRequest, secret: string): Verification {
  const signatures = headerValues(request.headers, 'x-twilio-signature');
  if (signatures.length === 0) {
    return fail(
      'missing-header',
      'X-Twilio-Signature is missing: the request was not signed by Twilio, or a proxy dropped the header. ' +
        'Send it through unchanged (or sign it with `hookctl trigger twilio`).',
    );
  }
  if (signatures.length > 1) {
    return fail(
      'malformed-header',
      `X-Twilio-Signature arrived ${signatures.length} times; frameworks join repeats into one value that never ` +
        'verifies. Make sure only one copy reaches the app (a proxy may be adding it again).',
    );
  }
  const signature = signatures[0] ?? '';
  const settings = headerValue(request.headers, 'x-twilio-webhooks-signature-settings');
  const algorithm = algorithmOf(settings);
  if (algorithm === null) {
    return fail(
      'malformed-header',
      `X-Twilio-Webhooks-Signature-Settings is "${settings}", an algorithm the twilio SDK does not support ` +
        '(HMAC_SHA1 or HMAC_SHA256): upgrade the SDK or send the header Twilio sent.',
    );
  }
  const format = signatureFormat(signature, algorithm);
  if (format !== null) return format;

  const url = request.url ?? DEFAULT_URL;
  const { judge, isForm, withParams } = judgeFor(request, signature, algorithm);
  const verdict = judge(secret, url);
  if (verdict === 'valid') return { valid: true };
  if (verdict === 'body') return bodyHashMismatch(request.body, url);

  for (const candidate of urlCandidates(url, request.headers)) {
    if (judge(secret, candidate.url) !== 'valid') continue;
    return fail(
      'url-mismatch',
      `The signature matches ${candidate.url}, not ${url} (${candidate.changes.join(', ')}): Twilio signs the ` +
        'exact URL it called, so check against that one (behind a tunnel or proxy, the public URL, not the one ' +
        `the app sees), or pass --public-url ${candidate.url}.`,
    );
  }
  if (!url.includes('bodySHA256')) {
    const variant = formVariants(request.body).find((candidate) => withParams(secret, url, candidate.params));
    if (variant !== undefined) {
      return fail(
        'body-changed',
        `The signature matches the form ${variant.label}, not the fields received: something changed the ` +
          'body after Twilio sent it. Pass the form fields exactly as they arrived to the validator.',
      );
    }
    if (!isForm && request.body.length > 0) {
      return fail(
        'url-mismatch',
        `${url} has no bodySHA256 query parameter, which Twilio adds to the URL it signs when the body is not ` +
          'a form: the query string was dropped on the way; check against the full URL, query included.',
      );
    }
  }
  const trimmed = secret.trim();
  if (trimmed !== secret && trimmed !== '' && judge(trimmed, url) === 'valid') {
    return fail(
      'secret-whitespace',
      'The signature matches once spaces or a newline are trimmed from the Auth Token: remove them (check the ' +
        'file or environment variable it comes from).',
    );
  }
  return fail(
    'wrong-secret',
    `The signature matches neither ${url} nor its http/https, port, trailing-slash and query variants under ` +
      'the Auth Token given: use the Auth Token of the account or subaccount that owns the number (Twilio ' +
      'Console → Account → API keys & tokens, not an API key secret), or, if the token is right, pass ' +
      '--public-url with the exact URL set in the Twilio Console; `hookctl trigger twilio` signs with ' +
      `$TWILIO_AUTH_TOKEN, --secret, or else the development token ${DEV_SECRET}.`,
  );
}

/** Null when the header can be a base64 digest of the algorithm's size; else why it cannot. */
function signatureFormat(signature: string, algorithm: TwilioAlgorithm): Verification | null {
  const bytes = algorithm === 'sha1' ? 20 : 32;
  const base64Length = Math.ceil(bytes / 3) * 4;
  if (new RegExp(`^[0-9a-f]{${bytes * 2}}$`, 'i').test(signature)) {
    return fail(
      'encoding-mixup',
      'X-Twilio-Signature is hex: Twilio sends the HMAC as base64 (28 characters ending in `=` for HMAC-SHA1).',
    );
  }
  const prefix = /^(sha1|sha256|v0|v1|t)[=,]/.exec(signature)?.[0];
  if (prefix !== undefined) {
    return fail(
      'encoding-mixup',
      `X-Twilio-Signature starts with \`${prefix}\`, another provider's layout: Twilio sends the bare base64 HMAC.`,
    );
  }
  if (signature.length !== base64Length || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) {
    return fail(
      'malformed-header',
      `X-Twilio-Signature is "${signature}", not a base64 ${algorithm === 'sha1' ? 'HMAC-SHA1' : 'HMAC-SHA256'} ` +
        `(${base64Length} characters): send the header exactly as Twilio sent it.`,
    );
  }
  return null;
}

function bodyHashMismatch(body: Buffer, url: string): Verification {
  const expected = bodyHashParam(url) ?? '';
  const variant = bodyVariants(body).find((candidate) => bodySha256(candidate.body) === expected);
  const how =
    variant === undefined
      ? 'the body changed after Twilio sent it'
      : `it is the hash of this body as ${variant.label}, so something re-encoded the body after Twilio sent it`;
  return fail(
    'body-changed',
    `The URL's signature is right, but the body does not hash to its bodySHA256 (${how}): hash the raw ` +
      'request bytes, before any body parser.',
  );
}

/**
 * Forms that plausibly left Twilio as the body that arrived: `%2B` decoded into a raw `+` (which a form
 * parser reads as a space, so `+15017122661` becomes ` 15017122661`), the fields re-serialized as JSON
 * (smee and some relays do that), a newline added or removed. Re-encoding `%20` as `+` changes nothing:
 * the signature covers the decoded values, not the bytes.
 */
function formVariants(body: Buffer): Array<{ label: string; params: TwilioParams }> {
  const text = body.toString('utf8');
  const variants: Array<{ label: string; params: TwilioParams }> = [];
  if (text.includes('+')) {
    variants.push({
      label: 'with `+` sent as `%2B` (a raw `+` reads as a space)',
      params: formParams(text.replaceAll('+', '%2B')),
    });
  }
  const json = parseJsonObject(body);
  if (json !== null) {
    const params: TwilioParams = new Map();
    for (const [name, value] of Object.entries(json))
      params.set(name, [typeof value === 'string' ? value : JSON.stringify(value)]);
    variants.push({ label: 'fields re-serialized as JSON', params });
  }
  for (const variant of bodyVariants(body))
    variants.push({ label: variant.label, params: formParams(variant.body) });
  return variants;
}
