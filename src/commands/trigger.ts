import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttemptResult,
  type DeliveriesSummary,
  runDeliveries,
  scaledDeadline,
} from '../core/send/deliveries.ts';
import { buildTrigger, serializeRequest } from '../core/send/trigger.ts';
import { createSender } from '../http/client.ts';
import { parseTarget } from '../http/target.ts';
import { ExitCode, usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger } from '../lib/units.ts';
import { formatDuration } from '../output/format.ts';
import { statusColor } from '../output/request-line.ts';
import { createTerminal, type Terminal } from '../output/terminal.ts';
import { type DeliveryPolicy, deliveryPolicy } from '../providers/delivery.ts';
import { isJsonObject, type JsonObject } from '../providers/parse.ts';
import { optionalString } from './common.ts';

export interface TriggerOptions {
  provider: string;
  event: string;
  target: URL | null;
  secret: string | undefined;
  sets: string[];
  dataFile: string | undefined;
  print: boolean;
  json: boolean;
  timeoutMs: number;
  /** `--repeat N`: the same event (same id) delivered N times. */
  repeat: number;
  /** `--interval`: wait between deliveries. */
  intervalMs: number;
  /** `--concurrency`: deliveries under way at once. */
  concurrency: number;
  /** `--retry`: redeliver failures on the provider's own schedule. */
  retry: boolean;
  /** `--time-scale`: multiplies every wait and the provider's deadline. */
  timeScale: number;
}

/** `--to`, else `$HOOKCTL_TRIGGER_TO` (so a CI job can set the endpoint once). */
export function parseTriggerOptions(
  args: string[],
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): TriggerOptions {
  const to = optionalString(raw.to) ?? (env.HOOKCTL_TRIGGER_TO || undefined);
  const print = raw.print === true;
  if (to === undefined && !print) {
    throw usageError(
      'trigger needs a target: --to 3000 (or http://localhost:3000/webhooks), or --print to only show it',
    );
  }
  return {
    provider: args[0] ?? '',
    event: args[1] ?? '',
    target: to === undefined ? null : parseTarget(to, '--to'),
    secret: optionalString(raw.secret),
    sets: Array.isArray(raw.set) ? raw.set.map(String) : [],
    dataFile: optionalString(raw.data),
    print,
    json: raw.json === true,
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? '30s', '--timeout'),
    repeat: parseInteger(optionalString(raw.repeat) ?? '1', '--repeat', 1, 1000),
    intervalMs: raw.interval === undefined ? 0 : parseDuration(String(raw.interval), '--interval'),
    concurrency: parseInteger(optionalString(raw.concurrency) ?? '1', '--concurrency', 1, 100),
    retry: raw.retry === true,
    timeScale: parseTimeScale(optionalString(raw.timeScale) ?? '1'),
  };
}

function parseTimeScale(text: string): number {
  const value = /^\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw usageError(`--time-scale takes a positive number such as 0.01 (got "${text}")`);
  }
  return value;
}

async function readData(file: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read --data ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`--data ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(value)) throw usageError(`--data ${file} must hold a JSON object`);
  return value;
}

export async function run(args: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseTriggerOptions(args, raw);
  // No colour under CI either (most CI logs are not terminals, but some CI runners fake one).
  const plain = options.json || options.print || (Boolean(process.env.CI) && !('FORCE_COLOR' in process.env));
  const terminal = createTerminal({ json: plain });
  const built = await buildTrigger({
    provider: options.provider,
    event: options.event,
    secret: options.secret,
    sets: options.sets,
    data: options.dataFile === undefined ? undefined : await readData(options.dataFile),
    target: options.target ?? new URL('http://localhost/'),
    context: { now: Date.now, randomBytes },
    env: process.env,
  });
  const { request } = built;
  const url = request.origin + request.path;

  if (options.print) {
    if (options.json) {
      const headers = Object.fromEntries(request.headers);
      terminal.out(
        JSON.stringify({ method: request.method, url, headers, body: request.body.toString('utf8') }),
      );
    } else {
      process.stdout.write(serializeRequest(request));
      process.stdout.write('\n');
    }
    return ExitCode.ok;
  }

  const policy = deliveryPolicy(built.provider.name, built.provider.title);
  const deadlineMs = scaledDeadline(policy, options.timeScale);
  // With --retry the request is cut at the provider's deadline, as the provider cuts it.
  const timeoutMs = options.retry ? Math.min(options.timeoutMs, deadlineMs) : options.timeoutMs;
  const sender = await createSender({ timeoutMs, shortLived: true });
  const context = { now: Date.now, randomBytes };
  const single = options.repeat === 1 && !options.retry;
  const view = {
    terminal,
    policy,
    deadlineMs,
    url,
    single,
    retry: options.retry,
    provider: built.provider.name,
    event: built.event,
  };
  const summary = await runDeliveries({
    request,
    policy,
    options,
    world: {
      send: (outbound) => sender.send(outbound),
      sign: (headers) => built.provider.sign({ headers, body: request.body }, built.secret.secret, context),
      sleep: (ms) => {
        // Real schedules wait minutes to hours: say so, or a waiting run looks hung.
        if (!options.json && ms >= 1000)
          terminal.err(terminal.errColor.dim(`  waiting ${formatDuration(ms)}…`));
        return sleep(ms);
      },
    },
    onAttempt: (result) => (options.json ? renderJson(view, result) : renderLine(view, result)),
  }).finally(() => sender.close());
  if (!options.json) {
    if (!single) renderSummary(view, summary);
    if (built.secret.source === 'development') {
      terminal.err(
        terminal.color.dim(
          `  signed with ${built.secret.label}; pass --secret or set $${built.provider.secretEnv}`,
        ),
      );
    }
  }
  // Every delivery of the event must get through in the end (retries included).
  return summary.delivered === summary.repeat ? ExitCode.ok : ExitCode.failed;
}

interface View {
  terminal: Terminal;
  policy: DeliveryPolicy;
  deadlineMs: number;
  url: string;
  single: boolean;
  retry: boolean;
  provider: string;
  event: string;
}

/** "slower than Slack's 3 s deadline: Slack would retry with X-Slack-Retry-Reason: http_timeout". */
export function deadlineNote(
  policy: DeliveryPolicy,
  deadlineMs: number,
  result: AttemptResult,
): string | null {
  if (!result.overDeadline) return null;
  const scaled = deadlineMs === policy.deadlineMs ? '' : `, ${formatDuration(deadlineMs)} scaled`;
  return `slower than ${policy.title}'s ${policy.deadlineMs / 1000} s deadline${scaled}: ${policy.onFailure('http_timeout')}`;
}

