import { type HeaderPair, headerValue } from '../http/headers.ts';

/** `application/x-www-form-urlencoded; charset=utf-8` → `application/x-www-form-urlencoded`. */
export function mediaType(headers: readonly HeaderPair[]): string | null {
  const value = headerValue(headers, 'content-type');
  return value === null ? null : (value.split(';')[0] ?? '').trim().toLowerCase();
}

// Body readers used by detection. They work on a decoded copy and never touch the bytes that get
// forwarded or signed. Bodies of 1 MiB or more are not parsed: detection runs on every request.
const PARSE_LIMIT = 1024 * 1024;

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parsed JSON object, or null for anything else (too big, not JSON, an array, a scalar). */
export function parseJsonObject(text: Buffer | string): JsonObject | null {
  if (text.length >= PARSE_LIMIT) return null;
  try {
    const value: unknown = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** Form fields when the request says it is form-encoded, else null. */
export function parseForm(headers: readonly HeaderPair[], body: Buffer): URLSearchParams | null {
  if (body.length >= PARSE_LIMIT || mediaType(headers) !== 'application/x-www-form-urlencoded') return null;
  return new URLSearchParams(body.toString('utf8'));
}

/** A non-empty string field, else null: an empty event name is no event name. */
export function stringField(object: JsonObject | null | undefined, key: string): string | null {
  const value = object?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
