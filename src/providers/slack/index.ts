import { hasHeader, headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { isJsonObject, parseForm, parseJsonObject, stringField } from '../parse.ts';
import { bodyVariants, describeAge, hmac, safeEqual } from '../signing.ts';

import type { FailureReason, InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { slackEncode, slackPayload } from './fixtures.ts';

function isSlack({ headers }: InboundRequest): boolean {
  return hasHeader(headers, 'x-slack-signature') || hasHeader(headers, 'x-slack-request-timestamp');
}

const TOLERANCE_SECONDS = 300;
// Shared with `--help`, which must not load provider modules.
const MANIFEST_ENTRY = manifestEntry('slack');
const DEV_SECRET = MANIFEST_ENTRY.devSecret;

/**
 * Slack signs `v0:<timestamp>:<raw body>` with the app's Signing Secret, as lowercase hex after `v0=`
 * (https://api.slack.com/authentication/verifying-requests-from-slack).
 */
export function slackSignature(secret: string, timestamp: string, body: Buffer): string {
  return `v0=${hmac('sha256', secret, [`v0:${timestamp}:`, body]).toString('hex')}`;
}

export const slack: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: TOLERANCE_SECONDS,
  detect(request) {
    return isSlack(request) ? { provider: 'slack', event: slackEvent(request) } : null;
  },
  challenge(request) {
    const challenge = slackChallenge(request);
    return challenge === null
      ? null
      : { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
  },
  sign({ headers, body }, secret, context) {
    const timestamp = String(Math.floor(context.now() / 1000));
    return setHeaders(headers, [
      ['X-Slack-Request-Timestamp', timestamp],
      ['X-Slack-Signature', slackSignature(secret, timestamp, body)],
    ]);
  },
  verify: verifySlack,
  fixtures: () => listFixtures('slack'),
  payload: slackPayload,
  encode: (event, payload) => slackEncode(event, payload),
};

/**
 * Slack sends three body shapes: Events API JSON (https://api.slack.com/apis/events-api), slash commands
 * as flat form fields (https://api.slack.com/interactivity/slash-commands), and interactivity as one form
 * field `payload` holding JSON (https://api.slack.com/interactivity/handling#payloads).
 */
function slackEvent({ headers, body }: InboundRequest): string | null {
  const form = parseForm(headers, body);
  if (form !== null) {
    if (form.has('command')) return 'slash_command';
    const payload = form.get('payload');
    return payload === null ? null : stringField(parseJsonObject(payload), 'type');
  }
  const envelope = parseJsonObject(body);
  const type = stringField(envelope, 'type');
  if (type === 'url_verification') return type;
  if (type !== 'event_callback' || !isJsonObject(envelope?.event)) return null;
  const inner = stringField(envelope.event, 'type');
  // Message subtypes (https://api.slack.com/events/message#subtypes) are distinct events to a handler.
  const subtype = inner === 'message' ? stringField(envelope.event, 'subtype') : null;
  return subtype === null ? inner : `message.${subtype}`;
}

/**
 * The `challenge` Slack expects echoed back when a request URL is registered
 * (https://api.slack.com/events/url_verification); null for anything else, including unsigned requests.
 */
export function slackChallenge(request: InboundRequest): string | null {
  if (!isSlack(request)) return null;
  const body = parseJsonObject(request.body);
  return stringField(body, 'type') === 'url_verification' ? stringField(body, 'challenge') : null;
}

const fail = (reason: FailureReason, message: string): Verification => ({ valid: false, reason, message });

/**
 * Mirrors Bolt's `verifySlackRequest`: the timestamp may be at most five minutes old (Bolt does not reject
 * future ones), the header splits at `=` into `v0` and a hex digest compared as a string.
 */
function verifySlack({ headers, body }: InboundRequest, secret: string, nowMs: number): Verification {
  const signatures = headerValues(headers, 'x-slack-signature');
  const timestamps = headerValues(headers, 'x-slack-request-timestamp');
  for (const [name, values] of [
    ['X-Slack-Signature', signatures],
    ['X-Slack-Request-Timestamp', timestamps],
  ] as const) {
    if (values.length === 0) {
      return fail(
        'missing-header',
        `${name} is missing: the request was not signed by Slack, or a proxy dropped the header. ` +
          'Send it through unchanged (or sign it with `hookctl trigger slack`).',
      );
    }
    if (values.length > 1) {
      return fail(
        'malformed-header',
        `${name} arrived ${values.length} times; frameworks join repeats into one value that never verifies. ` +
          'Make sure only one copy reaches the app (a proxy may be adding it again).',
      );
    }
  }
  const signature = signatures[0] ?? '';
  const timestamp = timestamps[0] ?? '';
  if (!/^\d+$/.test(timestamp)) {
    return fail(
      'malformed-header',
      `X-Slack-Request-Timestamp is "${timestamp}", not unix seconds: send the value Slack put there.`,
    );
  }
  const [version, digest = ''] = signature.split('=');
  const mixup = signatureMixup(signature, version ?? '', digest);
  if (mixup !== null) return fail('encoding-mixup', mixup);
  if (!/^[0-9a-f]{64}$/.test(digest)) {
    return fail(
      'malformed-header',
      `X-Slack-Signature is "${signature}", not v0= followed by 64 hex digits: send the header exactly as Slack sent it.`,
    );
  }
  // Bolt compares only the part between the first and second `=`.
  const signedWith = (key: string, bytes: Buffer) =>
    safeEqual(`v0=${digest}`, slackSignature(key, timestamp, bytes));
  const age = Math.floor(nowMs / 1000) - Number(timestamp);
  const stale = age > TOLERANCE_SECONDS;
  const staleNote = stale ? ` The timestamp is also ${describeAge(age)} old.` : '';
  if (signedWith(secret, body)) {
    if (!stale) return { valid: true };
    return fail(
      'stale-timestamp',
      `The signature is right but X-Slack-Request-Timestamp is ${describeAge(age)} old, and Slack's SDKs ` +
        'reject requests older than 5 minutes. Re-send it with a fresh signature: `hookctl replay --resign`.',
    );
  }
  const variant = bodyVariants(body).find((candidate) => signedWith(secret, candidate.body));
  if (variant !== undefined) {
    return fail(
      'body-changed',
      `The signature matches this body as ${variant.label}, not the bytes received: something re-encoded ` +
        'the body after Slack signed it. Verify the raw request bytes, before any body parser.' +
        staleNote,
    );
  }
  if (secret.trim() !== secret && secret.trim() !== '' && signedWith(secret.trim(), body)) {
    return fail(
      'secret-whitespace',
      'The signature matches once spaces or a newline are trimmed from the signing secret: remove them ' +
        `(check the file or environment variable it comes from).${staleNote}`,
    );
  }
  return fail(
    'wrong-secret',
    'The signature does not match this body under the signing secret given. Use the Signing Secret from ' +
      'api.slack.com/apps → your app → Basic Information (not the Verification Token or Client Secret); ' +
      '`hookctl trigger slack` signs with $SLACK_SIGNING_SECRET, --secret, or else its development secret ' +
      `${DEV_SECRET}.${staleNote}`,
  );
}

/** Other providers' layouts in X-Slack-Signature, which carries only `v0=<lowercase hex>`. */
function signatureMixup(signature: string, version: string, digest: string): string | null {
  if (/^[0-9a-f]{64}$/i.test(signature)) {
    return 'X-Slack-Signature is bare hex without the `v0=` prefix: Slack sends `v0=<hex>`; add the prefix.';
  }
  const prefix = /^(v1|sha256|sha1|t)[=,]/.exec(signature)?.[0];
  if (prefix !== undefined || /^v0,/.test(signature)) {
    return (
      `X-Slack-Signature starts with \`${prefix ?? 'v0,'}\`, another provider's layout ` +
      '(`v1=` is Stripe, `v1,` Standard Webhooks, `sha256=` GitHub): Slack expects `v0=<hex>`.'
    );
  }
  if (version === 'v0' && /^[0-9A-F]{64}$/i.test(digest) && digest !== digest.toLowerCase()) {
    return 'X-Slack-Signature has uppercase hex: Slack compares the digest as lowercase hex.';
  }
  if (/^v0=[A-Za-z0-9+/]{43}=$/.test(signature)) {
    return 'X-Slack-Signature carries base64 after `v0=`: Slack expects the HMAC as lowercase hex.';
  }
  return null;
}
