import { bodyId, type DeliveryPolicy, noHeaders, SECOND } from '../delivery.ts';

/**
 * Discord interactions (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction):
 * the endpoint must answer within 3 seconds, or the user sees "This interaction failed"; an interaction is
 * never sent again. Event webhooks (https://discord.com/developers/docs/events/webhook-events#responding-to-events)
 * also want a 204 within 3 seconds, and are retried "several times using exponential backoff for up to 10
 * minutes", a schedule Discord does not publish: the policy follows interactions, which `trigger` sends most.
 * The interaction `id` is the id a handler sees once.
 */
export const delivery: DeliveryPolicy = {
  provider: 'discord',
  title: 'Discord',
  deadlineMs: 3 * SECOND,
  retryDelaysMs: [],
  approximate: false,
  retryHeaders: noHeaders,
  onFailure: () =>
    'Discord shows "This interaction failed" and does not resend it (event webhooks: retried for up to 10 minutes)',
  eventId: bodyId('id'),
};
