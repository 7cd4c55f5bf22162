import { arrivalUrl } from '../http/headers.ts';
import { joinTargetPath, parseTarget } from '../http/target.ts';
import { ExitCode } from '../lib/errors.ts';
import { providerFor } from '../providers/lookup.ts';
import { resolveSecret } from '../providers/secret.ts';
import { describeAge } from '../providers/signing.ts';
import type { InboundRequest } from '../providers/types.ts';
import { openStoreFor, optionalString, useProviderFiles } from './common.ts';
import type { World } from './world.ts';

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const json = raw.json === true;
  const terminal = world.terminal({ json });
  const store = await openStoreFor(raw, terminal, world);
  const capture = await store.get(await store.resolve(args[0] ?? 'last'));
  const provider = providerFor(capture, optionalString(raw.provider));
  const secret = resolveSecret(provider, optionalString(raw.secret), world.env);
  // Judged as of arrival: the question is why the app accepted or rejected this delivery.
  const arrivedAt = Date.parse(capture.receivedAt);
  const publicUrl = optionalString(raw.publicUrl);
  const arrival = arrivalUrl(capture.headers, capture.path);
  // What the app behind listen saw: the URL an app behind a tunnel wrongly checks a signature against.
  const forwarded =
    capture.forwardTo === null
      ? []
      : [new URL(joinTargetPath(new URL(capture.forwardTo), capture.path), capture.forwardTo).href];
  const request: InboundRequest = {
    headers: capture.headers,
    body: capture.body,
    method: capture.method,
    // URL-signing schemes: the URL the provider called, else the one the capture arrived at.
    url: publicUrl === undefined ? arrival : parseTarget(publicUrl, '--public-url').href,
    otherUrls: [arrival, ...forwarded],
  };
  const verdict = provider.verify(request, secret.secret, arrivedAt);
  const staleNow =
    verdict.valid && provider.toleranceSeconds !== null
      ? !provider.verify(request, secret.secret, world.now()).valid
      : false;

  if (json) {
    const result: Record<string, unknown> = { id: capture.id, provider: provider.name, valid: verdict.valid };
    if (!verdict.valid) Object.assign(result, { reason: verdict.reason, message: verdict.message });
    else if (verdict.note !== undefined) result.message = verdict.note;
    if (staleNow) result.staleNow = true;
    terminal.out(JSON.stringify(result));
  } else {
    const { color } = terminal;
    if (verdict.valid) {
      terminal.out(
        `${color.green('✓')} valid ${provider.title} signature on ${capture.id} (checked with ${secret.label})`,
      );
      if (verdict.note !== undefined) terminal.out(color.yellow(`  ${verdict.note}`));
      if (staleNow) {
        const age = describeAge((world.now() - arrivedAt) / 1000);
        terminal.out(
          color.yellow(
            `  It arrived ${age} ago: ${provider.title} rejects signatures older than ${describeAge(provider.toleranceSeconds ?? 0)}, ${
              provider.timestampInBody
                ? `and the timestamp is in the signed body, which --resign cannot refresh: send a fresh one with \`hookctl trigger ${provider.name}\`.`
                : 'so replay it with --resign.'
            }`,
          ),
        );
      }
    } else {
      terminal.out(
        `${color.red('✗')} invalid ${provider.title} signature on ${capture.id}: ${verdict.message}`,
      );
      terminal.out(color.dim(`  reason: ${verdict.reason} · checked with ${secret.label}`));
    }
  }
  return verdict.valid ? ExitCode.ok : ExitCode.failed;
}
