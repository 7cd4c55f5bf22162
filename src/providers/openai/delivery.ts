import { headerValue } from '../../http/headers.ts';
import { bodyId, type DeliveryPolicy, noHeaders, SECOND } from '../delivery.ts';

// Doubling from 30 s: thirteen retries, the last one about 68 h after the first attempt.
const DOUBLING = Array.from({ length: 13 }, (_, retry) => 30 * SECOND * 2 ** retry);

/**
 * OpenAI (https://platform.openai.com/docs/guides/webhooks): a delivery that does not get a 2xx is
 * retried with exponential backoff for up to 72 hours, and the docs ask for a 2xx within a few seconds;
 * neither the deadline nor the exact steps are published, so both are approximate. The event's `id`
 * (`evt_…`) and the `webhook-id` stay the same across retries.
 */
export const delivery: DeliveryPolicy = {
  provider: 'openai',
  title: 'OpenAI',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: DOUBLING,
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'OpenAI would retry the same event (same evt_ id and webhook-id) with backoff',
  eventId: (request) => bodyId('id')(request) ?? headerValue(request.headers, 'webhook-id'),
};
