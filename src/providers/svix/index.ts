import { manifestEntry } from '../manifest.ts';
import { moveToNow, SVIX_HEADERS, standardProvider } from '../standard-webhooks/provider.ts';
import { delivery } from './delivery.ts';

// Svix's operational webhooks (https://docs.svix.com/incoming-webhooks#operational-webhooks), the
// `*Event` models of the `svix` package: `{type, data}` about endpoints, attempts and background tasks.
const OPERATIONAL =
  /^(endpoint|message\.attempt|background_task|ingest\.endpoint|ingest\.message\.attempt)\.[a-z_]+$/;

/**
 * Svix itself: its SDK's `Webhook.verify` reads `svix-*` first and falls back to `webhook-*` header by
 * header, with the `whsec_` secret kept in SVIX_WEBHOOK_SECRET. A Svix customer's own events carry the same
 * headers and user agent; only Svix's operational events are claimed here, the rest stays with
 * `standard-webhooks`.
 */
export const svix = standardProvider({
  manifest: manifestEntry('svix'),
  delivery,
  scheme: { families: ['svix', 'webhook'], signs: 'svix', secret: 'base64', entries: 'v1' },
  secretSource: 'the Svix dashboard (Operational Webhooks → your endpoint → Signing Secret)',
  headers: SVIX_HEADERS,
  claims: (_request, body) =>
    body !== null &&
    Object.keys(body).every((key) => key === 'type' || key === 'data') &&
    OPERATIONAL.test(String(body.type)),
  freshen(payload, context) {
    moveToNow(payload, context);
    return payload;
  },
});
