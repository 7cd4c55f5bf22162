// Stable ids for the Standard Webhooks senders' generators: the same event gives the same id on every run.
import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function bytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0, n = 0; at < length; at += 32, n++)
    createHash('sha256').update(`${seed}:${n}`).digest().copy(out, at);
  return out;
}

/** `length` base62 characters (Clerk's and Svix's KSUID-style ids). */
export function base62Of(seed: string, length = 27): string {
  return Array.from(bytes(seed, length), (byte) => BASE62[byte % 62]).join('');
}

/** `length` lowercase hex digits (OpenAI's ids). */
export function hexOf(seed: string, length: number): string {
  return bytes(seed, Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** An RFC 9562 version 4 UUID (Resend's ids). */
export function uuidOf(seed: string): string {
  const b = bytes(seed, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The first sentence of each `/** … *\/ export interface XxxEvent` doc comment, by the `type` literal inside. */
export function docComments(text: string, pattern: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, comment = '', event = ''] of text.matchAll(pattern)) {
    const sentence = comment
      .replace(/^\s*\* ?/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    out.set(event, sentence.match(/^.*?\.(?=\s|$)/)?.[0] ?? sentence);
  }
  return out;
}
