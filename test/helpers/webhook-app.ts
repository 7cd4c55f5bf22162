import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import Stripe from 'stripe';

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

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const index = arrivals.length;
      const eventId = verify(req.headers, body);
      arrivals.push({ at: performance.now(), headers: req.headers, body, eventId });
      if (eventId !== null) sideEffects.set(eventId, (sideEffects.get(eventId) ?? 0) + 1);
      const answer = () => {
        if (res.destroyed) return;
        res.statusCode = eventId === null ? 400 : (behaviour.status?.(index) ?? 200);
        res.end(eventId === null ? 'bad signature' : 'ok');
      };
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    sideEffects,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
