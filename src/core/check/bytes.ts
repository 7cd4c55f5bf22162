import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { type HeaderPair, headerValue, setHeaders } from '../../http/headers.ts';

// The deliveries `check` forges from a correct one: the same event in bytes that do not survive a parse
// and re-serialize, a body changed after signing, another secret or key, several signatures in one header.
// Pure functions of bytes and strings, so each is table-tested.

/**
 * The same JSON value in bytes that `JSON.stringify(JSON.parse(body))` does not give back, as providers
 * really send: `/` escaped as `\/` and non-ASCII as `\u00e9` inside strings (the value is unchanged), and
 * when that changes nothing, Stripe's two-space indentation. A form body gets `%20` for its spaces, which a
 * re-encoder turns into `+`. Null when the body is neither (nothing to change without changing the value).
 */
export function reserializationTrap(body: Buffer, mediaType: string | null): Buffer | null {
  const text = body.toString('utf8');
  if (mediaType === 'application/x-www-form-urlencoded') {
    const spaced = text.includes('+') ? text.replaceAll('+', '%20') : null;
    return spaced === null || spaced === new URLSearchParams(spaced).toString() ? null : Buffer.from(spaced);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const escaped = escapeInStrings(text);
  const candidate = escaped !== text ? escaped : JSON.stringify(value, null, 2);
  return candidate === JSON.stringify(value) ? null : Buffer.from(candidate, 'utf8');
}

/** `\/` for `/` and `\uXXXX` for non-ASCII inside JSON strings; everything outside strings as it was. */
function escapeInStrings(text: string): string {
  let out = '';
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (inString && char === '\\') {
      out += char + (text[at + 1] ?? '');
      at++;
      continue;
    }
    if (char === '"') inString = !inString;
    if (inString && char === '/') out += '\\/';
    else if (inString && char.charCodeAt(0) > 0x7e)
      out += `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out;
}

/**
 * The body with one byte changed where the request stays well-formed: a letter inside a JSON string (or
 * anywhere in a form) past the middle, swapped for its neighbour in the alphabet. A handler that parses
 * before it verifies still gets a parseable body, so only the signature can refuse it.
 */
export function tamperOneByte(body: Buffer): Buffer {
  const text = body.toString('latin1');
  const json = text.trimStart().startsWith('{') || text.trimStart().startsWith('[');
  let inString = false;
  let candidate = -1;
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (json && char === '\\') {
      at++;
      continue;
    }
    if (json && char === '"') inString = !inString;
    if ((inString || !json) && /[A-Za-z]/.test(char)) {
      candidate = at;
      if (at >= text.length / 2) break;
    }
  }
  const changed = Buffer.from(body);
  if (candidate === -1) {
    changed[0] = (changed[0] ?? 0) ^ 1;
    return changed;
  }
  const code = changed[candidate] as number;
  changed[candidate] = code === 0x7a || code === 0x5a ? code - 1 : code + 1;
  return changed;
}

/**
 * A secret of the same shape that is not the secret: the prefix (`whsec_`, `shpss_`) and padding kept,
 * every other letter or digit moved on by one within its class, so a handler cannot tell it by its form.
 */
export function anotherSecret(secret: string): string {
  const prefix = /^[a-z]+_(?:[a-z]+_)?/.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length).replace(/[0-9a-zA-Z]/g, (char) => {
    if (char === '9') return '0';
    if (char === 'z') return 'a';
    if (char === 'Z') return 'A';
    return String.fromCharCode(char.charCodeAt(0) + 1);
  });
  return prefix + rest;
}

/** A fresh private key (PEM) of the same type as `pem`: Ed25519 for Discord, P-256 for SendGrid. */
export function anotherPrivateKey(pem: string): string {
  const key = createPrivateKey(pem);
  const type = key.asymmetricKeyType;
  const options =
    type === 'ec' ? { namedCurve: key.asymmetricKeyDetails?.namedCurve ?? 'prime256v1' } : undefined;
  // biome-ignore lint/suspicious/noExplicitAny: generateKeyPairSync's overloads are keyed by a literal type.
  const pair = generateKeyPairSync(type as any, {
    ...options,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return pair.privateKey as unknown as string;
}

/**
 * One header set carrying the signatures of several signings of the same request (made at the same
 * moment), in the order given: what a sender rolling its secret sends. Only the headers the signings
 * disagree on are joined, with the scheme's separator.
 */
export function combineSignatures(signings: readonly HeaderPair[][], separator: ',' | ' '): HeaderPair[] {
  const [first, ...others] = signings;
  if (first === undefined) return [];
  const updates: HeaderPair[] = [];
  for (const [name, value] of first) {
    const values = others.map((headers) => headerValue(headers, name) ?? value);
    if (values.every((other) => other === value)) continue;
    const parts = value.split(separator);
    for (const other of values)
      for (const part of other.split(separator)) if (!parts.includes(part)) parts.push(part);
    updates.push([name, parts.join(separator)]);
  }
  return setHeaders(first, updates);
}
