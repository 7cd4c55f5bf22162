// Fixture truth for the Standard Webhooks senders (issue 12's standard): every fixture valid against its
// SDK's TypeScript type, the catalogue as large as the SDK enumerates, states that match the event names,
// ids in each sender's formats, one identity per sender, no placeholders.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { isJsonObject, type JsonObject } from '../src/providers/parse.ts';
import { type Rendered, renderAll, SENDERS, type Sender, typeErrors } from './helpers/sw-fixture-oracle.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const at = (object: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (isJsonObject(value) ? value[key] : undefined), object);

/** What each event's name implies about its payload: paths equal to a value, or set. */
const STATES: Record<Sender, Record<string, { equal?: Record<string, unknown>; set?: string[] }>> = {
  clerk: {
    'user.deleted': { equal: { 'data.deleted': true, 'data.object': 'user' } },
    'organization.deleted': { equal: { 'data.deleted': true } },
    'organizationDomain.deleted': { equal: { 'data.deleted': true } },
    'organizationDomain.updated': { equal: { 'data.verification.status': 'verified' } },
    'session.created': { equal: { 'data.status': 'active' } },
    'session.ended': { equal: { 'data.status': 'ended' } },
    'session.removed': { equal: { 'data.status': 'removed' } },
    'session.revoked': { equal: { 'data.status': 'revoked' } },
    'organizationInvitation.created': { equal: { 'data.status': 'pending' } },
    'organizationInvitation.accepted': { equal: { 'data.status': 'accepted' }, set: ['data.user_id'] },
    'organizationInvitation.revoked': { equal: { 'data.status': 'revoked' } },
    'waitlistEntry.created': { equal: { 'data.status': 'pending' } },
    'waitlistEntry.updated': { equal: { 'data.status': 'invited' }, set: ['data.invitation'] },
    'paymentAttempt.created': { equal: { 'data.status': 'pending' } },
    'paymentAttempt.updated': { equal: { 'data.status': 'paid' }, set: ['data.paid_at'] },
    'subscription.active': { equal: { 'data.status': 'active' }, set: ['data.active_at'] },
    'subscription.pastDue': { equal: { 'data.status': 'past_due' }, set: ['data.past_due_at'] },
    'subscriptionItem.active': { equal: { 'data.status': 'active' } },
    'subscriptionItem.canceled': { equal: { 'data.status': 'canceled' }, set: ['data.canceled_at'] },
    'subscriptionItem.ended': { equal: { 'data.status': 'ended' } },
    'subscriptionItem.abandoned': { equal: { 'data.status': 'abandoned' } },
    'subscriptionItem.incomplete': { equal: { 'data.status': 'incomplete' } },
    'subscriptionItem.upcoming': { equal: { 'data.status': 'upcoming' } },
    'subscriptionItem.pastDue': { equal: { 'data.status': 'past_due' }, set: ['data.past_due_at'] },
    'subscriptionItem.freeTrialEnding': { equal: { 'data.status': 'active' } },
  },
  resend: {
    'email.bounced': { set: ['data.bounce.type', 'data.bounce.message'] },
    'email.clicked': { set: ['data.click.link'] },
    'email.failed': { set: ['data.failed.reason'] },
    'email.suppressed': { set: ['data.suppressed.type'] },
    'topic.deleted': { equal: { 'data.deleted': true } },
    'domain.created': { equal: { 'data.status': 'not_started' } },
    'domain.updated': { equal: { 'data.status': 'verified' } },
    'contact.updated': { equal: { 'data.unsubscribed': true } },
    'inbox.thread.assigned': { set: ['data.assignee_email'] },
    'inbox.thread.unassigned': { set: ['data.previous_assignee_email'] },
  },
  // OpenAI's events carry only the resource id (the handler fetches the resource): no state on the wire.
  openai: {},
  svix: {
    'message.attempt.exhausted': { equal: { 'data.lastAttempt.responseStatusCode': 503 } },
    'message.attempt.failing': { equal: { 'data.lastAttempt.responseStatusCode': 503 } },
    'message.attempt.recovered': { equal: { 'data.lastAttempt.responseStatusCode': 200 } },
    'ingest.message.attempt.exhausted': { equal: { 'data.lastAttempt.responseStatusCode': 503 } },
    'ingest.message.attempt.recovered': { equal: { 'data.lastAttempt.responseStatusCode': 200 } },
    'endpoint.disabled': { set: ['data.trigger'] },
    'background_task.finished': { equal: { 'data.status': 'finished' } },
  },
};

/** Ids in the senders' own formats, by the key they sit under. */
const ID_FORMATS: Record<Sender, Array<[RegExp, RegExp]>> = {
  clerk: [
    [/^instance_id$/, /^ins_[0-9A-Za-z]{27}$/],
    [/^user_id$/, /^user_[0-9A-Za-z]{27}$/],
    [/^(organization_id)$/, /^org_[0-9A-Za-z]{27}$/],
    [/^id$/, /^[a-z_]+_[0-9A-Za-z]{27}$/],
  ],
  resend: [
    [
      /^(email_id|id|audience_id|inbox_id|thread_id|draft_id)$/,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    ],
  ],
  openai: [
    [
      /^id$/,
      /^(evt_[0-9a-f]{32}|resp_[0-9a-f]{50}|batch_[0-9a-f]{32}|evalrun_[0-9a-f]{32}|ftjob-[0-9a-f]{24})$/,
    ],
    [/^call_id$/, /^rtc_[0-9a-f]{32}$/],
  ],
  svix: [
    [/^appId$/, /^app_[0-9A-Za-z]{27}$/],
    [/^endpointId$/, /^ep_[0-9A-Za-z]{27}$/],
    [/^msgId$/, /^msg_[0-9A-Za-z]{27}$/],
    [/^sourceId$/, /^src_[0-9A-Za-z]{27}$/],
  ],
};

