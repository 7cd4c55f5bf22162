import type { ChalkInstance } from 'chalk';
import type { AttemptResult, DeliveriesSummary } from '../core/send/index.ts';
import type { Delivery, OutboundRequest } from '../http/client.ts';
import type { DeliveryPolicy } from '../providers/delivery.ts';
import { formatDuration } from './format.ts';
import { statusColor } from './request-line.ts';
import type { Terminal } from './terminal.ts';

// What trigger, replay and run print about a delivery: one line with ✓/✗, where it went, the status
// (coloured by class, or the connection error), how long it took, and a note when the provider would
// have given up waiting. The JSON renderers are the contract's shapes.

export function deliveryMark(color: ChalkInstance, ok: boolean): string {
  return ok ? color.green('✓') : color.red('✗');
}

/** The status coloured by class; with no answer, `missing` (the error, by default) in red. */
export function deliveryStatus(
  color: ChalkInstance,
  answer: { status: number | null; error?: string | undefined },
  missing = `✗ ${answer.error}`,
): string {
  return answer.status === null
    ? color.red(missing)
    : statusColor(color, answer.status)(String(answer.status));
}

/** `✓ POST http://… → 200 12ms  01m8…`: `lead` says what went where; `tail` follows the duration, dimmed. */
export function deliveryLine(
  color: ChalkInstance,
  line: {
    ok: boolean;
    lead: string;
    answer: { status: number | null; error?: string | undefined };
    durationMs: number;
    tail?: string;
  },
): string {
  const duration = color.dim(`${formatDuration(line.durationMs)}${line.tail ?? ''}`);
  return `${deliveryMark(color, line.ok)} ${line.lead} → ${deliveryStatus(color, line.answer)} ${duration}`;
}

/** "slower than Slack's 3 s deadline: Slack would retry with X-Slack-Retry-Reason: http_timeout". */
export function deadlineNote(
  policy: DeliveryPolicy,
  deadlineMs: number,
  overDeadline: boolean,
): string | null {
  if (!overDeadline) return null;
  const scaled = deadlineMs === policy.deadlineMs ? '' : `, ${formatDuration(deadlineMs)} scaled`;
  return `slower than ${policy.title}'s ${policy.deadlineMs / 1000} s deadline${scaled}: ${policy.onFailure('http_timeout')}`;
}

export interface TriggerViewInfo {
  policy: DeliveryPolicy;
  deadlineMs: number;
  url: string;
  /** One delivery, no retries: one line. */
  single: boolean;
  retry: boolean;
  provider: string;
  event: string;
}

/** `trigger`'s output: a line per attempt (NDJSON with `--json`), then a summary for several. */
export interface TriggerView {
  attempt(result: AttemptResult): void;
  summary(summary: DeliveriesSummary): void;
  /** A long wait between attempts, so a waiting run does not look hung. */
  waiting(ms: number): void;
}

