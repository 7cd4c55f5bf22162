// Writes fixtures/github/ from @octokit/webhooks-examples (MIT): one template per event name GitHub
// delivers (`push`, `pull_request.opened`), each the first real example payload of that event and action.
// Run with `node --import tsx scripts/gen-github-fixtures.ts`; the output is committed, the package is a
// devDependency only. An action the package documents but has no example of (`issues.closed`) takes the
// first example of the same event with its `action` changed: the payload's shape is the event's, and
// handlers dispatch on the event header and `action`. Those are listed on stderr.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import {
  at,
  type Json,
  loadSchemaOracle,
  NOT_NULL,
  NOT_SENT,
  realValues,
  type SchemaOracle,
  STATE_RULES,
  splitEvent,
  stateViolations,
} from './github-fixture-rules.ts';

interface Example {
  action?: unknown;
  [key: string]: unknown;
}

interface ExampleEvent {
  name: string;
  description: string;
  actions: string[];
  examples: Example[];
}

interface IndexEntry {
  event: string;
  description: string;
  file: string;
}

const SOURCE = '@octokit/webhooks-examples';
const OUT = new URL('../fixtures/github/', import.meta.url);
/** Why the fixtures that fail their schema fail, kept with the test that holds them to it. */
const KNOWN = new URL('../test/github-fixtures-known.json', import.meta.url);

// The package has no description for this one event.
const FALLBACK_DESCRIPTIONS: Record<string, string> = {
  deployment_review: 'Activity related to a deployment review.',
};

/** The first sentence of the package's Markdown description, links reduced to their text. */
function summary(event: ExampleEvent): string {
  const text = event.description
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = text.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? text;
  return sentence || FALLBACK_DESCRIPTIONS[event.name] || `The ${event.name} event.`;
}

/**
 * Events GitHub delivers only to GitHub Apps, which therefore carry an `installation`: those whose schema
 * requires one, and the check actions repository and organization hooks never receive ("only the created
 * and completed event types", https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_run).
 */
function appOnly(oracle: SchemaOracle, event: string): boolean {
  if (['check_run.requested_action', 'check_run.rerequested'].includes(event)) return true;
  if (['check_suite.requested', 'check_suite.rerequested'].includes(event)) return true;
  return oracle.required(event).includes('installation');
}

/** Values for the state rules' `NOT_NULL`: the time of the action is the object's last update. */
const STATE_VALUES: Record<string, (payload: Json) => unknown> = {
  'issue.closed_at': (payload) => at(payload, 'issue.updated_at'),
  'pull_request.closed_at': (payload) => at(payload, 'pull_request.updated_at'),
  'alert.dismissed_at': (payload) => at(payload, 'alert.updated_at'),
  'alert.dismissed_by': (payload) => payload.sender,
  'alert.fixed_at': (payload) => at(payload, 'alert.updated_at'),
  'release.published_at': (payload) => at(payload, 'release.created_at'),
};

/** Sets what the event's state rules name (`issues.closed`: the issue is closed); returns what it set. */
function applyState(event: string, payload: Json): string[] {
  const changed: string[] = [];
  for (const { fields } of STATE_RULES[event] ?? []) {
    for (const [path, expected] of Object.entries(fields)) {
      const found = at(payload, path);
      if (expected === NOT_NULL ? found !== null && found !== undefined : found === expected) continue;
      const value = expected === NOT_NULL ? STATE_VALUES[path]?.(payload) : expected;
      const dot = path.lastIndexOf('.');
      const parent = at(payload, path.slice(0, dot));
      if (value === undefined || typeof parent !== 'object' || parent === null) continue;
      (parent as Json)[path.slice(dot + 1)] = structuredClone(value);
      changed.push(`${path}=${JSON.stringify(value)}`.slice(0, 60));
    }
  }
  return changed;
}

const object = (payload: Json, key: string): Json => payload[key] as Json;

/**
 * What an action without an example of its own needs that no sibling example has: the fields its schema
 * requires, with values from the schema's enums or from the object itself; an edit's previous text (the
 * `from` in `changes`) is made up, short and plain. Said in fixtures/github/README.md.
 */
