import { randomBytes } from 'node:crypto';
import { prepareReplay } from '../core/send/index.ts';
import type { CaptureStore } from '../core/store/index.ts';
import { summarize } from '../core/types.ts';
import type { Sender } from '../http/client.ts';
import type { HeaderPair } from '../http/headers.ts';
import { HookctlError } from '../lib/errors.ts';
import { allProviders, detectProvider } from '../providers/registry.ts';
import type { LiveFeed } from './live.ts';

export function providerList(): Array<{ name: string; title: string }> {
  return allProviders().map(({ name, title }) => ({ name, title }));
}

interface ReplayInput {
  to?: unknown;
  headers?: unknown;
  bodyBase64?: unknown;
  resign?: unknown;
  provider?: unknown;
  secret?: unknown;
}

function isHeaderPairs(value: unknown): value is HeaderPair[] {
  return (
    Array.isArray(value) &&
    value.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === 'string' &&
        typeof pair[1] === 'string',
    )
  );
}

/**
 * The inspector's "replay" and "edit and replay": sends the capture (or its edited copy, re-signed if
 * asked), stores what was sent as a new capture linked to the original, and tells the live feed.
 */
export async function replayFromInspector(
  {
    store,
    sender,
    live,
    env,
  }: { store: CaptureStore; sender: Sender; live: LiveFeed; env: NodeJS.ProcessEnv },
  id: string,
  input: ReplayInput,
): Promise<Record<string, unknown>> {
  const original = await store.get(await store.resolve(id));
  if (input.headers !== undefined && !isHeaderPairs(input.headers)) {
    throw new HookctlError('headers must be [[name, value], …]', { exitCode: 2 });
  }
  const { request, target } = prepareReplay(
    original,
    {
      to: typeof input.to === 'string' && input.to.trim() !== '' ? input.to : undefined,
      headers: input.headers as HeaderPair[] | undefined,
      body: typeof input.bodyBase64 === 'string' ? Buffer.from(input.bodyBase64, 'base64') : undefined,
      resign: input.resign === true,
      provider: typeof input.provider === 'string' && input.provider !== '' ? input.provider : undefined,
      secret: typeof input.secret === 'string' && input.secret !== '' ? input.secret : undefined,
    },
    { now: Date.now, randomBytes },
    env,
  );
  const detection = detectProvider({ headers: request.headers, body: request.body });
  const pending = await store.begin(
    {
      receivedAt: new Date().toISOString(),
      method: request.method,
      path: original.path,
      httpVersion: '1.1',
      headers: request.headers,
      remoteAddress: null,
      provider: detection?.provider ?? null,
      event: detection?.event ?? null,
      signature: 'unchecked',
      size: request.body.length,
      forwardTo: target.href,
      replayOf: original.id,
    },
    request.body,
  );
  const delivery = await sender.send(request);
  await pending.finish(delivery);
  live.publish(summarize(pending.meta, delivery));
  const result: Record<string, unknown> = {
    id: pending.id,
    replayOf: original.id,
    to: delivery.url,
    status: delivery.status,
    durationMs: delivery.durationMs,
  };
  if (delivery.error !== undefined) result.error = delivery.error;
  return result;
}
