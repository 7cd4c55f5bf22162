import type { JsonObject } from '../../src/providers/parse.ts';
import { workItem } from './code-events.ts';
import { GROUP, JONAS, PRIYA, PROJECT, PROJECT_URL, project, SAM, TOKEN_BOT, user } from './identity.ts';

// Milestone, emoji, access token and vulnerability events, and the group-only member, project and
// subgroup events: GitLab's documented examples
// (https://docs.gitlab.com/user/project/integrations/webhook_events/) with the fixtures' identity.

export function milestone(action: 'create' | 'close' | 'reopen'): JsonObject {
  const updated = {
    create: '2026-11-02 08:00:12 UTC',
    close: '2026-12-01 09:12:40 UTC',
    reopen: '2026-12-01 09:40:03 UTC',
  };
  return {
    object_kind: 'milestone',
    event_type: 'milestone',
    project: project(),
    object_attributes: {
      id: 61,
      iid: 4,
      title: 'v2.4',
      description: 'Checkout fixes and batched cart loading.',
      state: action === 'close' ? 'closed' : 'active',
      created_at: '2026-11-02 08:00:12 UTC',
      updated_at: updated[action],
      due_date: '2026-11-30',
      start_date: '2026-11-02',
      group_id: null,
      project_id: PROJECT.id,
    },
    action,
  };
}

/** A thumbs-up on the issue, given or taken back by Priya. */
export function emoji(action: 'award' | 'revoke'): JsonObject {
  const issue = workItem('issue', 'open').object_attributes as JsonObject;
  delete issue.action;
  return {
    object_kind: 'emoji',
    event_type: action,
    user: user(PRIYA),
    project_id: PROJECT.id,
    project: project(),
    object_attributes: {
      user_id: PRIYA.id,
      created_at: '2026-11-23 09:31:55 UTC',
      id: 3190,
      name: 'thumbsup',
      awardable_type: 'Issue',
      awardable_id: issue.id,
      updated_at: '2026-11-23 09:31:55 UTC',
      action,
      awarded_on_url: issue.url,
    },
    issue,
  };
}

/** The project access token of the deploy bot, seven days before it expires. */
export function accessToken(): JsonObject {
  return {
    object_kind: 'access_token',
    project: project(),
    object_attributes: {
      user_id: TOKEN_BOT.id,
      created_at: '2025-12-08 10:20:31 UTC',
      id: 25,
      name: TOKEN_BOT.name,
      expires_at: '2026-12-08',
    },
    event_name: 'expiring_access_token',
  };
}

export function vulnerability(): JsonObject {
  return {
    object_kind: 'vulnerability',
    object_attributes: {
      url: `${PROJECT_URL}/-/security/vulnerabilities/1184`,
      title: 'REXML DoS vulnerability',
      state: 'confirmed',
      project_id: PROJECT.id,
      location: { file: 'Gemfile.lock', dependency: { package: { name: 'rexml' }, version: '3.3.1' } },
      cvss: [{ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', vendor: 'NVD' }],
      severity: 'high',
      severity_overridden: false,
      identifiers: [
        {
          name: 'Gemnasium-29dce398-220a-4315-8c84-16cd8b6d9b05',
          external_id: '29dce398-220a-4315-8c84-16cd8b6d9b05',
          external_type: 'gemnasium',
          url: 'https://gitlab.com/gitlab-org/security-products/gemnasium-db/-/blob/master/gem/rexml/CVE-2024-41123.yml',
        },
        {
          name: 'CVE-2024-41123',
          external_id: 'CVE-2024-41123',
          external_type: 'cve',
          url: 'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2024-41123',
        },
      ],
      issues: [],
      report_type: 'dependency_scanning',
      confidence: 'unknown',
      confidence_overridden: false,
      confirmed_at: '2026-11-26T14:02:51.377Z',
      confirmed_by_id: PRIYA.id,
      dismissed_at: null,
      dismissed_by_id: null,
      resolved_at: null,
      resolved_by_id: null,
      auto_resolved: false,
      resolved_on_default_branch: false,
      created_at: '2026-11-26T03:15:09.812Z',
      updated_at: '2026-11-26T14:02:51.377Z',
    },
  };
}

const GROUP_FIELDS = { group_name: GROUP.name, group_path: GROUP.path, group_id: GROUP.id };

/** Priya joins the group, is promoted, leaves; Jonas asks to join and is turned down. */
export function groupMember(event: string): JsonObject {
  const requester = event.startsWith('user_access_request');
  const person = requester ? JONAS : PRIYA;
  const updated: Record<string, string> = {
    user_add_to_group: '2026-03-02T09:00:41Z',
    user_update_for_group: '2026-09-14T12:31:08Z',
    user_remove_from_group: '2026-11-30T17:45:22Z',
    user_access_request_to_group: '2026-11-27T08:12:40Z',
    user_access_request_denied_for_group: '2026-11-27T10:03:15Z',
  };
  return {
    created_at: requester ? '2026-11-27T08:12:40Z' : '2026-03-02T09:00:41Z',
    updated_at: updated[event],
    ...GROUP_FIELDS,
    user_username: person.username,
    user_name: person.name,
    user_email: person.email,
    user_id: person.id,
    group_access:
      event === 'user_update_for_group' || event === 'user_remove_from_group' ? 'Maintainer' : 'Developer',
    group_plan: 'premium',
    expires_at: null,
    event_name: event,
  };
}

/** A project `acme/inventory` created in the group by Sam, or deleted. */
export function groupProject(event: 'project_create' | 'project_destroy'): JsonObject {
  return {
    event_name: event,
    created_at: '2026-11-28T10:43:48Z',
    updated_at: event === 'project_create' ? '2026-11-28T10:43:48Z' : '2026-11-30T16:20:05Z',
    name: 'Inventory',
    path: 'inventory',
    path_with_namespace: `${GROUP.path}/inventory`,
    project_id: 31,
    project_namespace_id: 58,
    owners: [{ name: SAM.name, email: SAM.email }],
    project_visibility: 'private',
  };
}

/** A subgroup `acme/platform` created in the group, or removed. */
export function subgroup(event: 'subgroup_create' | 'subgroup_destroy'): JsonObject {
  return {
    created_at: '2026-11-29T09:40:12Z',
    updated_at: event === 'subgroup_create' ? '2026-11-29T09:40:12Z' : '2026-11-30T18:02:47Z',
    event_name: event,
    name: 'Platform',
    path: 'platform',
    full_path: `${GROUP.path}/platform`,
    group_id: 52,
    parent_group_id: GROUP.id,
    parent_name: GROUP.name,
    parent_path: GROUP.path,
    parent_full_path: GROUP.path,
  };
}
