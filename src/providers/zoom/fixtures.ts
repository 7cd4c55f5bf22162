import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { randomChars, uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A fresh copy of the template (or of `data`): `event_ts` is now, in milliseconds (the moment the event
 * happened, https://developers.zoom.us/docs/api/webhooks/#delivery-latency), every time in the payload
 * moves with it (a meeting that ended at event_ts still ends at event_ts), and an endpoint check gets a
 * new 22-character plainToken like the one in Zoom's docs.
 */
export async function zoomPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('zoom', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  const was = Number(payload.event_ts);
  if ('event_ts' in payload)
    payload.event_ts = typeof payload.event_ts === 'string' ? String(context.now()) : context.now();
  if (Number.isFinite(was) && was > 0) shiftTimes(payload, was, context.now());
  if (payload.event === 'endpoint.url_validation' && isJsonObject(payload.payload))
    payload.payload.plainToken = randomChars(context, BASE64URL, 22);
  return payload;
}

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Moves ISO times by the same amount as event_ts, and millisecond stamps equal to it to now. */
function shiftTimes(value: JsonObject | unknown[], was: number, now: number): void {
  const delta = Math.round((now - was) / 1000) * 1000;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? [...value.entries()]
    : Object.entries(value);
  for (const [key, item] of entries) {
    let next = item;
    if (typeof item === 'string' && ISO_SECONDS.test(item))
      next = new Date(Date.parse(item) + delta).toISOString().replace(/\.\d{3}Z$/, 'Z');
    else if (item === was) next = now;
    else if (typeof item === 'object' && item !== null) shiftTimes(item as JsonObject, was, now);
    if (next !== item) (value as Record<string | number, unknown>)[key] = next;
  }
}

/**
 * The bytes Zoom sends: compact JSON, as in the signed message of Zoom's docs, with the headers of its
 * example request (https://developers.zoom.us/docs/api/webhooks/#webhook-structure).
 */
export function zoomEncode(payload: JsonObject, context: ProviderContext): UnsignedRequest {
  return {
    headers: [
      ['Content-Type', 'application/json; charset=utf-8'],
      ['User-Agent', 'Zoom Marketplace/1.0a'],
      ['x-zm-request-id', uuid(context).replaceAll('-', '_')],
    ],
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  };
}
