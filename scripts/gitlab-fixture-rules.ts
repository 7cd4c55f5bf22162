import { gitlabEventName, hookName } from '../src/providers/gitlab/fixtures.ts';
import { isJsonObject, type JsonObject } from '../src/providers/parse.ts';
import { GROUP, HOST, PEOPLE, PROJECT } from './gitlab/identity.ts';

// What a GitLab fixture must be, checked for every one by test/fixtures-gitlab.test.ts. No package
// ships a schema of GitLab's webhook payloads, so this table is the oracle: the name GitLab's own
// fields give the event, the state each action leaves, one instance/group/project/people, and no
// placeholder values.

type Rule = [pattern: RegExp, check: (payload: JsonObject) => string[]];

const attributes = (payload: JsonObject): JsonObject =>
  isJsonObject(payload.object_attributes) ? payload.object_attributes : {};

const expect = (what: string, actual: unknown, expected: unknown): string[] =>
  actual === expected ? [] : [`${what} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`];

const present = (what: string, value: unknown): string[] =>
  value === null || value === undefined || value === '' ? [`${what} is not set`] : [];

const absent = (what: string, value: unknown): string[] =>
  value === null || value === undefined ? [] : [`${what} is ${JSON.stringify(value)}, not null`];

const later = (what: string, before: unknown, after: unknown): string[] =>
  Date.parse(String(after)) > Date.parse(String(before)) ? [] : [`${what}: ${after} is not after ${before}`];

/** State rules: the event name's action decides state, ids of state and the timestamps that go with it. */
export const STATE_RULES: readonly Rule[] = [
  [
    /^(issue|work_item)\.(open|reopen|update)$/,
    (p) => [
      ...expect('state', attributes(p).state, 'opened'),
      ...expect('state_id', attributes(p).state_id, 1),
      ...absent('closed_at', attributes(p).closed_at),
    ],
  ],
  [
    /^(issue|work_item)\.close$/,
    (p) => [
      ...expect('state', attributes(p).state, 'closed'),
      ...expect('state_id', attributes(p).state_id, 2),
      ...present('closed_at', attributes(p).closed_at),
    ],
  ],
  [
    /^merge_request\.merge$/,
    (p) => [
      ...expect('state', attributes(p).state, 'merged'),
      ...expect('state_id', attributes(p).state_id, 3),
      ...(/^[0-9a-f]{40}$/.test(String(attributes(p).merge_commit_sha))
        ? []
        : ['merge_commit_sha is not a sha']),
      ...present('merge_user_id', attributes(p).merge_user_id),
    ],
  ],
  [
    /^merge_request\.close$/,
    (p) => [
      ...expect('state', attributes(p).state, 'closed'),
      ...expect('state_id', attributes(p).state_id, 2),
      ...absent('merge_commit_sha', attributes(p).merge_commit_sha),
    ],
  ],
  [
    /^merge_request\.(open|reopen|update|approved|unapproved|approval|unapproval)$/,
    (p) => [
      ...expect('state', attributes(p).state, 'opened'),
      ...expect('state_id', attributes(p).state_id, 1),
      ...absent('merge_commit_sha', attributes(p).merge_commit_sha),
    ],
  ],
  [
    /^merge_request\.approved$/,
    (p) => expect('detailed_merge_status', attributes(p).detailed_merge_status, 'mergeable'),
  ],
  [
    /^merge_request\.unapproved$/,
    (p) => expect('detailed_merge_status', attributes(p).detailed_merge_status, 'not_approved'),
  ],
  [/^milestone\.close$/, (p) => expect('state', attributes(p).state, 'closed')],
  [/^milestone\.(create|reopen)$/, (p) => expect('state', attributes(p).state, 'active')],
  [/^emoji\./, (p) => expect('event_type', p.event_type, attributes(p).action)],
  [
    /^pipeline$/,
    (p) => [
      ...(attributes(p).status === 'success' ? present('finished_at', attributes(p).finished_at) : []),
      ...(Array.isArray(p.builds) ? p.builds : []).flatMap((job: JsonObject) =>
        attributes(p).status === 'success'
          ? [
              ...expect(`job ${job.name} status`, job.status, 'success'),
              ...present(`job ${job.name} finished_at`, job.finished_at),
            ]
          : [],
      ),
    ],
  ],
  [
    /^build$/,
    (p) =>
      p.build_status === 'success'
        ? [
            ...present('build_finished_at', p.build_finished_at),
            ...absent('build_failure_reason', p.build_failure_reason),
          ]
        : [],
  ],
  [/^deployment$/, (p) => (p.status === 'success' ? present('status_changed_at', p.status_changed_at) : [])],
  [
    /^vulnerability$/,
    (p) => [
      ...(attributes(p).state === 'confirmed' ? present('confirmed_at', attributes(p).confirmed_at) : []),
      ...(attributes(p).state === 'dismissed' ? present('dismissed_at', attributes(p).dismissed_at) : []),
      ...(attributes(p).state === 'resolved' ? present('resolved_at', attributes(p).resolved_at) : []),
    ],
  ],
  [
    /^(user_add_to_group|user_access_request_to_group|project_create|subgroup_create)$/,
    (p) => expect('updated_at', p.updated_at, p.created_at),
  ],
  [
    /^(user_update_for_group|user_remove_from_group|user_access_request_denied_for_group|project_destroy|subgroup_destroy)$/,
    (p) => later('updated_at', p.created_at, p.updated_at),
  ],
];

