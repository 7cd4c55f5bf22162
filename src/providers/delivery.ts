import type { HeaderPair } from '../http/headers.ts';
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
  /** The largest body the provider documents sending, when it documents one (`check`'s `oversize`). */
  maxBodyBytes?: number;
  /** The id that stays the same across redeliveries (a handler's idempotency key), or null. */
  eventId(request: { headers: readonly HeaderPair[]; body: Buffer }): string | null;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** For providers that add nothing to a retried request. */
export const noHeaders = (): HeaderPair[] => [];

/** The event id read from a top-level field of a JSON body (`id`, `event_id`). */
export const bodyId = (field: string) => (request: { body: Buffer }) =>
  stringField(parseJsonObject(request.body), field);
