import type { Delivery, OutboundRequest } from '../../http/client.ts';
import { type HeaderPair, setHeaders } from '../../http/headers.ts';
import type { DeliveryPolicy, FailureKind } from '../../providers/delivery.ts';

/**
 * `trigger --repeat/--retry`: the same event delivered several times, the way providers really do it.
 * Build, then execute: the attempt plan is pure data (tested against the providers' documented schedules);
 * `runDeliveries` only walks it with an injected sender, signer and sleep.
 */

export interface DeliveryOptions {
  /** How many times the same event is delivered (`--repeat`). */
  repeat: number;
  /** Wait between the start of one delivery and the next (`--interval`), before scaling. */
  intervalMs: number;
  /** Deliveries under way at once (`--concurrency`). */
  concurrency: number;
  /** Redeliver failed attempts on the provider's schedule (`--retry`). */
  retry: boolean;
  /** Multiplies every wait and the deadline (`--time-scale`): 0.001 plays minutes in milliseconds. */
  timeScale: number;
}

export interface PlannedAttempt {
  /** 1 for the first delivery, 2 for the first retry, … */
  attempt: number;
  /** 0 for the first attempt, else which retry this is (Slack's `X-Slack-Retry-Num`). */
  retry: number;
  /** The wait after the previous attempt failed, already scaled. */
  delayMs: number;
}

/**
 * A scaled deadline never drops below this: a local handler needs a few milliseconds just to answer, so
 * `--time-scale 0.0001` still means "a fast handler passes, a slow one is cut".
 */
// Below this a deadline measures the machine (process start-up, a first connection on a busy CI runner),
// not the handler.
export const MIN_DEADLINE_MS = 100;

export function scaleMs(ms: number, timeScale: number): number {
  return Math.round(ms * timeScale);
}

/** The provider's deadline under `--time-scale` (3 s × 0.1 = 300 ms), at least MIN_DEADLINE_MS. */
export function scaledDeadline(policy: DeliveryPolicy, timeScale: number): number {
  return Math.max(MIN_DEADLINE_MS, scaleMs(policy.deadlineMs, timeScale));
}

/** Every attempt one delivery may take: just the first without `--retry`, else the provider's whole schedule. */
export function planAttempts(
  policy: DeliveryPolicy,
  options: Pick<DeliveryOptions, 'retry' | 'timeScale'>,
): PlannedAttempt[] {
  const first: PlannedAttempt = { attempt: 1, retry: 0, delayMs: 0 };
  if (!options.retry) return [first];
  return [
    first,
    ...policy.retryDelaysMs.map((delay, index) => ({
      attempt: index + 2,
      retry: index + 1,
      delayMs: scaleMs(delay, options.timeScale),
    })),
  ];
}

/** The headers the provider adds to this attempt, given why the previous one failed. */
export function retryHeadersFor(
  policy: DeliveryPolicy,
  planned: PlannedAttempt,
  previousFailure: FailureKind | null,
): HeaderPair[] {
  return planned.retry === 0 ? [] : policy.retryHeaders(planned.retry, previousFailure ?? 'http_error');
}

/**
 * How the provider sees an answer: null when it is a 2xx in time; otherwise the failure, named as Slack
 * names it. A late 2xx is an `http_timeout`: the provider stopped waiting before it arrived.
 */
export function classifyAnswer(
  answer: Pick<Delivery, 'status' | 'error' | 'durationMs'>,
  deadlineMs: number,
): FailureKind | null {
  if (answer.status === null) {
    return answer.error?.startsWith('timeout') ? 'http_timeout' : 'connection_failed';
  }
  if (answer.durationMs > deadlineMs) return 'http_timeout';
  return answer.status >= 200 && answer.status < 300 ? null : 'http_error';
}

export interface AttemptResult {
  /** Which of the `--repeat` deliveries (1-based). */
  delivery: number;
  attempt: number;
  retry: number;
  /** The (scaled) wait before this attempt. */
  waitedMs: number;
  eventId: string | null;
  status: number | null;
  durationMs: number;
  error?: string;
  /** Slower than the provider waits (or cut at its deadline). */
  overDeadline: boolean;
  /** The provider's view of this attempt; null when it succeeded. */
  failure: FailureKind | null;
  /** Counts as delivered: a 2xx, and with `--retry` also within the deadline. */
  ok: boolean;
  /** Headers added because this is a retry (Slack's X-Slack-Retry-*). */
  retryHeaders: HeaderPair[];
  /** The answer's body, for showing why it failed. */
  body: Buffer;
}

export interface DeliveryWorld {
  send(request: OutboundRequest): Promise<Delivery>;
  /** Signs the headers again with a fresh timestamp (the provider's `sign`, replacing in place). */
  sign(headers: HeaderPair[]): HeaderPair[];
  sleep(ms: number): Promise<void>;
}

export interface DeliveriesSummary {
  attempts: AttemptResult[];
  /** How many of the `--repeat` deliveries got through in the end. */
  delivered: number;
  repeat: number;
}

/**
 * Delivers `request` (built and signed once) `repeat` times, re-signed for every attempt so timestamps are
 * fresh while the body and the event id stay the same, retrying failures on the provider's schedule.
 * `onAttempt` hears about each attempt as it finishes.
 */
export async function runDeliveries(input: {
  request: OutboundRequest;
  policy: DeliveryPolicy;
  options: DeliveryOptions;
  world: DeliveryWorld;
  onAttempt?: (result: AttemptResult) => void;
}): Promise<DeliveriesSummary> {
  const { request, policy, options, world } = input;
  const plan = planAttempts(policy, options);
  const deadlineMs = scaledDeadline(policy, options.timeScale);
  const eventId = policy.eventId(request);
  const attempts: AttemptResult[] = [];
  let delivered = 0;

  async function deliver(delivery: number): Promise<void> {
    let previousFailure: FailureKind | null = null;
    for (const planned of plan) {
      if (planned.delayMs > 0) await world.sleep(planned.delayMs);
      const retryHeaders = retryHeadersFor(policy, planned, previousFailure);
      const headers = world.sign(setHeaders(request.headers, retryHeaders));
      const answer = await world.send({ ...request, headers });
      const failure = classifyAnswer(answer, deadlineMs);
      const inTime = answer.status !== null && answer.status >= 200 && answer.status < 300;
      const result: AttemptResult = {
        delivery,
        attempt: planned.attempt,
        retry: planned.retry,
        waitedMs: planned.delayMs,
        eventId,
        status: answer.status,
        durationMs: answer.durationMs,
        ...(answer.error === undefined ? {} : { error: answer.error }),
        overDeadline: failure === 'http_timeout',
        failure,
        ok: options.retry ? failure === null : inTime,
        retryHeaders,
        body: answer.body,
      };
      attempts.push(result);
      input.onAttempt?.(result);
      if (result.ok) {
        delivered++;
        return;
      }
      previousFailure = failure;
    }
  }

  const underway = new Set<Promise<void>>();
  const intervalMs = scaleMs(options.intervalMs, options.timeScale);
  for (let delivery = 1; delivery <= options.repeat; delivery++) {
    while (underway.size >= Math.max(1, options.concurrency)) await Promise.race(underway);
    if (delivery > 1 && intervalMs > 0) await world.sleep(intervalMs);
    const running: Promise<void> = deliver(delivery).finally(() => underway.delete(running));
    underway.add(running);
  }
  await Promise.all(underway);
  return { attempts, delivered, repeat: options.repeat };
}
