import { randomBytes } from 'node:crypto';
import { prepareReplay } from '../core/send/replay.ts';
import { createSender } from '../http/client.ts';
import { ExitCode } from '../lib/errors.ts';
import { parseDuration } from '../lib/units.ts';
import { formatDuration } from '../output/format.ts';
import { statusColor } from '../output/request-line.ts';
import { createTerminal } from '../output/terminal.ts';
import { deliveryPolicy } from '../providers/delivery.ts';
import { openStoreFor, optionalString } from './common.ts';

export interface ReplayOptions {
  refs: string[];
  to: string | undefined;
  timeoutMs: number;
  json: boolean;
  /** `--resign`: sign again now, with `--secret` (or the provider's env variable / development secret). */
  resign: boolean;
  provider: string | undefined;
  secret: string | undefined;
}

export function parseReplayOptions(args: string[], raw: Record<string, unknown>): ReplayOptions {
  return {
    refs: args.length === 0 ? ['last'] : args,
    to: optionalString(raw.to),
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? '30s', '--timeout'),
    json: raw.json === true,
    resign: raw.resign === true,
    provider: optionalString(raw.provider),
    secret: optionalString(raw.secret),
  };
}

export async function run(args: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseReplayOptions(args, raw);
  const terminal = createTerminal({ json: options.json });
  const store = await openStoreFor(raw, terminal);
  // Resolve and build every request before sending any, so a bad id or target sends nothing.
  const ids = [];
  for (const ref of options.refs) ids.push(await store.resolve(ref));
  const requests = [];
  for (const id of ids) {
    const capture = await store.get(id);
    const { request, secret } = prepareReplay(capture, options, { now: Date.now, randomBytes }, process.env);
    if (secret?.source === 'development' && !options.json) {
      terminal.err(
        terminal.errColor.dim(`  re-signing ${id} with ${secret.label}; pass --secret for your app's`),
      );
    }
    requests.push({ id, request, provider: capture.provider });
  }

  const sender = await createSender({ timeoutMs: options.timeoutMs, shortLived: true });
  let failures = 0;
  try {
    for (const { id, request, provider } of requests) {
      const delivery = await sender.send(request);
      // The provider would have given up on a handler this slow: say so, as trigger does.
      const policy = provider === null ? null : deliveryPolicy(provider);
      const overDeadline = policy !== null && delivery.durationMs > policy.deadlineMs;
      const ok = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
      if (!ok) failures += 1;
      if (options.json) {
        const line: Record<string, unknown> = {
          id,
          to: delivery.url,
          status: delivery.status,
          durationMs: delivery.durationMs,
        };
        if (delivery.error !== undefined) line.error = delivery.error;
        if (policy !== null) Object.assign(line, { deadlineMs: policy.deadlineMs, overDeadline });
        terminal.out(JSON.stringify(line));
        continue;
      }
      const { color } = terminal;
      const status =
        delivery.status === null
          ? color.red(`✗ ${delivery.error}`)
          : statusColor(color, delivery.status)(`${delivery.status}`);
      terminal.out(
        `${ok ? color.green('✓') : color.red('✗')} ${request.method} ${delivery.url} → ${status} ${color.dim(
          `${formatDuration(delivery.durationMs)}  ${id}`,
        )}`,
      );
      if (overDeadline && policy !== null) {
        terminal.out(
          color.yellow(
            `  slower than ${policy.title}'s ${policy.deadlineMs / 1000} s deadline: ${policy.onFailure('http_timeout')}`,
          ),
        );
      }
    }
  } finally {
    await sender.close();
  }
  return failures === 0 ? ExitCode.ok : ExitCode.failed;
}
