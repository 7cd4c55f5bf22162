import type { Provider } from './types.ts';

export interface ResolvedSecret {
  secret: string;
  /** Where it came from, so messages can say which secret was used. */
  source: 'flag' | 'env' | 'development';
  /** `--secret`, `$STRIPE_WEBHOOK_SECRET` or `the development secret`. */
  label: string;
}

/** `--secret`, else the provider's usual environment variable, else its fixed development secret. */
export function resolveSecret(
  provider: Provider,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): ResolvedSecret {
  if (flag !== undefined) return { secret: flag, source: 'flag', label: '--secret' };
  const fromEnv = env[provider.secretEnv];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { secret: fromEnv, source: 'env', label: `$${provider.secretEnv}` };
  }
  return {
    secret: provider.devSecret,
    source: 'development',
    label: `the development secret (${provider.devSecret})`,
  };
}
