import { bodyId, type DeliveryPolicy, MINUTE, SECOND } from '../delivery.ts';

/**
 * Slack Events API (https://api.slack.com/apis/events-api#retries, "Failure conditions" and "Graceful
 * retries"): a 2xx is expected within 3 seconds; otherwise Slack retries 3 times, nearly immediately, then
 * after 1 minute, then after 5 minutes, each retry carrying `X-Slack-Retry-Num` (1, 2, 3) and
 * `X-Slack-Retry-Reason` (`http_timeout`, `http_error`, `connection_failed`, also `too_many_redirects`,
 * `ssl_error` and `unknown_error`, which a local test does not produce). On a timeout Slack does not wait for
 * the late answer: the retry goes out while the first request may still be running.
 */
export const delivery: DeliveryPolicy = {
  provider: 'slack',
  title: 'Slack',
  deadlineMs: 3 * SECOND,
  retryDelaysMs: [0, 1 * MINUTE, 5 * MINUTE],
  approximate: false,
  retryHeaders: (retry, reason) => [
    ['X-Slack-Retry-Num', String(retry)],
    ['X-Slack-Retry-Reason', reason],
  ],
  onFailure: (reason) => `Slack would retry with X-Slack-Retry-Reason: ${reason}`,
  eventId: bodyId('event_id'),
};
