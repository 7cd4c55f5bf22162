import { bodyId, type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';

/**
 * Stripe (https://docs.stripe.com/webhooks#retries, https://docs.stripe.com/webhooks/process-undelivered-events):
 * in live mode Stripe retries "for up to three days with an exponential back off" (sandboxes: three times
 * over a few hours), always with the same `evt_` id. Stripe publishes neither the intervals nor its response
 * timeout (its docs only say to return a 2xx "quickly", before any complex logic). APPROXIMATION, labelled as
 * such in the README: 1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h, about 2.8 days in all, and a 20 s
 * deadline.
 */
export const delivery: DeliveryPolicy = {
  provider: 'stripe',
  title: 'Stripe',
  deadlineMs: 20 * SECOND,
  retryDelaysMs: [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, ...Array(6).fill(10 * HOUR)],
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'Stripe would retry the same event (same evt_ id) with exponential backoff',
  eventId: bodyId('id'),
};
