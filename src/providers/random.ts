import type { ProviderContext } from './types.ts';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters of `alphabet`, from the context's randomness (deterministic in tests). */
export function randomChars(context: ProviderContext, alphabet: string, length: number): string {
  return Array.from(context.randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Stripe-style id tails (`evt_1PxMHpSB6n…`), Svix message ids. */
export function base62(context: ProviderContext, length: number): string {
  return randomChars(context, BASE62, length);
}

/** RFC 9562 version 4: random bits with the version and variant fields set. */
export function uuid(context: ProviderContext): string {
  const bytes = Buffer.from(context.randomBytes(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