const PEOPLE_IDS = new Set(PEOPLE.map((person) => person.id));
/** The few places GitLab links outside the instance. */
const OUTSIDE = [
  /^https:\/\/shop\.acme\.example/,
  /^https:\/\/gitlab\.com\/gitlab-org\/security-products\//,
  /^https:\/\/cve\.mitre\.org\//,
];
const PLACEHOLDERS = /^(string|example|xxx+|foo|bar|todo|placeholder|lorem ipsum)$/i;

/** One instance, group, project and set of people; no value that is a placeholder or its own key. */
function identityProblems(event: string, payload: JsonObject): string[] {
  const problems: string[] = [];
  const newProject = event.startsWith('project_');
  const walk = (value: unknown, path: string, key: string) => {
    if (Array.isArray(value)) {
      for (const [at, item] of value.entries()) walk(item, `${path}[${at}]`, key);
    } else if (isJsonObject(value))
      for (const [name, field] of Object.entries(value)) walk(field, `${path}.${name}`, name);
    else if (typeof value === 'string') {
      if (value === key || PLACEHOLDERS.test(value))
        problems.push(`${path} is a placeholder (${JSON.stringify(value)})`);
      if (
        /^https?:\/\//.test(value) &&
        !value.startsWith(`${HOST}/`) &&
        !OUTSIDE.some((re) => re.test(value))
      )
        problems.push(`${path} links outside the instance: ${value}`);
      if (key === 'path_with_namespace' && !newProject && !value.startsWith(PROJECT.path))
        problems.push(`${path} names another project: ${value}`);
    } else if (typeof value === 'number') {
      if (key === 'project_id' && !newProject && value !== PROJECT.id)
        problems.push(`${path} is project ${value}`);
      if (
        key === 'group_id' &&
        path.split('.').length === 2 &&
        !event.startsWith('subgroup_') &&
        value !== GROUP.id
      )
        problems.push(`${path} is group ${value}`);
      if (
        /^(user_id|author_id|assignee_id|merge_user_id|updated_by_id|confirmed_by_id)$/.test(key) &&
        !PEOPLE_IDS.has(value)
      )
        problems.push(`${path} is user ${value}, not one of the fixtures' people`);
    }
  };
  walk(payload, event, '');
  return problems;
}

/** Everything wrong with one fixture; empty when it holds every rule. */
export function gitlabFixtureProblems(event: string, payload: JsonObject): string[] {
  const named = gitlabEventName(payload);
  return [
    ...(named === event ? [] : [`its fields name it ${named}`]),
    ...(hookName(payload) === null ? ['no X-Gitlab-Event value for its kind'] : []),
    ...STATE_RULES.filter(([pattern]) => pattern.test(event)).flatMap(([, check]) => check(payload)),
    ...identityProblems(event, payload),
  ].map((problem) => `${event}: ${problem}`);
}
