// Writes fixtures/zoom/ from the webhook event types of Zoom's Rivet SDK (zoom/rivet-javascript, the
// generated `<product>/<product>.d.ts` files; not a dependency, so pass the unpacked npm package, which is
// newer than the GitHub repository: 0.4.0 against 0.3.0):
//   npm pack @zoom/rivet@0.4.0 && tar xzf zoom-rivet-0.4.0.tgz
//   node --import tsx scripts/gen-zoom-fixtures.ts package
// Every `Event<"…">` type becomes one fixture built from its shape: each required field, and each optional
// one a rule in zoom-fixture-values.ts knows, filled by field name and event name. A required string field
// with no rule stops the run, naming it: there is no fallback value. The shapes themselves are written to
// test/zoom-rivet-events.json, which test/fixtures-zoom.test.ts holds every fixture to.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { numberValue, stringValue, TIMES, type ValueContext } from './zoom-fixture-values.ts';
import { type RivetEvent, rivetEvents, type Shape, storeShape } from './zoom-rivet-schema.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const OUT = new URL('../fixtures/zoom/', import.meta.url);
const SHAPES = new URL('../test/zoom-rivet-events.json', import.meta.url);

/** Optional objects and arrays worth sending: the thing an event is about (Zoom includes them). */
const OPTIONAL_PARTS = new Set([
  'payload',
  'object',
  'participant',
  'recording_files',
  'registrant',
  'old_object',
  'callee',
  'caller',
]);

const missing = new Set<string>();

