import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { randomChars, uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/** The one development shop every fixture belongs to; its timestamps carry the shop's UTC offset. */
export const SHOP_DOMAIN = 'hookctl-dev.myshopify.com';
export const SHOP_OFFSET = '-05:00';
/** The Admin API version the payloads are serialized in (the newest `@shopify/shopify-api` 13.1 knows). */
export const API_VERSION = '2026-07';

/**
 * A fresh copy of the template (or of `data`): every timestamp moved by the same amount so the newest
 * one is now (intervals between them stay), and, for a `*\/create` topic, a new resource id. Other topics
 * refer to a resource that already exists, so its id stays.
 */
export async function shopifyPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('shopify', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  const newest = latestTime(payload);
  if (newest !== null) shiftTimes(payload, context.now() - newest);
  if (event.endsWith('/create') && typeof payload.id === 'number') {
    const id = Number(`1${randomChars(context, '0123456789', 12)}`);
    const gid = payload.admin_graphql_api_id;
    payload.id = id;
    if (typeof gid === 'string') payload.admin_graphql_api_id = gid.replace(/\d+$/, String(id));
  }
  return payload;
}

// Shopify's REST-shaped timestamps: `2026-12-01T07:00:00-05:00`, sometimes with milliseconds, and the
// `2026-12-01 07:00:00 -0500` a product feed's full sync is stamped with.
const SHOP_TIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d{3})?([-+]\d\d:\d\d|Z)| \d\d:\d\d:\d\d [-+]\d{4})$/;

function latestTime(value: unknown, found: number | null = null): number | null {
  if (typeof value === 'string' && SHOP_TIME.test(value)) return Math.max(found ?? 0, Date.parse(value));
  if (Array.isArray(value)) return value.reduce<number | null>((at, item) => latestTime(item, at), found);
  if (isJsonObject(value))
    return Object.values(value).reduce<number | null>((at, item) => latestTime(item, at), found);
  return found;
}

function shiftTimes(value: unknown, deltaMs: number): void {
  const items = Array.isArray(value) ? value.entries() : isJsonObject(value) ? Object.entries(value) : [];
  for (const [key, field] of items) {
    if (typeof field === 'string' && SHOP_TIME.test(field)) {
      (value as Record<string | number, unknown>)[key] = shopTime(Date.parse(field) + deltaMs, field);
    } else shiftTimes(field, deltaMs);
  }
}

/**
 * `ms` in the layout of `like`: the shop's local time with its offset, or UTC with `Z` (carts), with or
 * without milliseconds.
 */
export function shopTime(ms: number, like = ''): string {
  const withMs = /\.\d{3}(Z|[-+])/.test(like);
  const utc = like.endsWith('Z');
  const text = new Date(utc ? ms : ms - 5 * 3_600_000).toISOString();
  if (/ [-+]\d{4}$/.test(like))
    return `${text.slice(0, 10)} ${text.slice(11, 19)} ${SHOP_OFFSET.replace(':', '')}`;
  return `${withMs ? text.slice(0, 23) : text.slice(0, 19)}${utc ? 'Z' : SHOP_OFFSET}`;
}

/**
 * The request Shopify sends (https://shopify.dev/docs/apps/build/webhooks/delivery-structure#headers):
 * compact JSON and every header `@shopify/shopify-api` requires or reads. `X-Shopify-Webhook-Id` is one
 * delivery (kept by retries), `X-Shopify-Event-Id` the event behind it (shared by every subscription).
 */
export function shopifyEncode(event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest {
  return {
    headers: [
      ['Content-Type', 'application/json'],
      ['User-Agent', 'Shopify-Captain-Hook'],
      ['X-Shopify-Topic', event],
      ['X-Shopify-Shop-Domain', SHOP_DOMAIN],
      ['X-Shopify-API-Version', API_VERSION],
      ['X-Shopify-Webhook-Id', uuid(context)],
      ['X-Shopify-Triggered-At', new Date(context.now()).toISOString()],
      ['X-Shopify-Event-Id', uuid(context)],
    ],
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  };
}
