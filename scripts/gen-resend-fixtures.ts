// Writes fixtures/resend/: one event a member of the `resend` package's `WebhookEvent` union (6.x,
// dist/index.d.mts), each built from its `WebhookEventPayload` member with scripts/sw-synth.ts and the
// rules below (one sending domain, acme.dev; UUID ids as Resend's; states that match the names).
// Event meanings: https://resend.com/docs/webhooks/event-types. Run with `node --import tsx
// scripts/gen-resend-fixtures.ts`; the output is committed.
import { readFile } from 'node:fs/promises';
import { uuidOf } from './sw-ids.ts';
import { type At, type Json, literalsOf, ONE, ordered, synthesize, writeCatalogue } from './sw-synth.ts';
import { SENDER_TYPES } from './sw-types.ts';

const TYPES = new URL('../node_modules/resend/dist/index.d.mts', import.meta.url);
const NOW = Date.parse('2023-11-14T22:13:20.126Z');
const iso = (offsetMs = 0) => new Date(NOW + offsetMs).toISOString();
// Resend's database times are Postgres-style (`…:19.894719+00:00`), its event times JavaScript's.
const pg = (offsetMs: number) => iso(offsetMs).replace(/\.(\d{3})Z$/, '.$1719+00:00');

const events = literalsOf(await readFile(TYPES, 'utf8'), /type WebhookEvent = ([^;]+);/);

const SENDER = 'Acme <onboarding@acme.dev>';
const RECIPIENT = 'ada@example.com';
const emailId = (event: string) => uuidOf(`email:${event}`);

const DOMAIN_STATUS: Record<string, string> = {
  'domain.created': 'not_started',
  'domain.updated': 'verified',
  'domain.deleted': 'verified',
};

// The records Resend asks a sending domain to publish: https://resend.com/docs/dashboard/domains/introduction.
const records = (status: string): Json => [
  {
    record: 'SPF',
    name: 'send',
    type: 'MX',
    ttl: 'Auto',
    status,
    value: 'feedback-smtp.us-east-1.amazonses.com',
    priority: 10,
  },
  {
    record: 'SPF',
    name: 'send',
    type: 'TXT',
    ttl: 'Auto',
    status,
    value: '"v=spf1 include:amazonses.com ~all"',
  },
  {
    record: 'DKIM',
    name: 'resend._domainkey',
    type: 'TXT',
    ttl: 'Auto',
    status,
    value:
      'p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDGk1n0rJ8Q2bS1vXcZ7uYwKqR3tLmN5aPe9oHfJ2dWxV8sTzC4yB6gIuE0kLrA3nMpQ7vXcZ1bS9wRtYhJ2kLmN4aPeq5oHfJ8dWxV3sTzC6yB1gIuE7kLrA0nMpQ2vXcZ9bS4wRtYhJIDAQAB',
  },
];

const EMAIL: Record<string, Json> = {
  bounce: {
    message: "The recipient's email provider sent a hard bounce message, so the address is now suppressed.",
    subType: 'General',
    type: 'Permanent',
  },
  click: {
    ipAddress: '203.0.113.24',
    link: 'https://acme.dev/confirm?token=8f3b2c1d',
    timestamp: iso(60_000),
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  },
  failed: { reason: 'reached_daily_quota' },
  suppressed: {
    message: 'The recipient is on the suppression list after an earlier hard bounce.',
    type: 'OnAccountSuppressionList',
  },
};