/** The one identity each sender's fixtures share. */
const IDENTITY: Record<Sender, Array<[string, RegExp, RegExp?]>> = {
  clerk: [['instance_id', /^ins_/]],
  // The sending domain, on what Resend sends (received mail is from others; an inbox move is `from` a folder).
  resend: [['from', /@acme\.dev>$/, /^email\.(?!received)/]],
  openai: [['object', /^event$/]],
  svix: [
    ['appId', /^app_/],
    ['endpointId', /^ep_/],
  ],
};

function walk(value: unknown, visit: (key: string, item: unknown) => void, key = ''): void {
  if (Array.isArray(value)) for (const item of value) walk(item, visit, key);
  else if (isJsonObject(value)) for (const [k, item] of Object.entries(value)) walk(item, visit, k);
  else visit(key, value);
}

let rendered: Rendered[] = [];
before(async () => {
  rendered = await renderAll(NOW);
});
const of = (name: Sender) => rendered.filter((item) => item.sender === name);

describe('Standard Webhooks senders: fixtures are true', () => {
  it("every fixture is valid against its SDK's TypeScript type", () => {
    const failing = [...typeErrors(rendered)].filter(([, errors]) => errors.length > 0);
    assert.deepEqual(Object.fromEntries(failing), {});
  });

  it('each catalogue has every event its SDK enumerates, and no other', async () => {
    const node = (path: string) => readFile(new URL(`../node_modules/${path}`, import.meta.url), 'utf8');
    const literals = (text: string) => [...text.matchAll(/'([^']+)'/g)].map(([, name]) => name as string);
    const resend = literals(
      /type WebhookEvent = ([^;]+);/.exec(await node('resend/dist/index.d.mts'))?.[1] ?? '',
    );
    const clerk = [
      ...(await node('@clerk/backend/dist/api/resources/Webhooks.d.ts')).matchAll(/Webhook<('[^,]+),/g),
    ].flatMap(([, union = '']) => literals(union));
    const openai = literals(
      [...(await node('openai/resources/webhooks/webhooks.d.ts')).matchAll(/\n\s+type: ('[^']+');/g)]
        .map(([, t]) => t)
        .join(' '),
    );
    const models = (await readdir(new URL('../node_modules/svix/dist/models/', import.meta.url))).filter(
      (file) => /^[a-z][A-Za-z]*Event\.d\.ts$/.test(file),
    );
    const expected: Record<Sender, number> = { resend: 37, clerk: 45, openai: 15, svix: 14 };
    const enumerated: Record<Sender, string[]> = { resend, clerk, openai, svix: [] };
    for (const name of SENDERS) {
      const events = of(name).map((item) => item.event);
      assert.equal(events.length, expected[name], `${name}: catalogue size`);
      if (name === 'svix') assert.equal(models.length, events.length, 'svix: one event a *Event model');
      else
        assert.deepEqual([...events].sort(), [...new Set(enumerated[name])].sort(), `${name}: event names`);
    }
  });

  it('states match the event names', () => {
    const broken: string[] = [];
    for (const { sender: name, event, payload } of rendered) {
      const rule = STATES[name][event];
      for (const [path, value] of Object.entries(rule?.equal ?? {}))
        if (at(payload, path) !== value)
          broken.push(`${name} ${event}: ${path} is ${JSON.stringify(at(payload, path))}`);
      for (const path of rule?.set ?? [])
        if (at(payload, path) === null || at(payload, path) === undefined)
          broken.push(`${name} ${event}: ${path} unset`);
    }
    for (const name of SENDERS)
      for (const event of Object.keys(STATES[name]))
        assert.ok(
          of(name).some((item) => item.event === event),
          `${name}: the rule for ${event} names no fixture`,
        );
    assert.deepEqual(broken, []);
  });

  it("ids are in each sender's formats, and each sender's fixtures share one identity", () => {
    const wrong: string[] = [];
    for (const { sender: name, event, payload } of rendered) {
      walk(payload, (key, value) => {
        for (const [keys, format] of ID_FORMATS[name])
          if (keys.test(key) && typeof value === 'string' && !format.test(value))
            wrong.push(`${name} ${event}: ${key} ${value}`);
      });
    }
    assert.deepEqual(wrong, []);
    for (const name of SENDERS) {
      for (const [key, format, events = /./] of IDENTITY[name]) {
        const values = new Set<unknown>();
        for (const { event, payload } of of(name))
          if (events.test(event)) walk(payload, (k, value) => k === key && values.add(value));
        assert.ok(
          values.size === 1 && format.test(String([...values][0])),
          `${name}: ${key} ${[...values].join(', ')}`,
        );
      }
    }
  });

  it('no placeholders: no value equal to its own key, no xxx, string, example or lorem', () => {
    const found: string[] = [];
    for (const { sender: name, event, payload } of rendered) {
      walk(payload as JsonObject, (key, value) => {
        if (typeof value !== 'string') return;
        if (
          value === key ||
          /^(string|example|test|todo|placeholder)$/i.test(value) ||
          /xxx|lorem/i.test(value)
        )
          found.push(`${name} ${event}: ${key} = ${value}`);
      });
    }
    assert.deepEqual(found, []);
  });
});
