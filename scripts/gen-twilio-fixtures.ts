/**
 * Writes fixtures/twilio/: one template for every message status and call status the `twilio` SDK's
 * types enumerate (`MessageStatus` in rest/api/v2010/account/message.d.ts, `CallStatus` in call.d.ts), plus
 * the incoming message and incoming call webhooks. The fields are Twilio's, per its docs (sources in
 * fixtures/twilio/README.md); the values are one account's. Run: node --import tsx scripts/gen-twilio-fixtures.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const SDK = new URL('../node_modules/twilio/lib/rest/api/v2010/account/', import.meta.url);
const OUT = new URL('../fixtures/twilio/', import.meta.url);

/** The string literals of `export type <name> = "a" | "b" …;` in one of the SDK's declaration files. */
export function sdkUnion(file: string, name: string): string[] {
  const text = readFileSync(new URL(file, SDK), 'utf8');
  const match = new RegExp(`export type ${name} = ([^;]+);`).exec(text);
  if (match === null) throw new Error(`no type ${name} in twilio's ${file}`);
  return [...(match[1] ?? '').matchAll(/"([^"]+)"/g)].map((literal) => literal[1] ?? '');
}

export const MESSAGE_STATUSES = sdkUnion('message.d.ts', 'MessageStatus');
export const CALL_STATUSES = sdkUnion('call.d.ts', 'CallStatus');

/** One account across every fixture: its SID, its Twilio number, its Messaging Service, its customer. */
export const IDENTITY = {
  AccountSid: 'AC3f9d7c2b5e8a41d6b0c4e7f2a9d1b853',
  MessagingServiceSid: 'MG7b2e4d9a1c6f83e05d4a9b7c2e1f6d08',
  ChannelInstallSid: 'XE5c8e1a7d3b9f24c6e0a8d5b1f7c3e92a',
  // Twilio's own example numbers (its docs send from +15017122661 to +15558675310).
  twilioNumber: '+15017122661',
  customer: '+15558675310',
  ApiVersion: '2010-04-01',
};

/** Twilio's error codes for the failed and undelivered examples (https://www.twilio.com/docs/api/errors). */
export const ERROR_CODES: Record<string, string> = {
  failed: '30001', // Queue overflow: the message could not be sent.
  undelivered: '30003', // Unreachable destination handset.
};

/** Statuses of inbound messages in the Message resource (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). */
const INBOUND_MESSAGE = new Set(['receiving', 'received']);
/** A call's final statuses: its `completed` progress event carries one of these and CallDuration. */
export const CALL_FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** SequenceNumber counts a call's progress events from 0: initiated (queued), ringing, answered, completed. */
const SEQUENCE: Record<string, string> = {
  queued: '0',
  ringing: '1',
  'in-progress': '2',
  completed: '3',
  busy: '2',
  'no-answer': '2',
  canceled: '2',
  failed: '1',
};

const FIXED_TIME = 'Tue, 01 Dec 2026 12:00:00 +0000';
/** Stable SIDs in the templates (payload() replaces them): a type prefix and 32 hex digits. */
const sid = (prefix: string, seed: string) =>
  prefix + createHash('sha256').update(seed).digest('hex').slice(0, 32);

type Fields = Record<string, string>;

export function messageStatus(status: string): Fields {
  const { AccountSid, ApiVersion, MessagingServiceSid, ChannelInstallSid, twilioNumber, customer } = IDENTITY;
  const inbound = INBOUND_MESSAGE.has(status);
  // Read receipts exist on WhatsApp (and RCS), not SMS: a `read` callback is a WhatsApp message's.
  const whatsapp = status === 'read';
  const address = (number: string) => (whatsapp ? `whatsapp:${number}` : number);
  const messageSid = sid('SM', `message.status.${status}`);
  const fields: Fields = {};
  if (ERROR_CODES[status] !== undefined) fields.ErrorCode = ERROR_CODES[status];
  if (whatsapp) fields.ChannelPrefix = 'whatsapp';
  Object.assign(fields, {
    SmsSid: messageSid,
    SmsStatus: status,
    MessageStatus: status,
  });
  if (whatsapp) fields.ChannelInstallSid = ChannelInstallSid;
  Object.assign(fields, {
    To: address(inbound ? twilioNumber : customer),
    MessagingServiceSid,
    MessageSid: messageSid,
    AccountSid,
    From: address(inbound ? customer : twilioNumber),
    ApiVersion,
  });
  if (whatsapp) Object.assign(fields, { ChannelToAddress: customer, EventType: 'READ' });
  if (status === 'delivered' || status === 'undelivered') fields.RawDlrDoneDate = '2612011200';
  return fields;
}

