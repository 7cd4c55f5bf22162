// What a GitHub fixture is held to, shared by scripts/gen-github-fixtures.ts (which picks and repairs
// templates with it) and test/fixtures-github.test.ts (which holds the committed fixtures to it): the
// @octokit/webhooks-schemas definition of each event and action, and the state each action implies.
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';

export type Json = Record<string, unknown>;

// ajv-formats is CommonJS (`module.exports = plugin`): Node's default import is the plugin itself, while
// its typings describe the namespace object.
const addFormats = formatsPlugin as unknown as (ajv: Ajv) => Ajv;

export interface SchemaOracle {
  /** The schema definition an event is checked against (`issues$closed`, `push$event`), null if none. */
  definition(event: string): string | null;
  /** The schema errors of a payload for `event`, empty when valid; null when the schema has no such event. */
  errors(event: string, payload: unknown): string[] | null;
  /** The properties the event's definition requires at the top level. */
  required(event: string): string[];
  /**
   * Brings `payload` toward the schema in place, with what the schema itself says: drops properties it
   * does not allow for this action, sets a required property that may be null, and is missing, to null
   * (what GitHub sends for a lock reason on an unlocked issue), and writes a `2018-04-25 20:42:10` time
   * as the RFC 3339 `2018-04-25T20:42:10Z` GitHub sends. Returns what it changed.
   */
  repair(event: string, payload: Json): string[];
}

/**
 * The package keys its definitions `<event>$<action>`, and `<event>$event` for events without actions
 * (`push$event`). `repository_dispatch` names its action after the dispatch's `event_type`, so its one
 * definition covers any action.
 */
