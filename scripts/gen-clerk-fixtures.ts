// Writes fixtures/clerk/: one event a member of `WebhookEventType` in `@clerk/backend` (3.x,
// dist/api/resources/Webhooks.d.ts), each built from its `Extract<WebhookEvent, {type}>` type with
// scripts/sw-synth.ts and the rules below: one instance, one user (Ada Lovelace) and one organization
// (Acme) across the catalogue, ids in Clerk's prefixes, states that match the names. Event meanings:
// https://clerk.com/docs/webhooks/overview#supported-webhook-events. Run with `node --import tsx
// scripts/gen-clerk-fixtures.ts`; the output is committed.
import { readFile } from 'node:fs/promises';
import { base62Of } from './sw-ids.ts';
import { type At, type Json, ONE, ordered, synthesize, writeCatalogue } from './sw-synth.ts';
import { SENDER_TYPES } from './sw-types.ts';

const TYPES = new URL('../node_modules/@clerk/backend/dist/api/resources/Webhooks.d.ts', import.meta.url);
const NOW = 1_700_000_000_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

const text = await readFile(TYPES, 'utf8');
const events = [...text.matchAll(/Webhook<([^,]+),/g)].flatMap(([, union = '']) =>
  [...union.matchAll(/'([^']+)'/g)].map(([, event]) => event as string),
);

const id = (prefix: string, seed: string) => `${prefix}_${base62Of(`clerk:${seed}`)}`;
// The identity every fixture shares (the instance, its user and organization, the user's email address).
const INSTANCE = 'ins_2XgM1hwQk8sY3vTzP0aLr6jNmEc';
const USER = 'user_2XgM9o0VJbE6rJqkXh3aUx5dNyT';
const EMAIL_ID = 'idn_2XgM9qLw1oFz8bTkR4vYc7NpJsH';
const ORG = id('org', 'organization');
const EMAIL = 'ada@example.com';
const IMAGE = 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yWGdNMWh3In0';

// Clerk's id prefix for each resource an event carries (https://clerk.com/docs/reference/backend-api).
const PREFIX: Record<string, string> = {
  user: 'user',
  session: 'sess',
  email: 'ema',
  sms: 'sms',
  organization: 'org',
  organizationDomain: 'orgdmn',
  organizationMembership: 'orgmem',
  organizationInvitation: 'orginv',
  role: 'role',
  permission: 'perm',
  waitlistEntry: 'wle',
  paymentAttempt: 'cpa',
  subscription: 'csub',
  subscriptionItem: 'csubi',
};

const familyOf = (event: string) => event.split('.')[0] as string;
const verbOf = (event: string) => event.split('.').at(-1) as string;
const isNew = (event: string) => verbOf(event) === 'created';

/** The event's main resource id: the shared user and organization keep theirs. */
function dataId(event: string): string {
  const family = familyOf(event);
  if (family === 'user') return USER;
  if (family === 'organization') return ORG;
  return id(PREFIX[family] ?? family, family);
}

const SESSION_STATUS: Record<string, string> = {
  'session.created': 'active',
  'session.ended': 'ended',
  'session.removed': 'removed',
  'session.revoked': 'revoked',
};
// Billing statuses the name implies; `created`, `updated` and a trial ending are of a running subscription.
const BILLING_STATUS: Record<string, string> = {
  'subscription.created': 'active',
  'subscription.updated': 'active',
  'subscriptionItem.created': 'active',
  'subscriptionItem.updated': 'active',
  'subscriptionItem.freeTrialEnding': 'active',
  'paymentAttempt.created': 'pending',
  'paymentAttempt.updated': 'paid',
};

const money = (amount: number): Json => ({
  amount,
  amount_formatted: (amount / 100).toFixed(2),
  currency: 'USD',
  currency_symbol: '$',
});

