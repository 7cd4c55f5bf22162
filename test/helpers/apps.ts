import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { startServer } from './app.ts';
import type { Scope } from './scope.ts';

export interface Received {
  provider: string;
  event: string;
}

export interface ProviderApp {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/**
 * A small app written the way each provider's docs tell users to write their handler: Stripe's
 * constructEvent over express.raw, Octokit's node middleware, a Bolt app on an ExpressReceiver, and
 * Standard Webhooks' verify over the raw body. Whatever it accepts lands in `received`.
 */
export async function startProviderApp(
  scope: Scope,
  secrets: {
    stripe: string;
    github: string;
    slack: string;
    standardWebhooks: string;
  },
): Promise<ProviderApp> {
  const received: Received[] = [];
  const stripe = new Stripe('sk_test_hookctl');

  // https://docs.stripe.com/webhooks/quickstart
  const app = express();
  app.post('/stripe', express.raw({ type: 'application/json' }), (req, res) => {
    try {
      const event = stripe.webhooks.constructEvent(
        req.body,
        req.headers['stripe-signature'] as string,
        secrets.stripe,
      );
      received.push({ provider: 'stripe', event: event.type });
      res.json({ received: true });
    } catch (error) {
      res.status(400).send(`Webhook Error: ${(error as Error).message}`);
    }
  });

  // https://github.com/octokit/webhooks.js#createnodemiddleware
  const webhooks = new Webhooks({ secret: secrets.github });
  webhooks.onAny(({ name, payload }) => {
    const action = (payload as { action?: string }).action;
    received.push({ provider: 'github', event: action ? `${name}.${action}` : name });
  });
  app.use(createNodeMiddleware(webhooks, { path: '/github' }));

  // https://tools.slack.dev/bolt-js/concepts/receiver
  const receiver = new ExpressReceiver({ signingSecret: secrets.slack, endpoints: '/slack/events' });
  // The app's own ids as the fixtures name them: given here, Bolt does not call auth.test over the network.
  const bolt = new App({
    token: 'xoxb-hookctl-test',
    receiver,
    tokenVerificationEnabled: false,
    botId: 'B0LAN1Y21',
    botUserId: 'U0LAN0Z89',
  });
  bolt.command(/.*/, async ({ ack }) => {
    received.push({ provider: 'slack', event: 'slash_command' });
    await ack();
  });
  bolt.event(/.*/, async ({ event }) => {
    received.push({ provider: 'slack', event: event.type });
  });
  bolt.action(/.*/, async ({ ack }) => {
    received.push({ provider: 'slack', event: 'block_actions' });
    await ack();
  });
  app.use(receiver.router);

  // https://github.com/standard-webhooks/standard-webhooks/tree/main/libraries/javascript
  const standard = new Webhook(secrets.standardWebhooks);
  app.post('/standard', express.raw({ type: 'application/json' }), (req, res) => {
    try {
      const payload = standard.verify(req.body.toString('utf8'), req.headers as Record<string, string>) as {
        type: string;
      };
      received.push({ provider: 'standard-webhooks', event: payload.type });
      res.status(204).end();
    } catch {
      res.status(400).end();
    }
  });

  const server = await startServer(scope, app);
  return { url: server.url, received, close: server.close };
}
