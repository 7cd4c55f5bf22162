import { usageError } from '../lib/errors.ts';
import { closest } from '../lib/suggest.ts';
import { allProviders, findProvider } from './registry.ts';
import type { Provider } from './types.ts';

/** The provider by name, or exit 2 naming the closest ones and every known name. */
export function findProviderOrThrow(name: string): Provider {
  const provider = findProvider(name);
  if (provider !== null) return provider;
  const names = allProviders().map((candidate) => candidate.name);
  const hints = closest(name, names);
  const hint = hints.length > 0 ? `did you mean ${hints.join(', ')}? ` : '';
  throw usageError(`unknown provider "${name}": ${hint}(known: ${names.join(', ')})`, 'EUNKNOWNPROVIDER');
}

/** `--provider`, else the provider detected when the capture arrived. */
export function providerFor(
  capture: { id: string; provider: string | null },
  flag: string | undefined,
): Provider {
  if (flag !== undefined) return findProviderOrThrow(flag);
  if (capture.provider === null) {
    throw usageError(
      `capture ${capture.id} carries no known provider's headers: pass --provider stripe|github|slack|…`,
    );
  }
  return findProviderOrThrow(capture.provider);
}
