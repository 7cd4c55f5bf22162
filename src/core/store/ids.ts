import { randomBytes } from 'node:crypto';
import { usageError } from '../../lib/errors.ts';

/**
 * Capture ids: 16 chars of lowercase Crockford base32, 10 for the millisecond time and 6 (30 bits) of
 * randomness, ULID-style. The alphabet is in ASCII order, so ids sort by arrival time as plain strings,
 * which is what lets the store find the newest captures from file names alone.
 */
export const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const ID_LENGTH = 16;
const TIME_CHARS = 10;
const RANDOM_CHARS = 6;
const MAX_TIME = 2 ** 48 - 1;
const RANDOM_LIMIT = 2 ** 30;

const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{16}$/;
const PREFIX_PATTERN = /^[0-9a-hjkmnp-tv-z]{1,16}$/;

/** True for exactly 16 chars of the id alphabet; the only strings ever joined into a store path. */
export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** True for 1–16 chars of the id alphabet. */
export function isValidIdPrefix(value: string): boolean {
  return PREFIX_PATTERN.test(value);
}

function encode(value: number, chars: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < chars; i++) {
    out = ID_ALPHABET.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The arrival time (ms since the epoch) encoded in an id. */
export function idTime(id: string): number {
  if (!isValidId(id))
    throw usageError(`invalid capture id "${id}": expected ${ID_LENGTH} chars of ${ID_ALPHABET}`);
  let time = 0;
  for (let i = 0; i < TIME_CHARS; i++) time = time * 32 + ID_ALPHABET.indexOf(id.charAt(i));
  return time;
}

/**
 * Returns a generator of strictly increasing ids. Within one millisecond (or when the clock goes back)
 * the random part is incremented rather than redrawn, so ids from one process never tie or go backwards;
 * when it would overflow, the time part moves one millisecond ahead instead.
 */
export function createIdGenerator(
  now: () => number = Date.now,
  random: (bytes: number) => Buffer = randomBytes,
): () => string {
  let lastTime = -1;
  let lastRandom = 0;
  // Random bits come 256 draws at a time: a randomBytes call per millisecond showed in listen's profile.
  let pool: Buffer = Buffer.alloc(0);
  let at = 0;
  const draw = (): number => {
    if (at + 4 > pool.length) {
      pool = random === randomBytes ? randomBytes(1024) : random(4);
      at = 0;
    }
    const value = pool.readUInt32BE(at) >>> 2;
    at += 4;
    return value;
  };

  return () => {
    let time = Math.min(Math.max(Math.floor(now()), 0), MAX_TIME);
    let rand: number;
    if (time <= lastTime) {
      time = lastTime;
      rand = lastRandom + 1;
      if (rand >= RANDOM_LIMIT) {
        time += 1;
        rand = draw();
      }
    } else {
      rand = draw();
    }
    lastTime = time;
    lastRandom = rand;
    return encode(time, TIME_CHARS) + encode(rand, RANDOM_CHARS);
  };
}
