import { hasHeader, parseJsonObject, stringField } from './headers.ts';
import type { Provider } from './types.ts';

// Svix predates the spec and sends the same scheme under `svix-*` names
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
// `type` is the spec's recommended payload field for the event name.
export const standardWebhooks: Provider = {
  name: 'standard-webhooks',
  title: 'Standard Webhooks',
  detect({ headers, body }) {
    const signed =
      (hasHeader(headers, 'webhook-id') && hasHeader(headers, 'webhook-signature')) ||
      (hasHeader(headers, 'svix-id') && hasHeader(headers, 'svix-signature'));
    if (!signed) return null;
    return { provider: 'standard-webhooks', event: stringField(parseJsonObject(body), 'type') };
  },
};