const SYNTHESIZED: Record<string, (payload: Json) => void> = {
  // The schema's enum of reasons.
  'dependabot_alert.dismissed': (payload) => {
    object(payload, 'alert').dismissed_reason = 'tolerable_risk';
  },
  // The milestone had no description until this edit.
  'milestone.edited': (payload) => {
    payload.changes = { description: { from: '' } };
  },
  // A note card converted to an issue keeps no note: the note is what it was, the card now points at
  // the issue (`content_url`).
  'project_card.converted': (payload) => {
    const card = object(payload, 'project_card');
    payload.changes = { note: { from: card.note } };
    card.note = null;
  },
  'project_card.edited': (payload) => {
    payload.changes = { note: { from: 'Work that can be completed in an hour.' } };
  },
  'pull_request.edited': (payload) => {
    payload.changes = { title: { from: 'Update the README' } };
  },
  // An edited sponsorship is one whose privacy changed (GitHub's docs); this one is private now.
  'sponsorship.edited': (payload) => {
    payload.changes = { privacy_level: { from: 'public' } };
  },
  // `reason` is a free string whose values GitHub does not list; these say what happened, in GitHub's
  // own words from the pull request timeline.
  'pull_request.auto_merge_enabled': (payload) => {
    payload.reason = 'Auto-merge was enabled by the pull request author.';
  },
  'pull_request.auto_merge_disabled': (payload) => {
    payload.reason =
      'Auto-merge was disabled because new commits were pushed by a user without write access.';
  },
  'pull_request.dequeued': (payload) => {
    payload.reason = 'The merge group failed the required status checks.';
  },
  // Resolved by upgrading to the first fixed version the alert names (a sibling example is an open alert).
  'repository_vulnerability_alert.resolve': (payload) => {
    const alert = object(payload, 'alert');
    alert.state = 'fixed';
    alert.fixed_at = at(payload, 'repository.updated_at');
    alert.fix_reason = `Upgraded ${String(alert.affected_package_name)} to ${String(alert.fixed_in)}`;
  },
  // The sibling review has no body; the edit gives it one.
  'pull_request_review.edited': (payload) => {
    object(payload, 'review').body = 'Looks good to me.';
    payload.changes = { body: { from: 'Looks good.' } };
  },
};

/** An example made into the template of `event`: action, state, schema repairs, hook. */
function prepare(
  oracle: SchemaOracle,
  event: string,
  example: Example,
): { payload: Json; changed: string[] } {
  const payload = realValues(structuredClone(example)) as Json;
  const [, action] = splitEvent(event);
  const changed: string[] = [];
  if (action !== undefined && payload.action !== action) {
    payload.action = action;
    changed.push(`action ${action}`);
  }
  // A repository hook, which trigger imitates, is sent no installation; an App is.
  if (payload.installation !== undefined && !appOnly(oracle, event)) {
    delete payload.installation;
    changed.push('dropped installation');
  }
  const synthesize = example.action !== action ? SYNTHESIZED[event] : undefined;
  if (synthesize !== undefined) {
    synthesize(payload);
    changed.push('synthesized fields');
  }
  changed.push(...applyState(event, payload), ...oracle.repair(event, payload));
  return { payload, changed };
}

/** How far a template is from true: schema errors, then broken state rules. */
function distance(oracle: SchemaOracle, event: string, payload: Json): number {
  const errors = oracle.errors(event, payload);
  return (errors === null ? 1000 : errors.length) * 100 + stateViolations(event, payload).length;
}

/** How many top-level fields are null: a push without a `head_commit` says less than one with. */
const nulls = (payload: Json) => Object.values(payload).filter((value) => value === null).length;

/**
 * The template of `event`: of the examples of this action (of any action of the event when there are
 * none), the one that prepared is closest to the schema and the state rules; then the one with the
 * fewest null fields; the first on a tie.
 */
function best(
  oracle: SchemaOracle,
  event: string,
  candidates: Example[],
): { payload: Json; changed: string[] } {
  let chosen: { payload: Json; changed: string[]; rank: [number, number] } | undefined;
  for (const example of candidates) {
    const prepared = prepare(oracle, event, example);
    const rank: [number, number] = [distance(oracle, event, prepared.payload), nulls(prepared.payload)];
    const better =
      chosen === undefined ||
      rank[0] < chosen.rank[0] ||
      (rank[0] === chosen.rank[0] && rank[1] < chosen.rank[1]);
    if (better) chosen = { ...prepared, rank };
  }
  if (chosen === undefined) throw new Error(`no example for ${event}`);
  return chosen;
}

function entries(
  oracle: SchemaOracle,
  events: readonly ExampleEvent[],
): {
  entries: IndexEntry[];
  templates: Map<string, Json>;
  missing: string[];
} {
  const templates = new Map<string, Json>();
  const index: IndexEntry[] = [];
  const missing: string[] = [];
  const changes: string[] = [];
  const add = (event: string, description: string, candidates: Example[]) => {
    const { payload, changed } = best(oracle, event, candidates);
    templates.set(event, payload);
    index.push({ event, description, file: `${event}.json` });
    if (changed.length > 0) changes.push(`${event}: ${changed.join(', ')}`);
  };
  for (const event of events) {
    const sentence = summary(event);
    if (event.actions.length === 0) {
      if (event.examples.length === 0) missing.push(event.name);
      else add(event.name, sentence, event.examples);
      continue;
    }
    for (const action of event.actions) {
      if (NOT_SENT[`${event.name}.${action}`] !== undefined) continue;
      const own = event.examples.filter((candidate) => candidate.action === action);
      if (own.length === 0 && event.examples.length > 0) missing.push(`${event.name}.${action}`);
      const candidates = own.length > 0 ? own : event.examples;
      if (candidates.length > 0)
        add(`${event.name}.${action}`, `${sentence.replace(/\.$/, '')}: ${action}.`, candidates);
    }
  }
  index.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  if (missing.length > 0) {
    process.stderr.write(`built from a sibling example (${missing.length}): ${missing.join(', ')}\n`);
  }
  process.stderr.write(`changed from the example (${changes.length}):\n${changes.join('\n')}\n`);
  return { entries: index, templates, missing };
}

