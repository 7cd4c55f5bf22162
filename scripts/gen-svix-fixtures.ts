// Writes fixtures/svix/: Svix's own operational webhooks, one event a `*Event` model of the `svix`
// package (1.x, dist/models/<name>Event.d.ts; `messageAttemptExhaustedEvent` → `message.attempt.exhausted`),
// built from that model with scripts/sw-synth.ts and the rules below (one environment: one organization,
// application, endpoint and ingest source). The models type times as `Date` and statuses as enums; on the
// wire they are ISO strings and the enums' values, which `SvixWire` says. Event meanings:
// https://docs.svix.com/incoming-webhooks#operational-webhooks. Run with `node --import tsx
// scripts/gen-svix-fixtures.ts`; the output is committed.
import { readdir } from 'node:fs/promises';
import { base62Of } from './sw-ids.ts';
import { type At, type Json, ONE, ordered, synthesize, writeCatalogue } from './sw-synth.ts';
import { SENDER_TYPES, svixModel } from './sw-types.ts';

const ONE_LOG = ONE;

const MODELS = new URL('../node_modules/svix/dist/models/', import.meta.url);
const NOW = Date.parse('2023-11-14T22:13:20.000Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString().replace(/\.000Z$/, 'Z');

/** `messageAttemptExhaustedEvent.d.ts` → `{model: 'MessageAttemptExhaustedEvent', event: 'message.attempt.exhausted'}`. */
const models = (await readdir(MODELS))
  .filter((file) => /^[a-z][A-Za-z]*Event\.d\.ts$/.test(file))
  .map((file) => {
    const name = file.replace(/\.d\.ts$/, '');
    const words = name.replace(/Event$/, '').replace(/[A-Z]/g, (letter) => `.${letter.toLowerCase()}`);
    return {
      model: name[0]?.toUpperCase() + name.slice(1),
      event: words.replace('background.task', 'background_task'),
    };
  });
const modelOf = new Map(models.map(({ model, event }) => [event, model]));
for (const [event, model] of modelOf) {
  if (svixModel(event) !== model)
    throw new Error(`${event} names ${svixModel(event)}, not the model ${model}`);
}

const id = (prefix: string, seed: string) => `${prefix}_${base62Of(`svix:${seed}`)}`;
const APP = id('app', 'application');
const ENDPOINT = id('ep', 'endpoint');
const SOURCE = id('src', 'source');
const MESSAGE = id('msg', 'message');
const FAILING = /(exhausted|failing)$/;

function rule({ event, path, key }: At): Json | typeof ONE | undefined {
  if (key === 'appId') return APP;
  if (key === 'appUid') return 'acme-production';
  if (key === 'endpointId') return ENDPOINT;
  if (key === 'endpointUid') return 'orders-service';
  if (key === 'sourceId') return SOURCE;
  if (key === 'msgId') return MESSAGE;
  if (key === 'msgEventId') return 'evt_order_1042_paid';
  if (key === 'orgId') return id('org', 'organization');
  if (key === 'eventType') return 'order.paid';
  if (path.endsWith('lastAttempt.id') || key === 'attemptId') return id('atmpt', `attempt:${event}`);
  if (key === 'responseStatusCode') return FAILING.test(event) ? 503 : 200;
  if (key === 'timestamp') return iso(-1000);
  if (key === 'failSince') return iso(-5 * 86_400_000);
  if (key === 'trigger') return 'automatic';
  if (key === 'attemptStart' || key === 'start') return iso(-1200);
  if (key === 'attemptEnd' || key === 'end') return iso(-1000);
  if (key === 'msgCreated') return iso(-1300);
  if (key === 'attemptCount') return 1;
  // The task that finished: replaying an endpoint's failed messages (its result is task-specific, left empty).
  if (path === 'data.task') return 'endpoint.replay';
  if (path === 'data.status') return event === 'background_task.finished' ? 'finished' : undefined;
  if (path === 'data.taskId') return id('qtask', 'task');
  if (path === 'data.data') return {};
  if (path === 'data' && event === 'message.attempt.log') return undefined;
  return undefined;
}

const DESCRIPTIONS: Record<string, string> = {
  'background_task.finished': 'a background task (here an endpoint replay) finished',
  'endpoint.created': 'an endpoint was created',
  'endpoint.deleted': 'an endpoint was deleted',
  'endpoint.disabled': 'an endpoint was disabled after failing for five days (or by hand)',
  'endpoint.enabled': 'an endpoint was enabled again',
  'endpoint.updated': 'an endpoint was updated',
  'ingest.endpoint.disabled': 'an Ingest endpoint was disabled after failing',
  'ingest.message.attempt.exhausted': 'an Ingest message used up all its attempts',
  'ingest.message.attempt.failing': 'an Ingest message is failing to be delivered',
  'ingest.message.attempt.recovered': 'an Ingest message was delivered after failing',
  'message.attempt.exhausted': 'a message used up all its attempts to an endpoint',
  'message.attempt.failing': 'a message is failing to be delivered to an endpoint',
  'message.attempt.log': 'a batch of delivery attempt logs',
  'message.attempt.recovered': 'a message was delivered after failing',
};

const events = [...modelOf.keys()];
const payloads = synthesize(
  {
    ...SENDER_TYPES.svix,
    rule: (at) => (at.path === 'data' && at.event === 'message.attempt.log' ? ONE_LOG : rule(at)),
    time: () => NOW,
  },
  events,
);
for (const [event, payload] of payloads) payloads.set(event, ordered(payload, ['type', 'data']));
await writeCatalogue('svix', payloads, (event) => `Svix: ${DESCRIPTIONS[event] ?? event}`);
console.log(`fixtures/svix: ${payloads.size} events of the ${models.length} *Event models`);
