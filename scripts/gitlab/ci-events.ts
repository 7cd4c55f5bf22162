import type { JsonObject } from '../../src/providers/parse.ts';
import {
  commit,
  HEAD_SHA,
  HOST,
  MERGE_SHA,
  member,
  PRIYA,
  PROJECT,
  PROJECT_URL,
  project,
  repository,
  SAM,
  sha,
  user,
} from './identity.ts';

// Wiki, pipeline, job, deployment, feature flag and release events: GitLab's documented examples
// (https://docs.gitlab.com/user/project/integrations/webhook_events/) with the fixtures' identity.

export function wikiPage(action: 'create' | 'update' | 'delete'): JsonObject {
  const version = { create: 'wiki-v1', update: 'wiki-v2', delete: 'wiki-v3' }[action];
  const versionId = sha(version);
  return {
    object_kind: 'wiki_page',
    user: user(PRIYA),
    project: project(),
    wiki: {
      web_url: `${PROJECT_URL}/-/wikis/home`,
      git_ssh_url: `git@gitlab.example.com:${PROJECT.path}.wiki.git`,
      git_http_url: `${PROJECT_URL}.wiki.git`,
      path_with_namespace: `${PROJECT.path}.wiki`,
      default_branch: 'main',
    },
    object_attributes: {
      title: 'Release process',
      content:
        action === 'create'
          ? '1. Tag the release from main.\n2. Wait for the production deployment.'
          : '1. Tag the release from main.\n2. Wait for the production deployment.\n3. Announce it in #releases.',
      format: 'markdown',
      message: {
        create: 'Describe how we release',
        update: 'Add the announcement step',
        delete: 'Move to the handbook',
      }[action],
      slug: 'release-process',
      url: `${PROJECT_URL}/-/wikis/release-process`,
      action,
      diff_url: `${PROJECT_URL}/-/wikis/release-process/diff?version_id=${versionId}`,
      version_id: versionId,
    },
  };
}

const RUNNER: JsonObject = {
  id: 380987,
  description: 'acme-docker-runner-2',
  runner_type: 'group_type',
  active: true,
  is_shared: false,
  tags: ['docker', 'linux'],
};

const MR_REF = 'refs/merge-requests/42/head';
const FIX_COMMIT = () =>
  commit('checkout-spec', 'Cover checkout of a 200-item cart', '2026-11-24T09:56:31+01:00');

function job(id: number, stage: string, name: string, started: string, finished: string, duration: number) {
  return {
    id,
    stage,
    name,
    status: 'success',
    created_at: '2026-11-24 10:02:15 UTC',
    started_at: started,
    finished_at: finished,
    duration,
    queued_duration: 2.4,
    failure_reason: null,
    when: 'on_success',
    manual: false,
    allow_failure: false,
    user: user(SAM),
    runner: RUNNER,
    artifacts_file: { filename: null, size: null },
    environment: null,
  };
}

/** A merge request pipeline that passed: every job finished, the pipeline too. */
export function pipeline(): JsonObject {
  return {
    object_kind: 'pipeline',
    object_attributes: {
      id: 98231,
      iid: 311,
      name: null,
      ref: MR_REF,
      tag: false,
      sha: HEAD_SHA,
      before_sha: '0000000000000000000000000000000000000000',
      source: 'merge_request_event',
      status: 'success',
      detailed_status: 'passed',
      stages: ['build', 'test'],
      created_at: '2026-11-24 10:02:15 UTC',
      finished_at: '2026-11-24 10:07:33 UTC',
      duration: 312,
      queued_duration: 3,
      variables: [],
      url: `${PROJECT_URL}/-/pipelines/98231`,
    },
    merge_request: {
      id: 2280,
      iid: 42,
      title: 'Fix checkout for carts with more than 50 items',
      source_branch: 'fix/large-cart-checkout',
      source_project_id: PROJECT.id,
      target_branch: 'main',
      target_project_id: PROJECT.id,
      state: 'opened',
      merge_status: 'can_be_merged',
      detailed_merge_status: 'not_approved',
      url: `${PROJECT_URL}/-/merge_requests/42`,
    },
    user: user(SAM),
    project: project(),
    commit: FIX_COMMIT(),
    builds: [
      job(412007, 'test', 'rspec', '2026-11-24 10:03:01 UTC', '2026-11-24 10:07:30 UTC', 269.4),
      job(412006, 'build', 'compile-assets', '2026-11-24 10:02:18 UTC', '2026-11-24 10:02:58 UTC', 40.1),
    ],
  };
}

