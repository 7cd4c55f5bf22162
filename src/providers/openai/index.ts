import { headerValue } from '../../http/headers.ts';
import { manifestEntry } from '../manifest.ts';
import { randomChars } from '../random.ts';
import { moveToNow, standardProvider } from '../standard-webhooks/provider.ts';
import { delivery } from './delivery.ts';

// OpenAI's event families (`UnwrapWebhookEvent` in openai 6): https://platform.openai.com/docs/api-reference/webhook-events.
const OPENAI_EVENT = /^(response|batch|fine_tuning\.job|eval\.run|realtime\.call)\.[a-z_]+$/;
const HEX = '0123456789abcdef';
const USER_AGENT = 'OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)';

/**
 * OpenAI (https://platform.openai.com/docs/guides/webhooks): `webhook-*` headers only, and a secret that
 * openai-node's `webhooks.unwrap` base64-decodes only when it starts with `whsec_` (any other string is
 * used as its UTF-8 bytes). Events are `{id: "evt_…", object: "event", created_at (unix s), type, data}`.
 */
export const openai = standardProvider({
  manifest: manifestEntry('openai'),
  delivery,
  scheme: { families: ['webhook'], signs: 'webhook', secret: 'openai', entries: 'openai' },
  secretSource: 'the OpenAI dashboard (Settings → Project → Webhooks)',
  headers: [
    ['Content-Type', 'application/json'],
    ['User-Agent', USER_AGENT],
  ],
  // Delivery ids as in OpenAI's example request: `webhook-id: wh_` and 32 hex digits.
  deliveryId: (context) => `wh_${randomChars(context, HEX, 32)}`,
  claims: (request, body) =>
    /^OpenAI\//.test(headerValue(request.headers, 'user-agent') ?? '') ||
    (body !== null &&
      typeof body.id === 'string' &&
      body.id.startsWith('evt_') &&
      typeof body.created_at === 'number' &&
      OPENAI_EVENT.test(String(body.type))),
  freshen(payload, context) {
    moveToNow(payload, context);
    // Every event has its own id: `evt_` and 32 hex digits.
    payload.id = `evt_${randomChars(context, HEX, 32)}`;
    return payload;
  },
});
