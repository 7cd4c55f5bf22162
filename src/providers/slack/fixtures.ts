import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject } from '../parse.ts';
import { randomChars, uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

/**
 * Interactivity payload types, sent as one form field `payload=<JSON>`
 * (https://api.slack.com/interactivity/handling#payloads); the rest of the catalogue is Events API JSON,
 * except slash commands, which are flat form fields (https://api.slack.com/interactivity/slash-commands).
 */
const INTERACTIVITY = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
]);

export type SlackEncoding = 'json' | 'form' | 'form-payload';

/** How Slack delivers `event`: by name, else by the payload's own `type` (for `trigger --data`). */
export function slackEncoding(event: string, payload: JsonObject): SlackEncoding {
  if (event === 'slash_command') return 'form';
  const type = payload.type;
  if (INTERACTIVITY.has(event) || (typeof type === 'string' && INTERACTIVITY.has(type)))
    return 'form-payload';
  return 'json';
}

/** A fresh copy of the template (or of `data`) with new event ids, trigger ids and timestamps. */
export async function slackPayload(
  event: string,
  context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('slack', event));
  if (template === null) return null;
  const payload = structuredClone(template);
  const ts = messageTs(context);
  if (payload.type === 'url_verification') payload.challenge = base62(context, 52);
  if (payload.type === 'event_callback') {
    payload.event_id = `Ev${base36(context, 10)}`;
    payload.event_time = Math.floor(context.now() / 1000);
    if (isJsonObject(payload.event)) freshenEvent(payload.event, ts, context);
  }
  if (typeof payload.trigger_id === 'string') payload.trigger_id = triggerId(context);
  if (typeof payload.action_ts === 'string') payload.action_ts = ts;
  if (Array.isArray(payload.actions)) {
    for (const action of payload.actions)
      if (isJsonObject(action) && 'action_ts' in action) action.action_ts = ts;
  }
  return payload;
}

// An event's `ts` and `event_ts` are the moment it happened; an edit's `edited.ts` is that same moment
// (https://api.slack.com/events/message/message_changed). Older `ts` values (the edited or reacted-to
// message) stay as they are: they point at an earlier message.
function freshenEvent(event: JsonObject, ts: string, context: ProviderContext): void {
  if (typeof event.event_ts === 'string') event.event_ts = ts;
  if (typeof event.ts === 'string') event.ts = ts;
  if (typeof event.client_msg_id === 'string') event.client_msg_id = uuid(context);
  const edited = isJsonObject(event.message) ? event.message.edited : undefined;
  if (isJsonObject(edited)) edited.ts = ts;
}

const USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

/**
 * The bytes Slack sends. Form bodies use URLSearchParams, which encodes as Slack does (`/` → `%2F`,
 * space → `+`): the slash command body in Slack's signing docs comes out byte for byte. The content type
 * carries no charset, because Bolt refuses form bodies that declare one.
 */
export function slackEncode(event: string, payload: JsonObject): UnsignedRequest {
  const encoding = slackEncoding(event, payload);
  if (encoding === 'json') return request('application/json', JSON.stringify(payload));
  const fields: Array<[string, string]> =
    encoding === 'form-payload'
      ? [['payload', JSON.stringify(payload)]]
      : Object.entries(payload).map(([name, value]): [string, string] => [name, formValue(value)]);
  return request('application/x-www-form-urlencoded', new URLSearchParams(fields).toString());
}

function request(contentType: string, body: string): UnsignedRequest {
  return {
    headers: [
      ['Content-Type', contentType],
      ['User-Agent', USER_AGENT],
    ],
    body: Buffer.from(body, 'utf8'),
  };
}

function formValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** `1700000000.000100`: Slack message timestamps are seconds with a six-digit sequence part. */
function messageTs(context: ProviderContext): string {
  const sequence = context.randomBytes(4).readUInt32BE(0) % 1_000_000;
  return `${Math.floor(context.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
}

/** `6178293847541.6149337201.5c2f07d3b1e94a8f6d0c3e2b7a9f1d48`, as in Slack's examples. */
function triggerId(context: ProviderContext): string {
  return `${digits(context, 13)}.${digits(context, 10)}.${context.randomBytes(16).toString('hex')}`;
}

const digits = (context: ProviderContext, length: number) =>
  randomChars(context, '123456789', 1) + randomChars(context, '0123456789', length - 1);
const base36 = (context: ProviderContext, length: number) =>
  randomChars(context, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', length);
const base62 = (context: ProviderContext, length: number) =>
  randomChars(context, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', length);
