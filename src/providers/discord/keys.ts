import { fail } from '../asymmetric.ts';
import type { Verification } from '../types.ts';

const WHERE =
  'Discord shows it as 64 hex characters under Developer Portal → your app → General Information → Public Key';

/**
 * Why what was given as Discord's public key is not one, in words: the usual mix-ups are another value of
 * the same page (the Application ID, the Client Secret, the bot token), a PEM or base64 copy of the key,
 * or stray whitespace.
 */
export function keyFormatProblem(key: string): Verification {
  const trimmed = key.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) {
    return fail(
      'secret-whitespace',
      'The public key has spaces around its 64 hex characters: remove them (check the file or environment ' +
        'variable it comes from).',
    );
  }
  return fail('key-format', keyFormatMessage(trimmed));
}

function keyFormatMessage(trimmed: string): string {
  if (trimmed.startsWith('-----BEGIN')) {
    const kind = /PRIVATE KEY/.test(trimmed) ? 'a PEM private key' : 'a PEM key';
    return `The public key given is ${kind}; ${WHERE} (\`hookctl keys discord --private-key FILE\` prints it for a PEM key).`;
  }
  if (/^\d{17,20}$/.test(trimmed)) {
    return `The public key given is a snowflake, the Application ID; ${WHERE}.`;
  }
  if (/^[A-Za-z0-9_-]{32}$/.test(trimmed)) {
    return `The public key given looks like the Client Secret (32 characters); ${WHERE}.`;
  }
  if (/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/.test(trimmed)) {
    return `The public key given looks like a bot token; ${WHERE}.`;
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && Buffer.from(trimmed, 'base64').length >= 32) {
    return `The public key given is base64, not hex; ${WHERE}.`;
  }
  return `The public key given is not 64 hex characters (it is ${trimmed.length} characters); ${WHERE}.`;
}

/** X-Signature-Ed25519 carries a 64-byte signature as 128 hex characters; other layouts, explained. */
export function signatureProblem(signature: string): Verification | null {
  if (/^[0-9a-f]{128}$/i.test(signature)) return null;
  if (/^[A-Za-z0-9+/]{86}==$/.test(signature) || /^[A-Za-z0-9_-]{86}$/.test(signature)) {
    return fail(
      'encoding-mixup',
      'X-Signature-Ed25519 carries base64; Discord sends the Ed25519 signature as 128 hex characters.',
    );
  }
  if (/^(sha256=|v1[=,]|v0=|t=)/.test(signature)) {
    return fail(
      'encoding-mixup',
      "X-Signature-Ed25519 starts with another provider's prefix: Discord sends 128 bare hex characters.",
    );
  }
  return fail(
    'malformed-header',
    `X-Signature-Ed25519 is not 128 hex characters (it is ${signature.length}): send the header exactly as Discord sent it.`,
  );
}
