import { type DeliveryPolicy, HOUR, MINUTE, noHeaders, SECOND } from '../delivery.ts';
import { firstEventId } from './events.ts';

/**
 * SendGrid's Event Webhook (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/troubleshooting):
 * anything but a 2xx is retried "at increasing intervals for up to 24 hours after the event occurs"; the
 * intervals and the time SendGrid waits for an answer are not published, so both are approximations here.
 * `sg_event_id` is the documented deduplication key (events can arrive twice).
 */
export const delivery: DeliveryPolicy = {
  provider: 'sendgrid',
  title: 'SendGrid',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: [5 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 8 * HOUR],
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'SendGrid would retry the same batch (same sg_event_id) for up to 24 hours',
  eventId: (request) => firstEventId(request.body),
};
