import { resolve } from 'node:path';
import { parseTarget } from '../../http/target.ts';
import { closest } from '../../lib/suggest.ts';
import { parseDuration, parseSize } from '../../lib/units.ts';

/** The values of the project file, each checked and made into the text its flag takes. */

/** A value as a command's option holds it: flag text, a boolean (`--no-tunnel`), or repeated `--route`s. */
export type SettingValue = string | boolean | string[];

export type Kind =
  | 'target'
  | 'port'
  | 'text'
  | 'bool'
  | 'count'
  | 'size'
  | 'duration'
  | 'relay'
  | 'path'
  | 'routes';

/** A place in the file: keys and list indexes from the root. */
export type JsonPath = Array<string | number>;
/** Makes the one-line error of a problem at `path` (at its key, with `key`). */
export type Fail = (path: JsonPath, message: string, key?: boolean) => Error;

/** The keys of a route in object form. */
export const ROUTE_KEYS = ['match', 'to', 'capture', 'respond'] as const;

const STATUS = /^[1-5]\d\d$/;

export function setting(kind: Kind, value: unknown, path: JsonPath, base: string, fail: Fail): SettingValue {
  switch (kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw fail(path, `must be true or false (got ${got(value)})`);
      return value;
    case 'port':
    case 'count': {
      const digits =
        typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      const max = kind === 'port' ? 65535 : Number.MAX_SAFE_INTEGER;
      if (!/^\d+$/.test(digits) || Number(digits) > max) {
        throw fail(
          path,
          `must be a whole number ${kind === 'port' ? '0 to 65535' : '0 or more'} (got ${got(value)})`,
        );
      }
      return digits;
    }
    case 'size':
      return checked(
        value,
        path,
        fail,
        (text) => parseSize(text, ''),
        'a size such as 25mb, 512kb or 1048576',
      );
    case 'duration':
      return checked(
        value,
        path,
        fail,
        (text) => parseDuration(text, ''),
        'a duration such as 30s, 2m or 500ms',
      );
    case 'target':
      return target(value, path, fail);
    case 'relay':
      return checked(
        value,
        path,
        fail,
        relayUrl,
        'a relay channel URL, e.g. https://hookctl-relay.you.workers.dev/<channel>',
      );
    case 'path':
      return resolve(base, text(value, path, fail));
    case 'routes':
      return list(value, path, fail).map((rule, index) => route(rule, [...path, index], fail));
    default:
      return text(value, path, fail);
  }
}

/** A forward target: a port (YAML reads `3000` as a number), host:port or a URL, without a fragment. */
function target(value: unknown, path: JsonPath, fail: Fail): string {
  const candidate = typeof value === 'number' ? String(value) : value;
  return checked(
    candidate,
    path,
    fail,
    (text) => parseTarget(text),
    'a port, host:port or http(s) URL, e.g. 3000 or http://localhost:3000/webhooks',
  );
}

function relayUrl(text: string): void {
  const url = new URL(text);
  if (!/^https?:$/.test(url.protocol) || url.pathname.split('/').filter(Boolean).length === 0)
    throw new Error('relay');
}

