import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ExitCode, usageError } from '../core/errors.ts';
import { createSender } from '../core/forward.ts';
import { parseTarget } from '../core/target.ts';
import { buildTrigger, serializeRequest } from '../core/trigger.ts';
import { parseDuration } from '../core/units.ts';
import { formatDuration } from '../output/format.ts';
import { statusColor } from '../output/request-line.ts';
import { createTerminal } from '../output/terminal.ts';
import { isJsonObject, type JsonObject } from '../providers/headers.ts';
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
  };
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
  const terminal = createTerminal({ json: options.json || options.print });
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

  const sender = await createSender({ timeoutMs: options.timeoutMs, shortLived: true });
  const delivery = await sender.send(request).finally(() => sender.close());
  const ok = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
  if (options.json) {
    const line: Record<string, unknown> = {
      provider: built.provider.name,
      event: built.event,
      to: url,
      status: delivery.status,
      durationMs: delivery.durationMs,
    };
    if (delivery.error !== undefined) line.error = delivery.error;
    terminal.out(JSON.stringify(line));
  } else {
    const { color } = terminal;
    const status =
      delivery.status === null
        ? color.red(`✗ ${delivery.error}`)
        : statusColor(color, delivery.status)(String(delivery.status));
    terminal.out(
      `${ok ? color.green('✓') : color.red('✗')} ${built.provider.name} ${color.bold(built.event)} → ${url} → ${status} ${color.dim(formatDuration(delivery.durationMs))}`,
    );
    if (built.secret.source === 'development') {
      terminal.err(
        color.dim(`  signed with ${built.secret.label}; pass --secret or set $${built.provider.secretEnv}`),
      );
    }
    if (!ok && delivery.status !== null && delivery.body.length > 0) {
      terminal.out(color.dim(`  ${delivery.body.subarray(0, 500).toString('utf8').trim()}`));
    }
  }
  return ok ? ExitCode.ok : ExitCode.failed;
}
