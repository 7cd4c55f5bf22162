import { type HeaderPair, headerValue } from '../http/headers.ts';

import { parseJsonObject, stringField } from './parse.ts';

/** Why a delivery failed, in Slack's words (the other providers do not name it on the wire). */
export type FailureKind = 'http_timeout' | 'http_error' | 'connection_failed';

/**
 * How a provider delivers: how long it waits for an answer, when it tries again, and what it adds to a
 * retried request. Facts, not code: each one links the page it comes from.
 */
export interface DeliveryPolicy {
  provider: string;
  title: string;
  /** How long the provider waits for a 2xx before it counts the attempt as failed. */
  deadlineMs: number;
  /** The wait before each automatic retry (retry 1 first); empty when the provider never retries. */
  retryDelaysMs: readonly number[];
  /** True when the schedule is our approximation, not a documented table. */
  approximate: boolean;
  /** Headers the provider adds to retry `retry` (1-based) after a failure of kind `reason`. */
  retryHeaders(retry: number, reason: FailureKind): HeaderPair[];
  /** What the provider does after a failure, for people ("Slack would retry with …"). */
  onFailure(reason: FailureKind): string;
  /** The id that stays the same across redeliveries (a handler's idempotency key), or null. */
  eventId(request: { headers: readonly HeaderPair[]; body: Buffer }): string | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const noHeaders = (): HeaderPair[] => [];
const bodyId = (field: string) => (request: { body: Buffer }) =>
  stringField(parseJsonObject(request.body), field);

/**
 * Slack Events API (https://api.slack.com/apis/events-api#retries, "Failure conditions" and "Graceful
 * retries"): a 2xx is expected within 3 seconds; otherwise Slack retries 3 times, nearly immediately, then
 * after 1 minute, then after 5 minutes, each retry carrying `X-Slack-Retry-Num` (1, 2, 3) and
 * `X-Slack-Retry-Reason` (`http_timeout`, `http_error`, `connection_failed`, also `too_many_redirects`,
 * `ssl_error` and `unknown_error`, which a local test does not produce). On a timeout Slack does not wait for
 * the late answer: the retry goes out while the first request may still be running.
 */
const slack: DeliveryPolicy = {
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

/**
 * GitHub (https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries): a
 * delivery that takes longer than 10 seconds is recorded as failed, and GitHub does not redeliver failed
 * deliveries automatically. A manual redelivery keeps the `X-GitHub-Delivery` GUID
 * (https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks).
 */
const github: DeliveryPolicy = {
  provider: 'github',
  title: 'GitHub',
  deadlineMs: 10 * SECOND,
  retryDelaysMs: [],
  approximate: false,
  retryHeaders: noHeaders,
  onFailure: () => 'GitHub records a failed delivery and does not retry it; redeliver it by hand',
  eventId: (request) => headerValue(request.headers, 'x-github-delivery'),
};

/**
 * Stripe (https://docs.stripe.com/webhooks#retries, https://docs.stripe.com/webhooks/process-undelivered-events):
 * in live mode Stripe retries "for up to three days with an exponential back off" (sandboxes: three times
 * over a few hours), always with the same `evt_` id. Stripe publishes neither the intervals nor its response
 * timeout (its docs only say to return a 2xx "quickly", before any complex logic). APPROXIMATION, labelled as
 * such in the README: 1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h, about 2.8 days in all, and a 20 s
 * deadline.
 */
const stripe: DeliveryPolicy = {
  provider: 'stripe',
  title: 'Stripe',
  deadlineMs: 20 * SECOND,
  retryDelaysMs: [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, ...Array(6).fill(10 * HOUR)],
  approximate: true,
  retryHeaders: noHeaders,
  onFailure: () => 'Stripe would retry the same event (same evt_ id) with exponential backoff',
  eventId: bodyId('id'),
};

/**
 * Standard Webhooks as Svix delivers them (https://docs.svix.com/retries): attempts immediately, then after
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, each period starting when the previous attempt failed; a 2xx
 * is expected within 15 s. Every attempt carries the same `webhook-id` (`svix-id`).
 */
const standardWebhooks: DeliveryPolicy = {
  provider: 'standard-webhooks',
  title: 'Standard Webhooks (Svix)',
  deadlineMs: 15 * SECOND,
  retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  approximate: false,
  retryHeaders: noHeaders,
  onFailure: () => 'Svix would retry the same message (same webhook-id)',
  eventId: (request) => headerValue(request.headers, 'webhook-id') ?? headerValue(request.headers, 'svix-id'),
};

export const DELIVERY_POLICIES: Readonly<Record<string, DeliveryPolicy>> = {
  slack,
  github,
  stripe,
  'standard-webhooks': standardWebhooks,
};

/** A provider without a policy of its own is treated as one that waits 30 s and never retries. */
export function deliveryPolicy(provider: string, title = provider): DeliveryPolicy {
  return (
    DELIVERY_POLICIES[provider] ?? {
      provider,
      title,
      deadlineMs: 30 * SECOND,
      retryDelaysMs: [],
      approximate: true,
      retryHeaders: noHeaders,
      onFailure: () => `${title} would count the delivery as failed`,
      eventId: () => null,
    }
  );
}
