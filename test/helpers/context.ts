import { createHash } from 'node:crypto';
import type { HeaderPair } from '../../src/http/headers.ts';
import type { JsonObject } from '../../src/providers/parse.ts';
import type { Provider, ProviderContext } from '../../src/providers/types.ts';

/**
 * A fixed clock and reproducible randomness: the same seed gives the same bytes (SHA-256 of
 * `seed:counter`, 32 bytes a step), so payloads, ids and signatures are the same on every run.
 */
export function seededContext(nowMs: number, seed: string): ProviderContext {
  let counter = 0;
  return {
    now: () => nowMs,
    randomBytes: (size) => {
      const out = Buffer.alloc(size);
      for (let at = 0; at < size; at += 32)
        createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, at);
      return out;
    },
  };
}

/** A fixture event of `provider`, fresh, encoded and signed as the provider sends it. */
export async function signedEvent(
  provider: Provider,
  event: string,
  secret: string,
  context: ProviderContext,
): Promise<{ payload: JsonObject; headers: HeaderPair[]; body: Buffer }> {
  const payload = await provider.payload(event, context);
  if (payload === null) throw new Error(`no ${provider.name} fixture for ${event}`);
  const request = provider.encode(event, payload, context);
  return { payload, headers: provider.sign(request, secret, context), body: request.body };
}
