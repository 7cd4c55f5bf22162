import { hasHeader, headerValue, headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures, readFixture } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { isJsonObject, type JsonObject, parseJsonObject, stringField } from '../parse.ts';
import { base62, uuid } from '../random.ts';
import { bodyVariants, describeAge, hmac, safeEqual } from '../signing.ts';
import type { FailureReason, InboundRequest, Provider, ProviderContext, Verification } from '../types.ts';
import { delivery } from './delivery.ts';

// The spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md.
// Svix (and so Clerk and Resend, which deliver through it) sends the same scheme under `svix-*` names;
// users often keep that secret in SVIX_WEBHOOK_SECRET or CLERK_WEBHOOK_SIGNING_SECRET.
const TOLERANCE_SECONDS = 300;
const SECRET_PREFIX = 'whsec_';
// Shared with `--help`, which must not load provider modules: `whsec_` + base64 of 26 fixed bytes.
const MANIFEST_ENTRY = manifestEntry('standard-webhooks');
const DEV_SECRET = MANIFEST_ENTRY.devSecret;

type Family = 'webhook' | 'svix';

/** The header set a request uses: `webhook-*` unless it carries only `svix-*` ones. */
function family(headers: InboundRequest['headers']): Family {
  const has = (prefix: Family) =>
    ['id', 'timestamp', 'signature'].some((part) => hasHeader(headers, `${prefix}-${part}`));
  return !has('webhook') && has('svix') ? 'svix' : 'webhook';
}

/**
 * The HMAC key is the base64-decoded part after `whsec_` (unlike Stripe, which uses the whole string);
 * null when the SDK would refuse the secret. Decodes as the SDK's @stablelib/base64 does: standard
 * alphabet, at most two `=`, and a lone character after the last full group ignored (so one trailing
 * newline is harmless, but CRLF or a leading space is not).
 */
