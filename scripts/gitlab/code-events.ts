import type { JsonObject } from '../../src/providers/parse.ts';
import {
  BASE_SHA,
  BUG_LABEL,
  CHECKOUT_LABEL,
  commit,
  FIX_COMMITS,
  HEAD_SHA,
  MERGE_SHA,
  member,
  PRIYA,
  PROJECT,
  PROJECT_URL,
  project,
  repository,
  SAM,
  sha,
  shortRepository,
  user,
} from './identity.ts';

// Push, tag, work item, comment and merge request events: the documented examples
// (https://docs.gitlab.com/user/project/integrations/webhook_events/) with the fixtures' identity, and
// each action's state (see scripts/gitlab-fixture-rules.ts).

const BRANCH = 'fix/large-cart-checkout';

export function push(): JsonObject {
  return {
    object_kind: 'push',
    event_name: 'push',
    before: BASE_SHA,
    after: HEAD_SHA,
    ref: `refs/heads/${BRANCH}`,
    ref_protected: false,
    checkout_sha: HEAD_SHA,
    message: null,
    user_id: SAM.id,
    user_name: SAM.name,
    user_username: SAM.username,
    user_email: SAM.email,
    user_avatar: member(SAM).avatar_url,
    project_id: PROJECT.id,
    project: project(),
    commits: FIX_COMMITS.map((fix) => ({
      ...commit(fix.label, fix.title, fix.timestamp),
      added: [...fix.added],
      modified: [...fix.modified],
      removed: [],
    })),
    total_commits_count: FIX_COMMITS.length,
    push_options: {},
    repository: repository(),
  };
}

export function tagPush(): JsonObject {
  return {
    object_kind: 'tag_push',
    event_name: 'tag_push',
    before: '0000000000000000000000000000000000000000',
    after: sha('tag-v2.4.0'),
    ref: 'refs/tags/v2.4.0',
    ref_protected: true,
    checkout_sha: MERGE_SHA,
    message: 'Release v2.4.0',
    user_id: SAM.id,
    user_name: SAM.name,
    user_username: SAM.username,
    user_email: SAM.email,
    user_avatar: member(SAM).avatar_url,
    project_id: PROJECT.id,
    project: project(),
    commits: [],
    total_commits_count: 0,
    push_options: {},
    repository: repository(),
  };
}

const ISSUE_OPENED = '2026-11-23T09:14:02Z';
const ISSUE_CLOSED = '2026-11-25T08:30:44Z';
const ISSUE_REOPENED = '2026-11-26T13:05:19Z';

/** What each work item action leaves: the state, when it was closed, and the `changes` GitLab reports. */
function workItemState(action: string) {
  const closed = action === 'close';
  const at = {
    open: ISSUE_OPENED,
    close: ISSUE_CLOSED,
    reopen: ISSUE_REOPENED,
    update: '2026-11-23T11:02:37Z',
  }[action] as string;
  const changes: Record<string, JsonObject> = {
    open: {
      author_id: { previous: null, current: SAM.id },
      created_at: { previous: null, current: ISSUE_OPENED },
    },
    close: { closed_at: { previous: null, current: ISSUE_CLOSED }, state_id: { previous: 1, current: 2 } },
    reopen: { closed_at: { previous: ISSUE_CLOSED, current: null }, state_id: { previous: 2, current: 1 } },
    update: { labels: { previous: [BUG_LABEL], current: [BUG_LABEL, CHECKOUT_LABEL] } },
  };
  return { closed, at, changes: changes[action] as JsonObject };
}

