import { headerValue, headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';

import { type JsonObject, parseForm, parseJsonObject, stringField } from '../parse.ts';

import { bodyVariants, hmac, safeEqual } from '../signing.ts';

import type { FailureReason, InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeGithub, githubPayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('github');
export const GITHUB_DEV_SECRET = MANIFEST_ENTRY.devSecret;

// The event name is in X-GitHub-Event and the action in the body; hooks set to the form content type
// send the same JSON in a `payload` field (https://docs.github.com/en/webhooks/webhook-events-and-payloads).
export const github: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  // GitHub signs the body only: no timestamp, so a delivery verifies however late it is replayed.
  toleranceSeconds: null,
  detect(request) {
    const header = headerValue(request.headers, 'x-github-event');
    if (header === null) return null;
    const name = header.trim();
    if (name === '') return { provider: 'github', event: null };
    const action = stringField(payload(request), 'action');
    return { provider: 'github', event: action === null ? name : `${name}.${action}` };
  },
  sign(request, secret) {
    return setHeaders(request.headers, [
      ['X-Hub-Signature', `sha1=${githubSignatureHex('sha1', secret, request.body)}`],
      ['X-Hub-Signature-256', `sha256=${githubSignatureHex('sha256', secret, request.body)}`],
    ]);
  },
  verify: verifyGithub,
  fixtures: () => listFixtures('github'),
  payload: githubPayload,
  encode: encodeGithub,
};

function payload({ headers, body }: InboundRequest): JsonObject | null {
  const form = parseForm(headers, body);
  if (form === null) return parseJsonObject(body);
  const field = form.get('payload');
  return field === null ? null : parseJsonObject(field);
}

// Signatures: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries. The check
// mirrors @octokit/webhooks (`verify` in octokit/webhooks-methods.js): the whole X-Hub-Signature-256 value,
// `sha256=` plus lowercase hex, compared in constant time with the HMAC of the raw body; the legacy sha1
// header is not consulted, and an empty body or secret never verifies.
const HEADER = 'X-Hub-Signature-256';
const WELL_FORMED = /^sha256=[0-9a-f]{64}$/;
const FORMAT = '`sha256=` and 64 lowercase hex digits';

export function githubSignatureHex(algorithm: 'sha256' | 'sha1', secret: string, body: Buffer): string {
  return hmac(algorithm, secret, [body]).toString('hex');
}

function verifyGithub({ headers, body }: InboundRequest, secret: string): Verification {
  const values = headerValues(headers, HEADER);
  if (values.length === 0) return missingHeader(headerValue(headers, 'x-hub-signature') !== null);
  if (values.length > 1) {
    return fail(
      'malformed-header',
      `${HEADER} arrives ${values.length} times (a proxy added a copy): Node joins the copies with ", " and @octokit/webhooks rejects the result. Make the proxy pass the header through once.`,
    );
  }
  const value = (values[0] ?? '').trim();
  if (!WELL_FORMED.test(value)) return encodingMixup(value, secret, body) ?? malformed(value);
  if (body.length === 0) {
    return fail(
      'body-changed',
      'The body is empty, and GitHub always sends one: something read or dropped it before verification. Verify the raw request bytes before any body parser consumes them.',
    );
  }
  if (secret === '') {
    return fail(
      'wrong-secret',
      "No secret given: pass --secret or set GITHUB_WEBHOOK_SECRET to the webhook's secret.",
    );
  }
  const digest = value.slice('sha256='.length);
  if (safeEqual(digest, githubSignatureHex('sha256', secret, body))) return { valid: true };
  for (const variant of bodyVariants(body)) {
    if (safeEqual(digest, githubSignatureHex('sha256', secret, variant.body))) {
      return fail(
        'body-changed',
        `The signature matches this body as ${variant.label}, not the bytes received: the body was changed after GitHub signed it (parsed and re-serialized, e.g. express.json() then JSON.stringify, or by a relay). Verify the raw request bytes, e.g. with express.raw({ type: 'application/json' }).`,
      );
    }
  }
  const trimmed = secret.trim();
  if (trimmed !== secret && safeEqual(digest, githubSignatureHex('sha256', trimmed, body))) {
    return fail(
      'secret-whitespace',
      'The secret has leading or trailing whitespace (often a newline from a .env file or `echo`): the signature matches it trimmed. Remove the whitespace.',
    );
  }
  if (
    secret !== GITHUB_DEV_SECRET &&
    safeEqual(digest, githubSignatureHex('sha256', GITHUB_DEV_SECRET, body))
  ) {
    return fail(
      'wrong-secret',
      `The request was signed with hookctl's development secret (${GITHUB_DEV_SECRET}), which \`hookctl trigger github\` uses when neither --secret nor GITHUB_WEBHOOK_SECRET is set. Trigger with the app's secret, or verify with the development secret.`,
    );
  }
  return fail(
    'wrong-secret',
    "The signature does not match this secret. Use the secret set on this webhook in GitHub (the repository's, organization's or GitHub App's webhook settings; GitHub never shows it again, so set a new one if it is lost) as GITHUB_WEBHOOK_SECRET or --secret.",
  );
}

function missingHeader(hasLegacy: boolean): Verification {
  return fail(
    'missing-header',
    hasLegacy
      ? `Only the legacy X-Hub-Signature (sha1) header is there, not ${HEADER}, which GitHub's docs and @octokit/webhooks verify. GitHub sends both, so a proxy dropped or renamed it: let it through.`
      : `No ${HEADER} header: GitHub signs deliveries only when the webhook has a secret (webhook settings → Secret), or a proxy dropped or renamed the header.`,
  );
}

/** Signatures that are right or nearly right but written in another notation than GitHub's. */
function encodingMixup(value: string, secret: string, body: Buffer): Verification | null {
  const legacy = /^sha1=([0-9a-f]{40})$/i.exec(value);
  if (legacy !== null) {
    const right = (legacy[1] ?? '').toLowerCase() === githubSignatureHex('sha1', secret, body);
    return fail(
      'encoding-mixup',
      `${HEADER} holds a sha1= signature, the legacy X-Hub-Signature format; it needs ${FORMAT} (${right ? 'the sha1 digest itself matches this body and secret' : 'and that sha1 digest does not match this body with this secret either'}).`,
    );
  }
  const parts = /^(sha-?256\s*[=:]\s*)?(.*)$/i.exec(value);
  const prefix = parts?.[1];
  const digest = parts?.[2] ?? '';
  let bytes: Buffer;
  let notation: string;
  if (/^[0-9a-f]{64}$/i.test(digest)) {
    bytes = Buffer.from(digest, 'hex');
    notation =
      prefix === undefined
        ? 'bare hex without the `sha256=` prefix'
        : prefix !== 'sha256='
          ? `hex with the prefix \`${prefix}\``
          : 'hex in uppercase';
  } else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(digest)) {
    bytes = Buffer.from(digest, 'base64');
    notation = 'base64 where GitHub writes hex';
  } else {
    return null;
  }
  const right = bytes.equals(hmac('sha256', secret, [body]));
  return fail(
    'encoding-mixup',
    `${HEADER} is ${notation}; GitHub sends ${FORMAT} and @octokit/webhooks compares that exact string (${right ? 'the digest itself matches this body and secret: only the notation is wrong' : 'and the digest does not match this body with this secret either'}).`,
  );
}

function malformed(value: string): Verification {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return fail(
    'malformed-header',
    `${HEADER} is "${shown}", not ${FORMAT}: it was cut or rewritten on the way (check proxies), or it does not come from GitHub.`,
  );
}

function fail(reason: FailureReason, message: string): Verification {
  return { valid: false, reason, message };
}
