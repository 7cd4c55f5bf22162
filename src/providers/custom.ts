import { type HeaderPair, headerValue, setHeaders } from '../http/headers.ts';
import { usageError } from '../lib/errors.ts';
import { parseDuration } from '../lib/units.ts';
import type { DeliveryPolicy } from './delivery.ts';
import { isJsonObject, type JsonObject, parseJsonObject } from './parse.ts';
import { uuid } from './random.ts';
import { type HmacScheme, signWithScheme, verifyWithScheme } from './template.ts';
import type { FixtureInfo, Provider } from './types.ts';

/**
 * A provider hookctl does not ship, described as data in one small file (JSON or YAML): its name, where
 * its secret lives, its HMAC template (`template.ts`), how to read the event name and delivery id, and
 * optionally event templates and a delivery policy. The README has a worked example; `custom-files.ts`
 * finds the files. Everything is checked here, so a bad file is one line naming the file and the field.
 */
export interface CustomProviderFile {
  name: string;
  title?: string;
  secretEnv?: string;
  devSecret?: string;
  signature: HmacScheme;
  /** Where the event name is: a header, or a dotted path into a JSON body. */
  event?: { header: string } | { field: string };
  /** The delivery id header: `trigger` sends a fresh UUID in it; it stays the same across retries. */
  id?: { header: string };
  /** Headers sent with every `trigger` (default `Content-Type: application/json`). */
  headers?: Record<string, string>;
  /** JSON layout of `trigger` bodies: `compact` (the default) or `pretty` (two-space indent). */
  body?: 'compact' | 'pretty';
  events?: Record<string, { description?: string; payload: JsonObject }>;
  delivery?: { deadline?: string; retries?: string[] };
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;
const ALGORITHMS = ['sha256', 'sha1', 'sha512'] as const;
const ENCODINGS = ['hex', 'base64'] as const;
const KEY_ENCODINGS = ['utf8', 'base64', 'hex'] as const;
const PLACEHOLDERS = /\{(body|timestamp|url|method|id)\}/g;

type Check = (condition: boolean, path: string, problem: string) => asserts condition;

/** The provider a file describes; exit 2 naming the file and field for anything wrong in it. */
export function customProvider(value: unknown, source: string): Provider {
  const check: Check = (condition, path, problem) => {
    if (!condition) throw usageError(`${source}: ${path} ${problem}`, 'EPROVIDERFILE');
  };
  check(isJsonObject(value), '$', 'must be an object with name and signature');
  const file = value as unknown as CustomProviderFile;
  const text = (path: string, field: unknown, optional = false): field is string => {
    if (field === undefined && optional) return false;
    check(typeof field === 'string' && field !== '', path, 'must be a non-empty string');
    return true;
  };
  text('$.name', file.name);
  check(NAME.test(file.name), '$.name', `"${file.name}" must be lowercase letters, digits and dashes`);
  text('$.title', file.title, true);
  if (text('$.secretEnv', file.secretEnv, true)) {
    check(/^[A-Z][A-Z0-9_]*$/.test(file.secretEnv), '$.secretEnv', 'must be an environment variable name');
  }
  text('$.devSecret', file.devSecret, true);
  const scheme = checkScheme(file.signature, check, text);
  if (file.event !== undefined) {
    check(isJsonObject(file.event), '$.event', 'must be {"header": …} or {"field": …}');
    if ('header' in file.event) text('$.event.header', file.event.header);
    else text('$.event.field', (file.event as { field?: unknown }).field);
  }
  if (file.id !== undefined) text('$.id.header', isJsonObject(file.id) ? file.id.header : undefined);
  if (file.headers !== undefined) {
    check(isJsonObject(file.headers), '$.headers', 'must map header names to values');
    for (const [name, header] of Object.entries(file.headers)) text(`$.headers.${name}`, header);
  }
  check(
    file.body === undefined || file.body === 'compact' || file.body === 'pretty',
    '$.body',
    'must be "compact" or "pretty"',
  );
  const events = file.events ?? {};
  check(isJsonObject(events), '$.events', 'must map event names to {description, payload}');
  for (const [event, entry] of Object.entries(events)) {
    check(
      isJsonObject(entry) && isJsonObject(entry.payload),
      `$.events.${event}.payload`,
      'must be an object',
    );
    text(`$.events.${event}.description`, entry.description, true);
  }
  const title = file.title ?? file.name;
  return build(file, scheme, title, events, delivery(file, title, check, source));
}

function checkScheme(
  value: unknown,
  check: Check,
  text: (path: string, field: unknown, optional?: boolean) => boolean,
): HmacScheme {
  check(isJsonObject(value), '$.signature', 'must be an object (header, algorithm, signed, encoding)');
  const scheme = value as unknown as HmacScheme;
  text('$.signature.header', scheme.header);
  check(ALGORITHMS.includes(scheme.algorithm), '$.signature.algorithm', `must be ${ALGORITHMS.join(', ')}`);
  check(ENCODINGS.includes(scheme.encoding), '$.signature.encoding', 'must be hex or base64');
  text('$.signature.signed', scheme.signed);
  check(scheme.signed.includes('{body}'), '$.signature.signed', 'must include {body}');
  const unknown = scheme.signed.replace(PLACEHOLDERS, '').match(/\{[a-z_]+\}/);
  check(unknown === null, '$.signature.signed', `has an unknown placeholder ${unknown?.[0]}`);
  const format = scheme.format ?? '{signature}';
  text('$.signature.format', format);
  check(format.includes('{signature}'), '$.signature.format', 'must include {signature}');
  const timed = scheme.timestamp;
  const usesTimestamp = scheme.signed.includes('{timestamp}') || format.includes('{timestamp}');
  check(!usesTimestamp || timed !== undefined, '$.signature.timestamp', 'is needed: {timestamp} is used');
  if (timed !== undefined) {
    check(isJsonObject(timed), '$.signature.timestamp', 'must be an object (unit, toleranceSeconds)');
    check(timed.unit === 's' || timed.unit === 'ms', '$.signature.timestamp.unit', 'must be s or ms');
    const tolerance = timed.toleranceSeconds;
    check(
      tolerance === null || (typeof tolerance === 'number' && tolerance > 0),
      '$.signature.timestamp.toleranceSeconds',
      'must be a number of seconds, or null when nothing checks it',
    );
    check(
      format.includes('{timestamp}') || timed.header !== undefined,
      '$.signature.timestamp.header',
      'is needed when the signature header does not carry {timestamp}',
    );
  }
  if (scheme.signed.includes('{id}')) text('$.signature.id.header', scheme.id?.header);
  if (scheme.key !== undefined) {
    check(
      KEY_ENCODINGS.includes(scheme.key.encoding),
      '$.signature.key.encoding',
      'must be utf8, base64 or hex',
    );
  }
  return scheme;
}

function delivery(file: CustomProviderFile, title: string, check: Check, source: string): DeliveryPolicy {
  const spec = file.delivery ?? {};
  check(isJsonObject(spec), '$.delivery', 'must be an object (deadline, retries)');
  const duration = (path: string, value: unknown): number => {
    check(typeof value === 'string', path, 'must be a duration such as 10s or 5m');
    try {
      return parseDuration(value, path);
    } catch {
      throw usageError(
        `${source}: ${path} "${value}" is not a duration such as 10s, 5m or 2h`,
        'EPROVIDERFILE',
      );
    }
  };
  const retries = spec.retries ?? [];
  check(Array.isArray(retries), '$.delivery.retries', 'must be a list of durations');
  const idHeader = file.id?.header;
  return {
    provider: file.name,
    title,
    deadlineMs: duration('$.delivery.deadline', spec.deadline ?? '10s'),
    retryDelaysMs: retries.map((retry, index) => duration(`$.delivery.retries.${index}`, retry)),
    approximate: false,
    retryHeaders: () => [],
    onFailure: () => `${title} would ${retries.length > 0 ? 'retry' : 'not retry'} (from its provider file)`,
    eventId: (request) => (idHeader === undefined ? null : headerValue(request.headers, idHeader)),
  };
}

function build(
  file: CustomProviderFile,
  scheme: HmacScheme,
  title: string,
  events: Record<string, { description?: string; payload: JsonObject }>,
  policy: DeliveryPolicy,
): Provider {
  const secretEnv = file.secretEnv ?? `${file.name.toUpperCase().replaceAll('-', '_')}_WEBHOOK_SECRET`;
  const words = { title, secretHint: `${title}'s signing secret ($${secretEnv} or --secret)` };
  const eventOf = (headers: readonly HeaderPair[], body: Buffer): string | null => {
    if (file.event === undefined) return null;
    if ('header' in file.event) return headerValue(headers, file.event.header);
    let value: unknown = parseJsonObject(body);
    for (const key of file.event.field.split('.')) value = isJsonObject(value) ? value[key] : undefined;
    return typeof value === 'string' ? value : null;
  };
  return {
    name: file.name,
    title,
    secretEnv,
    devSecret: file.devSecret ?? `${file.name}-development-secret`,
    help: `${describe(policy)} (from its provider file)`,
    delivery: policy,
    toleranceSeconds: scheme.timestamp?.toleranceSeconds ?? null,
    detect: ({ headers, body }) =>
      headerValue(headers, scheme.header) === null
        ? null
        : { provider: file.name, event: eventOf(headers, body) },
    sign: (request, secret, context) => signWithScheme(scheme, request, secret, context),
    verify: (request, secret, nowMs) => verifyWithScheme(scheme, request, secret, nowMs, words),
    fixtures: async (): Promise<FixtureInfo[]> =>
      Object.entries(events).map(([event, entry]) => ({
        event,
        description: entry.description ?? `${title} ${event} (from its provider file)`,
      })),
    payload: async (event, _context, data) => {
      if (data !== undefined) return structuredClone(data);
      const entry = events[event];
      return entry === undefined ? null : structuredClone(entry.payload);
    },
    encode: (event, payload, context) => {
      const headers: HeaderPair[] = Object.entries(file.headers ?? { 'Content-Type': 'application/json' });
      const extra: HeaderPair[] = [];
      if (file.event !== undefined && 'header' in file.event) extra.push([file.event.header, event]);
      if (file.id !== undefined) extra.push([file.id.header, uuid(context)]);
      const text = file.body === 'pretty' ? JSON.stringify(payload, null, 2) : JSON.stringify(payload);
      return { headers: setHeaders(headers, extra), body: Buffer.from(text, 'utf8') };
    },
  };
}

function describe(policy: DeliveryPolicy): string {
  const seconds = `${policy.deadlineMs / 1000} s`;
  if (policy.retryDelaysMs.length === 0) return `${seconds}; no retries`;
  return `${seconds}; ${policy.retryDelaysMs.length} retries`;
}