function build(shape: Shape, name: string, context: ValueContext): Json | undefined {
  switch (shape.type) {
    case 'string': {
      const value = stringValue(name, context);
      if (value === undefined) missing.add(`${context.event}: ${[...context.path, name].join('.')}`);
      return value ?? null;
    }
    case 'number':
      return numberValue(name, context) ?? 1;
    case 'boolean':
      return booleanValue(name, context);
    case 'literal':
      return literalValue(name, shape.values, context);
    case 'null':
      return null;
    case 'any':
      return stringValue(name, context) ?? null;
    case 'array': {
      const item = build(shape.items, name, context);
      return item === undefined ? [] : [item];
    }
    case 'union':
      return build(shape.options[0] ?? { type: 'null' }, name, context);
    case 'object': {
      const inner: ValueContext = { event: context.event, path: name === '' ? [] : [...context.path, name] };
      const out: { [key: string]: Json } = {};
      for (const [key, { shape: field, optional }] of Object.entries(shape.properties)) {
        if (optional && !knownOptional(key, field, inner)) continue;
        const value = build(field, key, inner);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
  }
}

/** An optional field is sent when a rule knows its value, or when it is the thing the event is about. */
function knownOptional(name: string, shape: Shape, context: ValueContext): boolean {
  // A top-level message is no reply: the reply fields are sent only on replies, where they are required.
  if (name === 'reply_main_message_id' || name === 'parent_msg_id') return false;
  if (shape.type === 'string') return stringValue(name, context) !== undefined;
  if (shape.type === 'number') return numberValue(name, context) !== undefined;
  if (shape.type === 'object' || shape.type === 'array') return OPTIONAL_PARTS.has(name);
  return false;
}

function booleanValue(name: string, context: ValueContext): boolean {
  if (name === 'by_external_user' || name === 'is_external_user') return false;
  if (name === 'is_breakout_room') return /breakout/.test(context.event);
  return false;
}

/** The literal that matches the event (a completed status, the event's own name), else the first. */
function literalValue(name: string, values: Array<string | number | boolean>, context: ValueContext) {
  if (name === 'event' && values.includes(context.event)) return context.event;
  const wanted = stringValue(name, context);
  if (wanted !== undefined && values.includes(wanted)) return wanted;
  // Numbers that Rivet 0.4.0 turned into enums (a meeting's `type: 0 | 1 | 2 | …`, a policy's `status:
  // 0 | 1`) keep the value they had as plain numbers: the rule's, else 1. A chat channel's `type` was an
  // enum already and keeps its first value (1, a private channel).
  if (!/^(chat_channel|team_chat)$/.test(context.event.split('.')[0] ?? '')) {
    const number = numberValue(name, context) ?? 1;
    if (values.includes(number)) return number;
  }
  return values[0] ?? null;
}

/** `meeting.participant_joined` → `Meeting: participant joined`. */
function describe(event: string): string {
  const [family = '', action = ''] = event.includes('.') ? event.split('.') : ['', event];
  const words = (text: string) => text.replaceAll('_', ' ');
  const title = FAMILY_TITLES[family] ?? words(family);
  return title === '' ? capitalise(words(action)) : `${title}: ${words(action)}`;
}
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const FAMILY_TITLES: Record<string, string> = {
  account: 'Account',
  app: 'Marketplace app',
  chat_channel: 'Team Chat channel',
  chat_message: 'Team Chat message',
  group: 'Group',
  information_barriers: 'Information barriers',
  meeting: 'Meeting',
  phone: 'Zoom Phone',
  recording: 'Cloud recording',
  session: 'Video SDK session',
  team_chat: 'Team Chat',
  user: 'User',
  webinar: 'Webinar',
};

/** `*.updated` events carry the old values in `old_object`: make each one really earlier. */
function earlier(fixture: { [key: string]: Json }): void {
  const payload = fixture.payload as { [key: string]: Json } | undefined;
  const old = payload?.old_object as { [key: string]: Json } | undefined;
  if (old === undefined || old === null || typeof old !== 'object') return;
  // Account events name only the changed field in old_object (`$changed_field_name` in Rivet's type).
  const object = payload?.object as { [key: string]: Json } | undefined;
  if (Object.keys(old).length === 0 && typeof object?.account_name === 'string') old.account_name = '';
  for (const [key, value] of Object.entries(old)) {
    if (/(^|_)(id|uuid)$|^id$/.test(key)) continue;
    if (key === 'topic') old[key] = 'Weekly release sync';
    else if (key === 'duration' && typeof value === 'number') old[key] = 45;
    else if (key === 'first_name') old[key] = 'Jon';
    else if (key === 'account_name') old[key] = 'Northwind';
    else if (key === 'name' && value === 'Engineering') old[key] = 'Platform team';
    else if (typeof value === 'boolean') old[key] = !value;
  }
}

function fixtureOf(event: RivetEvent): { [key: string]: Json } {
  const value = build(event.schema, '', { event: event.event, path: [] });
  const fixture = value as { [key: string]: Json };
  fixture.event = event.event;
  earlier(fixture);
  return fixture;
}

/** Zoom's registration challenge: signed like any event, answered by the endpoint (not in Rivet's types). */
const URL_VALIDATION = {
  event: 'endpoint.url_validation',
  description: 'Zoom checks the endpoint URL: answer with the plainToken and its HMAC (encryptedToken)',
  fixture: {
    payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
    event_ts: TIMES.eventMs,
    event: 'endpoint.url_validation',
  },
};

async function main(root: string): Promise<void> {
  const events = await rivetEvents(root);
  if (events.length === 0) throw new Error(`no Rivet event types under ${root}`);
  const fixtures = events.map((event) => ({ event, fixture: fixtureOf(event) }));
  if (missing.size > 0) {
    throw new Error(`no value rule for ${missing.size} required fields:\n${[...missing].join('\n')}`);
  }
  await mkdir(OUT, { recursive: true });
  for (const file of await readdir(OUT))
    if (file.endsWith('.json') && file !== 'index.json') await rm(new URL(file, OUT));
  const index = [];
  for (const { event, fixture } of fixtures) {
    const file = `${event.event}.json`;
    await writeFile(new URL(file, OUT), `${JSON.stringify(fixture, null, 2)}\n`);
    index.push({ event: event.event, description: describe(event.event), file });
  }
  const challenge = `${URL_VALIDATION.event}.json`;
  await writeFile(new URL(challenge, OUT), `${JSON.stringify(URL_VALIDATION.fixture, null, 2)}\n`);
  index.push({ event: URL_VALIDATION.event, description: URL_VALIDATION.description, file: challenge });
  index.sort((a, b) => (a.event < b.event ? -1 : 1));
  await writeFile(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  const shapes = Object.fromEntries(
    events.map(({ event, product, schema }) => [event, { product, schema: storeShape(schema) }]),
  );
  await writeFile(SHAPES, `${JSON.stringify(shapes)}\n`);
  // test/ is formatted by Biome: lay the file out as `npm run lint` expects it.
  const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
  execFileSync(biome, ['format', '--write', fileURLToPath(SHAPES)], { stdio: 'ignore' });
  process.stderr.write(
    `wrote ${index.length} fixtures (${events.length} Rivet event types + the URL check)\n`,
  );
}

const root = process.argv[2];
if (root === undefined) {
  process.stderr.write(
    'usage: node --import tsx scripts/gen-zoom-fixtures.ts /path/to/unpacked/@zoom/rivet\n',
  );
  process.exit(2);
}
await main(root);