export function createTriggerView(terminal: Terminal, info: TriggerViewInfo, json: boolean): TriggerView {
  if (json) {
    return {
      attempt: (result) => terminal.out(JSON.stringify(attemptJson(info, result))),
      summary: () => {},
      waiting: () => {},
    };
  }
  const { color } = terminal;
  return {
    attempt(result) {
      const answer = { status: result.status, error: result.error };
      if (info.single) {
        const lead = `${info.provider} ${color.bold(info.event)} → ${info.url}`;
        terminal.out(deliveryLine(color, { ok: result.ok, lead, answer, durationMs: result.durationMs }));
      } else {
        if (result.delivery === 1 && result.attempt === 1) {
          const id = result.eventId === null ? '' : ` ${color.dim(`(id ${result.eventId})`)}`;
          terminal.out(`${info.provider} ${color.bold(info.event)} → ${info.url}${id}`);
        }
        const retry = result.retryHeaders.map(([name, value]) => `${name}: ${value}`).join(', ');
        const wait = result.waitedMs === 0 ? 'at once' : `after ${formatDuration(result.waitedMs)}`;
        const waited = result.retry > 0 ? color.dim(` ${wait}`) : '';
        const lead = `#${result.delivery} attempt ${result.attempt}`;
        terminal.out(
          deliveryLine(color, { ok: result.ok, lead, answer, durationMs: result.durationMs }) +
            waited +
            (retry === '' ? '' : color.dim(`  ${retry}`)),
        );
      }
      const note = deadlineNote(info.policy, info.deadlineMs, result.overDeadline);
      if (note !== null) terminal.out(color.yellow(`  ${note}`));
      if (!result.ok && result.status !== null && result.body.length > 0) {
        terminal.out(color.dim(`  ${result.body.subarray(0, 500).toString('utf8').trim()}`));
      }
    },
    summary(summary) {
      if (info.single) return;
      const sent = summary.attempts.length;
      const succeeded = summary.attempts.filter((attempt) => attempt.ok).length;
      const late = summary.attempts.filter((attempt) => attempt.overDeadline).length;
      const parts = [
        `${sent} ${sent === 1 ? 'delivery' : 'deliveries'}`,
        color.green(`${succeeded} succeeded`),
        sent - succeeded > 0 ? color.red(`${sent - succeeded} failed`) : `${sent - succeeded} failed`,
      ];
      if (late > 0) parts.push(color.yellow(`${late} over ${info.policy.title}'s deadline`));
      if (summary.repeat > 1) parts.push(`${summary.delivered} of ${summary.repeat} events got through`);
      terminal.out(parts.join(', '));
      if (info.retry && info.policy.retryDelaysMs.length === 0 && summary.delivered < summary.repeat) {
        terminal.out(color.dim(`  ${info.policy.onFailure('http_error')}`));
      }
    },
    waiting(ms) {
      if (ms >= 1000) terminal.err(terminal.errColor.dim(`  waiting ${formatDuration(ms)}…`));
    },
  };
}

function attemptJson(info: TriggerViewInfo, result: AttemptResult): Record<string, unknown> {
  const line: Record<string, unknown> = {
    provider: info.provider,
    event: info.event,
    to: info.url,
    delivery: result.delivery,
    attempt: result.attempt,
    eventId: result.eventId,
    status: result.status,
    durationMs: result.durationMs,
    deadlineMs: info.deadlineMs,
    overDeadline: result.overDeadline,
    ok: result.ok,
    failure: result.failure,
    waitedMs: result.waitedMs,
    retryHeaders: Object.fromEntries(result.retryHeaders),
  };
  if (result.error !== undefined) line.error = result.error;
  return line;
}

/** One replayed capture's delivery: a line, or a JSON object with `--json`. */
export function renderReplay(
  terminal: Terminal,
  json: boolean,
  replayed: { id: string; request: OutboundRequest; delivery: Delivery; policy: DeliveryPolicy | null },
): void {
  const { id, request, delivery, policy } = replayed;
  // The provider would have given up on a handler this slow: say so, as trigger does.
  const overDeadline = policy !== null && delivery.durationMs > policy.deadlineMs;
  const ok = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
  if (json) {
    const line: Record<string, unknown> = {
      id,
      to: delivery.url,
      status: delivery.status,
      durationMs: delivery.durationMs,
    };
    if (delivery.error !== undefined) line.error = delivery.error;
    if (policy !== null) Object.assign(line, { deadlineMs: policy.deadlineMs, overDeadline });
    terminal.out(JSON.stringify(line));
    return;
  }
  const { color } = terminal;
  const lead = `${request.method} ${delivery.url}`;
  terminal.out(
    deliveryLine(color, { ok, lead, answer: delivery, durationMs: delivery.durationMs, tail: `  ${id}` }),
  );
  const note = policy === null ? null : deadlineNote(policy, policy.deadlineMs, overDeadline);
  if (note !== null) terminal.out(color.yellow(`  ${note}`));
}