/** One rule, as `listen --route` takes it: the string form as is, the object form made into it. */
function route(value: unknown, path: JsonPath, fail: Fail): string {
  if (typeof value === 'string') {
    const equals = value.indexOf('=');
    if (equals <= 0 || value.slice(equals + 1).trim() === '' || value.slice(0, equals).trim() === '') {
      throw fail(path, `must be MATCH=ACTION, e.g. stripe:invoice.*=3000/billing (got ${got(value)})`);
    }
    return value.trim();
  }
  const rule = mapping(value, path, fail, 'must be MATCH=ACTION or {match, to | capture | respond}');
  allowOnly(rule, ROUTE_KEYS, path, fail);
  const match = text(
    rule.match,
    [...path, 'match'],
    fail,
    'is required: a provider, provider:event glob and/or /path glob',
  );
  if (match.includes('=')) throw fail([...path, 'match'], `must not contain "=" (got ${got(match)})`);
  const actions = (['to', 'capture', 'respond'] as const).filter((key) => rule[key] !== undefined);
  if (actions.length !== 1) {
    throw fail(
      path,
      `needs exactly one of to, capture or respond (got ${actions.length === 0 ? 'none' : actions.join(' and ')})`,
    );
  }
  const at = (key: string) => [...path, key];
  if (rule.to !== undefined) {
    const targets = Array.isArray(rule.to) ? list(rule.to, at('to'), fail) : [rule.to];
    const texts = targets.map((one, index) =>
      target(one, Array.isArray(rule.to) ? [...at('to'), index] : at('to'), fail),
    );
    if (texts.some((one) => one.includes(',')))
      throw fail(at('to'), 'must list targets as a YAML list, not with commas');
    return `${match}=${texts.join(',')}`;
  }
  if (rule.capture !== undefined) {
    if (rule.capture !== true)
      throw fail(at('capture'), `must be true (leave the rule out to forward) (got ${got(rule.capture)})`);
    return `${match}=capture`;
  }
  if (typeof rule.respond === 'object' && rule.respond !== null && !Array.isArray(rule.respond)) {
    return `${match}=respond:${cannedAnswer(rule.respond as Record<string, unknown>, at('respond'), fail)}`;
  }
  const respond = typeof rule.respond === 'number' ? String(rule.respond) : rule.respond;
  const [status = '', delay, ...rest] = typeof respond === 'string' ? respond.split(':') : [];
  let valid = STATUS.test(status) && rest.length === 0;
  if (valid && delay !== undefined) {
    try {
      parseDuration(delay, '');
    } catch {
      valid = false;
    }
  }
  if (!valid)
    throw fail(
      at('respond'),
      `must be a status, optionally with a delay (500 or "200:4s"), or {status, delay, headers, body} (got ${got(rule.respond)})`,
    );
  return `${match}=respond:${respond}`;
}

/** `respond: {status, delay, headers, body}`, checked here (with its line) and handed on as JSON. */
function cannedAnswer(answer: Record<string, unknown>, path: JsonPath, fail: Fail): string {
  allowOnly(answer, ['status', 'delay', 'headers', 'body'], path, fail);
  if (!Number.isInteger(answer.status) || !STATUS.test(String(answer.status))) {
    throw fail([...path, 'status'], `must be an HTTP status from 100 to 599 (got ${got(answer.status)})`);
  }
  if (answer.delay !== undefined) {
    try {
      parseDuration(String(answer.delay), '');
    } catch {
      throw fail([...path, 'delay'], `must be a duration such as 4s (got ${got(answer.delay)})`);
    }
  }
  if (answer.body !== undefined && typeof answer.body !== 'string') {
    throw fail([...path, 'body'], `must be a string (got ${got(answer.body)})`);
  }
  if (answer.headers !== undefined) {
    const headers = mapping(answer.headers, [...path, 'headers'], fail, 'maps header names to values');
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string')
        throw fail([...path, 'headers', name], `must be a string (got ${got(value)})`);
    }
  }
  const delay = answer.delay === undefined ? undefined : String(answer.delay);
  return JSON.stringify({ ...answer, delay });
}

function checked(
  value: unknown,
  path: JsonPath,
  fail: Fail,
  check: (text: string) => unknown,
  what: string,
): string {
  const candidate = typeof value === 'number' ? String(value) : value;
  try {
    if (typeof candidate !== 'string' || candidate.trim() === '') throw new Error('not text');
    check(candidate);
  } catch {
    throw fail(path, `must be ${what} (got ${got(value)})`);
  }
  return candidate.trim();
}

export function text(
  value: unknown,
  path: JsonPath,
  fail: Fail,
  missing = 'must be a non-empty string',
): string {
  if (value === undefined) throw fail(path, missing);
  if (typeof value !== 'string' || value.trim() === '')
    throw fail(path, `must be a non-empty string (got ${got(value)})`);
  return value.trim();
}

export function mapping(
  value: unknown,
  path: JsonPath,
  fail: Fail,
  message = 'must be a mapping (key: value lines)',
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(path, `${message} (got ${got(value)})`);
  return value as Record<string, unknown>;
}

export function list(value: unknown, path: JsonPath, fail: Fail): unknown[] {
  if (!Array.isArray(value)) throw fail(path, `must be a list (got ${got(value)})`);
  return value;
}

export function allowOnly(
  value: Record<string, unknown>,
  keys: readonly string[],
  path: JsonPath,
  fail: Fail,
  what = 'is not a known key',
): void {
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const [suggestion] = closest(key, keys, 1);
    const hint = suggestion === undefined ? `known: ${keys.join(', ')}` : `did you mean ${suggestion}?`;
    throw fail([...path, key], `${what} (${hint})`, true);
  }
}

/** The offending value as the message shows it: `"abc"`, `true`, `a list`. */
export function got(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  if (value === undefined) return 'nothing';
  const shown = JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}…"` : shown;
}
