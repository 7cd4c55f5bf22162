import { bodyId, type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';

/**
 * Paddle Billing (https://developer.paddle.com/webhooks/about/respond-to-webhooks): an endpoint must answer
 * 200 within five seconds; a live account's failed notification is retried up to 60 times over 3 days with
 * exponential backoff (a sandbox account's fewer times), then it can be replayed by hand through the API
 * (https://developer.paddle.com/api-reference/notifications/replay-notification). Paddle publishes no table
 * of the delays, so the schedule below is ours: a doubling backoff from one minute, capped at six hours,
 * which reaches about three days in 60 tries. A retry is the same notification: the body, and its
 * `event_id`, do not change; it is signed again with a fresh `ts`.
 */
const BACKOFF: number[] = [];
for (
  let delay = MINUTE, total = 0;
  BACKOFF.length < 59 && total < 72 * HOUR;
  delay = Math.min(delay * 2, 6 * HOUR)
) {
  BACKOFF.push(delay);
  total += delay;
}

export const delivery: DeliveryPolicy = {
  provider: 'paddle',
  title: 'Paddle',
  deadlineMs: 5 * SECOND,
  retryDelaysMs: BACKOFF,
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'Paddle would retry the same notification with backoff for up to 3 days (live accounts)',
  eventId: bodyId('event_id'),
};
