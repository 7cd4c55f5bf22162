import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';

/**
 * Linear (https://linear.app/developers/webhooks): an endpoint is expected to answer 200 within 5 seconds;
 * a failed delivery is retried after 1 minute, 1 hour and 6 hours, and a webhook that keeps failing is
 * disabled. We could not confirm from the page itself whether the delays are counted from the first
 * attempt or from the previous one, nor the exact deadline, so the policy is labelled approximate. A retry
 * keeps `Linear-Delivery`; the body, and so its `webhookTimestamp`, is Linear's to renew.
 */
export const delivery: DeliveryPolicy = {
  provider: 'linear',
  title: 'Linear',
  deadlineMs: 5 * SECOND,
  retryDelaysMs: [1 * MINUTE, 1 * HOUR, 6 * HOUR],
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'Linear would retry after 1 minute, 1 hour and 6 hours',
  eventId: (request) => headerValue(request.headers, 'linear-delivery'),
};
