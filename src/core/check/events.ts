import { usageError } from '../../lib/errors.ts';
import type { Provider } from '../../providers/types.ts';

/**
 * The event `check` sends unless `--event` says: one every handler of that provider is likely to take,
 * delivered as a plain notification (not a registration challenge). A provider not listed (a user's own)
 * gets the first event of its catalogue.
 */
const REPRESENTATIVE: Record<string, string> = {
  stripe: 'payment_intent.succeeded',
  github: 'push',
  slack: 'app_mention',
  twilio: 'message.status.delivered',
  paddle: 'transaction.completed',
  linear: 'Issue.create',
  gitlab: 'push',
  shopify: 'orders/create',
  square: 'payment.updated',
  hubspot: 'contact.creation',
  discord: 'APPLICATION_COMMAND',
  sendgrid: 'delivered',
  zoom: 'meeting.started',
  openai: 'response.completed',
  clerk: 'user.created',
  resend: 'email.sent',
  svix: 'message.attempt.exhausted',
  'standard-webhooks': 'user.created',
};

export async function representativeEvent(provider: Provider): Promise<string> {
  const chosen = REPRESENTATIVE[provider.name];
  if (chosen !== undefined) return chosen;
  const [first] = await provider.fixtures();
  if (first === undefined) {
    throw usageError(
      `${provider.title} has no events in its provider file: add one under events, or pass --event`,
    );
  }
  return first.event;
}
