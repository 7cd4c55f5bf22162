import { type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';
import { firstEvent } from './fixtures.ts';

/**
 * HubSpot app webhooks (https://developers.hubspot.com/docs/api/webhooks, "Retries"): an answer is expected
 * within 5 seconds; a connection failure, a timeout or a status other than 4xx is retried up to 10 times,
 * spread over the next 24 hours with varying, randomized delays. HubSpot publishes no table, so the delays
 * here are an approximation (doubling from 1 minute, then every few hours up to about a day). A retry sends
 * the same events (same `eventId`) with `attemptNumber` raised; nothing changes in the headers.
 */
export const delivery: DeliveryPolicy = {
  provider: 'hubspot',
  title: 'HubSpot',
  deadlineMs: 5 * SECOND,
  retryDelaysMs: [1, 2, 4, 8, 16, 32, 64]
    .map((minutes) => minutes * MINUTE)
    .concat([3, 6, 12].map((hours) => hours * HOUR)),
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () =>
    'HubSpot would retry the batch (same eventId, attemptNumber raised) up to 10 times within 24 hours',
  eventId: (request) => {
    const id = firstEvent(request.body)?.eventId;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
  },
};