async function main(): Promise<void> {
  const indexUrl = new URL(import.meta.resolve(`${SOURCE}/api.github.com/index.json`));
  const events = JSON.parse(await readFile(indexUrl, 'utf8')) as ExampleEvent[];
  const { version } = JSON.parse(await readFile(new URL('../package.json', indexUrl), 'utf8')) as {
    version: string;
  };
  const oracle = await loadSchemaOracle();
  const { entries: index, templates, missing } = entries(oracle, events);

  await mkdir(OUT, { recursive: true });
  for (const file of await readdir(OUT)) if (file.endsWith('.json')) await rm(new URL(file, OUT));
  for (const { event, file } of index) {
    await writeFile(new URL(file, OUT), `${JSON.stringify(templates.get(event), null, 2)}\n`);
  }
  await writeFile(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  const known = JSON.parse(await readFile(KNOWN, 'utf8')) as { schema: Record<string, string> };
  const invalid = index.filter(({ event }) => oracle.errors(event, templates.get(event))?.length !== 0);
  const schemaVersion = JSON.parse(
    await readFile(new URL(import.meta.resolve('@octokit/webhooks-schemas/package.json')), 'utf8'),
  ) as { version: string };
  const broken = index
    .filter(({ event }) => stateViolations(event, templates.get(event)).length > 0)
    .map(({ event }) => event);
  const list = (events: readonly string[]) => events.map((event) => `\`${event}\``).join(', ');
  await writeFile(
    new URL('README.md', OUT),
    [
      '# GitHub webhook fixtures',
      '',
      `Generated by \`scripts/gen-github-fixtures.ts\` from [${SOURCE}](https://github.com/octokit/webhooks)`,
      `${version} (\`api.github.com/index.json\`), MIT License (octokit/webhooks, Copyright (c) GitHub).`,
      'Do not edit by hand: re-run `node --import tsx scripts/gen-github-fixtures.ts`.',
      '',
      '## How a template is made',
      '',
      'One template per event and action the package lists. Of its examples of that action, the generator',
      `takes the one closest to the \`<event>$<action>\` definition of @octokit/webhooks-schemas ${schemaVersion.version}`,
      'and to the state rules in `scripts/github-fixture-rules.ts` (`issues.closed`: the issue is closed;',
      '`repository.archived`: `archived` is true; `release.unpublished`: no `published_at`), then the one',
      'with the fewest null fields, then the first. Each is then brought to the schema with what the schema',
      'says: properties it does not allow for that action are dropped, a required property that may be null',
      'is set to null where it is missing, a `2018-04-25 20:42:10` time is written as RFC 3339.',
      '',
      'The examples mix repository-hook and GitHub App deliveries. `trigger` sends as a repository (or',
      'organization) hook, so `installation` is dropped, except for events GitHub sends to Apps alone',
      '(`check_run.requested_action`, `check_run.rerequested`, `check_suite.requested`, `check_suite.rerequested`',
      'and those whose schema requires an installation); a payload with an `installation` goes out with',
      '`X-GitHub-Hook-Installation-Target-Type: integration`.',
      '',
      `## Left out (${Object.keys(NOT_SENT).length})`,
      '',
      ...Object.entries(NOT_SENT).map(([event, why]) => `- \`${event}\`: ${why}.`),
      '',
      `## Built without an example (${missing.length})`,
      '',
      'The package documents these actions but has no example of them. Each is built from the example of',
      'another action of the same event that comes closest to its schema: `action` changed, the state its',
      "action implies set (a time from the object's `updated_at`), the fields its schema requires that no",
      "example has set in `SYNTHESIZED` in the generator (values from the schema's enums or the object itself;",
      "the previous text in an edit's `changes`, and the free-text `reason` of `auto_merge_*` and `dequeued`, whose",
      'values GitHub does not document, are written by hookctl, short and plain), and the schema repairs above.',
      '',
      list(missing),
      '',
      '## How they are checked',
      '',
      '`test/fixtures-github.test.ts` (in `npm test`) renders every fixture as `trigger` sends it and checks',
      'it against its schema definition, against the source examples of the same action (a fixture must be',
      'valid wherever one of them is), against the state rules, and that only App deliveries carry an',
      '`installation`. What fails is listed with its reason in `test/github-fixtures-known.json`; the test',
      'fails on any failure not listed there and on a listed one that passes.',
      '',
      `Valid against the schemas: ${index.length - invalid.length} of ${index.length}; fixtures breaking a state`,
      `rule: ${broken.length}${broken.length > 0 ? ` (${list(broken)})` : ''}.${invalid.length > 0 ? ' The invalid ones:' : ''}`,
      '',
      ...invalid.map(({ event }) => `- \`${event}\`: ${known.schema[event] ?? 'not in the known list'}`),
      ...(invalid.length > 0 ? [''] : []),
    ].join('\n'),
  );
  process.stdout.write(`wrote ${index.length} GitHub fixtures from ${SOURCE} ${version}\n`);
}

await main();
