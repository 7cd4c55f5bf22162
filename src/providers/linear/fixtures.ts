import { readFixture } from '../catalog.ts';
import type { JsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * The event's template (or `data`, from `trigger --data`) sent now: `webhookTimestamp` (Unix ms) and
 * `createdAt` are set to now, because Linear signs the timestamp inside the body and its SDK refuses one
 * more than a minute away (https://linear.app/developers/webhooks#securing-webhooks). `--set
 * webhookTimestamp=…` afterwards still sends an old one on purpose.
 */
export async function linearPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('linear', event));
  if (template === null) return null;
  const copy = structuredClone(template);
  const now = context.now();
  if ('createdAt' in copy) copy.createdAt = new Date(now).toISOString();
  copy.webhookTimestamp = now;
  return copy;
}

/** Linear's user agent (https://linear.app/developers/webhooks): what its deliveries call themselves. */
export const LINEAR_USER_AGENT = 'Linear-Webhook';

/**
 * As Linear posts a webhook: compact JSON, `Linear-Delivery` (a UUID for this delivery), `Linear-Event`
 * (the entity type, the body's `type`) and its user agent; `sign` adds `Linear-Signature`.
 */
export function encodeLinear(event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest {
  const type = typeof payload.type === 'string' ? payload.type : (event.split('.')[0] ?? event);
  return {
    headers: [
      ['Content-Type', 'application/json; charset=utf-8'],
      ['User-Agent', LINEAR_USER_AGENT],
      ['Linear-Delivery', uuid(context)],
      ['Linear-Event', type],
    ],
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  };
}
