import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  CALL_FINAL,
  CALL_STATUSES,
  catalogue,
  IDENTITY,
  MESSAGE_STATUSES,
} from '../scripts/gen-twilio-fixtures.ts';
import { twilio } from '../src/providers/twilio/index.ts';
import { seededContext } from './helpers/context.ts';

// Fixture truth for Twilio (fixtures/twilio/README.md): the catalogue is the SDK's own status unions, the
// files are what the generator writes, and every rendered event follows the rules below.

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const FIXTURES = new URL('../fixtures/twilio/', import.meta.url);

async function wire(event: string): Promise<Map<string, string>> {
  const context = seededContext(NOW, `fixtures:${event}`);
  const payload = await twilio.payload(event, context);
  assert.ok(payload, event);
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(twilio.encode(event, payload, context).body.toString())) {
    assert.ok(!fields.has(name), `${event}: ${name} twice`);
    fields.set(name, value);
  }
  return fields;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);

describe('twilio fixtures are true', async () => {
  const events = (await twilio.fixtures()).map((fixture) => fixture.event);

  it("is the SDK's MessageStatus (13) and CallStatus (8) unions plus the two incoming webhooks", () => {
    assert.equal(MESSAGE_STATUSES.length, 13);
    assert.equal(CALL_STATUSES.length, 8);
    assert.deepEqual(events, [
      ...MESSAGE_STATUSES.map((status) => `message.status.${status}`),
      ...CALL_STATUSES.map((status) => `call.status.${status}`),
      'message.incoming',
      'call.incoming',
    ]);
  });

  it('the files are what scripts/gen-twilio-fixtures.ts writes', async () => {
    for (const { event, fields } of catalogue()) {
      const text = await readFile(new URL(`${event}.json`, FIXTURES), 'utf8');
      assert.deepEqual(
        JSON.parse(text),
        fields,
        `${event}: run node --import tsx scripts/gen-twilio-fixtures.ts`,
      );
    }
  });

  for (const event of events) {
    it(`${event}: one account, Twilio's id formats, a state that matches the name`, async () => {
      const f = await wire(event);
      const get = (name: string) => f.get(name);
      assert.equal(get('AccountSid'), IDENTITY.AccountSid);
      assert.equal(get('ApiVersion'), '2010-04-01');
      for (const [name, value] of f) {
        assert.notEqual(value, name, `${event}: ${name} holds its own name`);
        assert.doesNotMatch(value, /xxx|example|string|placeholder/i, `${event}: ${name}=${value}`);
      }
      const number = (name: string) => (get(name) ?? '').replace(/^whatsapp:/, '');
      for (const name of ['From', 'To', 'Called', 'Caller'])
        if (f.has(name)) assert.match(number(name), E164, `${event}: ${name}`);
      const [kind, , status] = event.split('.');
      if (kind === 'message') {
        assert.match(get('MessageSid') ?? '', SID('SM'));
        assert.equal(get('SmsSid'), get('MessageSid'));
        assert.equal(get('MessagingServiceSid'), IDENTITY.MessagingServiceSid);
      } else {
        assert.match(get('CallSid') ?? '', SID('CA'));
      }
      const ours = IDENTITY.twilioNumber;
      if (event === 'message.incoming') {
        assert.equal(get('SmsStatus'), 'received');
        assert.ok(!f.has('MessageStatus'));
        assert.equal(get('SmsMessageSid'), get('MessageSid'));
        assert.equal(get('To'), ours);
        assert.ok((get('Body') ?? '').length > 0);
        assert.equal(get('NumMedia'), '0');
      } else if (event === 'call.incoming') {
        assert.equal(get('CallStatus'), 'ringing');
        assert.equal(get('Direction'), 'inbound');
        assert.equal(get('To'), ours);
        assert.ok(!f.has('CallbackSource'));
      } else if (kind === 'message') {
        assert.equal(get('MessageStatus'), status);
        assert.equal(get('SmsStatus'), status);
        const inbound = status === 'receiving' || status === 'received';
        assert.equal(number(inbound ? 'To' : 'From'), ours);
        assert.equal(f.has('ErrorCode'), status === 'failed' || status === 'undelivered');
        if (f.has('ErrorCode')) assert.match(get('ErrorCode') ?? '', /^[1-9]\d{4}$/);
        assert.equal(f.has('RawDlrDoneDate'), status === 'delivered' || status === 'undelivered');
        if (f.has('RawDlrDoneDate')) assert.equal(get('RawDlrDoneDate'), '2612011200');
        assert.equal((get('From') ?? '').startsWith('whatsapp:'), status === 'read');
        assert.equal(get('EventType'), status === 'read' ? 'READ' : undefined);
      } else {
        assert.equal(get('CallStatus'), status);
        assert.equal(get('CallbackSource'), 'call-progress-events');
        assert.equal(get('Direction'), 'outbound-api');
        assert.equal(get('From'), ours);
        assert.equal(get('Called'), get('To'));
        assert.equal(get('Caller'), get('From'));
        assert.match(get('SequenceNumber') ?? '', /^\d$/);
        assert.equal(get('Timestamp'), 'Tue, 01 Dec 2026 12:00:00 +0000');
        assert.equal(f.has('CallDuration'), CALL_FINAL.has(status ?? ''));
        if (f.has('CallDuration')) assert.equal(Number(get('CallDuration')) > 0, status === 'completed');
      }
    });
  }

  it('payload() gives fresh SIDs and keeps the account', async () => {
    const one = await wire('message.status.sent');
    const two = await twilio.payload('message.status.sent', seededContext(NOW, 'another'));
    assert.notEqual(one.get('MessageSid'), two?.MessageSid);
    assert.equal(two?.AccountSid, IDENTITY.AccountSid);
  });
});
