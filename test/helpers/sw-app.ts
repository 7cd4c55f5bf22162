import express from 'express';
import { startServer } from './app.ts';
import type { Received } from './apps.ts';
import type { Scope } from './scope.ts';
import { oracles } from './sw-oracles.ts';

export interface SenderApp {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * A stand-in app with one route a sender (`/svix`, `/resend`, `/clerk`, `/openai`), each verifying the raw
 * body with that sender's own SDK as its docs show (test/helpers/sw-oracles.ts): 204 and the event
 * recorded when the SDK accepts, 400 when it refuses.
 */
export async function startSenderApp(
  scope: Scope,
  secrets: Record<keyof typeof oracles, string>,
): Promise<SenderApp> {
  const received: Received[] = [];
  const app = express();
  for (const [name, oracle] of Object.entries(oracles)) {
    app.post(`/${name}`, express.raw({ type: '*/*' }), async (req, res) => {
      const headers = Object.entries(req.headers).flatMap(
        ([key, value]): Array<[string, string]> =>
          value === undefined ? [] : [[key, Array.isArray(value) ? value.join(', ') : value]],
      );
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!(await oracle({ headers, body }, secrets[name as keyof typeof oracles]))) {
        res.status(400).end();
        return;
      }
      received.push({ provider: name, event: String(JSON.parse(body.toString('utf8')).type) });
      res.status(204).end();
    });
  }
  const server = await startServer(scope, app);
  return { url: server.url, received, close: server.close };
}
