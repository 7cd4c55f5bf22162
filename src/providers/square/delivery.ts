import { bodyId, type DeliveryPolicy, MINUTE, SECOND } from '../delivery.ts';

/**
 * Square (https://developer.squareup.com/docs/webhooks-api/delivery-sla): a 2xx within 10 seconds, else
 * the attempt failed (a 3xx too). Retries for up to 72 hours after the event: after 1, 2, 4, 8, 16 and 32
 * minutes, then every 60 minutes for retries 7 to 78. Retries carry `Square-Retry-Number` (retries so
 * far, this one included) and `Square-Retry-Reason` (`http_timeout`, `http_error`: the two the docs name
 * for timeouts and status codes), and keep `Square-Initial-Delivery-Timestamp` and the body's `event_id`
 * (https://developer.squareup.com/docs/webhooks/step4manage: "Use idempotency").
 */
const HOURLY_RETRIES = 78 - 6;

export const delivery: DeliveryPolicy = {
  provider: 'square',
  title: 'Square',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: [
    ...[1, 2, 4, 8, 16, 32].map((minutes) => minutes * MINUTE),
    ...Array.from({ length: HOURLY_RETRIES }, () => 60 * MINUTE),
  ],
  approximate: false,
  retryHeaders: (retry, reason) => [
    ['Square-Retry-Number', String(retry)],
    ['Square-Retry-Reason', reason],
  ],
  onFailure: (reason) => `Square would retry with Square-Retry-Reason: ${reason} (up to 72 hours)`,
  eventId: bodyId('event_id'),
};