const STRINGS: Record<string, Json> = {
  email_address: EMAIL,
  first_name: 'Ada',
  last_name: 'Lovelace',
  image_url: IMAGE,
  identifier: EMAIL,
  strategy: 'email_code',
  name: 'Acme',
  slug: 'acme',
  client_ip: '203.0.113.24',
  user_agent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  from_email_name: 'notifications',
  from_phone_number: '+14155550100',
  to_phone_number: '+14155550123',
  email: EMAIL,
  gateway: 'stripe',
  gateway_type: 'stripe',
  payment_method: 'card',
  card_type: 'visa',
  last4: '4242',
  currency: 'USD',
  role: 'org:member',
  role_name: 'Member',
};

function rule({ event, path, key, optional }: At): Json | typeof ONE | undefined {
  const family = familyOf(event);
  const deleted =
    event === 'user.deleted' || event === 'organization.deleted' || event === 'organizationDomain.deleted';
  if (path === 'instance_id' || key === 'instance_id') return INSTANCE;
  if (deleted && path === 'data.object')
    return family === 'organizationDomain' ? 'organization_domain' : family;
  if (deleted && path === 'data.deleted') return true;
  if (deleted && path === 'data.id') return dataId(event);
  if (deleted && path.startsWith('data.')) return undefined;
  if (path === 'data.id') return dataId(event);
  if (path === 'data.status') {
    if (family === 'organizationInvitation') return verbOf(event) === 'created' ? 'pending' : verbOf(event);
    if (family === 'waitlistEntry') return verbOf(event) === 'created' ? 'pending' : 'invited';
    return (
      SESSION_STATUS[event] ??
      BILLING_STATUS[event] ??
      (family === 'sms' ? 'queued' : family === 'email' ? 'queued' : undefined)
    );
  }
  if (family === 'waitlistEntry' && path === 'data.invitation') return event.endsWith('updated') ? ONE : null;
  if (path.endsWith('email_addresses') || path.endsWith('.email_addresses')) return ONE;
  if (
    (key === 'id' && path.includes('email_addresses[')) ||
    key === 'email_address_id' ||
    key === 'primary_email_address_id'
  )
    return EMAIL_ID;
  if (key === 'id' && path.endsWith('organization.id')) return ORG;
  if (key === 'organization_id') return ORG;
  if (key === 'user_id' || path === 'data.user.id') return USER;
  if (key === 'client_id') return id('client', 'client');
  if (key === 'created_by') return USER;
  if (key === 'id' && path.includes('payer')) return id('cpayer', 'payer');
  if (key === 'payer_id') return id('cpayer', 'payer');
  if (key === 'id' && path.includes('payee')) return id('cpayee', 'payee');
  if (key === 'id' && path.includes('plan')) return id('cplan', 'plan');
  if (key === 'plan_id') return id('cplan', 'plan');
  if (key === 'product_id') return id('cprod', 'product');
  if (key === 'id' && path.includes('payment_source')) return id('cps', 'payment-source');
  if (key === 'payment_source_id') return id('cps', 'payment-source');
  if (key === 'id' && (path.includes('items[') || path.includes('subscription_items[')))
    return id('csubi', 'subscriptionItem');
  if (key === 'latest_payment_id' || key === 'payment_id') return id('cpay', 'payment');
  if (key === 'statement_id') return id('cstmt', 'statement');
  if (key === 'gateway_external_id')
    return path.includes('payee')
      ? 'acct_1OFmUlJ8bCj3n4Qk'
      : path.includes('payment_source')
        ? 'pm_1OFmVbJ8bCj3n4QkZrT0aXyW'
        : 'pi_3OFmWcJ8bCj3n4Qk1hV2bN8s';
  if (key === 'gateway_status') return 'active';
  if (key === 'id' && path.includes('permissions[')) return id('perm', 'permission');
  if (key === 'id' && path.includes('invitation')) return id('inv', 'invitation');
  if (key === 'id' && path.includes('latest_activity')) return id('sess_activity', 'activity');
  if (path.endsWith('items') || path.endsWith('subscription_items') || path === 'data.permissions') {
    return family === 'organizationMembership' ? ['org:sys_profile:read', 'org:sys_memberships:read'] : ONE;
  }
  if (family === 'session' && path === 'data.user') return ONE;
  if (family === 'session' && key === 'abandon_at') return NOW + 30 * DAY;
  if (family === 'session' && key === 'expire_at' && path === 'data.expire_at') return NOW + 7 * DAY;
  if (family === 'session' && key === 'actor') return null;
  if (family === 'organizationDomain' && key === 'attempts')
    return event === 'organizationDomain.updated' ? 1 : 0;
  if (key === 'expire_at' || key === 'attempts') return null;
  if (path.endsWith('verification.status'))
    return family === 'organizationDomain' && event !== 'organizationDomain.updated'
      ? 'unverified'
      : 'verified';
  if (family === 'organizationDomain' && path === 'data.verification') return ONE;
  if (family === 'organizationDomain' && path === 'data.name') return 'acme.dev';
  if (key === 'affiliation_email_address') return 'ada@acme.dev';
  if (key === 'enrollment_mode') return 'automatic_invitation';
  if (key === 'expires_at') return NOW + (family === 'organizationDomain' ? 10 * MINUTE : 30 * DAY);
  if (family === 'organizationInvitation') {
    if (key === 'email_address') return 'grace@example.com';
    if (path === 'data.status') return undefined;
    if (key === 'status' && path === 'data.status') return undefined;
    if (key === 'url') return null;
  }
  if (family === 'organizationInvitation' && key === 'status')
    return verbOf(event) === 'created' ? 'pending' : verbOf(event);
  if (family === 'organizationMembership' && path === 'data.organization') return ONE;
  if (family === 'organizationMembership' && key === 'members_count') return optional ? undefined : 1;
  if (family === 'role') {
    if (path === 'data.key') return 'org:billing_manager';
    if (path === 'data.name') return 'Billing manager';
    if (path === 'data.description') return 'Manages the organization’s plan and invoices.';
  }
  if (key === 'key') return 'org:invoices:read';
  if (family === 'permission' || path.includes('permissions[')) {
    if (key === 'name') return 'Read invoices';
    if (key === 'description') return 'See and download the organization’s invoices.';
  }
  if (key === 'max_allowed_memberships') return 5;
  if (family === 'email') {
    if (key === 'slug') return 'verification_code';
    if (key === 'to_email_address') return EMAIL;
    if (key === 'subject') return '482913 is your verification code';
    if (key === 'body_plain')
      return 'Enter 482913 to verify your email address. This code expires in 10 minutes.';
    if (key === 'delivered_by_clerk') return false;
  }
  if (family === 'sms') {
    if (key === 'message') return '482913 is your Acme verification code.';
    if (key === 'phone_number_id') return id('idn', 'phone');
    if (key === 'delivered_by_clerk') return false;
  }
  if (family === 'waitlistEntry' && key === 'email_address') return 'grace@example.com';
  if (family === 'waitlistEntry' && key === 'url')
    return 'https://accounts.acme.dev/sign-up?__clerk_ticket=eyJhbGciOiJIUzI1NiJ9';
  // Billing: the Pro plan at $20 a month, paid by Ada's card.
  if (key === 'amount' && typeof path === 'string' && (path.endsWith('.amount') || path === 'data.amount')) {
    return path.includes('plan') ? 2000 : money(2000);
  }
  if (key === 'subtotal' || key === 'grand_total') return money(2000);
  if (key === 'tax_total') return money(0);
  if (key === 'lifetime_paid') return family === 'subscriptionItem' && verbOf(event) === 'created' ? 0 : 2000;
  if (key === 'next_payment_amount' || key === 'annual_monthly_amount') return 2000;
  if (key === 'next_payment_date' || key === 'period_end') return NOW + 30 * DAY;
  if (key === 'period_start' || key === 'billing_date')
    return NOW - (verbOf(event) === 'created' ? 0 : 30 * DAY);
  if (key === 'proration_date') return '2023-11-14';
  if (key === 'cycle_days_total') return 30;
  if (key === 'cycle_days_remaining') return 30;
  if (key === 'cycle_remaining_percent') return 100;
  if (key === 'interval') return 1;
  if (path.includes('plan') && key === 'name') return 'Pro';
  if (path.includes('plan') && key === 'slug') return 'pro';
  if (path.includes('plan') && key === 'description') return 'Unlimited projects and priority support.';
  if (
    path.includes('plan') &&
    (key === 'is_recurring' || key === 'has_base_fee' || key === 'publicly_visible')
  )
    return true;
  if (key === 'plan' && path.endsWith('plan')) return ONE;
  if (key === 'payer' || key === 'payee' || key === 'payment_source' || key === 'credit' || key === 'totals')
    return undefined;
  if (family === 'subscriptionItem' && key === 'is_free_trial')
    return event === 'subscriptionItem.freeTrialEnding';
  if (family === 'paymentAttempt' && key === 'paid_at')
    return event === 'paymentAttempt.updated' ? NOW - 1000 : undefined;
  if (key === 'canceled_at') return verbOf(event) === 'canceled' ? NOW - 1000 : optional ? undefined : null;
  if (key === 'ended_at') return verbOf(event) === 'ended' ? NOW - 1000 : optional ? undefined : null;
  if (key === 'past_due_at') return verbOf(event) === 'pastDue' ? NOW - 1000 : optional ? undefined : null;
  if (key === 'active_at')
    return verbOf(event) === 'active' || BILLING_STATUS[event] === 'active' ? NOW - 1000 : undefined;
  if (STRINGS[key] !== undefined) return STRINGS[key] as Json;
  if (family === 'user' || path.startsWith('data.user') || path.includes('public_user_data')) {
    if (key === 'password_enabled' || key === 'delete_self_enabled' || key === 'create_organization_enabled')
      return true;
    if (key === 'verification_attempts_remaining') return 100;
    if (key === 'last_active_at') return NOW - 1000;
    if (key === 'has_image') return false;
  }
  return undefined;
}