/** `issue` (an Issue) or `work_item` (a Task), after `action`. */
export function workItem(kind: 'issue' | 'work_item', action: string): JsonObject {
  const { closed, at, changes } = workItemState(action);
  const isIssue = kind === 'issue';
  const id = isIssue ? 1402 : 1415;
  const iid = isIssue ? 7 : 9;
  const labels = action === 'open' ? [BUG_LABEL] : [BUG_LABEL, CHECKOUT_LABEL];
  const fullChanges: JsonObject =
    action === 'open'
      ? { ...changes, id: { previous: null, current: id }, iid: { previous: null, current: iid } }
      : { ...changes, updated_at: { previous: ISSUE_OPENED, current: at } };
  return {
    object_kind: kind,
    event_type: kind,
    user: user(action === 'update' ? PRIYA : SAM),
    project: project(),
    object_attributes: {
      author_id: SAM.id,
      closed_at: closed ? ISSUE_CLOSED : null,
      confidential: false,
      created_at: ISSUE_OPENED,
      description: isIssue
        ? 'Orders with more than 50 items time out at the payment step (504 after 60 s).'
        : 'Run the checkout flow against a 200-item cart in CI, so the timeout cannot come back.',
      discussion_locked: null,
      due_date: '2026-12-04',
      id,
      iid,
      last_edited_at: null,
      last_edited_by_id: null,
      milestone_id: 61,
      moved_to_id: null,
      duplicated_to_id: null,
      project_id: PROJECT.id,
      relative_position: isIssue ? 513 : 1026,
      state_id: closed ? 2 : 1,
      time_estimate: 0,
      title: isIssue
        ? 'Checkout fails for carts with more than 50 items'
        : 'Add a load test for 200-item carts',
      updated_at: at,
      updated_by_id: action === 'open' ? null : action === 'update' ? PRIYA.id : SAM.id,
      type: isIssue ? 'Issue' : 'Task',
      url: `${PROJECT_URL}/-/${isIssue ? 'issues' : 'work_items'}/${iid}`,
      total_time_spent: 0,
      time_change: 0,
      human_total_time_spent: null,
      human_time_change: null,
      human_time_estimate: null,
      assignee_ids: [PRIYA.id],
      assignee_id: PRIYA.id,
      labels,
      state: closed ? 'closed' : 'opened',
      severity: 'unknown',
      action,
    },
    labels,
    changes: fullChanges,
    repository: shortRepository(),
    assignees: [member(PRIYA)],
    assignee: member(PRIYA),
  };
}

const MR_CREATED = '2026-11-24T10:02:11Z';

/** The merge request of the fix, as `merge_request` events and comments on it carry it. */
function mergeRequestAttributes(action: string): JsonObject {
  const merged = action === 'merge';
  const closed = action === 'close';
  const state = merged ? 'merged' : closed ? 'closed' : 'opened';
  const approved = action === 'approved' || action === 'approval';
  return {
    assignee_id: PRIYA.id,
    author_id: SAM.id,
    created_at: MR_CREATED,
    description:
      'Loads cart items in batches so that checkout of large carts no longer times out.\n\nCloses #7',
    draft: false,
    head_pipeline_id: 98231,
    id: 2280,
    iid: 42,
    last_edited_at: null,
    last_edited_by_id: null,
    merge_commit_sha: merged ? MERGE_SHA : null,
    merge_error: null,
    merge_params: { force_remove_source_branch: '1' },
    merge_status: closed ? 'cannot_be_merged_recheck' : 'can_be_merged',
    merge_user_id: merged ? PRIYA.id : null,
    merge_when_pipeline_succeeds: false,
    milestone_id: 61,
    source_branch: BRANCH,
    source_project_id: PROJECT.id,
    state_id: merged ? 3 : closed ? 2 : 1,
    target_branch: 'main',
    target_project_id: PROJECT.id,
    time_estimate: 0,
    title: 'Fix checkout for carts with more than 50 items',
    updated_at: merged ? '2026-11-25T08:30:41Z' : closed ? '2026-11-25T16:12:09Z' : '2026-11-24T15:20:48Z',
    updated_by_id: action === 'open' ? null : PRIYA.id,
    prepared_at: '2026-11-24T10:02:19Z',
    assignee_ids: [PRIYA.id],
    blocking_discussions_resolved: true,
    detailed_merge_status:
      merged || closed ? 'not_open' : approved || action === 'update' ? 'mergeable' : 'not_approved',
    first_contribution: false,
    human_time_change: null,
    human_time_estimate: null,
    human_total_time_spent: null,
    labels: [BUG_LABEL, CHECKOUT_LABEL],
    last_commit: commit('checkout-spec', 'Cover checkout of a 200-item cart', '2026-11-24T09:56:31+01:00'),
    reviewer_ids: [PRIYA.id],
    source: project(),
    state,
    target: project(),
    time_change: 0,
    total_time_spent: 0,
    url: `${PROJECT_URL}/-/merge_requests/42`,
    work_in_progress: false,
    approval_rules: [],
    action,
  };
}

