import { headerValue } from '../../ui/shared/http.js';

/** A header exactly as it arrived: original case, in arrival order, duplicates kept as separate pairs. */
export type HeaderPair = [name: string, value: string];

/** RFC 9110 §7.6.1 connection-specific headers, plus those undici refuses to send for us. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** Removes hop-by-hop headers, including any the `Connection` header names, keeping order and case. */
export function endToEndHeaders(headers: readonly HeaderPair[]): HeaderPair[] {
  // Plain loops, names lowered once: this runs twice per forwarded webhook.
  const lowered: string[] = [];
  let named: Set<string> | null = null;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    lowered.push(lower);
    if (lower !== 'connection') continue;
    named ??= new Set();
    for (const token of value.split(',')) named.add(token.trim().toLowerCase());
  }
  const kept: HeaderPair[] = [];
  for (let i = 0; i < headers.length; i++) {
    const lower = lowered[i] as string;
    if (!HOP_BY_HOP.has(lower) && !named?.has(lower)) kept.push(headers[i] as HeaderPair);
  }
  return kept;
}

/** Pairs from Node's flat `rawHeaders` (`[name, value, name, value, …]`). */
export function pairsFromRaw(raw: readonly string[]): HeaderPair[] {
  const pairs: HeaderPair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

export function hasHeader(headers: readonly HeaderPair[], name: string): boolean {
  return headerValue(headers, name) !== null;
}

/** Header names are case-insensitive (RFC 9110 §5.1); captures keep the sender's case, so compare lowered. */
export function headerValues(headers: readonly HeaderPair[], name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
}

// The page applies the same rules, so they are written once, in ui/shared/http.js: `headerValue` (the
// first value when a proxy duplicated the header: the one the sender wrote comes first) and
// `headerProblem` (why headers cannot go on the wire: a CR, LF or NUL in them, or null).
export { headerProblem, headerValue } from '../../ui/shared/http.js';

/**
 * Sets headers by name (case-insensitive): replaces the first of each name in place and drops its
 * duplicates, appends the names not present. Used to (re)sign a request without reordering the rest.
 */
export function setHeaders(headers: readonly HeaderPair[], updates: readonly HeaderPair[]): HeaderPair[] {
  const pending = new Map(updates.map(([name, value]) => [name.toLowerCase(), [name, value] as HeaderPair]));
  const done = new Set<string>();
  const out: HeaderPair[] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const update = pending.get(lower);
    if (update === undefined) out.push([name, value]);
    else if (!done.has(lower)) {
      out.push([name, update[1]]);
      done.add(lower);
    }
  }
  for (const [lower, pair] of pending) if (!done.has(lower)) out.push(pair);
  return out;
}

/**
 * The URL a request was sent to, as its sender saw it: the scheme from X-Forwarded-Proto (cloudflared and
 * most proxies set it) else `http`, the host from X-Forwarded-Host else Host, then the path and query.
 * URL-signing providers (Twilio, Square, HubSpot) sign this public URL, not the one the app listens on.
 */
export function arrivalUrl(headers: readonly HeaderPair[], path: string): string {
  const first = (name: string) => headerValue(headers, name)?.split(',')[0]?.trim() || undefined;
  const proto = first('x-forwarded-proto') ?? 'http';
  const host = first('x-forwarded-host') ?? first('host') ?? 'localhost';
  return `${proto}://${host}${path}`;
}
