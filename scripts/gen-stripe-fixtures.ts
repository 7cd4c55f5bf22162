// Writes fixtures/stripe/: one `event` template per event type the `stripe` package types (its
// `Event.Type` union in esm/resources/Events.d.ts), each wrapping Stripe's own example of the resource the
// event carries (fixtures3.json from Stripe's public OpenAPI repository, MIT, in ../shared/data/). The
// doc comment above each `XxxEvent` interface is the description; its `data.object` type names the
// resource. Run with `node --import tsx scripts/gen-stripe-fixtures.ts`; the output is committed.
// Object shapes: https://docs.stripe.com/api/events/object, event types: https://docs.stripe.com/api/events/types
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import {
  BASE,
  EXPANDED,
  FALLBACKS,
  ID_PREFIXES,
  type Json,
  PLACEHOLDER_IDS,
  PLACEHOLDER_VALUES,
  previousAttributes,
  REQUIRED,
  RULES,
  STATUS_VERBS,
  TEMPLATE_CREATED,
  UNION_MEMBERS,
} from './stripe-fixture-rules.ts';

const STRIPE = new URL('../node_modules/stripe/esm/', import.meta.url);
const OPENAPI = new URL(
  process.env.STRIPE_OPENAPI_DIR ?? '../../shared/data/stripe-openapi/',
  import.meta.url,
);
const OUT = new URL('../fixtures/stripe/', import.meta.url);

interface Parsed {
  event: string;
  description: string;
  type: string;
}

/** Each `XxxEvent` interface: its doc comment, its `type` literal and the type of its `data.object`. */
function parseEvents(text: string): Parsed[] {
  const pattern =
    /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\nexport interface \w+Event extends EventBase \{\n\s+type: '([^']+)';[\s\S]*?\n\s+object: ([\w.]+);/g;
  return [...text.matchAll(pattern)].map(([, comment = '', event = '', type = '']) => ({
    event,
    type,
    description: firstSentence(comment),
  }));
}

