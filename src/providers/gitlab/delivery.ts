import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, noHeaders, SECOND } from '../delivery.ts';

/**
 * GitLab waits 10 seconds for an answer (https://docs.gitlab.com/user/gitlab_com/#webhooks; the
 * `webhook_timeout` of a self-managed instance defaults to the same). It does not retry a failed delivery
 * by itself: it counts it, and four failures in a row disable the webhook, for a minute at first and up
 * to a day as failures go on, or until a test request succeeds after a 4xx
 * (https://docs.gitlab.com/user/project/integrations/webhooks/#auto-disabled-webhooks). "Resend Request"
 * sends the same body with the same `Idempotency-Key`, the id that survives a redelivery
 * (https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers).
 */
export const delivery: DeliveryPolicy = {
  provider: 'gitlab',
  title: 'GitLab',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: [],
  approximate: false,
  retryHeaders: noHeaders,
  onFailure: () =>
    'GitLab does not retry; four failures in a row disable the webhook (resend it by hand, same Idempotency-Key)',
  eventId: (request) => headerValue(request.headers, 'idempotency-key'),
};
