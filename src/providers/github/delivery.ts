import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, noHeaders, SECOND } from '../delivery.ts';

/**
 * GitHub (https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries): a
 * delivery that takes longer than 10 seconds is recorded as failed, and GitHub does not redeliver failed
 * deliveries automatically. A manual redelivery keeps the `X-GitHub-Delivery` GUID
 * (https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks).
 * Payloads are capped at 25 MB: GitHub does not send a larger one
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap).
 */
export const delivery: DeliveryPolicy = {
  provider: 'github',
  title: 'GitHub',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: [],
  approximate: false,
  maxBodyBytes: 25 * 1024 * 1024,
  retryHeaders: noHeaders,
  onFailure: () => 'GitHub records a failed delivery and does not retry it; redeliver it by hand',
  eventId: (request) => headerValue(request.headers, 'x-github-delivery'),
};
