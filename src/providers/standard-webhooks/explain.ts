import { bodyVariants, describeAge } from '../signing.ts';
import type { FailureReason, InboundRequest, Verification } from '../types.ts';
import {
  base64Key,
  digest,
  type Family,
  hasEntries,
  holds,
  keyOf,
  openaiKey,
  PARTS,
  readHeaders,
  SECRET_PREFIX,
  type SenderScheme,
  TOLERANCE_SECONDS,
} from './scheme.ts';

/** What the messages name: the sender, where its secret comes from, and hookctl's fallbacks. */
export interface SenderWords {
  readonly title: string;
  /** Where the user finds the endpoint's secret (`the Clerk Dashboard (Webhooks → endpoint → Signing Secret)`). */
  readonly secretSource: string;
  readonly secretEnv: string;
  readonly devSecret: string;
}

type Failure = Extract<Verification, { valid: false }>;
const fail = (reason: FailureReason, message: string): Failure => ({ valid: false, reason, message });

/**
 * Judges as the sender's SDK does (standardwebhooks' `Webhook.verify`, or openai-node's `verifySignature`):
 * the three headers under the names it reads, the timestamp read with parseInt and within ±5 minutes, any
 * entry of the signature list matching passes. When it fails, says why, most likely cause first.
 */
export function verifyStandard(
  scheme: SenderScheme,
  words: SenderWords,
  request: InboundRequest,
  secret: string,
  nowMs: number,
): Verification {
  const found = readHeaders(scheme, request);
  for (const part of PARTS) {
    const { name, values } = found[part];
    if (values.length === 0) return missing(scheme, words, request, name);
    // Node joins a repeated header with `, `; the SDK then splits the signature list at spaces, so a
    // repeated signature still verifies, while a repeated id or timestamp cannot.
    if (values.length > 1 && part !== 'signature') {
      return fail(
        'malformed-header',
        `${name} arrived ${values.length} times; frameworks join repeats into one value that never verifies. ` +
          'Make sure only one copy reaches the app.',
      );
    }
  }
  const id = found.id.values.join(', ');
  const signature = found.signature.values.join(', ');
  const rawTimestamp = found.timestamp.values.join(', ');
  const seconds = Number.parseInt(rawTimestamp, 10);
  if (Number.isNaN(seconds)) {
    return fail('malformed-header', `${found.timestamp.name} is "${rawTimestamp}", not unix seconds.`);
  }
  if (!hasEntries(scheme, signature)) {
    const mixup = signatureMixup(signature);
    return mixup === null
      ? fail(
          'malformed-header',
          `${found.signature.name} is "${signature}", not a list of \`v1,<base64>\` entries.`,
        )
      : fail('encoding-mixup', `${found.signature.name} ${mixup}`);
  }
  const timestamp = String(seconds);
  const signedWith = (key: Buffer, bytes = request.body) =>
    holds(scheme, signature, digest(key, id, timestamp, bytes));
  const timeProblem = timingProblem(found.timestamp.name, seconds, Math.floor(nowMs / 1000) - seconds);
  const key = keyOf(scheme, secret);
  if (key !== null && signedWith(key)) return timeProblem ?? { valid: true };
  const note = timeProblem === null ? '' : ` Also: ${timeProblem.message}`;
  const mixup = secretMixup(scheme, words, secret, signedWith);
  if (mixup !== null) return fail('encoding-mixup', `${mixup}${note}`);
  const variant = key === null ? undefined : bodyVariants(request.body).find((v) => signedWith(key, v.body));
  if (variant !== undefined) {
    return fail(
      'body-changed',
      `The signature matches this body as ${variant.label}, not the bytes received: something re-serialized ` +
        `the body after it was signed. Verify the raw request bytes, before any JSON parser.${note}`,
    );
  }
  // openai-node tries every entry, so a layout mix-up there surfaces only as a mismatch.
  const layout = scheme.entries === 'openai' && !signature.includes('v1,') ? signatureMixup(signature) : null;
  if (layout !== null && !layout.startsWith('is bare base64')) {
    return fail('encoding-mixup', `${found.signature.name} ${layout}${note}`);
  }
  const trimmed = keyOf(scheme, secret.trim());
  if (secret.trim() !== secret && trimmed !== null && signedWith(trimmed)) {
    return fail(
      'secret-whitespace',
      'The signature matches once spaces or a newline are trimmed from the secret: remove them (check the ' +
        `file or environment variable it comes from).${note}`,
    );
  }
  return fail(
    'wrong-secret',
    `The signature does not match under the secret given${key === null ? ' (it is not `whsec_` and base64)' : ''}. ` +
      `Use this endpoint's signing secret (\`whsec_…\`) from ${words.secretSource}: every endpoint has its ` +
      `own, and test and production differ. \`hookctl trigger\` signs with $${words.secretEnv}, --secret, or ` +
      `else ${words.devSecret}.${note}`,
  );
}

