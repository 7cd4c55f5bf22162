import { createPrivateKey, type KeyObject } from 'node:crypto';
import { type HeaderPair, headerValues } from '../http/headers.ts';
import type { FailureReason, Verification } from './types.ts';

/** The two asymmetric schemes hookctl signs with: Discord's Ed25519 and SendGrid's ECDSA on P-256. */
export type KeyKind = 'ed25519' | 'p256';

const NAMES: Record<KeyKind, string> = { ed25519: 'an Ed25519', p256: 'an ECDSA P-256 (prime256v1)' };

/**
 * The private key in `pem` (PKCS#8 or the older SEC1/`EC PRIVATE KEY` layout, as openssl writes them),
 * checked to be of the kind the provider signs with. Throws an Error that says what was found instead.
 */
export function privateKeyOf(pem: string, kind: KeyKind): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`not a PEM private key (expected ${NAMES[kind]} key, "-----BEGIN PRIVATE KEY-----")`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const found =
    key.asymmetricKeyType === 'ed25519'
      ? 'ed25519'
      : key.asymmetricKeyType === 'ec' && curve === 'prime256v1'
        ? 'p256'
        : null;
  if (found !== kind) {
    const what = key.asymmetricKeyType === 'ec' ? `an EC key on ${curve}` : `a ${key.asymmetricKeyType} key`;
    throw new Error(`${what}, not ${NAMES[kind]} private key`);
  }
  return key;
}

/** `fail` as every provider's verify builds it. */
export const fail = (reason: FailureReason, message: string): Verification => ({
  valid: false,
  reason,
  message,
});

/**
 * Each named header exactly once (frameworks join repeats into one value that never verifies), else the
 * failure that says which one is missing or repeated; `hint` says how to get a signed request.
 */
export function singleHeaders(
  headers: readonly HeaderPair[],
  names: readonly string[],
  sender: string,
  hint: string,
): { values: string[] } | { failure: Verification } {
  const values: string[] = [];
  for (const name of names) {
    const found = headerValues(headers, name).filter((value) => value !== '');
    if (found.length === 0) {
      return {
        failure: fail(
          'missing-header',
          `${name} is missing: the request was not signed by ${sender}, or a proxy dropped the header. ` +
            `Send it through unchanged (or sign it with ${hint}).`,
        ),
      };
    }
    if (found.length > 1) {
      return {
        failure: fail(
          'malformed-header',
          `${name} arrived ${found.length} times; frameworks join repeats into one value that never verifies. ` +
            'Make sure only one copy reaches the app (a proxy may be adding it again).',
        ),
      };
    }
    values.push(found[0] as string);
  }
  return { values };
}
