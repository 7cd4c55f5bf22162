import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';

/**
 * Svix's schedule (https://docs.svix.com/retries): attempts immediately, then after 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h, each period starting when the previous attempt failed; a 2xx is expected within
 * 15 s. Every attempt carries the same message id (`svix-id` or `webhook-id`). Senders that deliver
 * through Svix (Resend, Clerk) inherit it.
 */
export function svixPolicy(provider: string, title: string, approximate = false): DeliveryPolicy {
  return {
    provider,
    title,
    deadlineMs: 15 * SECOND,
    retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
    approximate,
    retryHeaders: noHeaders,
    onFailure: () => `${title} would retry the same message (same svix-id / webhook-id)`,
    eventId: (request) =>
      headerValue(request.headers, 'svix-id') ?? headerValue(request.headers, 'webhook-id'),
  };
}

export const delivery: DeliveryPolicy = {
  ...svixPolicy('standard-webhooks', 'Standard Webhooks (Svix)'),
  onFailure: () => 'Svix would retry the same message (same webhook-id)',
  eventId: (request) => headerValue(request.headers, 'webhook-id') ?? headerValue(request.headers, 'svix-id'),
};
