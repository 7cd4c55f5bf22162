import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../src/providers/parse.ts';
import { parseEvents } from '../src/providers/sendgrid/events.ts';
import { ACCOUNT_ID } from '../src/providers/sendgrid/fixtures.ts';
import { sendgrid } from '../src/providers/sendgrid/index.ts';
import { seededContext } from './helpers/context.ts';

// Every SendGrid fixture as hookctl sends it (a batch of one, decoded from the wire), checked against the
// fields SendGrid's Event Webhook reference lists per event type
// (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event) and for one account.

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DELIVERY = ['processed', 'dropped', 'delivered', 'deferred', 'bounce'];
const COMMON = ['email', 'event', 'timestamp', 'sg_event_id', 'sg_message_id', 'category'];
const FIELDS: Record<string, string[]> = {
  processed: ['smtp-id'],
  dropped: ['smtp-id', 'reason', 'status'],
  delivered: ['smtp-id', 'ip', 'response', 'tls'],
  deferred: ['smtp-id', 'ip', 'response', 'attempt'],
  bounce: ['smtp-id', 'ip', 'reason', 'status', 'type', 'bounce_classification'],
  open: ['useragent', 'ip', 'sg_machine_open'],
  click: ['useragent', 'ip', 'url', 'url_offset'],
  spamreport: [],
  unsubscribe: [],
  group_unsubscribe: ['useragent', 'ip', 'asm_group_id'],
  group_resubscribe: ['useragent', 'ip', 'asm_group_id'],
};

/** What each event's name says about its fields. */
function stateProblems(name: string, event: JsonObject): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) found.push(`${name}: ${what}`);
  };
  if (name === 'delivered') check(/^250 /.test(String(event.response)), 'a delivery is a 250 answer');
  if (name === 'deferred') {
    check(/^4\d\d /.test(String(event.response)), 'a deferral is a 4xx answer');
    check(Number(event.attempt) >= 1, 'attempt counts from 1');
  }
  if (name === 'bounce') {
    check(/^5\.\d\.\d+$/.test(String(event.status)), 'a bounce has a 5.x.x status');
    check(event.type === 'bounce' || event.type === 'blocked', 'type is bounce or blocked');
  }
  if (name === 'dropped') check(typeof event.reason === 'string' && event.reason !== '', 'a drop says why');
  if (name === 'open') check(typeof event.sg_machine_open === 'boolean', 'sg_machine_open is a boolean');
  if (name === 'click') check(/^https:\/\//.test(String(event.url)), 'a click has the URL clicked');
  if (name.startsWith('group_'))
    check(Number.isInteger(event.asm_group_id), 'asm_group_id is the group number');
  // Engagement events are about a delivered message, after the SMTP conversation: no smtp-id.
  if (!DELIVERY.includes(name)) check(!('smtp-id' in event), 'engagement events carry no smtp-id');
  return found;
}

describe('sendgrid fixtures are true to SendGrid', async () => {
  const fixtures: Array<[string, JsonObject]> = [];
  for (const { event } of await sendgrid.fixtures()) {
    const context = seededContext(NOW, `truth:${event}`);
    const payload = await sendgrid.payload(event, context);
    assert.ok(payload, event);
    const batch = parseEvents(sendgrid.encode(event, payload, context).body);
    assert.equal(batch?.length, 1, `${event}: a batch of one`);
    fixtures.push([event, batch?.[0] as JsonObject]);
  }

  it('each has the fields SendGrid lists for its type, and the state its name says', () => {
    const found: string[] = [];
    for (const [name, event] of fixtures) {
      if (event.event !== name) found.push(`${name}: event is ${event.event}`);
      for (const field of [...COMMON, ...(FIELDS[name] ?? ['(unknown event)'])]) {
        if (!(field in event)) found.push(`${name} lacks ${field}`);
      }
      found.push(...stateProblems(name, event));
    }
    assert.deepEqual(found, []);
  });

  it('ids in SendGrid formats, one account, one message id across smtp-id, sg_message_id and sg_event_id', () => {
    const found: string[] = [];
    for (const [name, event] of fixtures) {
      const messageId = String(event.sg_message_id).split('.')[0] ?? '';
      if (!/^[\w-]{22}$/.test(messageId)) found.push(`${name}: sg_message_id ${event.sg_message_id}`);
      if (!/^[\w-]{22}\.filterdrecv-[\w-]+-[0-9A-F]{8}-[0-9A-F]+\.0$/.test(String(event.sg_message_id))) {
        found.push(`${name}: sg_message_id ${event.sg_message_id}`);
      }
      if ('smtp-id' in event && !String(event['smtp-id']).startsWith(`<${messageId}@`)) {
        found.push(`${name}: smtp-id ${event['smtp-id']} is another message`);
      }
      if (event.timestamp !== NOW / 1000) found.push(`${name}: timestamp is not now`);
      const id = String(event.sg_event_id);
      if (!/^[\w-]{22,100}$/.test(id)) found.push(`${name}: sg_event_id ${id} is not base64url`);
      if (DELIVERY.includes(name)) {
        const decoded = Buffer.from(id, 'base64url').toString('utf8');
        if (!decoded.includes(`-${ACCOUNT_ID}-${messageId}-`)) found.push(`${name}: sg_event_id ${decoded}`);
      }
      if (!/^[\w.+-]+@acme-eng\.test$/.test(String(event.email))) found.push(`${name}: email ${event.email}`);
    }
    assert.deepEqual(found, []);
  });

  it('each trigger is a new event: a fresh sg_event_id', async () => {
    const first = await sendgrid.payload('open', seededContext(NOW, 'a'));
    const second = await sendgrid.payload('open', seededContext(NOW, 'b'));
    assert.notEqual(first?.sg_event_id, second?.sg_event_id);
  });

  it('no placeholders: no value is its own key, none is xxx, string, example or test', () => {
    const found = fixtures.flatMap(([name, event]) =>
      Object.entries(event)
        .filter(([key, value]) => value === key || /^(x{3,}|string|example|test)$/i.test(String(value)))
        .map(([key]) => `${name}.${key}`),
    );
    assert.deepEqual(found, []);
  });
});
