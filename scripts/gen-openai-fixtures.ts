// Writes fixtures/openai/: one event an `XxxWebhookEvent` interface of the `openai` package (6.x,
// resources/webhooks/webhooks.d.ts, the members of `UnwrapWebhookEvent`), built from that type with
// scripts/sw-synth.ts; each interface's doc comment is the description. OpenAI's events are thin: `data`
// holds the id of the response, batch, fine-tuning job or eval run (the handler fetches the rest), so a
// state such as `status: "failed"` is not on the wire. Run with `node --import tsx
// scripts/gen-openai-fixtures.ts`; the output is committed. https://platform.openai.com/docs/api-reference/webhook-events
import { readFile } from 'node:fs/promises';
import { docComments, hexOf } from './sw-ids.ts';
import { type At, ordered, synthesize, writeCatalogue } from './sw-synth.ts';
import { SENDER_TYPES } from './sw-types.ts';

const TYPES = new URL('../node_modules/openai/resources/webhooks/webhooks.d.ts', import.meta.url);
// 2023-11-14T22:13:20Z, as the other catalogues; `payload` moves it to now.
const NOW_S = 1_700_000_000;

const text = await readFile(TYPES, 'utf8');
const union = /export type UnwrapWebhookEvent = ([^;]+);/.exec(text)?.[1] ?? '';
const names = union.split('|').map((name) => name.trim());
const descriptions = docComments(
  text,
  /\/\*\*\n((?:\s*\*.*\n)*?)\s*\*\/\nexport interface (?:\w+WebhookEvent) \{[\s\S]*?\n\s+type: '([^']+)';/g,
);
const events = [...descriptions.keys()];
if (events.length !== names.length) throw new Error(`${names.length} union members, ${events.length} parsed`);

/** The resource id each event family carries, in OpenAI's formats. */
function resourceId(event: string): string {
  if (event.startsWith('response.')) return `resp_${hexOf(event, 50)}`;
  if (event.startsWith('batch.')) return `batch_${hexOf(event, 32)}`;
  if (event.startsWith('eval.run.')) return `evalrun_${hexOf(event, 32)}`;
  if (event.startsWith('fine_tuning.job.')) return `ftjob-${hexOf(event, 24)}`;
  throw new Error(`no id format for ${event}`);
}

// One caller and one project number across the catalogue.
const sipHeaders = [
  { name: 'From', value: '"Ada Lovelace" <sip:+14155550123@pstn.twilio.com>;tag=73f9c1d2' },
  { name: 'To', value: '<sip:+14155550188@sip.api.openai.com>' },
  { name: 'Call-ID', value: '5e3c8d2a4b7f41c6a0d9e1f2b3c4d5e6@pstn.twilio.com' },
];

function rule({ event, path }: At) {
  if (path === 'id') return `evt_${hexOf(`evt:${event}`, 32)}`;
  if (path === 'object') return 'event';
  if (path === 'data.id') return resourceId(event);
  if (path === 'data.call_id') return `rtc_${hexOf(event, 32)}`;
  if (path === 'data.sip_headers') return sipHeaders;
  return undefined;
}

const payloads = synthesize(
  {
    ...SENDER_TYPES.openai,
    rule,
    time: () => NOW_S,
  },
  events,
);
// As OpenAI lays an event out: https://platform.openai.com/docs/guides/webhooks.
for (const [event, payload] of payloads)
  payloads.set(event, ordered(payload, ['object', 'id', 'type', 'created_at', 'data']));
await writeCatalogue('openai', payloads, (event) => descriptions.get(event) ?? event);
console.log(`fixtures/openai: ${payloads.size} events of the ${names.length} in UnwrapWebhookEvent`);
