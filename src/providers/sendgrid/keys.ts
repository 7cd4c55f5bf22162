import { createPublicKey, type KeyObject } from 'node:crypto';
import { fail } from '../asymmetric.ts';
import type { Verification } from '../types.ts';

const WHERE =
  'SendGrid shows it as base64 (MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…) under Settings → Mail Settings → Event ' +
  'Webhook → Signature Verification';

/**
 * The public key as @sendgrid/eventwebhook 8 reads it (`PublicKey.fromPem`, starkbank-ecdsa): lines that
 * start with `-----` dropped, the rest trimmed and joined, base64-decoded, then SubjectPublicKeyInfo DER of
 * an EC key on one of the curves starkbank knows (P-256, which SendGrid uses, and secp256k1). Null when it
 * is not one, as the SDK throws.
 */
export function sdkPublicKey(text: string): KeyObject | null {
  const base64 = text
    .split('\n')
    .filter((line) => !line.startsWith('-----'))
    .map((line) => line.trim())
    .join('');
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return key.asymmetricKeyType === 'ec' && (curve === 'prime256v1' || curve === 'secp256k1') ? key : null;
  } catch {
    return null;
  }
}

/** Why what was given as SendGrid's verification key is not one: the usual mix-ups, in words. */
export function keyFormatProblem(key: string): Verification {
  const trimmed = key.trim();
  const say = (message: string) => fail('key-format', message);
  if (/PRIVATE KEY/.test(trimmed)) {
    return say(
      `The key given is a private key; ${WHERE} (\`hookctl keys sendgrid --private-key FILE\` prints the public key of one).`,
    );
  }
  if (/^SG\.[\w-]{10,}\.[\w-]{10,}$/.test(trimmed)) {
    return say(`The key given is a SendGrid API key, not the webhook's verification key; ${WHERE}.`);
  }
  if (/^[0-9a-f]+$/i.test(trimmed)) {
    return say(`The key given is hex (${trimmed.length} characters), not base64 SPKI; ${WHERE}.`);
  }
  if (/^whsec_|^[A-Za-z0-9]{20,40}$/.test(trimmed) && !trimmed.startsWith('MF')) {
    return say(`The key given looks like a shared secret; SendGrid signs with a key pair: ${WHERE}.`);
  }
  if (trimmed.startsWith('MCowBQYDK2Vw')) {
    return say(`The key given is an Ed25519 key (Discord's kind); SendGrid uses ECDSA P-256: ${WHERE}.`);
  }
  return say(`The key given is not a base64 EC P-256 public key (SubjectPublicKeyInfo DER); ${WHERE}.`);
}

/** X-Twilio-Email-Event-Webhook-Signature carries a DER ECDSA signature as base64; other layouts, explained. */
export function signatureProblem(signature: string): Verification | null {
  const der = Buffer.from(signature, 'base64');
  // A DER ECDSA-Sig-Value is a SEQUENCE (0x30) of two INTEGERs: 70 to 72 bytes for P-256.
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(signature) && der[0] === 0x30 && der.length >= 8) return null;
  if (/^[0-9a-f]{128}$/i.test(signature)) {
    return fail(
      'encoding-mixup',
      'X-Twilio-Email-Event-Webhook-Signature is 128 hex characters (a raw r||s signature); SendGrid sends a DER ' +
        'ECDSA signature as base64.',
    );
  }
  return fail(
    'malformed-header',
    'X-Twilio-Email-Event-Webhook-Signature is not a base64 DER ECDSA signature: send the header exactly as SendGrid sent it.',
  );
}