/** A header the SDK needs is absent: say when the request carries it in the other family. */
function missing(scheme: SenderScheme, words: SenderWords, request: InboundRequest, name: string): Failure {
  const [family, part] = name.split('-') as [Family, string];
  const other: Family = family === 'svix' ? 'webhook' : 'svix';
  const read = scheme.families.map((f) => `${f}-*`).join(' or ');
  if (
    !scheme.families.includes(other) &&
    request.headers.some(([n]) => n.toLowerCase() === `${other}-${part}`)
  ) {
    return fail(
      'missing-header',
      `${name} is missing but ${other}-${part} is there: ${words.title}'s SDK reads only ${read} headers. ` +
        `Send them as ${family}-id, ${family}-timestamp and ${family}-signature (\`hookctl trigger\` does).`,
    );
  }
  return fail(
    'missing-header',
    `${name} is missing: ${words.title} signs with ${family}-id, ${family}-timestamp and ${family}-signature. ` +
      'Check that a proxy does not drop them (or sign the request with `hookctl trigger`).',
  );
}

/** Secrets used the wrong way: the whole string as the key, a `v1,` pasted in front, a dropped `whsec_`. */
function secretMixup(
  scheme: SenderScheme,
  words: SenderWords,
  secret: string,
  signedWith: (key: Buffer) => boolean,
): string | null {
  if (secret.startsWith(SECRET_PREFIX) && signedWith(Buffer.from(secret, 'utf8'))) {
    return (
      'The signature was made with the whole `whsec_…` string as the HMAC key (as Stripe does); Standard ' +
      'Webhooks uses the base64-decoded bytes after `whsec_`.'
    );
  }
  // https://github.com/standard-webhooks/standard-webhooks/issues/235: `v1,` is the signatures' prefix.
  const unversioned = secret.replace(/^v1,/, '');
  if (
    unversioned !== secret &&
    [base64Key(unversioned), openaiKey(unversioned)].some((k) => k !== null && signedWith(k))
  ) {
    return (
      'The secret starts with `v1,`, the prefix of signatures, not of secrets (standard-webhooks#235): ' +
      'remove it, the secret is the `whsec_…` string alone.'
    );
  }
  if (scheme.secret === 'openai' && !secret.startsWith(SECRET_PREFIX)) {
    const decoded = base64Key(secret);
    if (decoded !== null && signedWith(decoded)) {
      return (
        `The secret lacks its \`whsec_\` prefix: ${words.title}'s SDK then uses the string's UTF-8 bytes, not ` +
        'its base64-decoded bytes. Keep the secret exactly as the dashboard shows it, `whsec_` included.'
      );
    }
  }
  if (
    scheme.secret === 'base64' &&
    !secret.startsWith(SECRET_PREFIX) &&
    signedWith(Buffer.from(secret, 'utf8'))
  ) {
    return (
      "The signature was made with the secret's UTF-8 bytes (as OpenAI does for a secret without `whsec_`); " +
      `${words.title}'s SDK base64-decodes it. Use the \`whsec_…\` secret from ${words.secretSource}.`
    );
  }
  return null;
}

function timingProblem(name: string, seconds: number, age: number): Failure | null {
  if (age > TOLERANCE_SECONDS) {
    return fail(
      'stale-timestamp',
      `${name} is ${describeAge(age)} old; Standard Webhooks rejects timestamps more than 5 minutes away. ` +
        'Re-send it with a fresh signature: `hookctl replay --resign`.',
    );
  }
  if (-age <= TOLERANCE_SECONDS) return null;
  if (seconds > 1e11) {
    return fail(
      'future-timestamp',
      `${name} is ${seconds}, which looks like milliseconds: it must be unix seconds. ` +
        'Sign with Math.floor(Date.now() / 1000).',
    );
  }
  return fail(
    'future-timestamp',
    `${name} is ${describeAge(-age)} in the future (more than 5 minutes): check the sender's clock.`,
  );
}

/** Other providers' layouts where `v1,<base64>` entries belong. */
function signatureMixup(signature: string): string | null {
  if (/^v1=/.test(signature))
    return "uses `v1=` (Stripe's layout): Standard Webhooks entries are `v1,<base64>`.";
  if (/^(sha256|v0)=/.test(signature)) {
    return `starts with \`${signature.split('=')[0]}=\` (GitHub's or Slack's layout): entries are \`v1,<base64>\`.`;
  }
  if (/^v\d+[,=]/.test(signature)) {
    return `starts with \`${signature.slice(0, 3)}\`: only \`v1,\` entries (HMAC-SHA256) are checked.`;
  }
  if (/^[0-9a-f]{64}$/i.test(signature)) return 'is bare hex: entries are `v1,` followed by base64, not hex.';
  if (/^[A-Za-z0-9+/]{43}=$/.test(signature)) return 'is bare base64 without the `v1,` prefix: add it.';
  return null;
}
