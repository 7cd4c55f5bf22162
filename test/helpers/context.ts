import { createHash } from 'node:crypto';
import type { ProviderContext } from '../../src/providers/types.ts';

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
