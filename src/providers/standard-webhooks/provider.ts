import { type HeaderPair, hasHeader, headerValue } from '../../http/headers.ts';
import { listFixtures, readFixture } from '../catalog.ts';
import type { DeliveryPolicy } from '../delivery.ts';
import type { ProviderManifestEntry } from '../manifest.ts';
import { isJsonObject, type JsonObject, parseJsonObject, stringField } from '../parse.ts';
import type { Detection, InboundRequest, Provider, ProviderContext } from '../types.ts';
import { type SenderWords, verifyStandard } from './explain.ts';
import { type Family, messageId, type SenderScheme, signStandard, TOLERANCE_SECONDS } from './scheme.ts';

/** One Standard Webhooks sender: its manifest entry and policy, how its SDK reads the scheme, its catalogue. */
export interface Sender {
  readonly manifest: ProviderManifestEntry;
  readonly delivery: DeliveryPolicy;
  readonly scheme: SenderScheme;
  readonly secretSource: string;
  /** The delivery headers besides the signature (content type, user agent). */
  readonly headers: readonly HeaderPair[];
  /**
   * Whether a signed request carrying this sender's headers is its delivery: the sender's own marks
   * (user agent, body shape, event names of its catalogue). See the README's detection rule.
   */
  readonly claims: (request: InboundRequest, body: JsonObject | null) => boolean;
  /** The delivery id `trigger` puts in the id header; default Svix's `msg_…`. */
  readonly deliveryId?: (context: ProviderContext) => string;
  /** A fresh copy of a template: new ids, times moved to now. */
  readonly freshen: (payload: JsonObject, context: ProviderContext) => JsonObject;
}

/** The families a request is signed in: those whose id and signature headers are both there. */
export function signedFamilies(headers: readonly HeaderPair[]): Family[] {
  return (['svix', 'webhook'] as const).filter(
    (family) => hasHeader(headers, `${family}-id`) && hasHeader(headers, `${family}-signature`),
  );
}

export function standardProvider(sender: Sender): Provider {
  const { manifest, scheme } = sender;
  const words: SenderWords = { ...manifest, secretSource: sender.secretSource };
  return {
    ...manifest,
    delivery: sender.delivery,
    toleranceSeconds: TOLERANCE_SECONDS,
    detect(request): Detection | null {
      const families = signedFamilies(request.headers);
      if (!families.some((family) => scheme.families.includes(family))) return null;
      const body = parseJsonObject(request.body);
      if (!sender.claims(request, body)) return null;
      return { provider: manifest.name, event: stringField(body, 'type') };
    },
    signatureList: ' ',
    sign: (request, secret, context) => signStandard(scheme, request, secret, context),
    verify: (request, secret, nowMs) => verifyStandard(scheme, words, request, secret, nowMs),
    fixtures: () => listFixtures(manifest.name),
    async payload(event, context, data) {
      const template = data ?? (await readFixture(manifest.name, event));
      return template === null ? null : sender.freshen(structuredClone(template), context);
    },
    encode(_event, payload, context) {
      return {
        headers: [...sender.headers, [`${scheme.signs}-id`, (sender.deliveryId ?? messageId)(context)]],
        body: Buffer.from(JSON.stringify(payload), 'utf8'),
      };
    },
  };
}

/**
 * Moves every timestamp of a payload by `deltaMs`, so the event happens now and the intervals between
 * its times stay (a session still expires 7 days after it started): ISO strings, milliseconds, and unix
 * seconds under keys that name a time (`created_at`, `timestamp`, `failSince`).
 */
export function shiftTimes(value: unknown, deltaMs: number): void {
  if (Array.isArray(value)) for (const item of value) shiftTimes(item, deltaMs);
  if (!isJsonObject(value)) return;
  for (const [key, field] of Object.entries(value)) {
    if (!/(_at|At|Since|^timestamp)$/.test(key)) shiftTimes(field, deltaMs);
    else if (typeof field === 'number' && field > 1e12) value[key] = field + deltaMs;
    else if (typeof field === 'number' && field > 1e9)
      value[key] = Math.floor((field * 1000 + deltaMs) / 1000);
    else if (typeof field === 'string' && /^\d{4}-\d\d-\d\dT/.test(field))
      value[key] = shiftIso(field, deltaMs);
  }
}

/** Keeps the two ISO layouts senders use: `…:12.126Z` and Postgres-style `…:11.894719+00:00`. */
function shiftIso(value: string, deltaMs: number): string {
  const iso = new Date(Date.parse(value) + deltaMs).toISOString();
  if (/\.\d{6}\+00:00$/.test(value)) return iso.replace(/\.(\d{3})Z$/, `.$1${value.slice(-9, -6)}+00:00`);
  if (/:\d\dZ$/.test(value)) return iso.replace(/\.\d{3}Z$/, 'Z');
  return iso;
}

/** The anchor's time in ms, whatever its layout (ms, unix seconds, ISO), or null. */
export function timeOf(value: unknown): number | null {
  if (typeof value === 'number') return value > 1e12 ? value : value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return null;
}

/**
 * Moves the payload's times so the event happens now: anchored on its top-level `timestamp` or
 * `created_at`, else on the first time found inside (Svix's operational events carry none on top).
 */
export function moveToNow(payload: JsonObject, context: ProviderContext): void {
  const anchor = timeOf(payload.timestamp) ?? timeOf(payload.created_at) ?? firstTime(payload.data);
  if (anchor !== null) shiftTimes(payload, context.now() - anchor);
}

function firstTime(value: unknown): number | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstTime(item);
      if (found !== null) return found;
    }
  }
  if (!isJsonObject(value)) return null;
  for (const [key, field] of Object.entries(value)) {
    const found = /(_at|At|Since|^timestamp)$/.test(key) ? timeOf(field) : firstTime(field);
    if (found !== null) return found;
  }
  return null;
}

/** The user agent Svix's senders deliver with (https://docs.svix.com/receiving/source-ips). */
export const SVIX_USER_AGENT = 'Svix-Webhooks/1.62.0 (sender-hkctl; +https://www.svix.com/http-sender/)';

/** What Svix's senders send besides the signature. */
export const SVIX_HEADERS: readonly HeaderPair[] = [
  ['Content-Type', 'application/json'],
  ['User-Agent', SVIX_USER_AGENT],
];

/** Whether the request came from Svix's sender (Svix itself, Clerk, Resend). */
export function fromSvix(request: InboundRequest): boolean {
  return /^Svix-Webhooks\//.test(headerValue(request.headers, 'user-agent') ?? '');
}
