import type { HeaderPair } from '../../http/headers.ts';
import { parseTarget } from '../../http/target.ts';
import { usageError } from '../../lib/errors.ts';
import { parseDuration } from '../../lib/units.ts';

/**
 * `listen --route 'MATCH=ACTION'`: one rule a flag, the first that matches wins, the positional forward
 * is the fallback. Rules are parsed once into regular expressions, so matching a request is a few
 * `RegExp#test` calls (forwarding with ten routes must cost what forwarding with one target does).
 *
 * MATCH: a provider (`stripe`), optionally with an event glob (`stripe:invoice.*`), and/or a path glob
 * starting with `/` (`/slack/*`; `github/hooks/*` is both). An event glob may hold `/` (Shopify's
 * `orders/create`), so with an event the path glob follows after a space: `shopify:orders/* /shop/*`.
 * `*` alone matches every request. In globs, `*` is any run of characters and `?` one.
 * ACTION: targets separated by commas (each as `listen [forward]` takes it; the sender gets the first
 * one's answer), `capture` (store, answer as capture-only listen does), or `respond:STATUS[:DELAY]`; a
 * whole canned answer is `respond:{"status":429,"delay":"2s","headers":{"Retry-After":"30"},"body":"…"}`
 * (what the project file's `respond:` mapping becomes).
 */
export type RouteAction =
  | { kind: 'forward'; targets: URL[] }
  | { kind: 'capture' }
  | { kind: 'respond'; status: number; delayMs: number; headers: HeaderPair[] | null; body: string | null };

export interface RouteRule {
  /** The rule as written, recorded with each capture it routed. */
  text: string;
  provider: string | null;
  event: RegExp | null;
  /** Matched against the path without its query. */
  path: RegExp | null;
  action: RouteAction;
  /** The first target's URL as text (what a capture records as `forwardTo`), or null without targets. */
  firstHref: string | null;
  /** A fan-out's other targets as text (a capture's `forwardAlso`); empty for one target. */
  alsoHrefs: string[];
}

/** What a request is matched on. */
export interface RouteSubject {
  provider: string | null;
  event: string | null;
  /** Path with query, as requested. */
  path: string;
}

const EXAMPLES =
  "e.g. --route 'stripe:invoice.*=3000/billing', '/slack/*=capture' or 'stripe=respond:500:4s'";

