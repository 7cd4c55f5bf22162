import type { OutboundRequest } from '../../http/client.ts';
import type { HeaderPair } from '../../http/headers.ts';
import { usageError } from '../../lib/errors.ts';
import { applySet } from '../../lib/json-path.ts';
import { closest } from '../../lib/suggest.ts';
import { findProviderOrThrow } from '../../providers/lookup.ts';
import type { JsonObject } from '../../providers/parse.ts';
import { type PrivateKeyFile, type ResolvedSecret, resolveSigningSecret } from '../../providers/secret.ts';
import type { Provider, ProviderContext } from '../../providers/types.ts';

export interface TriggerInput {
  provider: string;
  event: string;
  /** `--secret`; the provider's environment variable and development secret are the fallbacks. */
  secret: string | undefined;
  /** `--private-key FILE`, read: signs for asymmetric schemes instead of the development key. */
  privateKey?: PrivateKeyFile | undefined;
  /** `--set path=value`, applied in order. */
  sets: readonly string[];
  /** `--data FILE`, parsed: replaces the built-in template. */
  data: JsonObject | undefined;
  /** Where it goes; `--print` without `--to` shows it aimed at http://localhost/. */
  target: URL;
  /** `--public-url`: the URL the provider would have called, which URL-signing schemes sign; default `target`. */
  publicUrl?: URL | undefined;
  context: ProviderContext;
  env: NodeJS.ProcessEnv;
}

export interface BuiltTrigger {
  provider: Provider;
  event: string;
  secret: ResolvedSecret;
  request: OutboundRequest;
  /** The URL that was signed (`--public-url`, else the target), for signing again on a retry. */
  signedUrl: string;
  /** The request's headers before signing (Host, the delivery headers, Content-Length): `check`'s `unsigned`. */
  unsignedHeaders: HeaderPair[];
}

/**
 * Builds the signed request `trigger` sends: template → fresh ids → `--set` → the provider's own encoding →
 * signature. Nothing is sent here, so `--print` shows exactly what would go on the wire.
 */
export async function buildTrigger(input: TriggerInput): Promise<BuiltTrigger> {
  const provider = findProviderOrThrow(input.provider);
  const payload = await provider.payload(input.event, input.context, input.data);
  if (payload === null) {
    const known = (await provider.fixtures()).map((fixture) => fixture.event);
    const hints = closest(input.event, known);
    const hint =
      hints.length > 0 ? `did you mean ${hints.join(', ')}?` : `see \`hookctl fixtures ${provider.name}\``;
    throw usageError(`unknown ${provider.title} event "${input.event}": ${hint}`, 'EUNKNOWNEVENT');
  }
  for (const assignment of input.sets) applySet(payload, assignment);
  const unsigned = provider.encode(input.event, payload, input.context);
  unsigned.method = 'POST';
  unsigned.url = (input.publicUrl ?? input.target).href;
  const secret = resolveSigningSecret(provider, input, input.env);
  const signed = provider.sign(unsigned, secret.secret, input.context);
  const path = input.target.pathname + input.target.search;
  // Host and Content-Length are written out so that `--print` shows every header that is sent.
  const host: HeaderPair = ['Host', input.target.host];
  const length: HeaderPair = ['Content-Length', String(unsigned.body.length)];
  return {
    provider,
    event: input.event,
    secret,
    signedUrl: unsigned.url,
    unsignedHeaders: [host, ...unsigned.headers, length],
    request: {
      method: 'POST',
      origin: input.target.origin,
      path,
      headers: [host, ...signed, length],
      body: unsigned.body,
    },
  };
}

/**
 * `headers` (a built request's, perhaps with retry headers) signed again as of `context.now`: what repeats,
 * retries, scenarios and `check` send. The signature headers are replaced in place, so Host stays first and
 * Content-Length last; `body` and `secret` default to the built request's.
 */
export function signAgain(
  built: BuiltTrigger,
  headers: readonly HeaderPair[],
  context: ProviderContext,
  changes: { body?: Buffer; secret?: string } = {},
): HeaderPair[] {
  const { request } = built;
  return built.provider.sign(
    {
      headers: [...headers],
      body: changes.body ?? request.body,
      method: request.method,
      url: built.signedUrl,
    },
    changes.secret ?? built.secret.secret,
    context,
  );
}

/** The request as HTTP/1.1 text, byte for byte as it is sent (`trigger --print`). */
export function serializeRequest(request: OutboundRequest): Buffer {
  const head = [
    `${request.method} ${request.path} HTTP/1.1`,
    ...request.headers.map(([n, v]) => `${n}: ${v}`),
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]);
}
