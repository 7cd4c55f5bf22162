import { manifestEntry } from '../manifest.ts';
import { isJsonObject } from '../parse.ts';
import { base62, uuid } from '../random.ts';
import { delivery } from './delivery.ts';
import { moveToNow, standardProvider } from './provider.ts';

export { standardSignature } from './scheme.ts';

/**
 * Any Standard Webhooks sender hookctl has no provider for: the spec's `webhook-*` headers (or Svix's
 * `svix-*` names), the `whsec_` base64 secret as the reference `standardwebhooks` library reads it. Last
 * in detection order: a delivery the named senders (svix, resend, clerk, openai) do not claim lands here.
 */
export const standardWebhooks = standardProvider({
  manifest: manifestEntry('standard-webhooks'),
  delivery,
  scheme: { families: ['webhook', 'svix'], signs: 'webhook', secret: 'base64', entries: 'v1' },
  secretSource: "the sender's dashboard",
  headers: [['Content-Type', 'application/json']],
  claims: () => true,
  freshen(payload, context) {
    moveToNow(payload, context);
    const data = payload.data;
    if (isJsonObject(data)) {
      const prefix =
        typeof data.id === 'string' ? /^([a-z]+)_[A-Za-z0-9]{20,}$/.exec(data.id)?.[1] : undefined;
      // Only a `*.created` event brings a new resource; updates and deletions refer to an existing one.
      if (prefix !== undefined && typeof payload.type === 'string' && payload.type.endsWith('.created')) {
        data.id = `${prefix}_${base62(context, 27)}`;
      }
      if (typeof data.email_id === 'string') data.email_id = uuid(context);
    }
    return payload;
  },
});
