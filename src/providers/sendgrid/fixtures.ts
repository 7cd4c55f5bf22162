import { readFixture } from '../catalog.ts';
import type { JsonObject } from '../parse.ts';
import { BASE62, randomChars } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';
import { sendgridLayout } from './events.ts';

/** The SendGrid account of every fixture: its user id appears inside delivery events' `sg_event_id`. */
export const ACCOUNT_ID = '31207445';

const BASE64URL = `${BASE62}-_`;

/**
 * Delivery events name themselves in `sg_event_id`: base64url of `<kind>-<account>-<message id>-0`
 * (`processed-…`, `drop-…`) or `<kind>-0-<account>-…` (`delivered`, `bounce`), as in @sendgrid/eventwebhook's
 * recorded requests; `deferred` is assumed to follow `delivered`. Engagement events carry 22 random base64url
 * characters (a base64url UUID, https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/troubleshooting).
 */
const DELIVERY_IDS: Record<string, string> = {
  processed: 'processed-',
  dropped: 'drop-',
  delivered: 'delivered-0-',
  deferred: 'deferred-0-',
  bounce: 'bounce-0-',
};

/**
 * A fresh copy of the template (or of `data`): one event, sent now, about a new message. `trigger` sends it
 * as a batch of one; the message id appears in `smtp-id` and `sg_message_id`, whose hex part is the time
 * SendGrid received the message.
 */
export async function sendgridPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('sendgrid', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  const now = Math.floor(context.now() / 1000);
  const kind = typeof payload.event === 'string' ? payload.event : event;
  const messageId = randomChars(context, BASE64URL, 22);
  payload.timestamp = now;
  if (typeof payload['smtp-id'] === 'string') {
    payload['smtp-id'] = payload['smtp-id'].replace(/^<[^@]*@/, `<${messageId}@`);
  }
  if (typeof payload.sg_message_id === 'string') {
    const sent = (now - 2).toString(16).toUpperCase();
    payload.sg_message_id = payload.sg_message_id
      .replace(/^[^.]*\./, `${messageId}.`)
      .replace(/-[0-9A-F]{8}-/, `-${sent}-`);
  }
  const prefix = DELIVERY_IDS[kind];
  payload.sg_event_id =
    prefix === undefined
      ? randomChars(context, BASE64URL, 22)
      : Buffer.from(`${prefix}${ACCOUNT_ID}-${messageId}-0`, 'utf8').toString('base64url');
  return payload;
}

/** A batch of one event, laid out as SendGrid sends it, with its delivery headers. */
export function sendgridEncode(_event: string, payload: JsonObject): UnsignedRequest {
  return {
    headers: [
      // As recorded from SendGrid (sendgrid/sendgrid-nodejs#1193).
      ['Content-Type', 'application/json;charset=utf-8'],
      ['User-Agent', 'SendGrid Event API'],
    ],
    body: Buffer.from(sendgridLayout([payload]), 'utf8'),
  };
}
