import { headerValue } from '../../http/headers.ts';
import { type DeliveryPolicy, noHeaders, SECOND } from '../delivery.ts';

/**
 * Twilio's webhook connection settings (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides):
 * by default Twilio waits 5 s to connect and 15 s for the answer (`ct`, `rt`, `tt` of 15 000 ms), and retries
 * once (`rc=1`) only when the connection itself fails (`rp=ct`): an HTTP error or a slow answer is not
 * retried, and a status callback is then simply lost. A URL fragment such as `#rc=3&rp=all` changes that per
 * URL. The runner here retries on every kind of failure, so the one connect retry is left out: approximate.
 * Every request carries `I-Twilio-Idempotency-Token`, which stays the same on Twilio's retries
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-faq).
 */
export const delivery: DeliveryPolicy = {
  provider: 'twilio',
  title: 'Twilio',
  deadlineMs: 15 * SECOND,
  retryDelaysMs: [],
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: (reason) =>
    reason === 'connection_failed'
      ? 'Twilio would retry the connection once at once (rc=1, rp=ct by default), then give up'
      : 'Twilio does not retry an HTTP error or a slow answer by default; add #rc=…&rp=all to the URL for retries',
  eventId: (request) => headerValue(request.headers, 'i-twilio-idempotency-token'),
};
