import { manifestEntry } from '../manifest.ts';
import { isJsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import { fromSvix, moveToNow, SVIX_HEADERS, standardProvider } from '../standard-webhooks/provider.ts';
import { delivery } from './delivery.ts';

// Resend's event families (its `WebhookEvent` type): https://resend.com/docs/webhooks/event-types.
const RESEND_EVENT = /^(email|contact|domain|suppression|topic|inbox)\.[a-z_.]+$/;

/**
 * Resend delivers through Svix (https://resend.com/docs/webhooks/verify-webhooks-requests): `svix-*`
 * headers, which `resend.webhooks.verify` takes as `{id, timestamp, signature}`, and the `whsec_` secret
 * kept in RESEND_WEBHOOK_SECRET. Its events are `{type, created_at (ISO), data}` with no `object` field.
 */
export const resend = standardProvider({
  manifest: manifestEntry('resend'),
  delivery,
  scheme: { families: ['svix'], signs: 'svix', secret: 'base64', entries: 'v1' },
  secretSource: 'the Resend dashboard (Webhooks → your endpoint → Signing Secret)',
  headers: SVIX_HEADERS,
  claims: (request, body) =>
    fromSvix(request) &&
    body !== null &&
    !('object' in body) &&
    typeof body.created_at === 'string' &&
    isJsonObject(body.data) &&
    RESEND_EVENT.test(String(body.type)),
  freshen(payload, context) {
    moveToNow(payload, context);
    const data = payload.data;
    // A new email each time: Resend's email ids are UUIDs.
    if (
      isJsonObject(data) &&
      typeof data.email_id === 'string' &&
      String(payload.type).startsWith('email.')
    ) {
      data.email_id = uuid(context);
    }
    return payload;
  },
});
