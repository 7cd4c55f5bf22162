import { hasHeader, parseJsonObject, stringField } from './headers.ts';
import type { Provider } from './types.ts';

// Every Stripe delivery is signed (https://docs.stripe.com/webhooks#verify-events) and its body is an
// Event object whose `type` is the event name (https://docs.stripe.com/api/events/object).
export const stripe: Provider = {
  name: 'stripe',
  title: 'Stripe',
  detect({ headers, body }) {
    if (!hasHeader(headers, 'stripe-signature')) return null;
    return { provider: 'stripe', event: stringField(parseJsonObject(body), 'type') };
  },
};
