import type { IncomingHttpHeaders } from 'node:http';
import { verifySlackRequest } from '@slack/bolt';
import Stripe from 'stripe';
import { type Reply, startApp } from './app.ts';
import type { Scope } from './scope.ts';

export interface Arrival {
  /** performance.now() when the request's body had arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The id the handler keyed its side effect on (null when the signature did not verify). */
  eventId: string | null;
}

export interface Behaviour {
  /** Answer status for the n-th request (0-based). */
  status?: (index: number) => number;
  /** How long the handler works before answering. */
  delayMs?: number;
}

/**
 * A deliberately non-idempotent webhook handler, as many real ones start out: it verifies the signature
 * with the provider's own SDK, then performs its side effect once per request, not once per event id. So
 * `sideEffects.get(id)` counts how many times a duplicate delivery charged the customer twice.
 */
export async function startNaiveApp(
  scope: Scope,
  provider: 'stripe' | 'slack',
  secret: string,
  behaviour: Behaviour = {},
): Promise<{
  url: string;
  arrivals: Arrival[];
  sideEffects: Map<string, number>;
  close(): Promise<void>;
}> {
  const stripe = new Stripe('sk_test_hookctl');
  const arrivals: Arrival[] = [];
  const sideEffects = new Map<string, number>();

  function verify(headers: IncomingHttpHeaders, body: Buffer): string | null {
    try {
      if (provider === 'stripe') {
        return stripe.webhooks.constructEvent(body, headers['stripe-signature'] as string, secret).id;
      }
      verifySlackRequest({
        signingSecret: secret,
        body: body.toString('utf8'),
        headers: {
          'x-slack-signature': headers['x-slack-signature'] as string,
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
      return (JSON.parse(body.toString('utf8')) as { event_id: string }).event_id;
    } catch {
      return null;
    }
  }

  const app = await startApp(scope, (request) => {
    const eventId = verify(request.headers, request.body);
    arrivals.push({ at: request.at, headers: request.headers, body: request.body, eventId });
    if (eventId !== null) sideEffects.set(eventId, (sideEffects.get(eventId) ?? 0) + 1);
    const reply: Reply = {
      status: eventId === null ? 400 : (behaviour.status?.(request.index) ?? 200),
      headers: [],
      body: eventId === null ? 'bad signature' : 'ok',
    };
    if (!behaviour.delayMs) return reply;
    return new Promise<Reply>((resolve) => setTimeout(() => resolve(reply), behaviour.delayMs));
  });
  return { url: app.url, arrivals, sideEffects, close: app.close };
}