function signingKey(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const padding = /=*$/.exec(encoded)?.[0].length ?? 0;
  if (encoded.length < 4 || padding > 2) return null;
  const length = encoded.length - padding;
  const used = encoded.slice(0, length % 4 === 1 ? length - 1 : length);
  if (!/^[A-Za-z0-9+/]+$/.test(used)) return null;
  return Buffer.from(used, 'base64');
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. */
export function standardSignature(key: Buffer, id: string, timestamp: string, body: Buffer): string {
  return `v1,${hmac('sha256', key, [`${id}.${timestamp}.`, body]).toString('base64')}`;
}

/** Signing takes any secret: one the SDK would refuse is used as base64 leniently, as Node decodes it. */
function keyFor(secret: string): Buffer {
  return signingKey(secret) ?? Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export const standardWebhooks: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: TOLERANCE_SECONDS,
  detect({ headers, body }) {
    const signed =
      (hasHeader(headers, 'webhook-id') && hasHeader(headers, 'webhook-signature')) ||
      (hasHeader(headers, 'svix-id') && hasHeader(headers, 'svix-signature'));
    if (!signed) return null;
    return { provider: 'standard-webhooks', event: stringField(parseJsonObject(body), 'type') };
  },
  sign({ headers, body }, secret, context) {
    const prefix = family(headers);
    const id = headerValue(headers, `${prefix}-id`) ?? messageId(context);
    const timestamp = String(Math.floor(context.now() / 1000));
    return setHeaders(headers, [
      [`${prefix}-id`, id],
      [`${prefix}-timestamp`, timestamp],
      [`${prefix}-signature`, standardSignature(keyFor(secret), id, timestamp, body)],
    ]);
  },
  verify: verifyStandard,
  fixtures: () => listFixtures('standard-webhooks'),
  async payload(event, context, data) {
    const template = data ?? (await readFixture('standard-webhooks', event));
    return template === null ? null : freshen(structuredClone(template), context);
  },
  encode(_event, payload, context) {
    return {
      headers: [
        ['Content-Type', 'application/json'],
        ['webhook-id', messageId(context)],
      ],
      body: Buffer.from(JSON.stringify(payload), 'utf8'),
    };
  },
};

/**
 * New resource ids, and every timestamp moved by the same amount so the event happens now and the
 * intervals between them stay (a session still expires 7 days after it started). Clerk stamps events with
 * `timestamp` in ms (https://clerk.com/docs/webhooks/overview#payload-structure); Resend with an ISO
 * `created_at` (https://resend.com/docs/dashboard/webhooks/event-types).
 */
function freshen(payload: JsonObject, context: ProviderContext): JsonObject {
  const nowMs = context.now();
  const anchor =
    typeof payload.timestamp === 'number'
      ? payload.timestamp
      : typeof payload.created_at === 'string'
        ? Date.parse(payload.created_at)
        : Number.NaN;
  if (!Number.isNaN(anchor)) shiftTimes(payload, nowMs - anchor);
  const data = payload.data;
  if (isJsonObject(data)) {
    const prefix = typeof data.id === 'string' ? /^([a-z]+)_[A-Za-z0-9]{20,}$/.exec(data.id)?.[1] : undefined;
    // Only a `*.created` event brings a new resource; updates and deletions refer to an existing one.
    if (prefix !== undefined && typeof payload.type === 'string' && payload.type.endsWith('.created')) {
      data.id = `${prefix}_${base62(context, 27)}`;
    }
    if (typeof data.email_id === 'string') data.email_id = uuid(context);
  }
  return payload;
}

function shiftTimes(value: unknown, deltaMs: number): void {
  if (Array.isArray(value)) for (const item of value) shiftTimes(item, deltaMs);
  if (!isJsonObject(value)) return;
  for (const [key, field] of Object.entries(value)) {
    if (!key.endsWith('_at') && key !== 'timestamp') shiftTimes(field, deltaMs);
    else if (typeof field === 'number' && field > 1e12) value[key] = field + deltaMs;
    else if (typeof field === 'string' && !Number.isNaN(Date.parse(field)))
      value[key] = shiftIso(field, deltaMs);
  }
}

/** Keeps Resend's two layouts: `…:12.126Z` and Postgres-style `…:11.894719+00:00`. */
function shiftIso(value: string, deltaMs: number): string {
  const iso = new Date(Date.parse(value) + deltaMs).toISOString();
  return /\.\d{6}\+00:00$/.test(value) ? iso.replace(/\.(\d{3})Z$/, `.$1${value.slice(-9, -6)}+00:00`) : iso;
}

/** Svix message ids: `msg_` and 27 base62 characters (a KSUID). */
function messageId(context: ProviderContext): string {
  return `msg_${base62(context, 27)}`;
}

type Failure = Extract<Verification, { valid: false }>;
const fail = (reason: FailureReason, message: string): Failure => ({ valid: false, reason, message });

/**
 * Mirrors `standardwebhooks`' `Webhook.verify`: all three headers required, the timestamp read with
 * parseInt and within ±5 minutes, then any space-separated `v1,<base64>` entry matching passes.
 */
function verifyStandard({ headers, body }: InboundRequest, secret: string, nowMs: number): Verification {
  const prefix = family(headers);
  const values: Record<string, string> = {};
  for (const part of ['id', 'timestamp', 'signature']) {
    const name = `${prefix}-${part}`;
    const found = headerValues(headers, name);
    if (found.length === 0) {
      return fail(
        'missing-header',
        `${name} is missing: Standard Webhooks needs ${prefix}-id, ${prefix}-timestamp and ${prefix}-signature. ` +
          'Check that a proxy does not drop them (or sign the request with `hookctl trigger`).',
      );
    }
    // Node joins a repeated header with `, `; the SDK then splits the signature list at spaces, so a
    // repeated signature still verifies, while a repeated id or timestamp cannot.
    if (found.length > 1 && part !== 'signature') {
      return fail(
        'malformed-header',
        `${name} arrived ${found.length} times; frameworks join repeats into one value that never verifies. ` +
          'Make sure only one copy reaches the app.',
      );
    }
    values[part] = found.join(', ');
  }
  const id = values.id ?? '';
  const signature = values.signature ?? '';
  const seconds = Number.parseInt(values.timestamp ?? '', 10);
  if (Number.isNaN(seconds)) {
    return fail('malformed-header', `${prefix}-timestamp is "${values.timestamp}", not unix seconds.`);
  }
  const candidates = signature
    .split(' ')
    .map((entry) => entry.split(','))
    .filter(([version]) => version === 'v1')
    .map(([, digest]) => `v1,${digest ?? ''}`);
  if (candidates.length === 0) {
    const mixup = signatureMixup(signature);
    return mixup === null
      ? fail(
          'malformed-header',
          `${prefix}-signature is "${signature}", not a list of \`v1,<base64>\` entries.`,
        )
      : fail('encoding-mixup', `${prefix}-signature ${mixup}`);
  }
  const timestamp = String(seconds);
  const signedWith = (key: Buffer, bytes: Buffer) => {
    const expected = standardSignature(key, id, timestamp, bytes);
    return candidates.some((candidate) => safeEqual(candidate, expected));
  };
  const age = Math.floor(nowMs / 1000) - seconds;
  const timeProblem = timingProblem(prefix, seconds, age);
  const key = signingKey(secret);
  if (key !== null && signedWith(key, body)) return timeProblem ?? { valid: true };
  const timeNote = timeProblem === null ? '' : ` Also: ${timeProblem.message}`;
  if (signedWith(Buffer.from(secret, 'utf8'), body)) {
    return fail(
      'encoding-mixup',
      'The signature was made with the whole `whsec_…` string as the HMAC key (as Stripe does); Standard ' +
        `Webhooks uses the base64-decoded bytes after \`whsec_\`.${timeNote}`,
    );
  }
  const variant = key === null ? undefined : bodyVariants(body).find((v) => signedWith(key, v.body));
  if (variant !== undefined) {
    return fail(
      'body-changed',
      `The signature matches this body as ${variant.label}, not the bytes received: something re-serialized ` +
        `the body after it was signed. Verify the raw request bytes, before any JSON parser.${timeNote}`,
    );
  }
  const trimmed = signingKey(secret.trim());
  if (secret.trim() !== secret && trimmed !== null && signedWith(trimmed, body)) {
    return fail(
      'secret-whitespace',
      'The signature matches once spaces or a newline are trimmed from the secret: remove them (check the ' +
        `file or environment variable it comes from).${timeNote}`,
    );
  }
  return fail(
    'wrong-secret',
    `The signature does not match under the secret given${key === null ? ' (it is not `whsec_` and base64)' : ''}. ` +
      "Use this endpoint's signing secret (`whsec_…`) from the sender's dashboard (Svix, Clerk, Resend): " +
      'every endpoint has its own, and test and production instances differ. `hookctl trigger` signs with ' +
      `$STANDARD_WEBHOOKS_SECRET, --secret, or else ${DEV_SECRET}.${timeNote}`,
  );
}

function timingProblem(prefix: Family, seconds: number, age: number): Failure | null {
  if (age > TOLERANCE_SECONDS) {
    return fail(
      'stale-timestamp',
      `${prefix}-timestamp is ${describeAge(age)} old; Standard Webhooks rejects timestamps more than 5 ` +
        'minutes away. Re-send it with a fresh signature: `hookctl replay --resign`.',
    );
  }
  if (-age <= TOLERANCE_SECONDS) return null;
  if (seconds > 1e11) {
    return fail(
      'future-timestamp',
      `${prefix}-timestamp is ${seconds}, which looks like milliseconds: it must be unix seconds. ` +
        'Sign with Math.floor(Date.now() / 1000).',
    );
  }
  return fail(
    'future-timestamp',
    `${prefix}-timestamp is ${describeAge(-age)} in the future (more than 5 minutes): check the sender's clock.`,
  );
}

/** Other providers' layouts where `v1,<base64>` entries belong. */
function signatureMixup(signature: string): string | null {
  if (/^v1=/.test(signature))
    return "uses `v1=` (Stripe's layout): Standard Webhooks entries are `v1,<base64>`.";
  if (/^(sha256|v0)=/.test(signature)) {
    return `starts with \`${signature.split('=')[0]}=\` (GitHub's or Slack's layout): entries are \`v1,<base64>\`.`;
  }
  if (/^[0-9a-f]{64}$/i.test(signature)) return 'is bare hex: entries are `v1,` followed by base64, not hex.';
  if (/^[A-Za-z0-9+/]{43}=$/.test(signature)) return 'is bare base64 without the `v1,` prefix: add it.';
  return null;
}
