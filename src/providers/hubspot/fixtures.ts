import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * HubSpot posts a JSON array of up to 100 events (https://developers.hubspot.com/docs/api/webhooks,
 * "Webhook payloads"). A template is one event object, which `--set` and `--data` edit; `encode` sends it
 * as a batch of one.
 */
export async function hubspotPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('hubspot', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  if (data === undefined) {
    // eventId is a positive integer unique to the event; occurredAt is Unix milliseconds.
    payload.eventId = 1_000_000_000 + (context.randomBytes(4).readUInt32BE(0) % 3_000_000_000);
    payload.occurredAt = context.now() - 1_200;
  }
  return payload;
}

export function encodeHubspot(_event: string, payload: JsonObject): UnsignedRequest {
  return {
    headers: [
      ['Content-Type', 'application/json'],
      ['User-Agent', 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor'],
    ],
    body: Buffer.from(JSON.stringify([payload]), 'utf8'),
  };
}

/** The first event of a HubSpot batch, for detection and the delivery id; null if the body is not one. */
export function firstEvent(body: Buffer): JsonObject | null {
  if (body.length >= 1024 * 1024 || body[0] !== 0x5b) return null;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    const first: unknown = Array.isArray(value) ? value[0] : undefined;
    return isJsonObject(first) ? first : null;
  } catch {
    return null;
  }
}
