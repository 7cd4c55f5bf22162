import { manifestEntry } from '../manifest.ts';
import { isJsonObject } from '../parse.ts';
import { base62 } from '../random.ts';
import { moveToNow, SVIX_HEADERS, standardProvider } from '../standard-webhooks/provider.ts';
import { delivery } from './delivery.ts';

/**
 * Clerk delivers through Svix (https://clerk.com/docs/webhooks/overview): `svix-*` headers only, since
 * `@clerk/backend`'s `verifyWebhook` reads nothing else, and the `whsec_` secret kept in
 * CLERK_WEBHOOK_SIGNING_SECRET. Its events are `{data, object: "event", type, timestamp (ms),
 * instance_id: "ins_…", event_attributes}`: the `instance_id` is what tells them apart on arrival.
 */
export const clerk = standardProvider({
  manifest: manifestEntry('clerk'),
  delivery,
  scheme: { families: ['svix'], signs: 'svix', secret: 'base64', entries: 'v1' },
  secretSource: 'the Clerk Dashboard (Webhooks → your endpoint → Signing Secret)',
  headers: SVIX_HEADERS,
  claims: (_request, body) =>
    body?.object === 'event' && typeof body.instance_id === 'string' && body.instance_id.startsWith('ins_'),
  freshen(payload, context) {
    moveToNow(payload, context);
    const data = payload.data;
    // Only a `*.created` event brings a new resource; updates and deletions refer to an existing one.
    if (isJsonObject(data) && typeof data.id === 'string' && String(payload.type).endsWith('.created')) {
      const prefix = /^([a-z]+)_[A-Za-z0-9]{20,}$/.exec(data.id)?.[1];
      if (prefix !== undefined) data.id = `${prefix}_${base62(context, 27)}`;
    }
    return payload;
  },
});
