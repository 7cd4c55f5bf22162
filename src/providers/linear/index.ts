import { headerValue, headerValues } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { parseJsonObject, stringField } from '../parse.ts';
import { describeAge } from '../signing.ts';
import { type HmacScheme, type SchemeWords, signWithScheme, verifyWithScheme } from '../template.ts';
import type { InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeLinear, linearPayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('linear');

/**
 * Linear (https://linear.app/developers/webhooks#securing-webhooks): `Linear-Signature` is the hex
 * HMAC-SHA256 of the raw body with the webhook's signing secret. Nothing in a header is timed: the SDK
 * (`LinearWebhookClient.verify` in @linear/sdk) reads `webhookTimestamp` (Unix ms) from the signed body and
 * refuses it more than 60 seconds from now, either way; `verifyLinear` adds that check.
 */
export const LINEAR_SCHEME: HmacScheme = {
  header: 'Linear-Signature',
  algorithm: 'sha256',
  signed: '{body}',
  encoding: 'hex',
};

const TOLERANCE_SECONDS = 60;

const WORDS: SchemeWords = {
  title: 'Linear',
  secretHint:
    "the webhook's signing secret (Linear → Settings → API → Webhooks → the webhook) as LINEAR_WEBHOOK_SECRET or --secret",
};

export const linear: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: TOLERANCE_SECONDS,
  timestampInBody: true,
  detect(request) {
    const signed = headerValues(request.headers, LINEAR_SCHEME.header).length > 0;
    if (!signed && headerValue(request.headers, 'linear-delivery') === null) return null;
    const body = parseJsonObject(request.body);
    const type = stringField(body, 'type') ?? headerValue(request.headers, 'linear-event');
    const action = stringField(body, 'action');
    return { provider: 'linear', event: type === null || action === null ? type : `${type}.${action}` };
  },
  sign: (request, secret, context) => signWithScheme(LINEAR_SCHEME, request, secret, context),
  verify: verifyLinear,
  fixtures: () => listFixtures('linear'),
  payload: linearPayload,
  encode: encodeLinear,
};

const fail = (
  reason: 'missing-header' | 'malformed-header' | 'stale-timestamp' | 'future-timestamp',
  message: string,
): Verification => ({
  valid: false,
  reason,
  message,
});

/** The signature first, then the body's `webhookTimestamp`, in the SDK's order. */
function verifyLinear(request: InboundRequest, secret: string, nowMs: number): Verification {
  const verdict = verifyWithScheme(LINEAR_SCHEME, request, secret, nowMs, WORDS);
  if (!verdict.valid) return verdict;
  const stamp = parseJsonObject(request.body)?.webhookTimestamp;
  if (stamp === undefined || stamp === null) {
    return fail(
      'missing-header',
      'The signature matches, but the body has no webhookTimestamp, which the Linear SDK requires: Linear always sends one, so this body was not built by Linear.',
    );
  }
  if (typeof stamp !== 'number' || !Number.isFinite(stamp)) {
    return fail(
      'malformed-header',
      `The body's webhookTimestamp is ${JSON.stringify(stamp)}, not a number of milliseconds, and the Linear SDK refuses it.`,
    );
  }
  const ageSeconds = (nowMs - stamp) / 1000;
  if (stamp < 1e11) {
    return fail(
      'malformed-header',
      `The body's webhookTimestamp ${stamp} is in seconds: Linear sends Unix milliseconds, and the SDK reads it as ${describeAge(ageSeconds)} old.`,
    );
  }
  if (ageSeconds > TOLERANCE_SECONDS) {
    return fail(
      'stale-timestamp',
      `The body's webhookTimestamp is ${describeAge(ageSeconds)} old and the Linear SDK refuses more than 60 seconds. It is inside the signed body, so re-signing cannot refresh it: send a fresh event with \`hookctl trigger linear\`.`,
    );
  }
  if (-ageSeconds > TOLERANCE_SECONDS) {
    return fail(
      'future-timestamp',
      `The body's webhookTimestamp is ${describeAge(-ageSeconds)} in the future and the Linear SDK refuses more than 60 seconds either way: the sender's clock is wrong.`,
    );
  }
  return { valid: true };
}