/** The doc comment's first sentence on one line, Markdown links and entities reduced to text. */
function firstSentence(comment: string): string {
  const text = comment
    .replace(/^\s*\* ?/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replaceAll('&mdash;', '—')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = text.match(/^.*?[.!?](?=\s+[A-Z]|$)/)?.[0] ?? text;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The `object` literal of a resource type (`Issuing.Card` → `issuing.card`) from its declaration. */
async function objectName(type: string): Promise<string> {
  const member = UNION_MEMBERS[type];
  if (member !== undefined) return member;
  const parts = type.split('.');
  const name = parts.pop() as string;
  const dir = new URL(`resources/${parts.length > 0 ? `${parts.join('/')}/` : ''}`, STRIPE);
  const declaration = new RegExp(
    `(?:^|\\n)export interface ${name} \\{\\n[\\s\\S]*?\\n {4}object: '([^']+)';`,
  );
  for (const file of (await readdir(dir)).filter((candidate) => candidate.endsWith('.d.ts')).sort()) {
    const match = declaration.exec(await readFile(new URL(file, dir), 'utf8'));
    if (match?.[1] !== undefined) return match[1];
  }
  throw new Error(`no declaration with an object literal for ${type}`);
}

/** A stable Stripe-looking id, so regenerating gives the same files. */
function stableId(prefix: string, seed: string, length = 24): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(seed).digest();
  return prefix + [...digest.subarray(0, length)].map((byte) => alphabet[byte % 62]).join('');
}

function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(`uuid:${seed}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resourceFor(name: string, resources: Record<string, Json>): { object: Json; fallback: boolean } {
  const found = resources[name];
  if (found !== undefined) return { object: structuredClone(found), fallback: false };
  const fallback = FALLBACKS[name];
  const base = fallback === undefined ? undefined : resources[fallback.from];
  if (fallback === undefined || base === undefined) throw new Error(`no resource shape for ${name}`);
  const object: Json = structuredClone(base);
  for (const key of fallback.omit) delete object[key];
  for (const [key, value] of Object.entries(fallback.set)) {
    if (value === undefined) delete object[key];
    else object[key] = value;
  }
  return { object, fallback: true };
}

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets each dotted path of `fields` on `object` where its parent exists and the field does not. */
function fillRequired(object: Json, fields: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(fields)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce<unknown>((at, key) => (isJson(at) ? at[key] : undefined), object);
    if (isJson(parent) && !(last in parent)) parent[last] = value;
  }
}

/**
 * fixtures3's placeholders made real, in place: `obj_123` ids in Stripe's format for the object they
 * name, `{id, object}` stubs and expanded objects of expandable fields as the id string a webhook carries, and strings equal
 * to their own key replaced by an id or a value. Ids are seeded by event and kind, so every mention of
 * one object in an event gets the same id.
 */
function realistic(value: unknown, event: string, key = '', parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => realistic(item, event, key, parent));
  if (typeof value === 'string') {
    if (value !== key) return value;
    const prefix = PLACEHOLDER_IDS[key];
    if (prefix !== undefined) return stableId(prefix, `${event}:${key}`);
    return PLACEHOLDER_VALUES[`${parent}.${key}`] ?? PLACEHOLDER_VALUES[key] ?? value;
  }
  if (!isJson(value)) return value;
  if (typeof value.id === 'string' && value.id.startsWith('obj_')) {
    const prefix = ID_PREFIXES[String(value.object ?? key)];
    if (prefix !== undefined) value.id = stableId(prefix, `${event}:${String(value.object ?? key)}`);
  }
  if (Object.keys(value).sort().join(',') === 'id,object' || EXPANDED.has(`${parent}.${key}`))
    return value.id;
  for (const [field, item] of Object.entries(value)) value[field] = realistic(item, event, field, key);
  return value;
}

function template(event: string, name: string, object: Json, apiVersion: string): Json {
  if (typeof object.created === 'number') object.created = TEMPLATE_CREATED;
  if ('livemode' in object) object.livemode = false;
  Object.assign(object, BASE[name]);
  const verb = event.split('.').pop() as string;
  if (typeof object.status === 'string' && STATUS_VERBS.has(verb)) object.status = verb;
  fillRequired(object, REQUIRED[name] ?? {});
  realistic(object, event);
  for (const [pattern, patch] of RULES) if (pattern.test(event)) Object.assign(object, patch(object, event));
  const data: Json = { object };
  if (verb === 'updated') data.previous_attributes = previousAttributes(event, object);
  return {
    id: stableId('evt_1', event, 23),
    object: 'event',
    api_version: apiVersion,
    created: TEMPLATE_CREATED,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: stableId('req_', event, 14), idempotency_key: stableUuid(event) },
    type: event,
  };
}

// What the README says about how the catalogue is checked and what still fails, and why; the counts are
// those `scripts/check-stripe-fixtures.ts` prints for this output.
const README_CHECKS = [
  '## How the catalogue is checked',
  '',
  '`test/fixtures-stripe.test.ts` (with `test/helpers/stripe-oracle.ts`) renders every event as `hookctl trigger`',
  'sends it (`stripe.payload`: fresh ids and timestamps) and checks it four ways:',
  '',
  "- **types**: the payload type-checks as `Extract<Stripe.Event, { type: E }>` against the `stripe` package's",
  '  declarations, all events in one in-memory TypeScript program (about 5 s). Missing required fields, removed',
  "  fields (excess properties) and enum values the types do not name fail (the oracle closes the SDK's open",
  "  enums, `'a' | 'b' | OtherString`). Decimal strings where the SDK types `Stripe.Decimal` are accepted:",
  '  `constructEvent` returns the JSON as parsed, so a webhook carries them as the strings Stripe sends.',
  "- **states**: the rule table `STATE_RULES` says what each event's name implies (`invoice.paid`: status `paid`",
  '  and `status_transitions.paid_at` set; `transfer.reversed`: `amount_reversed` > 0; 30 rules).',
  '- **placeholders**: no string equal to its own key (`currency: "currency"`) and no `obj_` id.',
  '- **stubs**: no object with an `id` where the type also takes the id string (an expandable field, which a',
  '  webhook sends unexpanded: no `{id, object}` stub, no expanded object), checked by assigning a string to the',
  '  type at that path.',
  '',
  'What still fails is listed with its reason in `test/fixtures/stripe-known.json`: the test fails on any',
  'failure not listed, and on a listed event that now passes. `node --import tsx scripts/check-stripe-fixtures.ts`',
  'prints the counts and the failures; `--write` rewrites the list.',
  '',
  'Counts for these templates: 274 of 275 events valid against the `stripe` types, state rules hold for all',
  '275, 275 of 275 without placeholders, none with an expanded stub.',
  '',
  '## Known failures',
  '',
  '- `invoice.upcoming` (types): the SDK types every `Invoice` with an `id`, but an upcoming invoice is a',
  '  preview and Stripe sends it without one (https://docs.stripe.com/api/events/types); the template follows',
  '  Stripe.',
  '- `apps.install.*` (3) and `three_d_secure.authentication.*` (7): fixtures3 has no example of these',
  "  preview objects and Stripe publishes no id prefix for them. Rather than keep fixtures3's `obj_123`",
  "  placeholder, their ids are in Stripe's shape with prefixes of hookctl's choosing, `appinst_` and",
  '  `threeds_` (scripts/stripe-fixture-rules.ts); they pass every check, and this note says the prefix is',
  '  ours.',
  '',
];

async function main(): Promise<void> {
  const apiVersion = /ApiVersion = '([^']+)'/.exec(
    await readFile(new URL('apiVersion.js', STRIPE), 'utf8'),
  )?.[1];
  if (apiVersion === undefined) throw new Error('no ApiVersion in node_modules/stripe/esm/apiVersion.js');
  const events = parseEvents(await readFile(new URL('resources/Events.d.ts', STRIPE), 'utf8'));
  const resources = JSON.parse(await readFile(new URL('fixtures3.json', OPENAPI), 'utf8'))
    .resources as Record<string, Json>;
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const index = [];
  const fallbacks = new Set<string>();
  for (const { event, description, type } of events.sort((a, b) => (a.event < b.event ? -1 : 1))) {
    const name = await objectName(type);
    const { object, fallback } = resourceFor(name, resources);
    if (fallback) fallbacks.add(event);
    const file = `${event}.json`;
    await writeFile(
      new URL(file, OUT),
      `${JSON.stringify(template(event, name, object, apiVersion), null, 2)}\n`,
    );
    index.push({ event, description, file });
  }
  await writeFile(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  await copyFile(new URL('LICENSE', OPENAPI), new URL('LICENSE-stripe-openapi', OUT));
  await writeFile(
    new URL('README.md', OUT),
    [
      '# Stripe event templates',
      '',
      `Generated by \`scripts/gen-stripe-fixtures.ts\`: one \`event\` per type the \`stripe\` package types, API version \`${apiVersion}\`.`,
      '',
      "NOTICE: the `data.object` shapes come from Stripe's public OpenAPI repository (`openapi/fixtures3.json`),",
      'Copyright (c) Stripe, Inc., MIT licence: see `LICENSE-stripe-openapi` beside this file.',
      '',
      ...README_CHECKS,
    ].join('\n'),
  );
  process.stderr.write(
    `${index.length} events, ${fallbacks.size} on a closest-resource fallback: ${[...fallbacks].join(', ')}\n`,
  );
}

await main();