/** A glob as an anchored regular expression: `*` any run, `?` one character, the rest literal. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function parseMatch(match: string, rule: string): Pick<RouteRule, 'provider' | 'event' | 'path'> {
  const text = match.trim();
  if (text === '') throw usageError(`--route '${rule}' matches nothing before =: ${EXAMPLES}`);
  if (text === '*') return { provider: null, event: null, path: null };
  let head = text;
  let path: string | null = null;
  const colon = text.indexOf(':');
  if (colon !== -1) {
    // provider:event, then optionally a space and a path glob.
    const space = text.indexOf(' ', colon);
    if (space !== -1) {
      path = text.slice(space + 1).trim();
      head = text.slice(0, space);
    }
  } else {
    const slash = text.indexOf('/');
    if (slash !== -1) {
      path = text.slice(slash);
      head = text.slice(0, slash);
    }
  }
  if (path !== null && !path.startsWith('/')) {
    throw usageError(`--route '${rule}': a path glob starts with / (${EXAMPLES})`);
  }
  const [provider = '', event] = colon === -1 ? [head] : [head.slice(0, colon), head.slice(colon + 1)];
  if (provider !== '' && !/^[a-z0-9][a-z0-9_-]*$/i.test(provider)) {
    throw usageError(`--route '${rule}': "${provider}" is not a provider name (${EXAMPLES})`);
  }
  if (event !== undefined && event === '')
    throw usageError(`--route '${rule}': no event after ":" (${EXAMPLES})`);
  if (provider === '' && event !== undefined) {
    throw usageError(`--route '${rule}': an event glob needs its provider, e.g. stripe:invoice.*`);
  }
  return {
    provider: provider === '' ? null : provider.toLowerCase(),
    event: event === undefined ? null : globToRegExp(event),
    path: path === null ? null : globToRegExp(path),
  };
}

function parseAction(action: string, rule: string): RouteAction {
  const text = action.trim();
  if (text === 'capture') return { kind: 'capture' };
  if (text.startsWith('respond:{')) return parseCannedAnswer(text.slice('respond:'.length), rule);
  if (text.startsWith('respond')) {
    const [, status = '', delay] = text.split(':');
    const code = /^\d{3}$/.test(status) ? Number(status) : Number.NaN;
    if (!(code >= 100 && code <= 599) || text.split(':').length > 3) {
      throw usageError(
        `--route '${rule}': respond takes a status and an optional delay, e.g. respond:500 or respond:200:4s`,
      );
    }
    return {
      kind: 'respond',
      status: code,
      delayMs: delay === undefined ? 0 : parseDuration(delay, `--route '${rule}' delay`),
      headers: null,
      body: null,
    };
  }
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => part === ''))
    throw usageError(`--route '${rule}' has an empty target: ${EXAMPLES}`);
  return { kind: 'forward', targets: parts.map((part) => parseTarget(part, `--route '${rule}' target`)) };
}

/** `respond:{"status","delay","headers","body"}`: a canned answer with its own headers and body. */
function parseCannedAnswer(json: string, rule: string): RouteAction {
  const problem = (what: string) =>
    usageError(
      `--route '${rule}': ${what} (e.g. respond:{"status":429,"delay":"2s","headers":{"Retry-After":"30"},"body":"later"})`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw problem('the canned answer is not JSON');
  }
  const answer = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw problem('the canned answer is a JSON object');
  for (const key of Object.keys(answer)) {
    if (!['status', 'delay', 'headers', 'body'].includes(key))
      throw problem(`unknown field ${key} (status, delay, headers, body)`);
  }
  const { status, delay, headers, body } = answer;
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599) {
    throw problem('status is a number from 100 to 599');
  }
  if (delay !== undefined && typeof delay !== 'string') throw problem('delay is a duration such as "4s"');
  if (body !== undefined && typeof body !== 'string') throw problem('body is a string');
  let pairs: HeaderPair[] | null = null;
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
      throw problem('headers maps names to values');
    pairs = Object.entries(headers).map(([name, text]) => {
      if (typeof text !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(text)) {
        throw problem(`header ${name} needs a token name and a one-line string value`);
      }
      return [name, text];
    });
  }
  return {
    kind: 'respond',
    status: status as number,
    delayMs: delay === undefined ? 0 : parseDuration(delay, `--route '${rule}' delay`),
    headers: pairs,
    body: body ?? null,
  };
}

export function parseRoute(text: string): RouteRule {
  const equals = text.indexOf('=');
  if (equals === -1) throw usageError(`--route '${text}' needs MATCH=ACTION: ${EXAMPLES}`);
  const action = parseAction(text.slice(equals + 1), text);
  const hrefs = action.kind === 'forward' ? action.targets.map((target) => target.href) : [];
  return {
    text,
    ...parseMatch(text.slice(0, equals), text),
    action,
    firstHref: hrefs[0] ?? null,
    alsoHrefs: hrefs.slice(1),
  };
}

/** The first rule that matches, or null. */
export function matchRoute(rules: readonly RouteRule[], subject: RouteSubject): RouteRule | null {
  let path: string | null = null;
  for (const rule of rules) {
    if (rule.provider !== null && rule.provider !== subject.provider) continue;
    if (rule.event !== null && (subject.event === null || !rule.event.test(subject.event))) continue;
    if (rule.path !== null) {
      if (path === null) {
        const query = subject.path.indexOf('?');
        path = query === -1 ? subject.path : subject.path.slice(0, query);
      }
      if (!rule.path.test(path)) continue;
    }
    return rule;
  }
  return null;
}