function rule({ event, path, key, optional }: At): Json | typeof ONE | undefined {
  const [family] = event.split('.');
  if (path === 'created_at') return iso();
  if (family === 'email') {
    if (path === `data.${key}` && key in EMAIL) return EMAIL[key] as Json;
    if (key === 'created_at') return pg(-300);
    if (key === 'email_id') return emailId(event);
    if (key === 'message_id') return `<${emailId(event)}@acme.dev>`;
    if (key === 'from') return event === 'email.received' ? 'Ada Lovelace <ada@example.com>' : SENDER;
    if (key === 'to') return event === 'email.received' ? ['support@acme.dev'] : [RECIPIENT];
    if (key === 'received_for') return ['support@acme.dev'];
    if (key === 'subject')
      return event === 'email.received' ? 'Re: Confirm your email address' : 'Confirm your email address';
    if (key === 'tags') return { category: 'confirm_email' };
    if (optional) return undefined;
  }
  if (family === 'contact') {
    if (key === 'id') return uuidOf(path.startsWith('data.topics') ? 'topic' : 'contact');
    if (key === 'audience_id') return uuidOf('audience');
    if (key === 'segment_ids') return [uuidOf('segment')];
    if (key === 'email') return RECIPIENT;
    if (key === 'first_name') return 'Ada';
    if (key === 'last_name') return 'Lovelace';
    if (key === 'created_at') return pg(event === 'contact.created' ? -300 : -86_400_000);
    if (key === 'updated_at') return pg(-300);
    if (key === 'unsubscribed') return event === 'contact.updated';
    if (path === 'data.topics') return ONE;
    if (key === 'subscription') return 'opt_out';
  }
  if (family === 'domain') {
    const status = DOMAIN_STATUS[event] ?? 'verified';
    if (key === 'id') return uuidOf('domain');
    if (key === 'name') return 'acme.dev';
    if (key === 'status') return status;
    if (key === 'created_at') return pg(event === 'domain.created' ? -300 : -86_400_000);
    if (key === 'region') return 'us-east-1';
    if (key === 'records') return records(status);
  }
  if (family === 'suppression') {
    if (key === 'id') return uuidOf('suppression');
    if (key === 'email') return RECIPIENT;
    if (key === 'origin') return 'bounce';
    if (key === 'source_id') return emailId('email.bounced');
    if (key === 'created_at') return pg(event === 'suppression.added' ? -300 : -86_400_000);
  }
  if (family === 'topic') {
    if (key === 'id') return uuidOf('topic');
    if (key === 'name') return 'Product updates';
    if (key === 'description') return 'A monthly email about what is new in Acme.';
    if (key === 'default_subscription') return 'opt_in';
    if (key === 'deleted') return event === 'topic.deleted';
    if (key === 'created_at') return pg(event === 'topic.created' ? -300 : -86_400_000);
    if (key === 'updated_at') return pg(-300);
  }
  if (family === 'inbox') {
    if (key === 'source') return 'api';
    if (key === 'inbox_id') return uuidOf('inbox');
    if (key === 'thread_id') return uuidOf('thread');
    if (key === 'email_id') return uuidOf(`inbox-email:${event}`);
    if (key === 'draft_id') return uuidOf('draft');
    if (path === 'data.from') return 'inbox';
    if (path === 'data.to') return 'archive';
    if (key === 'assignee_email') return 'grace@acme.dev';
    if (key === 'assigned_by_email') return 'ada@acme.dev';
    if (key === 'previous_assignee_email')
      return event === 'inbox.thread.unassigned' ? 'grace@acme.dev' : null;
    if (path === 'data.added') return [{ id: uuidOf('label'), name: 'Billing', color: '#E93D82' }];
    if (path === 'data.removed') return [];
  }
  return undefined;
}

const DESCRIPTIONS: Record<string, string> = {
  'email.sent': 'the API accepted an email and is sending it',
  'email.scheduled': 'an email was scheduled to be sent later',
  'email.delivered': "the recipient's mail server accepted the email",
  'email.delivery_delayed': "the recipient's mail server deferred the email; Resend keeps trying",
  'email.complained': 'the recipient marked the email as spam',
  'email.bounced': "the recipient's mail server permanently rejected the email",
  'email.opened': 'the recipient opened the email',
  'email.clicked': 'the recipient clicked a link in the email',
  'email.received': 'an email arrived at a receiving address of the domain',
  'email.failed': 'the email could not be sent (an error before delivery)',
  'email.suppressed': 'the email was not sent because the recipient is suppressed',
  'contact.topics.updated': "a contact's topic subscriptions changed",
  'inbox.thread.folder.updated': 'a thread moved to another folder',
  'inbox.thread.labels.updated': "a thread's labels changed",
  'inbox.email.received': 'an inbox received an email',
  'inbox.email.sent': 'an email was sent from an inbox',
};

function describe(event: string): string {
  const known = DESCRIPTIONS[event];
  if (known !== undefined) return `Resend: ${known}`;
  const parts = event.split('.');
  const verb = parts.pop() as string;
  return `Resend: a ${parts.join(' ')} was ${verb === 'added' ? 'added' : verb}`;
}

const payloads = synthesize(
  {
    ...SENDER_TYPES.resend,
    rule,
    time: () => NOW,
  },
  events,
);
// As Resend lays an event out: https://resend.com/docs/webhooks/event-types.
for (const [event, payload] of payloads)
  payloads.set(event, ordered(payload, ['type', 'created_at', 'data']));
await writeCatalogue('resend', payloads, describe);
console.log(`fixtures/resend: ${payloads.size} events of the ${events.length} in WebhookEvent`);