const MR_CHANGES: Record<string, JsonObject> = {
  open: { id: { previous: null, current: 2280 }, created_at: { previous: null, current: MR_CREATED } },
  close: { state_id: { previous: 1, current: 2 } },
  reopen: { state_id: { previous: 2, current: 1 } },
  update: {
    title: {
      previous: 'Draft: Fix checkout for large carts',
      current: 'Fix checkout for carts with more than 50 items',
    },
    draft: { previous: true, current: false },
  },
  merge: { state_id: { previous: 1, current: 3 } },
};

export function mergeRequest(action: string): JsonObject {
  const attributes = mergeRequestAttributes(action);
  // An approval comes from the reviewer; the author opens, updates, closes and reopens.
  const actor = ['open', 'update', 'close', 'reopen'].includes(action) ? SAM : PRIYA;
  const payload: JsonObject = {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: user(actor),
    project: project(),
    object_attributes: attributes,
    labels: [BUG_LABEL, CHECKOUT_LABEL],
    changes: MR_CHANGES[action] ?? {},
    repository: shortRepository(),
    assignees: [member(PRIYA)],
    reviewers: [member(PRIYA)],
  };
  if (action === 'update') attributes.oldrev = BASE_SHA;
  return payload;
}

/** A comment: created on the merge request, or an edit of one on the issue. */
export function note(action: 'create' | 'update'): JsonObject {
  const onIssue = action === 'update';
  const id = onIssue ? 88377 : 88412;
  const issue = workItem('issue', 'open').object_attributes as JsonObject;
  const mr = mergeRequestAttributes('open');
  delete issue.action;
  delete mr.action;
  const target = onIssue ? { issue } : { merge_request: mr };
  const text = onIssue
    ? 'Reproduced with 51 items on staging; 50 still works. Edit: production fails from 51 items too.'
    : 'Looks good. Could the batch size come from the settings, in case 50 is too big for slow databases?';
  return {
    object_kind: 'note',
    event_type: 'note',
    user: user(onIssue ? SAM : PRIYA),
    project_id: PROJECT.id,
    project: project(),
    object_attributes: {
      attachment: null,
      author_id: onIssue ? SAM.id : PRIYA.id,
      change_position: null,
      commit_id: null,
      created_at: onIssue ? '2026-11-23 09:20:15 UTC' : '2026-11-24 14:03:27 UTC',
      discussion_id: sha(`discussion-${id}`),
      id,
      line_code: null,
      note: text,
      noteable_id: onIssue ? 1402 : 2280,
      noteable_type: onIssue ? 'Issue' : 'MergeRequest',
      original_position: null,
      position: null,
      project_id: PROJECT.id,
      resolved_at: null,
      resolved_by_id: null,
      resolved_by_push: null,
      st_diff: null,
      system: false,
      type: null,
      updated_at: onIssue ? '2026-11-23 10:48:02 UTC' : '2026-11-24 14:03:27 UTC',
      updated_by_id: onIssue ? SAM.id : null,
      description: text,
      url: `${PROJECT_URL}/-/${onIssue ? 'issues/7' : 'merge_requests/42'}#note_${id}`,
      action,
    },
    repository: shortRepository(),
    ...target,
  };
}
