import { prepareReplay } from '../core/send/index.ts';
import { createSender } from '../http/client.ts';
import { ExitCode } from '../lib/errors.ts';
import { parseDuration } from '../lib/units.ts';
import { renderReplay } from '../output/delivery-view.ts';
import { findProvider } from '../providers/registry.ts';
import { openStoreFor, optionalString, readPrivateKey, useProviderFiles } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import { parseTlsFlags, senderTrust, type TlsFlags } from './tls-flags.ts';
import type { World } from './world.ts';

export interface ReplayOptions {
  refs: string[];
  to: string | undefined;
  timeoutMs: number;
  json: boolean;
  /** `--resign`: sign again now, with `--secret` (or the provider's env variable / development secret). */
  resign: boolean;
  provider: string | undefined;
  secret: string | undefined;
  publicUrl: string | undefined;
  /** `--insecure` / `--ca FILE` for an HTTPS target. */
  tls: TlsFlags;
}

export function parseReplayOptions(args: string[], raw: Record<string, unknown>): ReplayOptions {
  return {
    refs: args.length === 0 ? ['last'] : args,
    to: optionalString(raw.to),
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? DEFAULTS.timeout, '--timeout'),
    json: raw.json === true,
    resign: raw.resign === true,
    provider: optionalString(raw.provider),
    secret: optionalString(raw.secret),
    publicUrl: optionalString(raw.publicUrl),
    tls: parseTlsFlags(raw),
  };
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const options = parseReplayOptions(args, raw);
  const terminal = world.terminal({ json: options.json });
  const store = await openStoreFor(raw, terminal, world);
  const context = { now: world.now, randomBytes: world.randomBytes };
  const privateKey = await readPrivateKey(raw.privateKey);
  const trust = await senderTrust(options.tls);
  // Resolve and build every request before sending any, so a bad id or target sends nothing.
  const ids = [];
  for (const ref of options.refs) ids.push(await store.resolve(ref));
  const requests = [];
  for (const id of ids) {
    const capture = await store.get(id);
    const policy = capture.provider === null ? null : (findProvider(capture.provider)?.delivery ?? null);
    // A fan-out route's capture goes where the route sent it: its first target, then each other one.
    const fanOut = options.to === undefined ? (capture.forwardAlso ?? []) : [];
    for (const to of [options.to, ...fanOut]) {
      const { request, secret } = prepareReplay(capture, { ...options, to, privateKey }, context, world.env);
      if (secret?.source === 'development' && !options.json && to === options.to) {
        terminal.err(
          terminal.errColor.dim(
            `  re-signing ${id} with ${secret.label}; pass ${secret.flag} for your app's`,
          ),
        );
      }
      requests.push({ id, request, policy });
    }
  }

  const sender = await createSender({ timeoutMs: options.timeoutMs, shortLived: true, ...trust });
  let failures = 0;
  try {
    for (const { id, request, policy } of requests) {
      const delivery = await sender.send(request);
      if (delivery.status === null || delivery.status < 200 || delivery.status >= 300) failures += 1;
      renderReplay(terminal, options.json, { id, request, delivery, policy });
    }
  } finally {
    await sender.close();
  }
  return failures === 0 ? ExitCode.ok : ExitCode.failed;
}
