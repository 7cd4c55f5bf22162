import type { HeaderPair } from '../../http/headers.ts';
import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { base62, uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * The API version the templates are rendered in: the one the `stripe` devDependency pins
 * (`scripts/gen-stripe-fixtures.ts` writes it into every template; a test keeps the two equal).
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

// Stripe ids are a lowercase prefix naming the object type, then base62: `pi_3Mtw…`, `cus_NffrFe…`,
// `cs_test_a1…`, `sub_sched_1…`; a client secret is an id, `_secret_` and more base62. Snake-case words
// (`requires_payment_method`) have no digit and no long mixed-case tail, so they are not ids.
const STRIPE_ID = /(?<![A-Za-z0-9])((?:[a-z][a-z0-9]*_)+)([A-Za-z0-9]+)(?![A-Za-z0-9])/g;
// Tax codes and climate products name entries of Stripe's own catalogues, not per-account objects
// (https://docs.stripe.com/tax/tax-codes, https://docs.stripe.com/api/climate/product).
const KEPT_PREFIXES = /^(txcd|climsku|climsup)_/;

function looksLikeId(prefix: string, tail: string): boolean {
  if (KEPT_PREFIXES.test(prefix) || tail.length < 3) return false;
  return /\d/.test(tail) || (tail.length >= 10 && /[A-Z]/.test(tail));
}

/** Every distinct Stripe-style id in the strings of `value`, in order of first appearance. */
export function stripeIds(value: unknown): string[] {
  const found = new Set<string>();
  visitStrings(value, (text) => {
    for (const [token, prefix = '', tail = ''] of text.matchAll(STRIPE_ID)) {
      if (looksLikeId(prefix, tail)) found.add(token);
    }
    return text;
  });
  return [...found];
}

/** A deep copy of `value` with every string passed through `map`. */
function visitStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => visitStrings(item, map));
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) copy[key] = visitStrings(item, map);
    return copy;
  }
  return value;
}

/**
 * `data` from `trigger --data FILE` as an event: used as it is when it already is one, else taken as
 * the resource the event carries (`data.object`) and wrapped the way Stripe wraps it.
 */
function asEvent(event: string, data: JsonObject): JsonObject {
  if (data.object === 'event' || isJsonObject(data.data)) return data;
  return {
    id: null,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: 0,
    data: { object: data },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: event,
  };
}

/**
 * A fresh event from a template: new `evt_` id, `created` now on the event and its object, a new
 * request id and idempotency key, and each Stripe id of the template replaced by one fresh id of the
 * same prefix everywhere it occurs, so `latest_charge`, `customer` and client secrets stay consistent.
 */
export async function stripePayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data === undefined ? await readFixture('stripe', event) : asEvent(event, data);
  if (template === null) return null;
  const fresh = new Map<string, string>();
  const payload = visitStrings(template, (text) =>
    text.replace(STRIPE_ID, (token, prefix: string, tail: string) => {
      if (!looksLikeId(prefix, tail)) return token;
      let id = fresh.get(token);
      if (id === undefined) {
        id = prefix + base62(context, Math.max(tail.length, 14));
        fresh.set(token, id);
      }
      return id;
    }),
  ) as JsonObject;
  const now = Math.floor(context.now() / 1000);
  payload.id = `evt_1${base62(context, 23)}`;
  payload.created = now;
  const object = isJsonObject(payload.data) ? payload.data.object : undefined;
  if (isJsonObject(object) && typeof object.created === 'number') object.created = now;
  payload.request = { id: `req_${base62(context, 14)}`, idempotency_key: uuid(context) };
  if (typeof payload.type !== 'string') payload.type = event;
  return payload;
}

// What Stripe's webhook sender puts on every delivery (https://docs.stripe.com/webhooks), before
// `Stripe-Signature`.
const DELIVERY_HEADERS: readonly HeaderPair[] = [
  ['Content-Type', 'application/json; charset=utf-8'],
  ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
  ['Cache-Control', 'no-cache'],
  ['Accept', '*/*; q=0.5, application/xml'],
];

/** Stripe delivers events pretty-printed with a two-space indent; these are the bytes that get signed. */
export function encodeStripe(payload: JsonObject): UnsignedRequest {
  return {
    headers: DELIVERY_HEADERS.map(([name, value]): HeaderPair => [name, value]),
    body: Buffer.from(JSON.stringify(payload, null, 2), 'utf8'),
  };
}
