import { svixPolicy } from '../standard-webhooks/delivery.ts';

/**
 * Resend documents Svix's schedule as its own (https://resend.com/docs/webhooks/retries-and-replays):
 * immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; a replay from the dashboard keeps the `svix-id`.
 */
export const delivery = svixPolicy('resend', 'Resend');