/** Caller*, Called*, From* and To* geography: Twilio fills what it knows and sends the rest empty. */
function geography(prefixes: string[], number: string): Fields {
  const known = number === IDENTITY.twilioNumber;
  const fields: Fields = {};
  for (const prefix of prefixes) {
    fields[`${prefix}City`] = known ? 'LITTLE ROCK' : '';
    fields[`${prefix}State`] = known ? 'AR' : '';
    fields[`${prefix}Zip`] = known ? '72201' : '';
    fields[`${prefix}Country`] = 'US';
  }
  return fields;
}

export function callStatus(status: string): Fields {
  const { AccountSid, ApiVersion, twilioNumber, customer } = IDENTITY;
  const fields: Fields = {
    Called: customer,
    Direction: 'outbound-api',
    Timestamp: FIXED_TIME,
    CallbackSource: 'call-progress-events',
    SequenceNumber: SEQUENCE[status] ?? '0',
    CallSid: sid('CA', `call.status.${status}`),
    To: customer,
    ApiVersion,
    CallStatus: status,
    From: twilioNumber,
    AccountSid,
    Caller: twilioNumber,
    ...geography(['Called', 'To'], customer),
    ...geography(['Caller', 'From'], twilioNumber),
  };
  // The completed event carries the call's length in seconds, and Duration in billed minutes.
  if (CALL_FINAL.has(status)) {
    const answered = status === 'completed';
    Object.assign(fields, { CallDuration: answered ? '37' : '0', Duration: answered ? '1' : '0' });
  }
  return fields;
}

export function incomingMessage(): Fields {
  const { AccountSid, ApiVersion, MessagingServiceSid, twilioNumber, customer } = IDENTITY;
  const messageSid = sid('SM', 'message.incoming');
  return {
    ToCountry: 'US',
    ToState: 'AR',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ToCity: 'LITTLE ROCK',
    FromZip: '',
    SmsSid: messageSid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: 'Is my order on its way?',
    FromCountry: 'US',
    To: twilioNumber,
    MessagingServiceSid,
    ToZip: '72201',
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: messageSid,
    AccountSid,
    From: customer,
    ApiVersion,
  };
}

export function incomingCall(): Fields {
  const { AccountSid, ApiVersion, twilioNumber, customer } = IDENTITY;
  return {
    AccountSid,
    ApiVersion,
    CallSid: sid('CA', 'call.incoming'),
    CallStatus: 'ringing',
    Called: twilioNumber,
    ...geography(['Called'], twilioNumber),
    Caller: customer,
    ...geography(['Caller'], customer),
    Direction: 'inbound',
    From: customer,
    ...geography(['From'], customer),
    To: twilioNumber,
    ...geography(['To'], twilioNumber),
  };
}

const MESSAGE_WORDS: Record<string, string> = {
  queued: 'the message is queued to be sent',
  sending: 'the message is being sent to the carrier',
  sent: 'the carrier accepted the message',
  failed: 'the message could not be sent (ErrorCode 30001)',
  delivered: 'the message reached the handset',
  undelivered: 'the carrier could not deliver the message (ErrorCode 30003)',
  receiving: 'an inbound message is being received',
  received: 'an inbound message was received',
  accepted: 'the Messaging Service accepted the message',
  scheduled: 'the message is scheduled for later',
  read: 'the recipient read the message (WhatsApp)',
  partially_delivered: 'only some parts of the message were delivered',
  canceled: 'the message was canceled before it was sent',
};

const CALL_WORDS: Record<string, string> = {
  queued: 'the call was initiated and is queued',
  ringing: 'the callee is ringing',
  'in-progress': 'the call was answered',
  completed: 'the call ended after 37 s',
  busy: 'the callee was busy',
  failed: 'the call could not be placed',
  'no-answer': 'nobody answered',
  canceled: 'the call was canceled before it was answered',
};

export function catalogue(): Array<{ event: string; description: string; fields: Fields }> {
  return [
    ...MESSAGE_STATUSES.map((status) => ({
      event: `message.status.${status}`,
      description: `Message status callback: ${MESSAGE_WORDS[status] ?? status}`,
      fields: messageStatus(status),
    })),
    ...CALL_STATUSES.map((status) => ({
      event: `call.status.${status}`,
      description: `Call progress event: ${CALL_WORDS[status] ?? status}`,
      fields: callStatus(status),
    })),
    {
      event: 'message.incoming',
      description: 'An SMS arrived at the Twilio number',
      fields: incomingMessage(),
    },
    { event: 'call.incoming', description: 'A call is ringing at the Twilio number', fields: incomingCall() },
  ];
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const index = [];
  for (const { event, description, fields } of catalogue()) {
    const file = `${event}.json`;
    await writeFile(new URL(file, OUT), `${JSON.stringify(fields, null, 2)}\n`);
    index.push({ event, description, file });
  }
  await writeFile(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(`wrote ${index.length} Twilio fixtures\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
