import { readFixture } from '../catalog.ts';
import type { JsonObject } from '../parse.ts';
import { uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/** The fields that carry the message's SID: Twilio repeats it under its deprecated names. */
const MESSAGE_SID_FIELDS = ['MessageSid', 'SmsSid', 'SmsMessageSid'];

/**
 * A fresh copy of the template (or of `data`): a new message or call SID (34 characters: `SM` or `CA` and
 * 32 hex digits, https://www.twilio.com/docs/glossary/what-is-a-sid), and the time fields set to now.
 * The account, numbers and Messaging Service stay as the fixtures say: one account throughout.
 */
export async function twilioPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('twilio', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  const messageSid = `SM${context.randomBytes(16).toString('hex')}`;
  for (const field of MESSAGE_SID_FIELDS) if (typeof payload[field] === 'string') payload[field] = messageSid;
  if (typeof payload.CallSid === 'string') payload.CallSid = `CA${context.randomBytes(16).toString('hex')}`;
  const now = new Date(context.now());
  // Call progress events: RFC 2822 in UTC (https://www.twilio.com/docs/voice/api/call-resource#statuscallback).
  if (typeof payload.Timestamp === 'string') payload.Timestamp = now.toUTCString().replace('GMT', '+0000');
  // The carrier's delivery receipt time, YYMMDDhhmm
  // (https://www.twilio.com/en-us/changelog/addition-of-rawdlrdonedate-to-delivered-and-undelivered-status-webhooks).
  if (typeof payload.RawDlrDoneDate === 'string') {
    payload.RawDlrDoneDate = now
      .toISOString()
      .replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3$4$5');
  }
  return payload;
}

/**
 * The bytes Twilio sends: `application/x-www-form-urlencoded` fields in the template's order, encoded as
 * URLSearchParams does (space as `+`, `+` as `%2B`, `:` as `%3A`), which is how Twilio's deliveries read.
 * Values that are not strings (from `--set`) are sent as their JSON text.
 */
export function twilioEncode(payload: JsonObject, context: ProviderContext): UnsignedRequest {
  const fields = Object.entries(payload).map(([name, value]): [string, string] => [
    name,
    typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value),
  ]);
  return {
    headers: [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['User-Agent', 'TwilioProxy/1.1'],
      ['Accept', '*/*'],
      ['I-Twilio-Idempotency-Token', uuid(context)],
      ['X-Home-Region', 'us1'],
    ],
    body: Buffer.from(new URLSearchParams(fields).toString(), 'utf8'),
  };
}
