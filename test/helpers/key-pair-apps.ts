import { EventWebhook, EventWebhookHeader } from '@sendgrid/eventwebhook';
import {
  InteractionResponseType,
  InteractionType,
  verifyKeyMiddleware,
  verifyWebhookEventMiddleware,
} from 'discord-interactions';
import express from 'express';
import { startServer } from './app.ts';
import type { Received } from './apps.ts';
import type { Scope } from './scope.ts';

export interface KeyPairApp {
  url: string;
  received: Received[];
}

const INTERACTION_NAMES: Record<number, string> = {
  [InteractionType.APPLICATION_COMMAND]: 'APPLICATION_COMMAND',
  [InteractionType.MESSAGE_COMPONENT]: 'MESSAGE_COMPONENT',
  [InteractionType.APPLICATION_COMMAND_AUTOCOMPLETE]: 'APPLICATION_COMMAND_AUTOCOMPLETE',
  [InteractionType.MODAL_SUBMIT]: 'MODAL_SUBMIT',
};

/**
 * A handler for each key-pair provider, written as its docs say: discord-interactions' middlewares on
 * `/interactions` (which answers PING itself) and `/events`, and SendGrid's EventWebhook over express.raw
 * on `/sendgrid`. Each is configured with the public key given, as an app reads it from its environment.
 */
export async function startKeyPairApp(
  scope: Scope,
  keys: { discord: string; sendgrid: string },
): Promise<KeyPairApp> {
  const received: Received[] = [];
  const app = express();

  // https://github.com/discord/discord-interactions-js#usage
  app.post('/interactions', verifyKeyMiddleware(keys.discord), (req, res) => {
    const interaction = req.body as { type: number };
    received.push({
      provider: 'discord',
      event: INTERACTION_NAMES[interaction.type] ?? String(interaction.type),
    });
    res.send({ type: InteractionResponseType.CHANNEL_MESSAGE_WITH_SOURCE, data: { content: 'Deploying…' } });
  });
  // The middleware answers 204 itself, then hands the event on.
  app.post('/events', verifyWebhookEventMiddleware(keys.discord), (req) => {
    const body = req.body as { event?: { type: string } };
    received.push({ provider: 'discord', event: body.event?.type ?? 'PING' });
  });

  // https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features#verify-the-signature
  const webhook = new EventWebhook();
  const publicKey = webhook.convertPublicKeyToECDSA(keys.sendgrid);
  app.post('/sendgrid', express.raw({ type: 'application/json' }), (req, res) => {
    const signature = req.get(EventWebhookHeader.SIGNATURE()) ?? '';
    const timestamp = req.get(EventWebhookHeader.TIMESTAMP()) ?? '';
    if (!webhook.verifySignature(publicKey, req.body as Buffer, signature, timestamp)) {
      res.status(403).send('invalid signature');
      return;
    }
    for (const event of JSON.parse((req.body as Buffer).toString('utf8')) as Array<{ event: string }>) {
      received.push({ provider: 'sendgrid', event: event.event });
    }
    res.status(200).end();
  });

  const server = await startServer(scope, app);
  return { url: server.url, received };
}