export async function loadSchemaOracle(): Promise<SchemaOracle> {
  const url = new URL(import.meta.resolve('@octokit/webhooks-schemas/schema.json'));
  const schema = JSON.parse(await readFile(url, 'utf8')) as { definitions: Json };
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema(schema, 'webhooks');
  const has = (key: string) => Object.hasOwn(schema.definitions, key);
  const definition = (event: string): string | null => {
    const [name = event, action] = splitEvent(event);
    if (action === undefined) return has(`${name}$event`) ? `${name}$event` : null;
    if (has(`${name}$${action}`)) return `${name}$${action}`;
    return name === 'repository_dispatch' && has(`${name}$event`) ? `${name}$event` : null;
  };
  const raw = (event: string, payload: unknown): ErrorObject[] | null => {
    const key = definition(event);
    const validate = key === null ? undefined : ajv.getSchema(`webhooks#/definitions/${key}`);
    if (validate === undefined) return null;
    return validate(payload) ? [] : [...(validate.errors ?? [])];
  };
  const resolve = (node: unknown): Json => {
    let at = node as Json;
    while (typeof at?.$ref === 'string')
      at = schema.definitions[at.$ref.replace('#/definitions/', '')] as Json;
    return at ?? {};
  };
  const nullable = (node: unknown): boolean => {
    const target = resolve(node);
    const { type, oneOf, anyOf } = target;
    if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
    return [oneOf, anyOf].some((list) => Array.isArray(list) && list.some(nullable));
  };
  return {
    definition,
    errors(event, payload) {
      return (
        raw(event, payload)?.map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`) ?? null
      );
    },
    required(event) {
      const key = definition(event);
      const required = key === null ? undefined : resolve(schema.definitions[key]).required;
      return Array.isArray(required) ? required.map(String) : [];
    },
    repair(event, payload) {
      const changed: string[] = [];
      for (let round = 0; round < 10; round++) {
        const before = changed.length;
        for (const error of raw(event, payload) ?? []) {
          const where = error.instancePath || '/';
          if (error.keyword === 'format' && error.params.format === 'date-time') {
            const cut = where.lastIndexOf('/');
            const owner = pointer(payload, where.slice(0, cut));
            const key = where.slice(cut + 1);
            const value = owner?.[key];
            if (owner === null || typeof value !== 'string' || !SPACED_TIME.test(value)) continue;
            owner[key] = `${value.replace(' ', 'T')}Z`;
            changed.push(`${where} RFC 3339`);
            continue;
          }
          const parent = pointer(payload, error.instancePath);
          if (parent === null) continue;
          if (error.keyword === 'additionalProperties') {
            const key = String(error.params.additionalProperty);
            if (!Object.hasOwn(parent, key)) continue;
            delete parent[key];
            changed.push(`dropped ${where}/${key}`.replace('//', '/'));
          } else if (error.keyword === 'required') {
            const key = String(error.params.missingProperty);
            const properties = resolve(error.parentSchema).properties as Json | undefined;
            if (Object.hasOwn(parent, key) || properties === undefined || !nullable(properties[key]))
              continue;
            parent[key] = null;
            changed.push(`${where}/${key} null`.replace('//', '/'));
          }
        }
        if (changed.length === before) break;
      }
      return changed;
    },
  };
}

const SPACED_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** The object at a JSON pointer (`/issue/labels/0`), null where there is none. */
function pointer(payload: Json, path: string): Json | null {
  let value: unknown = payload;
  for (const key of path.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Json)[key.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

/** `pull_request.opened` → [`pull_request`, `opened`]; `push` → [`push`, undefined]. */
export function splitEvent(event: string): [string, string | undefined] {
  const dot = event.indexOf('.');
  return dot < 0 ? [event, undefined] : [event.slice(0, dot), event.slice(dot + 1)];
}

/** The value at a dotted path (`issue.state`), undefined where the path leads nowhere. */
export function at(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Json)[key];
  }
  return value;
}

export interface StateRule {
  /** What the action implies, in words. */
  rule: string;
  /** The paths and the values they must have; `NOT_NULL` for any value but null. */
  fields: Record<string, unknown>;
  /** A rule that is not one value per path. */
  holds?: (payload: unknown) => boolean;
}

/** Any value except null (and not missing). */
export const NOT_NULL = Symbol('not null');

// Not `closed_at: null`: a reopened issue keeps the time it was last closed (the reopened example does).
const open = (object: string): StateRule => ({
  rule: `${object} is open`,
  fields: { [`${object}.state`]: 'open' },
});
const closed = (object: string): StateRule => ({
  rule: `${object} is closed`,
  fields: { [`${object}.state`]: 'closed', [`${object}.closed_at`]: NOT_NULL },
});
const flag = (path: string, value: boolean): StateRule => ({
  rule: `${path} is ${value}`,
  fields: { [path]: value },
});

/**
 * What the event and action say about the object they are about. GitHub sends the object as it is after
 * the action: an `issues.closed` issue is closed. The schemas encode some of these, not all.
 */
export const STATE_RULES: Record<string, StateRule[]> = {
  'issues.opened': [open('issue')],
  'issues.reopened': [open('issue')],
  'issues.closed': [closed('issue')],
  'issues.locked': [flag('issue.locked', true)],
  'issues.unlocked': [flag('issue.locked', false)],
  'pull_request.opened': [open('pull_request'), flag('pull_request.merged', false)],
  'pull_request.reopened': [open('pull_request'), flag('pull_request.merged', false)],
  'pull_request.closed': [
    closed('pull_request'),
    {
      rule: 'pull request is merged exactly when merged_at is set',
      fields: {},
      holds: (payload) =>
        (at(payload, 'pull_request.merged') === true) === (at(payload, 'pull_request.merged_at') != null),
    },
  ],
  'pull_request.converted_to_draft': [flag('pull_request.draft', true)],
  'pull_request.ready_for_review': [flag('pull_request.draft', false)],
  'pull_request.locked': [flag('pull_request.locked', true)],
  'pull_request.unlocked': [flag('pull_request.locked', false)],
  'milestone.opened': [{ rule: 'milestone is open', fields: { 'milestone.state': 'open' } }],
  'milestone.closed': [{ rule: 'milestone is closed', fields: { 'milestone.state': 'closed' } }],
  'project.closed': [{ rule: 'project is closed', fields: { 'project.state': 'closed' } }],
  'project.reopened': [{ rule: 'project is open', fields: { 'project.state': 'open' } }],
  'discussion.locked': [flag('discussion.locked', true)],
  'discussion.unlocked': [flag('discussion.locked', false)],
  'repository.archived': [flag('repository.archived', true)],
  'repository.unarchived': [flag('repository.archived', false)],
  'repository.privatized': [flag('repository.private', true)],
  'repository.publicized': [flag('repository.private', false)],
  'release.published': [{ rule: 'release is published', fields: { 'release.published_at': NOT_NULL } }],
  'release.released': [
    { rule: 'release is published, not a pre-release', fields: { 'release.published_at': NOT_NULL } },
    flag('release.prerelease', false),
  ],
  'release.prereleased': [flag('release.prerelease', true)],
  'release.unpublished': [{ rule: 'release is not published', fields: { 'release.published_at': null } }],
  'dependabot_alert.dismissed': [
    {
      rule: 'alert is dismissed',
      fields: { 'alert.state': 'dismissed', 'alert.dismissed_at': NOT_NULL, 'alert.dismissed_by': NOT_NULL },
    },
  ],
  'dependabot_alert.fixed': [
    { rule: 'alert is fixed', fields: { 'alert.state': 'fixed', 'alert.fixed_at': NOT_NULL } },
  ],
  'dependabot_alert.reopened': [{ rule: 'alert is open', fields: { 'alert.state': 'open' } }],
  'dependabot_alert.reintroduced': [{ rule: 'alert is open', fields: { 'alert.state': 'open' } }],
  'code_scanning_alert.fixed': [{ rule: 'alert is fixed', fields: { 'alert.state': 'fixed' } }],
  'code_scanning_alert.closed_by_user': [
    { rule: 'alert is dismissed', fields: { 'alert.state': 'dismissed' } },
  ],
  'code_scanning_alert.reopened_by_user': [{ rule: 'alert is open', fields: { 'alert.state': 'open' } }],
  'check_run.completed': [
    {
      rule: 'check run is completed',
      fields: { 'check_run.status': 'completed', 'check_run.conclusion': NOT_NULL },
    },
  ],
  'check_suite.completed': [
    { rule: 'check suite is completed', fields: { 'check_suite.status': 'completed' } },
  ],
  'workflow_run.completed': [
    {
      rule: 'run is completed',
      fields: { 'workflow_run.status': 'completed', 'workflow_run.conclusion': NOT_NULL },
    },
  ],
  'workflow_run.in_progress': [
    { rule: 'run is in progress', fields: { 'workflow_run.status': 'in_progress' } },
  ],
  'workflow_job.completed': [{ rule: 'job is completed', fields: { 'workflow_job.status': 'completed' } }],
  'workflow_job.in_progress': [
    { rule: 'job is in progress', fields: { 'workflow_job.status': 'in_progress' } },
  ],
  'workflow_job.queued': [{ rule: 'job is queued', fields: { 'workflow_job.status': 'queued' } }],
  'repository_vulnerability_alert.resolve': [
    { rule: 'alert is fixed', fields: { 'alert.state': 'fixed', 'alert.fixed_at': NOT_NULL } },
  ],
  'repository_vulnerability_alert.dismiss': [
    { rule: 'alert is dismissed', fields: { 'alert.state': 'dismissed', 'alert.dismissed_at': NOT_NULL } },
  ],
};

/**
 * Placeholders in GitHub's own examples (`"title": "TEST"`, a sponsor tier described as `foo`, an account
 * called `username`), by key and value, and what a real delivery would carry instead.
 */
export const PLACEHOLDER_VALUES: Record<string, string> = {
  'title=TEST': 'Ideas for the 1.0 release',
  'title=TEST edit': 'Ideas for the 1.0 release (updated)',
  'body=TEST': 'What should the first stable release include? Share your ideas here.',
  'body=TEST edit': 'What should the first stable release include? Share your ideas here (edited).',
  'from=TEST': 'Ideas for the 1.0 release',
  'from=FOO': 'v0.0.1 (draft)',
  'description=foo': 'Support ongoing maintenance of Hello-World.',
  'description=bar': 'Support maintenance and get early access to new releases.',
};
/** Logins that are placeholders, and the account of the fixtures' identity each stands for. */
export const PLACEHOLDER_LOGINS: Record<string, { User: string; Organization: string }> = {
  username: { User: 'Codertocat', Organization: 'Octocoders' },
};
const PLACEHOLDER_WORDS = new Set([
  'username',
  'foo',
  'bar',
  'test edit',
  'xxx',
  'string',
  'example',
  'lorem',
]);
// `test` is a real name for a workflow or a required check; upper-case TEST and FOO are placeholders.
const PLACEHOLDER_EXACT = new Set(['TEST', 'FOO', 'BAR']);

/** Every string in `payload` that is a placeholder, as `path: value`. */
export function placeholders(payload: unknown, path = ''): string[] {
  if (Array.isArray(payload)) return payload.flatMap((item, index) => placeholders(item, `${path}.${index}`));
  if (payload !== null && typeof payload === 'object') {
    return Object.entries(payload).flatMap(([key, value]) => {
      const here = path === '' ? key : `${path}.${key}`;
      if (typeof value !== 'string') return placeholders(value, here);
      const bad =
        value === key ||
        PLACEHOLDER_EXACT.has(value) ||
        PLACEHOLDER_WORDS.has(value.toLowerCase()) ||
        /\busername\b/.test(value);
      return bad ? [`${here}: ${JSON.stringify(value)}`] : [];
    });
  }
  return [];
}

/** Placeholders made real, in place: values from `PLACEHOLDER_VALUES`, logins with their URLs and email. */
export function realValues(payload: unknown, key = ''): unknown {
  if (Array.isArray(payload)) return payload.map((item) => realValues(item));
  if (payload === null || typeof payload !== 'object') {
    return typeof payload === 'string' ? (PLACEHOLDER_VALUES[`${key}=${payload}`] ?? payload) : payload;
  }
  const object = payload as Json;
  const stand = typeof object.login === 'string' ? PLACEHOLDER_LOGINS[object.login] : undefined;
  if (stand !== undefined) {
    const placeholder = object.login as string;
    const login = object.type === 'Organization' ? stand.Organization : stand.User;
    for (const [field, value] of Object.entries(object)) {
      if (typeof value !== 'string') continue;
      object[field] = field.endsWith('email')
        ? `billing@${login.toLowerCase()}.github.io`
        : value.replaceAll(placeholder, login);
    }
  }
  for (const [field, value] of Object.entries(object)) object[field] = realValues(value, field);
  return object;
}

/**
 * Names @octokit/webhooks-examples lists that GitHub never sends, left out of the catalogue: `trigger`
 * must not teach a handler an event that cannot arrive.
 */
export const NOT_SENT: Record<string, string> = {
  'pull_request.merged':
    'not an action GitHub sends: a merge arrives as `pull_request.closed` with `pull_request.merged: true` ' +
    '(https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request)',
};

/** The rules `payload` breaks for `event`, each as `rule (path: found value)`. */
export function stateViolations(event: string, payload: unknown): string[] {
  const broken: string[] = [];
  for (const { rule, fields, holds } of STATE_RULES[event] ?? []) {
    if (holds !== undefined && !holds(payload)) broken.push(rule);
    for (const [path, expected] of Object.entries(fields)) {
      const found = at(payload, path);
      const holds = expected === NOT_NULL ? found !== null && found !== undefined : found === expected;
      if (!holds) broken.push(`${rule} (${path}: ${JSON.stringify(found) ?? 'missing'})`);
    }
  }
  return broken;
}
