import { type HeaderPair, hasHeader, headerValue, headerValues, setHeaders } from '../../http/headers.ts';
import { base62 } from '../random.ts';
import { hmac, safeEqual } from '../signing.ts';
import type { InboundRequest, ProviderContext } from '../types.ts';

// The spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md.
// One scheme, several senders: Svix and those who deliver through it (Clerk, Resend) name the headers
// `svix-*`, the spec and OpenAI `webhook-*`. What differs between senders is which names their SDK reads
// and how it turns the secret into a key; both are a `Sender`'s data, the scheme is this module.
export const TOLERANCE_SECONDS = 300;
export const SECRET_PREFIX = 'whsec_';
export const PARTS = ['id', 'timestamp', 'signature'] as const;
export type Part = (typeof PARTS)[number];
export type Family = 'webhook' | 'svix';

/** How one sender's SDK reads the scheme. */
export interface SenderScheme {
  /** The header families its SDK reads, each header looked up in this order (`svix` reads `svix-*` first). */
  readonly families: readonly Family[];
  /** The family `trigger` signs with: what the sender itself sends. */
  readonly signs: Family;
  /**
   * How its SDK makes the HMAC key: `base64` (standardwebhooks: `whsec_` optional, strict base64) or
   * `openai` (openai-node: `whsec_` + Node's lenient base64, anything else as its UTF-8 bytes).
   */
  readonly secret: 'base64' | 'openai';
  /** Signature list entries: `v1` (only `v1,` entries count) or `openai` (`v1,` stripped, any entry tried). */
  readonly entries: 'v1' | 'openai';
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. */
export function standardSignature(key: Buffer, id: string, timestamp: string, body: Buffer): string {
  return `v1,${digest(key, id, timestamp, body).toString('base64')}`;
}

export function digest(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return hmac('sha256', key, [`${id}.${timestamp}.`, body]);
}

/**
 * The standardwebhooks key: the base64-decoded part after an optional `whsec_` (unlike Stripe, which uses
 * the whole string); null when the SDK would refuse the secret. Decodes as its @stablelib/base64 does:
 * standard alphabet, at most two `=`, a lone character after the last full group ignored (so one trailing
 * newline is harmless, but CRLF or a leading space is not).
 */
export function base64Key(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const padding = /=*$/.exec(encoded)?.[0].length ?? 0;
  if (encoded.length < 4 || padding > 2) return null;
  const length = encoded.length - padding;
  const used = encoded.slice(0, length % 4 === 1 ? length - 1 : length);
  if (!/^[A-Za-z0-9+/]+$/.test(used)) return null;
  return Buffer.from(used, 'base64');
}

/**
 * openai-node's `verifySignature` (resources/webhooks/webhooks.ts): `whsec_` and Node's lenient base64
 * of the rest, else the secret's UTF-8 bytes (https://platform.openai.com/docs/guides/webhooks).
 */
export function openaiKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** The key the sender's SDK makes of `secret`, or null when it refuses the secret. */
export function keyOf(scheme: SenderScheme, secret: string): Buffer | null {
  return scheme.secret === 'openai' ? openaiKey(secret) : base64Key(secret);
}

/** Signing takes any secret: one the SDK would refuse is used as base64 leniently, as Node decodes it. */
function signingKey(scheme: SenderScheme, secret: string): Buffer {
  return keyOf(scheme, secret) ?? Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

/** The header name the SDK reads for `part`: the first of its families the request carries. */
export function headerName(scheme: SenderScheme, headers: readonly HeaderPair[], part: Part): string {
  const family =
    scheme.families.find((candidate) => headerValues(headers, `${candidate}-${part}`).length > 0) ??
    scheme.families[0] ??
    'webhook';
  return `${family}-${part}`;
}

/** Svix message ids: `msg_` and 27 base62 characters (a KSUID). */
export function messageId(context: ProviderContext): string {
  return `msg_${base62(context, 27)}`;
}

/** The request's headers with `id`, `timestamp` and `signature` set in a family the sender's SDK reads. */
export function signStandard(
  scheme: SenderScheme,
  { headers, body }: { headers: readonly HeaderPair[]; body: Buffer },
  secret: string,
  context: ProviderContext,
): HeaderPair[] {
  // A request that already carries one of the sender's families (a capture re-signed) keeps its names.
  const prefix =
    scheme.families.find((family) => PARTS.some((part) => hasHeader(headers, `${family}-${part}`))) ??
    scheme.signs;
  const id = headerValue(headers, `${prefix}-id`) ?? messageId(context);
  const timestamp = String(Math.floor(context.now() / 1000));
  return setHeaders(headers, [
    [`${prefix}-id`, id],
    [`${prefix}-timestamp`, timestamp],
    [`${prefix}-signature`, standardSignature(signingKey(scheme, secret), id, timestamp, body)],
  ]);
}

/**
 * Whether the `signature` header holds `expected` as the SDK compares: standardwebhooks compares the base64
 * text of each `v1,` entry (so unpadded base64 fails); openai-node strips `v1,` where present and compares
 * the base64-decoded bytes of every entry, so a bare base64 signature passes there.
 */
export function holds(scheme: SenderScheme, signature: string, expected: Buffer): boolean {
  const parts = signature.split(' ');
  if (scheme.entries === 'openai') {
    return parts.some((part) =>
      Buffer.from(part.startsWith('v1,') ? part.slice(3) : part, 'base64').equals(expected),
    );
  }
  const text = expected.toString('base64');
  return parts.some((entry) => {
    const [version, value] = entry.split(',');
    return version === 'v1' && value !== undefined && safeEqual(value, text);
  });
}

/** Whether any entry is one the SDK would try at all. */
export function hasEntries(scheme: SenderScheme, signature: string): boolean {
  return scheme.entries === 'openai' || signature.split(' ').some((entry) => entry.split(',')[0] === 'v1');
}

/** The values of the three headers, in the names the SDK reads. */
export function readHeaders(
  scheme: SenderScheme,
  request: InboundRequest,
): Record<Part, { name: string; values: string[] }> {
  const read = (part: Part) => {
    const name = headerName(scheme, request.headers, part);
    return { name, values: headerValues(request.headers, name) };
  };
  return { id: read('id'), timestamp: read('timestamp'), signature: read('signature') };
}
