import { type HeaderPair, hasHeader, headerValue, headerValues, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { parseJsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import { safeEqual } from '../signing.ts';
import { standardWebhooks } from '../standard-webhooks/index.ts';
import type { FailureReason, InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { encodeGitlab, gitlabEventName, gitlabPayload } from './fixtures.ts';

const MANIFEST_ENTRY = manifestEntry('gitlab');
export const GITLAB_DEV_SECRET = MANIFEST_ENTRY.devSecret;

// GitLab has two ways to prove a delivery (https://docs.gitlab.com/user/project/integrations/webhooks/):
// - the secret token, sent as it is in X-Gitlab-Token: nothing is signed, so a changed body passes too;
// - the signing token (`whsec_` and the base64 of 32 bytes), which signs as Standard Webhooks does:
//   webhook-id (the Idempotency-Key value), webhook-timestamp and webhook-signature `v1,<base64>` over
//   `id.timestamp.body` (https://gitlab.com/gitlab-org/gitlab/-/merge_requests/230944).
// One `--secret` covers both: a `whsec_…` secret is a signing token, anything else the secret token,
// and `<secret token> <signing token>` (one space between) a webhook that has both, as GitLab allows.
const SIGNING_PREFIX = 'whsec_';
const TOKEN_HEADER = 'X-Gitlab-Token';
const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'];

export const isSigningToken = (secret: string): boolean => secret.trim().startsWith(SIGNING_PREFIX);

/** What a `--secret` holds: the secret token, the signing token, or both. */
export function gitlabSecrets(secret: string): { token: string | null; signing: string | null } {
  const both = /^(\S+) +(whsec_\S+)\s*$/.exec(secret);
  if (both !== null && !isSigningToken(both[1] ?? ''))
    return { token: both[1] ?? '', signing: both[2] ?? '' };
  return isSigningToken(secret) ? { token: null, signing: secret } : { token: secret, signing: null };
}

export const gitlab: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  // The signing token's window (the Standard Webhooks libraries' ±5 minutes); a secret token is not timed.
  toleranceSeconds: 300,
  proofWithoutBody: (secret) => gitlabSecrets(secret).signing === null,
  detect(request) {
    const { headers } = request;
    const ours =
      hasHeader(headers, 'x-gitlab-event') ||
      hasHeader(headers, 'x-gitlab-token') ||
      hasHeader(headers, 'x-gitlab-instance') ||
      /^GitLab\//i.test(headerValue(headers, 'user-agent') ?? '');
    if (!ours) return null;
    return { provider: 'gitlab', event: gitlabEventName(parseJsonObject(request.body)) };
  },
  sign(request, secret, context) {
    // GitLab sends the token and the signature of what the webhook has: a signing token never travels.
    const { token, signing } = gitlabSecrets(secret);
    let headers = request.headers.filter(([name]) => !isOurs(name));
    if (token !== null) headers = setHeaders(headers, [[TOKEN_HEADER, token]]);
    if (signing === null) return headers;
    const id = headerValue(headers, 'idempotency-key') ?? uuid(context);
    return standardWebhooks.sign(
      { headers: setHeaders(headers, [['webhook-id', id]]), body: request.body },
      signing,
      context,
    );
  },
  verify: verifyGitlab,
  fixtures: () => listFixtures('gitlab'),
  payload: gitlabPayload,
  encode: encodeGitlab,
};

function isOurs(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'x-gitlab-token' || SIGNATURE_HEADERS.includes(lower);
}

type Failure = Extract<Verification, { valid: false }>;
const fail = (reason: FailureReason, message: string): Failure => ({ valid: false, reason, message });

/** Judges the proof the request carries against the kind of secret given; with both, both must hold. */
function verifyGitlab(request: InboundRequest, secret: string, nowMs: number): Verification {
  const { token, signing } = gitlabSecrets(secret);
  if (signing === null) return verifyToken(request.headers, token ?? '');
  if (token === null) return verifySignature(request, signing, nowMs);
  const byToken = verifyToken(request.headers, token);
  return byToken.valid ? verifySignature(request, signing, nowMs) : byToken;
}

/**
 * The secret token: the header must equal the token, compared in constant time, as a receiver should
 * (GitLab's docs: "Your webhook endpoint can check that to verify that the request is legitimate").
 */
function verifyToken(headers: readonly HeaderPair[], secret: string): Verification {
  const values = headerValues(headers, TOKEN_HEADER);
  if (values.length === 0) {
    return hasHeader(headers, 'webhook-signature')
      ? fail(
          'missing-header',
          "This delivery carries a signing-token signature (webhook-signature), not X-Gitlab-Token: verify it with the webhook's signing token (`whsec_…`) as --secret.",
        )
      : fail(
          'missing-header',
          `No ${TOKEN_HEADER} header: GitLab sends it only when the webhook has a secret token (Settings > Webhooks > Secret token), or a proxy dropped it.`,
        );
  }
  if (values.length > 1) {
    return fail(
      'malformed-header',
      `${TOKEN_HEADER} arrived ${values.length} times; joined into one value it never equals the token. Make sure only one copy reaches the app.`,
    );
  }
  const token = values[0] ?? '';
  if (secret !== '' && safeEqual(token, secret)) {
    return {
      valid: true,
      note: `${TOKEN_HEADER} equals the secret token. GitLab signs nothing with a secret token, so the body is not checked: a changed body passes as well (a signing token, \`whsec_…\`, signs it).`,
    };
  }
  if (safeEqual(token.trim(), secret.trim())) {
    return fail(
      'secret-whitespace',
      'The token matches once spaces or a newline are trimmed: remove them from the secret (or from the token set in GitLab), e.g. a trailing newline from a .env file.',
    );
  }
  if (secret !== GITLAB_DEV_SECRET && safeEqual(token, GITLAB_DEV_SECRET)) {
    return fail(
      'wrong-secret',
      `${TOKEN_HEADER} is hookctl's development token (${GITLAB_DEV_SECRET}), which \`hookctl trigger gitlab\` sends when neither --secret nor $GITLAB_WEBHOOK_SECRET is set. Trigger with the app's token, or check with the development one.`,
    );
  }
  if (isSigningToken(token)) {
    return fail(
      'encoding-mixup',
      `${TOKEN_HEADER} holds a \`whsec_\` signing token: GitLab never sends a signing token, it signs with it. Set the secret token as the webhook's Secret token, or verify webhook-signature with the signing token.`,
    );
  }
  return fail(
    'wrong-secret',
    `${TOKEN_HEADER} does not equal the secret token given. Use the Secret token of this webhook (project or group Settings > Webhooks; GitLab does not show it again, so set a new one if it is lost) as $GITLAB_WEBHOOK_SECRET or --secret.`,
  );
}

/** The signing token: exactly the Standard Webhooks check (±5 minutes), in GitLab's words where they differ. */
function verifySignature(request: InboundRequest, secret: string, nowMs: number): Verification {
  const { headers } = request;
  if (!hasHeader(headers, 'webhook-signature') && hasHeader(headers, TOKEN_HEADER)) {
    return fail(
      'missing-header',
      `This delivery carries only ${TOKEN_HEADER}, no webhook-signature: the webhook has a secret token but no signing token. Check it with the secret token as --secret, or add a signing token to the webhook.`,
    );
  }
  const verdict = standardWebhooks.verify(request, secret, nowMs);
  if (verdict.valid || verdict.reason !== 'wrong-secret') return verdict;
  const also = /\sAlso: .*$/s.exec(verdict.message)?.[0] ?? '';
  return fail(
    'wrong-secret',
    "The signature does not match this signing token. Use the webhook's signing token (`whsec_` and base64, shown once when it was generated in Settings > Webhooks) as $GITLAB_WEBHOOK_SECRET or --secret; " +
      `every webhook has its own.${also}`,
  );
}
