import type { OutboundRequest } from '../../http/client.ts';
import type { HeaderPair } from '../../http/headers.ts';
import { joinTargetPath, parseTarget } from '../../http/target.ts';
import { usageError } from '../../lib/errors.ts';
import { providerFor } from '../../providers/lookup.ts';
import { type PrivateKeyFile, type ResolvedSecret, resolveSigningSecret } from '../../providers/secret.ts';
import type { ProviderContext } from '../../providers/types.ts';
import type { Capture } from '../types.ts';

/** Where a replay goes: `--to`, else the forward base URL the capture arrived under. */
export function replayTarget(capture: Capture, to: string | undefined): URL {
  if (to !== undefined) return parseTarget(to, '--to');
  if (capture.forwardTo === null) {
    throw usageError(`capture ${capture.id} was not forwarded anywhere: pass a target, e.g. --to 3000`);
  }
  return new URL(capture.forwardTo);
}

/** The same method, path, query, headers and body bytes as captured, aimed at `target`. */
export function buildReplay(capture: Capture, target: URL): OutboundRequest {
  return {
    method: capture.method,
    origin: target.origin,
    path: joinTargetPath(target, capture.path),
    headers: capture.headers.map(([name, value]) => [name, value]),
    body: capture.body,
  };
}

export interface ReplayChanges {
  /** A port, host:port or URL; default: where the capture was forwarded. */
  to?: string | undefined;
  /** Replaces the captured headers (the inspector's "edit and replay"). */
  headers?: HeaderPair[] | undefined;
  /** Replaces the captured body. */
  body?: Buffer | undefined;
  /** Sign again now (Stripe and Slack reject signatures older than five minutes). */
  resign?: boolean | undefined;
  provider?: string | undefined;
  secret?: string | undefined;
  /** `--private-key FILE`, read: what re-signs for asymmetric schemes (else the development key). */
  privateKey?: PrivateKeyFile | undefined;
  /**
   * `--public-url`: the base URL the provider called, which URL-signing schemes sign (the captured path and
   * query are appended, as to the target); default the target.
   */
  publicUrl?: string | undefined;
}

/**
 * The request a replay sends: the capture's bytes, or edited ones, optionally re-signed over the bytes
 * that go out. Returns the secret used when re-signing, so callers can say which.
 */
export function prepareReplay(
  capture: Capture,
  changes: ReplayChanges,
  context: ProviderContext,
  env: NodeJS.ProcessEnv,
): { request: OutboundRequest; target: URL; secret: ResolvedSecret | null } {
  const target = replayTarget(capture, changes.to);
  const request = buildReplay(capture, target);
  if (changes.headers !== undefined) request.headers = changes.headers.map(([name, value]) => [name, value]);
  if (changes.body !== undefined) request.body = changes.body;
  // An edited body keeps the request well-formed: a stale Content-Length would be refused by the sender.
  if (changes.body !== undefined || changes.headers !== undefined) {
    request.headers = request.headers.map(([name, value]) =>
      name.toLowerCase() === 'content-length' ? [name, String(request.body.length)] : [name, value],
    );
  }
  if (!changes.resign) return { request, target, secret: null };
  const provider = providerFor(capture, changes.provider);
  const secret = resolveSigningSecret(provider, changes, env);
  const signedBase =
    changes.publicUrl === undefined ? target : parseTarget(changes.publicUrl, '--public-url');
  const url = new URL(joinTargetPath(signedBase, capture.path), signedBase.origin).href;
  request.headers = provider.sign(
    { headers: request.headers, body: request.body, method: request.method, url },
    secret.secret,
    context,
  );
  return { request, target, secret };
}
