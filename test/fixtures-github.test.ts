import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import {
  loadSchemaOracle,
  placeholders,
  STATE_RULES,
  splitEvent,
  stateViolations,
} from '../scripts/github-fixture-rules.ts';
import { headerValue } from '../src/http/headers.ts';
import { github } from '../src/providers/github/index.ts';

import { seededContext } from './helpers/context.ts';

// Every GitHub fixture as `trigger` sends it, held to @octokit/webhooks-schemas, to the state its action
// implies and to the hook its headers name. A ratchet: what fails must be exactly what
// test/github-fixtures-known.json lists with a reason, so a new failure is a regression and a fixed one
// must leave the list.

type Reasons = Record<string, string>;
interface Known {
  schema: Reasons;
  below_source: Reasons;
  state: Reasons;
  installation: Reasons;
  placeholders: Record<string, string>;
}

const known = JSON.parse(
  await readFile(new URL('./github-fixtures-known.json', import.meta.url), 'utf8'),
) as Known;
const examples = JSON.parse(
  await readFile(
    new URL(import.meta.resolve('@octokit/webhooks-examples/api.github.com/index.json')),
    'utf8',
  ),
) as Array<{ name: string; examples: Array<{ action?: unknown }> }>;
const oracle = await loadSchemaOracle();

const sent = await Promise.all(
  (await github.fixtures()).map(async ({ event }) => {
    const context = seededContext(1_700_000_000_000, event);
    const payload = await github.payload(event, context);
    assert.ok(payload, event);
    const { headers } = github.encode(event, payload, context);
    return { event, payload, target: headerValue(headers, 'x-github-hook-installation-target-type') };
  }),
);

/** The package's own examples of the event and action a fixture is named after. */
function sourceExamples(event: string): unknown[] {
  const [name, action] = splitEvent(event);
  const found = examples.find((candidate) => candidate.name === name)?.examples ?? [];
  return found.filter((example) => example.action === action);
}

function ratchet(kind: keyof Known, failing: Map<string, string>): void {
  const list = known[kind];
  const regressions = [...failing].filter(([event]) => !Object.hasOwn(list, event));
  const fixed = Object.keys(list).filter((event) => !failing.has(event));
  assert.deepEqual(regressions, [], `${kind}: failures not in test/github-fixtures-known.json`);
  assert.deepEqual(fixed, [], `${kind}: listed as failing in test/github-fixtures-known.json, but pass`);
}

function schemaFailure(event: string, payload: unknown): string | null {
  const errors = oracle.errors(event, payload);
  if (errors === null) return 'no schema definition';
  return errors.length === 0 ? null : errors.slice(0, 3).join('; ');
}

describe('github fixtures against @octokit/webhooks-schemas', () => {
  it('fail only as known, and none is less valid than its source example', (t) => {
    const failing = new Map<string, string>();
    const belowSource = new Map<string, string>();
    let withSource = 0;
    let sourceValid = 0;
    let synthesized = 0;
    let synthesizedValid = 0;
    for (const { event, payload } of sent) {
      const failure = schemaFailure(event, payload);
      if (failure !== null) failing.set(event, failure);
      const sources = sourceExamples(event);
      if (sources.length === 0) {
        synthesized++;
        if (failure === null) synthesizedValid++;
        continue;
      }
      withSource++;
      if (!sources.some((example) => schemaFailure(event, example) === null)) continue;
      sourceValid++;
      if (failure !== null) belowSource.set(event, failure);
    }
    t.diagnostic(`fixtures valid: ${sent.length - failing.size} of ${sent.length}`);
    t.diagnostic(`events with a valid source example: ${sourceValid} of ${withSource} with examples`);
    t.diagnostic(`fixtures invalid although a source example is valid: ${belowSource.size}`);
    t.diagnostic(`synthesized fixtures (no source example) valid: ${synthesizedValid} of ${synthesized}`);
    ratchet('schema', failing);
    ratchet('below_source', belowSource);
    assert.equal(synthesizedValid, synthesized, 'every fixture built without an example must be valid');
  });
});

describe('github fixtures carry real values', () => {
  it('no placeholder (a value equal to its key, TEST, foo, an account called username)', (t) => {
    const failing = new Map<string, string>();
    for (const { event, payload } of sent) {
      const found = placeholders(payload);
      if (found.length > 0) failing.set(event, found.join('; '));
    }
    t.diagnostic(`fixtures without placeholders: ${sent.length - failing.size} of ${sent.length}`);
    ratchet('placeholders', failing);
  });
});

describe('github fixtures hold the state their action implies', () => {
  it('break only known rules', (t) => {
    const failing = new Map<string, string>();
    for (const { event, payload } of sent) {
      const broken = stateViolations(event, payload);
      if (broken.length > 0) failing.set(event, broken.join('; '));
    }
    const ruled = sent.filter(({ event }) => STATE_RULES[event] !== undefined).length;
    t.diagnostic(`state rules hold: ${ruled - failing.size} of ${ruled} fixtures with rules`);
    ratchet('state', failing);
  });

  it('every rule names an event of the catalogue', () => {
    const events = new Set(sent.map(({ event }) => event));
    assert.deepEqual(
      Object.keys(STATE_RULES).filter((event) => !events.has(event)),
      [],
    );
  });
});

describe('github fixtures name the hook they come from', () => {
  it('carry an installation only when the target is a GitHub App', (t) => {
    const failing = new Map<string, string>();
    for (const { event, payload, target } of sent) {
      if (payload.installation !== undefined && target !== 'integration')
        failing.set(event, `installation in a delivery to a ${target} hook`);
    }
    t.diagnostic(`installation without an app target: ${failing.size} of ${sent.length}`);
    ratchet('installation', failing);
  });
});
