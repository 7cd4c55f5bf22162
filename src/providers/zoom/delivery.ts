import { type DeliveryPolicy, MINUTE, noHeaders, SECOND } from '../delivery.ts';
import { parseJsonObject, stringField } from '../parse.ts';

/**
 * Zoom (https://developers.zoom.us/docs/api/webhooks/#notification-delivery): a 200 or 204 is expected
 * within three seconds. For a 5xx or a connection failure or timeout Zoom tries three more times: 5 minutes
 * after the first attempt, 20 minutes after that, 60 minutes after that (the same schedule as
 * https://devsupport.zoom.us/hc/en-us/articles/360059893812-Webhook-delays). It does not retry 3xx or 4xx
 * answers, and adds no header to a retry.
 */
export const delivery: DeliveryPolicy = {
  provider: 'zoom',
  title: 'Zoom',
  deadlineMs: 3 * SECOND,
  retryDelaysMs: [5 * MINUTE, 20 * MINUTE, 60 * MINUTE],
  approximate: false,
  retryHeaders: noHeaders,
  onFailure: (reason) =>
    reason === 'http_error'
      ? 'Zoom would retry a 5xx after 5, 20 and 60 minutes, and never retries a 3xx or 4xx'
      : 'Zoom would retry after 5 minutes, then 20, then 60',
  // Zoom sends no delivery id; a retry repeats the same body, so the event and its event_ts identify it.
  eventId: ({ body }) => {
    const envelope = parseJsonObject(body);
    const event = stringField(envelope, 'event');
    const at = envelope?.event_ts;
    return event === null || (typeof at !== 'number' && typeof at !== 'string') ? null : `${event}@${at}`;
  },
};
