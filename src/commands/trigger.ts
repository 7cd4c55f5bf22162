import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  buildTrigger,
  runDeliveries,
  scaledDeadline,
  serializeRequest,
  signAgain,
} from '../core/send/index.ts';
import { createSender } from '../http/client.ts';
import { parseTarget } from '../http/target.ts';
import { ExitCode, usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger, parseTimeScale } from '../lib/units.ts';
import { createTriggerView } from '../output/delivery-view.ts';
import { isJsonObject, type JsonObject } from '../providers/parse.ts';
import { optionalString, readPrivateKey, useProviderFiles } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import { parseTlsFlags, senderTrust, type TlsFlags } from './tls-flags.ts';
import type { World } from './world.ts';

export interface TriggerOptions {
  provider: string;
  event: string;
  target: URL | null;
  /** `--public-url`: the URL URL-signing schemes sign (Twilio, Square, HubSpot); default the target. */
  publicUrl: URL | undefined;
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
  /** `--insecure` / `--ca FILE` for an HTTPS target. */
  tls: TlsFlags;
}

/** `--to`, else `$HOOKCTL_TRIGGER_TO` (so a CI job can set the endpoint once). */
export function parseTriggerOptions(
  args: string[],
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
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
    publicUrl: raw.publicUrl === undefined ? undefined : parseTarget(String(raw.publicUrl), '--public-url'),
    secret: optionalString(raw.secret),
    sets: Array.isArray(raw.set) ? raw.set.map(String) : [],
    dataFile: optionalString(raw.data),
    print,
    json: raw.json === true,
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? DEFAULTS.timeout, '--timeout'),
    repeat: parseInteger(optionalString(raw.repeat) ?? DEFAULTS.repeat, '--repeat', 1, 1000),
    intervalMs: raw.interval === undefined ? 0 : parseDuration(String(raw.interval), '--interval'),
    concurrency: parseInteger(
      optionalString(raw.concurrency) ?? DEFAULTS.concurrency,
      '--concurrency',
      1,
      100,
    ),
    retry: raw.retry === true,
    timeScale: parseTimeScale(optionalString(raw.timeScale) ?? DEFAULTS.timeScale),
    tls: parseTlsFlags(raw),
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

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const options = parseTriggerOptions(args, raw, world.env);
  // No colour under CI either (most CI logs are not terminals, but some CI runners fake one).
  const plain = options.json || options.print || (Boolean(world.env.CI) && !('FORCE_COLOR' in world.env));
  const terminal = world.terminal({ json: plain });
  const context = { now: world.now, randomBytes: world.randomBytes };
  const built = await buildTrigger({
    provider: options.provider,
    event: options.event,
    secret: options.secret,
    privateKey: await readPrivateKey(raw.privateKey),
    sets: options.sets,
    data: options.dataFile === undefined ? undefined : await readData(options.dataFile),
    target: options.target ?? new URL('http://localhost/'),
    publicUrl: options.publicUrl,
    context,
    env: world.env,
  });
  const { request } = built;
  const url = request.origin + request.path;

  if (options.print) {
    if (options.json) {
      const headers = Object.fromEntries(request.headers);
      // A body that is not UTF-8 would not survive a JSON string: it is given as base64 instead.
      const text = request.body.toString('utf8');
      const body = Buffer.from(text, 'utf8').equals(request.body)
        ? { body: text }
        : { bodyBase64: request.body.toString('base64') };
      terminal.out(JSON.stringify({ method: request.method, url, headers, ...body }));
    } else {
      world.stdout.write(serializeRequest(request));
      world.stdout.write('\n');
    }
    return ExitCode.ok;
  }

  const policy = built.provider.delivery;
  const deadlineMs = scaledDeadline(policy, options.timeScale);
  // With --retry the request is cut at the provider's deadline, as the provider cuts it.
  const timeoutMs = options.retry ? Math.min(options.timeoutMs, deadlineMs) : options.timeoutMs;
  const sender = await createSender({ timeoutMs, shortLived: true, ...(await senderTrust(options.tls)) });
  const single = options.repeat === 1 && !options.retry;
  const view = createTriggerView(
    terminal,
    {
      policy,
      deadlineMs,
      url,
      single,
      retry: options.retry,
      provider: built.provider.name,
      event: built.event,
    },
    options.json,
  );
  const summary = await runDeliveries({
    request,
    policy,
    options,
    world: {
      send: (outbound) => sender.send(outbound),
      sign: (headers) => signAgain(built, headers, context),
      sleep: (ms) => {
        view.waiting(ms);
        return sleep(ms);
      },
    },
    onAttempt: (result) => view.attempt(result),
  }).finally(() => sender.close());
  view.summary(summary);
  if (!options.json && built.secret.source === 'development') {
    terminal.err(
      terminal.color.dim(
        built.provider.keys === undefined
          ? `  signed with ${built.secret.label}; pass --secret or set $${built.provider.secretEnv}`
          : `  signed with ${built.secret.label}; pass --private-key FILE to sign with yours`,
      ),
    );
  }
  // Every delivery of the event must get through in the end (retries included).
  return summary.delivered === summary.repeat ? ExitCode.ok : ExitCode.failed;
}
