import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { hookName } from '../src/providers/gitlab/fixtures.ts';
import type { JsonObject } from '../src/providers/parse.ts';
import { build, deployment, featureFlag, pipeline, release, wikiPage } from './gitlab/ci-events.ts';
import { mergeRequest, note, push, tagPush, workItem } from './gitlab/code-events.ts';
import {
  accessToken,
  emoji,
  groupMember,
  groupProject,
  milestone,
  subgroup,
  vulnerability,
} from './gitlab/group-events.ts';

// Writes fixtures/gitlab/: one template per hook kind and action that GitLab's "Webhook events" page
// documents (https://docs.gitlab.com/user/project/integrations/webhook_events/), and index.json.
// Run: node --import tsx scripts/gen-gitlab-fixtures.ts

export interface GitlabFixture {
  event: string;
  description: string;
  payload: JsonObject;
}

type Entry = [event: string, what: string, payload: JsonObject];

const WORK_ITEM_ACTIONS = {
  open: 'was opened',
  close: 'was closed',
  reopen: 'was reopened',
  update: 'was edited',
} as const;
const workItems = (kind: 'issue' | 'work_item', noun: string): Entry[] =>
  Object.entries(WORK_ITEM_ACTIONS).map(([action, what]) => [
    `${kind}.${action}`,
    `${noun} ${what}`,
    workItem(kind, action),
  ]);

/** The catalogue: event name → what happened → the payload. */
export function gitlabFixtures(): GitlabFixture[] {
  const entries: Entry[] = [
    ['push', 'commits were pushed to a branch', push()],
    ['tag_push', 'a tag was pushed', tagPush()],
    ...workItems('issue', 'an issue'),
    ...workItems('work_item', 'a work item (task)'),
    ['note.create', 'a comment was made on a merge request', note('create')],
    ['note.update', 'a comment on an issue was edited', note('update')],
    ...(
      [
        ['open', 'was opened'],
        ['close', 'was closed without merging'],
        ['reopen', 'was reopened'],
        ['update', 'was edited or got new commits'],
        ['approved', 'was approved by all required approvers'],
        ['unapproved', 'lost its required approvals'],
        ['approval', 'was approved by one user'],
        ['unapproval', 'had one approval removed'],
        ['merge', 'was merged'],
      ] as const
    ).map(([a, what]): Entry => [`merge_request.${a}`, `a merge request ${what}`, mergeRequest(a)]),
    ...(['create', 'update', 'delete'] as const).map(
      (a): Entry => [`wiki_page.${a}`, `a wiki page was ${a}d`, wikiPage(a)],
    ),
    ['pipeline', 'a pipeline changed status (here: passed)', pipeline()],
    ['build', 'a job changed status (here: succeeded)', build()],
    ['deployment', 'a deployment changed status (here: succeeded)', deployment()],
    ['feature_flag', 'a feature flag was turned on or off', featureFlag()],
    ...(['create', 'update', 'delete'] as const).map(
      (a): Entry => [`release.${a}`, `a release was ${a}d`, release(a)],
    ),
    ...(
      [
        ['create', 'created'],
        ['close', 'closed'],
        ['reopen', 'reopened'],
      ] as const
    ).map(([a, done]): Entry => [`milestone.${a}`, `a milestone was ${done}`, milestone(a)]),
    ['emoji.award', 'an emoji reaction was added', emoji('award')],
    ['emoji.revoke', 'an emoji reaction was removed', emoji('revoke')],
    ['access_token', 'a project access token expires in seven days', accessToken()],
    ['vulnerability', 'a vulnerability was created or changed status', vulnerability()],
    ['user_add_to_group', 'a user was added to the group', groupMember('user_add_to_group')],
    [
      'user_update_for_group',
      "a member's access level or expiry changed",
      groupMember('user_update_for_group'),
    ],
    ['user_remove_from_group', 'a user was removed from the group', groupMember('user_remove_from_group')],
    [
      'user_access_request_to_group',
      'a user asked for access to the group',
      groupMember('user_access_request_to_group'),
    ],
    [
      'user_access_request_denied_for_group',
      'an access request was denied',
      groupMember('user_access_request_denied_for_group'),
    ],
    ['project_create', 'a project was created in the group', groupProject('project_create')],
    ['project_destroy', 'a project in the group was deleted', groupProject('project_destroy')],
    ['subgroup_create', 'a subgroup was created in the group', subgroup('subgroup_create')],
    ['subgroup_destroy', 'a subgroup was removed from the group', subgroup('subgroup_destroy')],
  ];
  return entries
    .map(([event, what, payload]) => ({ event, description: `${hookName(payload)}: ${what}.`, payload }))
    .sort((a, b) => (a.event < b.event ? -1 : 1));
}

const OUT = new URL('../fixtures/gitlab/', import.meta.url);

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  for (const file of await readdir(OUT)) if (file.endsWith('.json')) await rm(new URL(file, OUT));
  const fixtures = gitlabFixtures();
  for (const { event, payload } of fixtures) {
    await writeFile(new URL(`${event}.json`, OUT), `${JSON.stringify(payload, null, 2)}\n`);
  }
  const index = fixtures.map(({ event, description }) => ({ event, description, file: `${event}.json` }));
  await writeFile(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(`wrote ${fixtures.length} GitLab fixtures to ${fileURLToPath(OUT)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
