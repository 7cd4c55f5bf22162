import { createHash } from 'node:crypto';
import type { JsonObject } from '../../src/providers/parse.ts';

// The one GitLab world every fixture lives in: an instance, the group `acme`, its project `acme/webshop`,
// and the people who work on it. The payload shapes are GitLab's documented examples
// (https://docs.gitlab.com/user/project/integrations/webhook_events/, CC BY-SA 4.0); these values
// replace the examples' own, which name a different project and user in almost every example.

export const HOST = 'https://gitlab.example.com';
const SSH_HOST = 'git@gitlab.example.com';

export const GROUP = { id: 41, name: 'Acme', path: 'acme' } as const;
export const PROJECT = { id: 27, name: 'Webshop', path: 'acme/webshop' } as const;
export const PROJECT_URL = `${HOST}/${PROJECT.path}`;
const DESCRIPTION = 'Storefront and checkout of the Acme shop.';

export interface Person {
  id: number;
  name: string;
  username: string;
  email: string;
}

export const SAM: Person = { id: 12, name: 'Sam Rivera', username: 'srivera', email: 'srivera@acme.example' };
export const PRIYA: Person = {
  id: 15,
  name: 'Priya Natarajan',
  username: 'pnatarajan',
  email: 'pnatarajan@acme.example',
};
export const JONAS: Person = {
  id: 19,
  name: 'Jonas Weber',
  username: 'jweber',
  email: 'jweber@acme.example',
};
/** The bot user GitLab creates for a project access token. */
export const TOKEN_BOT: Person = {
  id: 97,
  name: 'deploy-bot',
  username: 'project_27_bot_4f1c9a2e',
  email: 'project_27_bot_4f1c9a2e@noreply.gitlab.example.com',
};
export const PEOPLE: readonly Person[] = [SAM, PRIYA, JONAS, TOKEN_BOT];

export const avatar = (person: Person) => `${HOST}/uploads/-/system/user/avatar/${person.id}/avatar.png`;

/** `user` as most hooks carry it. */
export const user = (person: Person): JsonObject => ({
  id: person.id,
  name: person.name,
  username: person.username,
  avatar_url: avatar(person),
  email: person.email,
});

/** `assignees`, `reviewers`, `assignee`: without the email. */
export const member = (person: Person): JsonObject => ({
  id: person.id,
  name: person.name,
  username: person.username,
  avatar_url: avatar(person),
});

/** A 40-digit commit sha, the same for the same label in every fixture. */
export const sha = (label: string) => createHash('sha1').update(`acme/webshop:${label}`).digest('hex');

export const project = (): JsonObject => ({
  id: PROJECT.id,
  name: PROJECT.name,
  description: DESCRIPTION,
  web_url: PROJECT_URL,
  avatar_url: null,
  git_ssh_url: `${SSH_HOST}:${PROJECT.path}.git`,
  git_http_url: `${PROJECT_URL}.git`,
  namespace: GROUP.name,
  visibility_level: 0,
  path_with_namespace: PROJECT.path,
  default_branch: 'main',
  ci_config_path: null,
  homepage: PROJECT_URL,
  url: `${SSH_HOST}:${PROJECT.path}.git`,
  ssh_url: `${SSH_HOST}:${PROJECT.path}.git`,
  http_url: `${PROJECT_URL}.git`,
});

/** The deprecated `repository` key, as push events still send it. */
export const repository = (): JsonObject => ({
  name: PROJECT.name,
  url: `${SSH_HOST}:${PROJECT.path}.git`,
  description: DESCRIPTION,
  homepage: PROJECT_URL,
  git_http_url: `${PROJECT_URL}.git`,
  git_ssh_url: `${SSH_HOST}:${PROJECT.path}.git`,
  visibility_level: 0,
});

/** The short `repository` of issue, note and merge request events. */
export const shortRepository = (): JsonObject => ({
  name: PROJECT.name,
  url: `${SSH_HOST}:${PROJECT.path}.git`,
  description: DESCRIPTION,
  homepage: PROJECT_URL,
});

export const BUG_LABEL: JsonObject = {
  id: 206,
  title: 'bug',
  color: '#dc143c',
  project_id: PROJECT.id,
  created_at: '2026-03-02T10:11:12Z',
  updated_at: '2026-03-02T10:11:12Z',
  template: false,
  description: 'Something does not work as documented',
  type: 'ProjectLabel',
  group_id: null,
};

export const CHECKOUT_LABEL: JsonObject = {
  id: 311,
  title: 'checkout',
  color: '#1f75cb',
  project_id: null,
  created_at: '2026-01-19T08:40:05Z',
  updated_at: '2026-01-19T08:40:05Z',
  template: false,
  description: 'Cart, payment and order confirmation',
  type: 'GroupLabel',
  group_id: GROUP.id,
};

/** The commits of the fix: pushed to its branch, built by the pipeline, merged by the merge request. */
export const FIX_COMMITS = [
  {
    label: 'split-cart-query',
    title: 'Load cart items in batches of 50',
    timestamp: '2026-11-24T09:41:07+01:00',
    added: ['app/models/cart_batch.rb'],
    modified: ['app/models/cart.rb'],
  },
  {
    label: 'checkout-spec',
    title: 'Cover checkout of a 200-item cart',
    timestamp: '2026-11-24T09:56:31+01:00',
    added: ['spec/features/large_cart_checkout_spec.rb'],
    modified: [],
  },
] as const;
export const BASE_SHA = sha('main-before-fix');
export const HEAD_SHA = sha('checkout-spec');
export const MERGE_SHA = sha('merge-fix-large-cart');

export const commit = (
  label: string,
  title: string,
  timestamp: string,
  author: Person = SAM,
): JsonObject => ({
  id: sha(label),
  message: `${title}\n`,
  title,
  timestamp,
  url: `${PROJECT_URL}/-/commit/${sha(label)}`,
  author: { name: author.name, email: author.email },
});