function time({ event, key }: At): number {
  if (key === 'timestamp') return NOW;
  if (key === 'created_at') return isNew(event) ? NOW - 2000 : NOW - 30 * DAY;
  if (key === 'updated_at') return NOW - 500;
  return NOW - 1000;
}

const DESCRIPTIONS: Record<string, string> = {
  'user.created': 'a user signed up or was created',
  'user.updated': 'a user changed their profile',
  'user.deleted': 'a user was deleted',
  'session.created': 'a user signed in and a session started',
  'session.ended': 'a session ended (the user signed out)',
  'session.removed': 'a session was removed from its client',
  'session.revoked': 'a session was revoked',
  'email.created': 'Clerk prepared an email for your own delivery (delivered_by_clerk false)',
  'sms.created': 'Clerk prepared an SMS for your own delivery (delivered_by_clerk false)',
  'organizationInvitation.accepted': 'an invited user accepted an organization invitation',
  'subscription.pastDue': 'a subscription payment is past due',
  'subscriptionItem.pastDue': 'a subscription item payment is past due',
  'subscriptionItem.freeTrialEnding': "a subscription item's free trial ends soon",
};

function describe(event: string): string {
  const known = DESCRIPTIONS[event];
  if (known !== undefined) return `Clerk: ${known}`;
  const [family = '', verb = ''] = event.split('.');
  const noun = family.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
  return `Clerk: ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} ${verb === 'active' ? 'became active' : `was ${verb}`}`;
}

const payloads = synthesize(
  {
    ...SENDER_TYPES.clerk,
    rule,
    time,
  },
  events,
);
// As Clerk lays an event out: https://clerk.com/docs/webhooks/overview#payload-structure.
for (const [event, payload] of payloads) {
  payloads.set(
    event,
    ordered(payload, ['data', 'event_attributes', 'instance_id', 'object', 'timestamp', 'type']),
  );
}
await writeCatalogue('clerk', payloads, describe);
console.log(`fixtures/clerk: ${payloads.size} events of the ${events.length} in WebhookEventType`);
