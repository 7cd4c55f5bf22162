import { usageError } from '../lib/errors.ts';
import type { Provider } from './types.ts';

export interface ResolvedSecret {
  secret: string;
  /** Where it came from, so messages can say which secret was used. */
  source: 'flag' | 'env' | 'development';
  /** `--secret`, `$STRIPE_WEBHOOK_SECRET` or `the development secret`. */
  label: string;
  /** The flag that passes your own instead: `--private-key FILE` for schemes that sign with a key pair. */
  flag: '--secret' | '--private-key FILE';
}

/**
 * What checks a signature: `--secret`, else the provider's usual environment variable, else its fixed
 * development secret. For asymmetric schemes (Discord, SendGrid) that is the public key.
 */
export function resolveSecret(
  provider: Provider,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedSecret {
  if (flag !== undefined) return { secret: flag, source: 'flag', label: '--secret', flag: '--secret' };
  const fromEnv = env[provider.secretEnv];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { secret: fromEnv, source: 'env', label: `$${provider.secretEnv}`, flag: '--secret' };
  }
  const what = provider.keys === undefined ? 'secret' : 'public key';
  return {
    secret: provider.devSecret,
    source: 'development',
    label: `the development ${what} (${provider.devSecret})`,
    flag: '--secret',
  };
}

/** A private key read from `--private-key FILE`: the file's name, for messages, and its PEM text. */
export interface PrivateKeyFile {
  file: string;
  pem: string;
}

/**
 * What signs (`trigger`, `replay --resign`, scenarios, the inspector): for shared-secret schemes the secret
 * as `resolveSecret` finds it; for asymmetric ones a private key, `--private-key FILE` or else the
 * development key, never the public key of `$DISCORD_PUBLIC_KEY`. Mixing the two is bad usage: exit 2.
 */
export function resolveSigningSecret(
  provider: Provider,
  flags: { secret?: string | undefined; privateKey?: PrivateKeyFile | undefined },
  env: NodeJS.ProcessEnv,
): ResolvedSecret {
  const { keys } = provider;
  if (keys === undefined) {
    if (flags.privateKey !== undefined) {
      throw usageError(
        `${provider.title} signs with a shared secret, not a key pair: pass --secret instead of --private-key`,
      );
    }
    return resolveSecret(provider, flags.secret, env);
  }
  if (flags.secret !== undefined) {
    throw usageError(
      `${provider.title} signs with a key pair, not a shared secret: pass --private-key FILE (a PEM private ` +
        'key), or nothing to sign with the development key',
    );
  }
  if (flags.privateKey === undefined) {
    return {
      secret: keys.devPrivateKey,
      source: 'development',
      label: `the development key (public key ${provider.devSecret})`,
      flag: '--private-key FILE',
    };
  }
  const { file, pem } = flags.privateKey;
  try {
    keys.publicKey(pem);
  } catch (error) {
    throw usageError(`--private-key ${file} is ${(error as Error).message}`);
  }
  return { secret: pem, source: 'flag', label: `--private-key ${file}`, flag: '--private-key FILE' };
}
