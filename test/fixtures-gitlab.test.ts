import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { gitlabFixtures } from '../scripts/gen-gitlab-fixtures.ts';
import { gitlabFixtureProblems } from '../scripts/gitlab-fixture-rules.ts';
import { hookName } from '../src/providers/gitlab/fixtures.ts';
import { gitlab } from '../src/providers/gitlab/index.ts';
import type { JsonObject } from '../src/providers/parse.ts';
import { seededContext } from './helpers/context.ts';

// Fixture truth for GitLab (no package ships a schema of its payloads): the files are what the
// generator writes, every hook kind of GitLab's "Webhook events" page is there, and the rule table of
// scripts/gitlab-fixture-rules.ts holds for every fixture.

const FIXTURES = new URL('../fixtures/gitlab/', import.meta.url);
const read = async (file: string) =>
  JSON.parse(await readFile(new URL(file, FIXTURES), 'utf8')) as JsonObject;

/** The 18 hook kinds of https://docs.gitlab.com/user/project/integrations/webhook_events/, as X-Gitlab-Event. */
const DOCUMENTED_HOOKS = [
  'Push Hook',
  'Tag Push Hook',
  'Issue Hook', // work item events: issues and the other work item types
  'Note Hook',
  'Merge Request Hook',
  'Wiki Page Hook',
  'Pipeline Hook',
  'Job Hook',
  'Deployment Hook',
  'Feature Flag Hook',
  'Release Hook',
  'Milestone Hook',
  'Emoji Hook',
  'Resource Access Token Hook',
  'Vulnerability Hook',
  'Member Hook',
  'Project Hook',
  'Subgroup Hook',
];

/** The actions the page lists for each kind that has them. */
const DOCUMENTED_ACTIONS: Record<string, string[]> = {
  issue: ['open', 'close', 'reopen', 'update'],
  work_item: ['open', 'close', 'reopen', 'update'],
  note: ['create', 'update'],
  merge_request: [
    'open',
    'close',
    'reopen',
    'update',
    'approved',
    'unapproved',
    'approval',
    'unapproval',
    'merge',
  ],
  wiki_page: ['create', 'update', 'delete'],
  release: ['create', 'update', 'delete'],
  milestone: ['create', 'close', 'reopen'],
  emoji: ['award', 'revoke'],
};

describe('gitlab fixtures', async () => {
  const index = JSON.parse(await readFile(new URL('index.json', FIXTURES), 'utf8')) as Array<{
    event: string;
    description: string;
    file: string;
  }>;

  it('are what scripts/gen-gitlab-fixtures.ts writes (re-run it after changing the generator)', async () => {
    const generated = gitlabFixtures();
    assert.deepEqual(
      index,
      generated.map(({ event, description }) => ({ event, description, file: `${event}.json` })),
    );
    for (const { event, payload } of generated) assert.deepEqual(await read(`${event}.json`), payload, event);
  });

  it('cover every hook kind GitLab documents, and every action it lists', async () => {
    const hooks = new Set<string>();
    for (const { file } of index) hooks.add(hookName(await read(file)) ?? 'none');
    assert.deepEqual([...hooks].sort(), [...DOCUMENTED_HOOKS].sort());
    for (const [kind, actions] of Object.entries(DOCUMENTED_ACTIONS)) {
      const ours = index.map(({ event }) => event).filter((event) => event.startsWith(`${kind}.`));
      assert.deepEqual(ours.sort(), actions.map((action) => `${kind}.${action}`).sort(), kind);
    }
    assert.equal(index.length, 47);
  });

  it('hold every state, identity and placeholder rule', async () => {
    const problems: string[] = [];
    for (const { event, file } of index) problems.push(...gitlabFixtureProblems(event, await read(file)));
    assert.deepEqual(problems, []);
  });

  it('each description names its X-Gitlab-Event in one line', async () => {
    for (const { event, description, file } of index) {
      assert.match(description, /^[A-Z][A-Za-z ]+ Hook: [^\n]+\.$/, event);
      assert.ok(description.startsWith(`${hookName(await read(file))}:`), event);
    }
  });

  // The rules must be able to fail: each broken copy is caught, naming the event and the field.
  const broken: Array<[string, string, (payload: JsonObject) => void, RegExp]> = [
    [
      'a merged merge request still open',
      'merge_request.merge',
      (p) => ((p.object_attributes as JsonObject).state = 'opened'),
      /state is "opened", not "merged"/,
    ],
    [
      'a closed issue without closed_at',
      'issue.close',
      (p) => ((p.object_attributes as JsonObject).closed_at = null),
      /closed_at is not set/,
    ],
    ['another project', 'push', (p) => (p.project_id = 15), /project 15/],
    ['a placeholder', 'deployment', (p) => (p.environment = 'environment'), /placeholder/],
    [
      'a link to another host',
      'release.create',
      (p) => (p.url = 'http://example.com/mike/diaspora'),
      /outside the instance/,
    ],
    [
      'an action that is not the event',
      'note.create',
      (p) => ((p.object_attributes as JsonObject).action = 'update'),
      /name it note\.update/,
    ],
    ['someone unknown', 'emoji.award', (p) => ((p.object_attributes as JsonObject).user_id = 4), /user 4/],
  ];
  for (const [what, event, edit, says] of broken) {
    it(`the rules catch ${what}`, async () => {
      const payload = await gitlab.payload(event, seededContext(0, event));
      assert.ok(payload);
      edit(payload);
      const problems = gitlabFixtureProblems(event, payload);
      assert.ok(
        problems.some((problem) => says.test(problem) && problem.startsWith(`${event}:`)),
        problems.join('\n'),
      );
    });
  }
});
