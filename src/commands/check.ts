import { writeFile } from 'node:fs/promises';
import { type CheckOptions, runChecks } from '../core/check/index.ts';
import { createSender } from '../http/client.ts';
import { joinTargetPath, parseTarget } from '../http/target.ts';
import { ExitCode, usageError } from '../lib/errors.ts';
import { parseDuration, parseTimeScale } from '../lib/units.ts';
import { checkJunit, createCheckView } from '../output/check-view.ts';
import { optionalString, readPrivateKey, useProviderFiles } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import { parseTlsFlags, senderTrust, type TlsFlags } from './tls-flags.ts';
import type { World } from './world.ts';

const list = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '')
    : undefined;

/** `check`'s flags as typed options; the target with `--path` joined on. */
export function parseCheckOptions(
  args: string[],
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Omit<CheckOptions, 'privateKey'> & {
  timeoutMs: number;
  junit: string | undefined;
  json: boolean;
  tls: TlsFlags;
} {
  const to = optionalString(raw.to);
  if (to === undefined) throw usageError('check needs the webhook endpoint: --to 3000/webhooks (or a URL)');
  const base = parseTarget(to, '--to');
  const path = optionalString(raw.path);
  const target =
    path === undefined
      ? base
      : new URL(joinTargetPath(base, path.startsWith('/') ? path : `/${path}`), base.origin);
  return {
    provider: args[0] ?? '',
    to: target,
    event: optionalString(raw.event),
    secret: optionalString(raw.secret),
    publicUrl: raw.publicUrl === undefined ? undefined : parseTarget(String(raw.publicUrl), '--public-url'),
    only: list(raw.only),
    skip: list(raw.skip),
    timeScale: parseTimeScale(optionalString(raw.timeScale) ?? DEFAULTS.timeScale),
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? DEFAULTS.timeout, '--timeout'),
    junit: optionalString(raw.junit),
    json: raw.json === true,
    tls: parseTlsFlags(raw),
    env,
  };
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const options = parseCheckOptions(args, raw, world.env);
  const privateKey = await readPrivateKey(raw.privateKey);
  const trust = await senderTrust(options.tls);
  const terminal = world.terminal({ json: options.json });
  const view = createCheckView(terminal, options.json);
  const sender = await createSender({ timeoutMs: options.timeoutMs, shortLived: true, ...trust });
  if (!options.json)
    terminal.err(
      terminal.errColor.dim(`checking ${options.provider} deliveries against ${options.to.href}…`),
    );
  const report = await runChecks(
    { ...options, privateKey },
    {
      send: (request) => sender.send(request),
      context: { now: world.now, randomBytes: world.randomBytes },
      onResult: (result) => view.result(result),
    },
  ).finally(() => sender.close());
  view.done(report);
  if (options.junit !== undefined) {
    try {
      await writeFile(options.junit, checkJunit(report));
    } catch (error) {
      throw usageError(
        `cannot write --junit ${options.junit}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  return report.failed === 0 ? ExitCode.ok : ExitCode.failed;
}
