import type { HeaderPair } from '../../http/headers.ts';
import { readFixture } from '../catalog.ts';
import { isJsonObject, type JsonObject, stringField } from '../parse.ts';
import { uuid } from '../random.ts';
import type { ProviderContext, UnsignedRequest } from '../types.ts';

// What a GitLab delivery looks like on the wire
// (https://docs.gitlab.com/user/project/integrations/webhooks/#delivery-headers): compact JSON, the hook
// kind in X-Gitlab-Event, the instance, the webhook's own UUID, and two per-event UUIDs.

/** The GitLab release the fixtures imitate; GitLab names itself `GitLab/<version>`. */
export const GITLAB_USER_AGENT = 'GitLab/18.6.1';
/** The instance every fixture comes from (its URLs, X-Gitlab-Instance). */
export const GITLAB_INSTANCE = 'https://gitlab.example.com';
/** One webhook sends every fixture: X-Gitlab-Webhook-UUID is the same for all its deliveries. */
export const GITLAB_WEBHOOK_UUID = '6f1d2c7a-3b54-4e8e-9a0f-52c8d1e4b7a9';

/**
 * The X-Gitlab-Event value of each hook kind (https://docs.gitlab.com/user/project/integrations/webhook_events/).
 * Work items go out as `Issue Hook`, as issues do; group events have no `object_kind`, only an
 * `event_name` (`user_add_to_group`, `project_create`, `subgroup_destroy`).
 */
const HOOK_NAMES: Record<string, string> = {
  push: 'Push Hook',
  tag_push: 'Tag Push Hook',
  issue: 'Issue Hook',
  work_item: 'Issue Hook',
  note: 'Note Hook',
  merge_request: 'Merge Request Hook',
  wiki_page: 'Wiki Page Hook',
  pipeline: 'Pipeline Hook',
  build: 'Job Hook',
  deployment: 'Deployment Hook',
  feature_flag: 'Feature Flag Hook',
  release: 'Release Hook',
  milestone: 'Milestone Hook',
  emoji: 'Emoji Hook',
  access_token: 'Resource Access Token Hook',
  vulnerability: 'Vulnerability Hook',
  member: 'Member Hook',
  project: 'Project Hook',
  subgroup: 'Subgroup Hook',
};

/** The hook kind of a payload: its `object_kind`, else what its group `event_name` is about. */
export function hookKind(payload: JsonObject | null): string | null {
  const kind = stringField(payload, 'object_kind');
  if (kind !== null) return kind;
  const name = stringField(payload, 'event_name');
  if (name === null) return null;
  if (/^user_.*_group$/.test(name)) return 'member';
  return /^(project|subgroup)_/.exec(name)?.[1] ?? null;
}

/** `Merge Request Hook` for a merge request payload; null for a kind GitLab does not document. */
export function hookName(payload: JsonObject | null): string | null {
  const kind = hookKind(payload);
  if (kind === null) return null;
  // Confidential issues and comments on them go to the webhook's confidential triggers.
  if (
    kind === 'issue' &&
    isJsonObject(payload?.object_attributes) &&
    payload.object_attributes.confidential === true
  )
    return 'Confidential Issue Hook';
  if (kind === 'note' && stringField(payload, 'event_type') === 'confidential_note')
    return 'Confidential Note Hook';
  return HOOK_NAMES[kind] ?? null;
}

/**
 * The event name hookctl uses: `object_kind`, then `.` and the action where the payload has one
 * (`object_attributes.action`, or the top-level `action` of release and milestone events):
 * `merge_request.merge`, `issue.close`, `push`. Group events have no object_kind: their `event_name`
 * is the name (`user_add_to_group`).
 */
export function gitlabEventName(payload: JsonObject | null): string | null {
  const kind = stringField(payload, 'object_kind');
  if (kind === null) return stringField(payload, 'event_name');
  const attributes = isJsonObject(payload?.object_attributes) ? payload.object_attributes : null;
  const action = stringField(attributes, 'action') ?? stringField(payload, 'action');
  return action === null ? kind : `${kind}.${action}`;
}

/**
 * The template of a catalogue event (or `data` instead), as a deep copy that `--set` may edit. The
 * fixtures describe one instance, group, project and people whose ids and times agree, so they are kept.
 */
export async function gitlabPayload(
  event: string,
  _context: ProviderContext,
  data?: JsonObject,
): Promise<JsonObject | null> {
  const template = data ?? (await readFixture('gitlab', event));
  return template === null ? null : structuredClone(template);
}

/** The payload as GitLab posts it: `JSON.generate` output, compact, with the delivery headers. */
export function encodeGitlab(_event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest {
  const headers: HeaderPair[] = [
    ['Content-Type', 'application/json'],
    ['User-Agent', GITLAB_USER_AGENT],
    ['Idempotency-Key', uuid(context)],
    // A `--data` payload of no documented kind goes out as GitLab's catch-all for other hooks.
    ['X-Gitlab-Event', hookName(payload) ?? 'System Hook'],
    ['X-Gitlab-Webhook-UUID', GITLAB_WEBHOOK_UUID],
    ['X-Gitlab-Instance', GITLAB_INSTANCE],
    ['X-Gitlab-Event-UUID', uuid(context)],
  ];
  return { headers, body: Buffer.from(JSON.stringify(payload), 'utf8') };
}
