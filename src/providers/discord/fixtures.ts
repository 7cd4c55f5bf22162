import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { base62 } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/** Discord's epoch, the first second of 2015 (https://discord.com/developers/docs/reference#snowflakes). */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** A snowflake made now: milliseconds since Discord's epoch, shifted left 22 bits, then worker/process/increment. */
export function snowflake(context: ProviderContext): string {
  const low = BigInt(context.randomBytes(3).readUIntBE(0, 3) & 0x3fffff);
  return (((BigInt(context.now()) - DISCORD_EPOCH) << 22n) | low).toString();
}

/**
 * Event webhook timestamps are ISO 8601 without a zone, to the microsecond (`2024-10-18T14:42:53.064834`,
 * https://discord.com/developers/docs/events/webhook-events#event-body-object).
 */
function eventTimestamp(context: ProviderContext): string {
  const micros = String(context.randomBytes(2).readUInt16BE(0) % 1000).padStart(3, '0');
  return `${new Date(context.now()).toISOString().slice(0, 23)}${micros}`;
}

/**
 * A fresh copy of the template (or of `data`): an interaction gets a new id and continuation token, an event
 * webhook its time of sending, and a created entitlement or message a new id.
 */
export async function discordPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('discord', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  if (typeof payload.token === 'string') {
    const id = snowflake(context);
    payload.id = id;
    payload.token = interactionToken(id, context);
  }
  if (isJsonObject(payload.event)) {
    payload.event.timestamp = eventTimestamp(context);
    const inner = payload.event.data;
    const created = typeof payload.event.type === 'string' && /_CREATE$/.test(payload.event.type);
    if (created && isJsonObject(inner) && typeof inner.id === 'string') inner.id = snowflake(context);
  }
  return payload;
}

/**
 * Interaction tokens are base64url text that starts with `interaction:<id>:` (`aW50ZXJhY3Rpb246…`); the rest
 * is opaque to an app, so random characters of the usual length stand in for it.
 */
function interactionToken(id: string, context: ProviderContext): string {
  return Buffer.from(`interaction:${id}:${base62(context, 140)}`, 'utf8').toString('base64url');
}

// Interactions are sent by `Discord-Interactions/1.0 (+https://discord.com)`; the same agent is assumed for
// event webhooks, which Discord does not document.
const USER_AGENT = 'Discord-Interactions/1.0 (+https://discord.com)';

/** Compact JSON, as Discord sends it. */
export function discordEncode(_event: string, payload: JsonObject): UnsignedRequest {
  return {
    headers: [
      ['Content-Type', 'application/json'],
      ['User-Agent', USER_AGENT],
    ],
    body: Buffer.from(JSON.stringify(payload), 'utf8'),
  };
}
