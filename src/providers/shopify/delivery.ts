import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, MINUTE, noHeaders, SECOND } from '../delivery.ts';

/**
 * Shopify over HTTPS (https://shopify.dev/docs/apps/build/webhooks/subscribe/https and
 * https://shopify.dev/docs/apps/build/webhooks/troubleshooting-webhooks): the connection must be accepted
 * within 1 second and a 2xx must come back within 5 seconds. Since 10 September 2024 a failed delivery
 * is retried 8 times over 4 hours with exponential backoff
 * (https://shopify.dev/changelog/updates-to-webhook-retry-mechanism; older pages still say 19 times over
 * 48 hours), each retry with the original payload and the same `X-Shopify-Webhook-Id`
 * (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries); after 8 consecutive failures a
 * subscription made through the Admin API is deleted. Shopify does not publish the individual waits:
 * the doubling from 1 minute below (1+2+…+128 min ≈ 4¼ h) is our approximation.
 */
export const delivery: DeliveryPolicy = {
  provider: 'shopify',
  title: 'Shopify',
  deadlineMs: 5 * SECOND,
  retryDelaysMs: [1, 2, 4, 8, 16, 32, 64, 128].map((minutes) => minutes * MINUTE),
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () =>
    'Shopify would retry the same webhook (same X-Shopify-Webhook-Id) 8 times over 4 hours, then delete an Admin API subscription',
  eventId: (request) => headerValue(request.headers, 'x-shopify-webhook-id'),
};
