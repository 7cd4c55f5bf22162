// The actions Linear sends for each webhook event type (https://linear.app/developers/webhooks: entity
// webhooks are `create`, `update` and `remove`; the app, SLA and agent events name their own), with what
// each fixture sets beyond the required fields: the state an action implies and, for `update`, the
// earlier values in `updatedFrom`. test/fixtures-linear.test.ts checks the states.
const EARLIER = '2026-11-01T16:42:10.551Z';
const removed = { 'data.archivedAt': '2026-11-02T09:16:03.902Z' };

interface Spec {
  description: string;
  overrides?: Record<string, unknown>;
}

const entity = (noun: string, update: Record<string, unknown>, actions = ['create', 'update', 'remove']) =>
  Object.fromEntries(
    actions.map((action): [string, Spec] => [
      action,
      action === 'create'
        ? { description: `${noun} was created` }
        : action === 'update'
          ? {
              description: `${noun} was updated`,
              overrides: { updatedFrom: { updatedAt: EARLIER, ...update } },
            }
          : { description: `${noun} was deleted or archived`, overrides: removed },
    ]),
  );

export const LINEAR_EVENTS: Record<string, Record<string, Spec>> = {
  Attachment: entity('An attachment', { title: 'Stripe checkout session (draft)' }),
  AuditEntry: { create: { description: 'An audit log entry was recorded (Enterprise)' } },
  Comment: entity('A comment', { body: 'Reproduced with `DE123456789`.' }),
  Customer: entity('A customer', { name: 'Northwind' }),
  CustomerNeed: entity('A customer request', { important: true }),
  Cycle: entity('A cycle', { name: 'Cycle 41' }),
  Document: entity('A document', { title: 'EU checkout: rollout notes (draft)' }),
  Initiative: entity('An initiative', { name: 'EU revenue' }),
  InitiativeUpdate: entity('An initiative update', { health: 'atRisk' }),
  Issue: entity('An issue', {
    priority: 3,
    priorityLabel: 'Medium',
    stateId: '5a8d3b1e-0c47-4e29-9f61-7b2d84c6a013',
  }),
  IssueLabel: entity('An issue label', { color: '#eb5757' }),
  Project: entity('A project', { name: 'EU checkout fixes' }),
  ProjectUpdate: entity('A project update', { health: 'atRisk' }),
  Reaction: entity('A reaction', {}, ['create', 'remove']),
  User: entity('A user', { displayName: 'jmarsh' }, ['create', 'update']),
  IssueSLA: {
    set: { description: "An issue's SLA was set" },
    highRisk: { description: "An issue's SLA is at high risk of breaching" },
    breached: { description: "An issue's SLA was breached" },
  },
  OAuthApp: { revoked: { description: "An OAuth app's access to the workspace was revoked" } },
  AppUserNotification: {
    issueAssignedToYou: {
      description: 'The app user was assigned an issue',
      overrides: { 'notification.type': 'issueAssignedToYou' },
    },
    issueMention: {
      description: 'The app user was mentioned in an issue',
      overrides: { 'notification.type': 'issueMention' },
    },
    issueCommentMention: {
      description: 'The app user was mentioned in a comment',
      overrides: { 'notification.type': 'issueCommentMention' },
    },
    issueNewComment: {
      description: "A comment was added to the app user's issue",
      overrides: { 'notification.type': 'issueNewComment' },
    },
    issueCommentReaction: {
      description: "Someone reacted to the app user's comment",
      overrides: { 'notification.type': 'issueCommentReaction', 'notification.reactionEmoji': '+1' },
    },
    issueEmojiReaction: {
      description: "Someone reacted to the app user's issue",
      overrides: { 'notification.type': 'issueEmojiReaction', 'notification.reactionEmoji': 'rocket' },
    },
    issueStatusChanged: {
      description: "The status of the app user's issue changed",
      overrides: { 'notification.type': 'issueStatusChanged' },
    },
    issueUnassignedFromYou: {
      description: 'The app user was unassigned from an issue',
      overrides: { 'notification.type': 'issueUnassignedFromYou' },
    },
  },
  PermissionChange: { teamAccessChanged: { description: "The app user's team access changed" } },
  AgentSessionEvent: {
    created: { description: 'An agent session was created for the app' },
    prompted: { description: 'A user prompted the agent in a session' },
  },
};

/**
 * Resource types of Linear's `WebhookResourceType` that `LinearWebhookEventTypeMap` leaves out but whose
 * `data` the SDK types (members of its `DataWebhookPayload`): data change webhooks, so `create`, `update`
 * and `remove` (https://linear.app/developers/webhooks), each as `EntityWebhookPayload` with that `data`.
 */
export const UNMAPPED_ENTITIES: Record<string, { data: string; events: Record<string, Spec> }> = {
  ProjectLabel: {
    data: 'ProjectLabelWebhookPayload',
    events: entity('A project label', { color: '#eb5757' }),
  },
  Release: { data: 'ReleaseWebhookPayload', events: entity('A release', { name: '2026.11.1' }) },
  ReleaseNote: {
    data: 'ReleaseNoteWebhookPayload',
    events: entity('A release note', { releaseIds: [] }),
  },
};
