import type { HeaderPair } from '../../http/headers.ts';
import { readFixture } from '../catalog.ts';
import type { JsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * The Square API version the templates follow: the one the `square` devDependency (46.0.0) calls, which
 * `scripts/gen-square-fixtures.ts` generates from. A subscription names its API version, and Square sends
 * it as `Square-Version`.
 */
export const SQUARE_API_VERSION = '2026-09-16';

/**
 * A fresh copy of the event's template (or `data`): a new `event_id` (a UUID, Square's idempotency key)
 * and `created_at` now, in RFC 3339 as Square writes it. The resource inside keeps its own timestamps,
 * which come before the event.
 */
export async function squarePayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('square', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  if (data === undefined) {
    payload.event_id = uuid(context);
    payload.created_at = new Date(context.now()).toISOString();
  }
  return payload;
}

/**
 * As Square delivers it (https://developer.squareup.com/docs/webhooks/step3validate, and the delivery
 * headers of https://developer.squareup.com/docs/webhooks-api/delivery-sla): a POST of compact JSON with
 * the subscription's API version, the environment, and the time of the first attempt, which retries keep.
 */
export function encodeSquare(_event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest {
  const headers: HeaderPair[] = [
    ['Content-Type', 'application/json'],
    ['User-Agent', 'Square Connect v2'],
    ['Square-Version', SQUARE_API_VERSION],
    ['Square-Environment', 'Sandbox'],
    ['Square-Initial-Delivery-Timestamp', new Date(context.now()).toISOString()],
  ];
  return { headers, body: Buffer.from(JSON.stringify(payload), 'utf8') };
}