function renderJson(view: View, result: AttemptResult): void {
  const line: Record<string, unknown> = {
    provider: view.provider,
    event: view.event,
    to: view.url,
    delivery: result.delivery,
    attempt: result.attempt,
    eventId: result.eventId,
    status: result.status,
    durationMs: result.durationMs,
    deadlineMs: view.deadlineMs,
    overDeadline: result.overDeadline,
    ok: result.ok,
    failure: result.failure,
    waitedMs: result.waitedMs,
    retryHeaders: Object.fromEntries(result.retryHeaders),
  };
  if (result.error !== undefined) line.error = result.error;
  view.terminal.out(JSON.stringify(line));
}

function renderLine(view: View, result: AttemptResult): void {
  const { terminal, policy } = view;
  const { color } = terminal;
  const status =
    result.status === null
      ? color.red(`✗ ${result.error}`)
      : statusColor(color, result.status)(String(result.status));
  const mark = result.ok ? color.green('✓') : color.red('✗');
  const duration = color.dim(formatDuration(result.durationMs));
  if (view.single) {
    terminal.out(`${mark} ${view.provider} ${color.bold(view.event)} → ${view.url} → ${status} ${duration}`);
  } else {
    if (result.delivery === 1 && result.attempt === 1) {
      const id = result.eventId === null ? '' : ` ${color.dim(`(id ${result.eventId})`)}`;
      terminal.out(`${view.provider} ${color.bold(view.event)} → ${view.url}${id}`);
    }
    const retry = result.retryHeaders.map(([name, value]) => `${name}: ${value}`).join(', ');
    const wait = result.waitedMs === 0 ? 'at once' : `after ${formatDuration(result.waitedMs)}`;
    const waited = result.retry > 0 ? color.dim(` ${wait}`) : '';
    terminal.out(
      `${mark} #${result.delivery} attempt ${result.attempt} → ${status} ${duration}${waited}${retry === '' ? '' : color.dim(`  ${retry}`)}`,
    );
  }
  const note = deadlineNote(policy, view.deadlineMs, result);
  if (note !== null) terminal.out(color.yellow(`  ${note}`));
  if (!result.ok && result.status !== null && result.body.length > 0) {
    terminal.out(color.dim(`  ${result.body.subarray(0, 500).toString('utf8').trim()}`));
  }
}

function renderSummary(view: View, summary: DeliveriesSummary): void {
  const { color } = view.terminal;
  const sent = summary.attempts.length;
  const succeeded = summary.attempts.filter((attempt) => attempt.ok).length;
  const late = summary.attempts.filter((attempt) => attempt.overDeadline).length;
  const parts = [
    `${sent} ${sent === 1 ? 'delivery' : 'deliveries'}`,
    color.green(`${succeeded} succeeded`),
    sent - succeeded > 0 ? color.red(`${sent - succeeded} failed`) : `${sent - succeeded} failed`,
  ];
  if (late > 0) parts.push(color.yellow(`${late} over ${view.policy.title}'s deadline`));
  if (summary.repeat > 1) parts.push(`${summary.delivered} of ${summary.repeat} events got through`);
  view.terminal.out(parts.join(', '));
  if (view.retry && view.policy.retryDelaysMs.length === 0 && summary.delivered < summary.repeat) {
    view.terminal.out(color.dim(`  ${view.policy.onFailure('http_error')}`));
  }
}