/** The rspec job of that pipeline, finished; the pipeline itself was still running then. */
export function build(): JsonObject {
  return {
    object_kind: 'build',
    ref: MR_REF,
    tag: false,
    before_sha: '0000000000000000000000000000000000000000',
    sha: HEAD_SHA,
    build_id: 412007,
    build_name: 'rspec',
    build_stage: 'test',
    build_status: 'success',
    build_created_at: '2026-11-24 10:02:15 UTC',
    build_created_at_iso: '2026-11-24T10:02:15Z',
    build_started_at: '2026-11-24 10:03:01 UTC',
    build_started_at_iso: '2026-11-24T10:03:01Z',
    build_finished_at: '2026-11-24 10:07:30 UTC',
    build_finished_at_iso: '2026-11-24T10:07:30Z',
    build_duration: 269.4,
    build_queued_duration: 2.4,
    build_allow_failure: false,
    build_failure_reason: null,
    retries_count: 0,
    pipeline_id: 98231,
    project_id: PROJECT.id,
    project_name: `${PROJECT.name}`,
    user: {
      id: SAM.id,
      name: SAM.name,
      username: SAM.username,
      avatar_url: member(SAM).avatar_url,
      email: SAM.email,
    },
    commit: {
      id: 98231,
      name: null,
      sha: HEAD_SHA,
      message: 'Cover checkout of a 200-item cart\n',
      author_name: SAM.name,
      author_email: SAM.email,
      author_url: `${HOST}/${SAM.username}`,
      status: 'running',
      duration: null,
      started_at: '2026-11-24 10:02:18 UTC',
      started_at_iso: '2026-11-24T10:02:18Z',
      finished_at: null,
      finished_at_iso: null,
    },
    repository: repository(),
    project: project(),
    runner: RUNNER,
    environment: null,
  };
}

export function deployment(): JsonObject {
  return {
    object_kind: 'deployment',
    status: 'success',
    status_changed_at: '2026-11-25 10:14:52 +0100',
    deployment_id: 118,
    deployable_id: 412119,
    deployable_url: `${PROJECT_URL}/-/jobs/412119`,
    environment: 'production',
    environment_tier: 'production',
    environment_slug: 'production',
    environment_external_url: 'https://shop.acme.example',
    project: project(),
    short_sha: MERGE_SHA.slice(0, 8),
    user: user(PRIYA),
    user_url: `${HOST}/${PRIYA.username}`,
    commit_url: `${PROJECT_URL}/-/commit/${MERGE_SHA}`,
    commit_title: "Merge branch 'fix/large-cart-checkout' into 'main'",
  };
}

export function featureFlag(): JsonObject {
  return {
    object_kind: 'feature_flag',
    project: project(),
    user: user(PRIYA),
    user_url: `${HOST}/${PRIYA.username}`,
    object_attributes: {
      id: 6,
      name: 'batched-cart-loading',
      description: 'Loads cart items in batches of 50 at checkout.',
      active: true,
    },
  };
}

export function release(action: 'create' | 'update' | 'delete'): JsonObject {
  const archive = (format: string) => ({
    format,
    url: `${PROJECT_URL}/-/archive/v2.4.0/webshop-v2.4.0.${format}`,
  });
  return {
    id: 53,
    created_at: '2026-11-25 09:00:03 UTC',
    description:
      action === 'create'
        ? 'Checkout works for carts of any size.'
        : 'Checkout works for carts of any size (#7). Cart items load in batches.',
    name: 'v2.4.0',
    released_at: '2026-11-25 09:00:03 UTC',
    tag: 'v2.4.0',
    object_kind: 'release',
    project: project(),
    url: `${PROJECT_URL}/-/releases/v2.4.0`,
    action,
    assets: {
      count: 5,
      links: [
        { id: 17, link_type: 'other', name: 'Changelog', url: `${PROJECT_URL}/-/blob/v2.4.0/CHANGELOG.md` },
      ],
      sources: ['zip', 'tar.gz', 'tar.bz2', 'tar'].map(archive),
    },
    commit: commit(
      'merge-fix-large-cart',
      "Merge branch 'fix/large-cart-checkout' into 'main'",
      '2026-11-25T09:30:41+01:00',
      PRIYA,
    ),
  };
}
