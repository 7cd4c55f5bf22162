import { readFixture } from '../catalog.ts';
import type { JsonObject } from '../parse.ts';
import { randomChars } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * Paddle's ids are a prefix and 26 lowercase characters, a ULID in Crockford's base32 (`evt_01hv8wt8nff…`,
 * https://developer.paddle.com/api-reference/about/paddle-ids): the leading `01` is the time part of ids
 * minted this decade.
 */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
export const paddleId = (prefix: string, context: ProviderContext) =>
  `${prefix}_01${randomChars(context, CROCKFORD, 24)}`;

/**
 * The event's template (or `data`, from `trigger --data`) with a fresh event and notification id and
 * `occurred_at` now; the entity in `data` keeps the catalogue's ids, so the fixtures describe one seller.
 */
export async function paddlePayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('paddle', event));
  if (template === null) return null;
  const copy = structuredClone(template);
  if (data === undefined) {
    copy.event_id = paddleId('evt', context);
    copy.occurred_at = new Date(context.now()).toISOString();
    copy.notification_id = paddleId('ntf', context);
  }
  return copy;
}

/**
 * As Paddle posts a notification: compact JSON, `Content-Type: application/json`, the signature added by
 * `sign` (https://developer.paddle.com/webhooks/about/respond-to-webhooks).
 */
export function encodePaddle(_event: string, payload: JsonObject): UnsignedRequest {
  return {
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  };
}
