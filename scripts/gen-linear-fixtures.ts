// Writes fixtures/linear/: one webhook for each event of @linear/sdk's `LinearWebhookEventTypeMap` (the
// entity types with the actions Linear sends for them, and the app and agent events), built from the
// SDK's payload types: every required field from the table below of realistic values for one
// organization and team. `*.update` events carry `updatedFrom` with the earlier values. The entity types
// the map leaves out (UNMAPPED_ENTITIES in linear-fixture-rules.ts) are built from the SDK's GraphQL
// types: its `EntityWebhookPayload` with their own `data` type. Run:
// node --import tsx scripts/gen-linear-fixtures.ts
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OMIT, program, synthesize } from './lib/synthesize.ts';
import { LINEAR_EVENTS, UNMAPPED_ENTITIES } from './linear-fixture-rules.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}fixtures/linear/`;
const ENTRY = `${ROOT}node_modules/@linear/sdk/dist/webhooks/index.d.mts`;
const MAIN = `${ROOT}node_modules/@linear/sdk/dist/index.d.mts`;

/** A stable version-4 UUID derived from `seed`: the same entity has the same id in every fixture. */
export function uuidOf(seed: string): string {
  const bytes = createHash('sha256').update(`hookctl-linear:${seed}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ORG = uuidOf('organization');
const TEAM = uuidOf('team');
const USER = uuidOf('user');
const CREATED = '2026-11-02T09:14:27.318Z';
const UPDATED = '2026-11-02T09:16:03.902Z';
const WORKSPACE = 'https://linear.app/northwind';

/** The id of an entity held by the field `holder` (`state`, `team`, `labels`…), or of the root entity. */
const ENTITY_OF: Record<string, string> = {
  team: 'team',
  teamId: 'team',
  user: 'user',
  creator: 'user',
  assignee: 'user',
  actor: 'user',
  userId: 'user',
  creatorId: 'user',
  assigneeId: 'user',
  leadId: 'user',
  lead: 'user',
  ownerId: 'user',
  owner: 'user',
  appUserId: 'app-user',
  state: 'state',
  stateId: 'state',
  labels: 'label',
  labelIds: 'label',
  parentId: 'label-group',
  issue: 'issue',
  issueId: 'issue',
  issueData: 'issue',
  project: 'project',
  projectId: 'project',
  cycle: 'cycle',
  cycleId: 'cycle',
  comment: 'comment',
  commentId: 'comment',
  customer: 'customer',
  customerId: 'customer',
  initiative: 'initiative',
  initiativeId: 'initiative',
  projectUpdate: 'project-update',
  projectUpdateId: 'project-update',
  initiativeUpdate: 'initiative-update',
  initiativeUpdateId: 'initiative-update',
  agentSession: 'agent-session',
  agentActivity: 'agent-activity',
  notification: 'notification',
  status: 'customer-status',
  statusId: 'customer-status',
  tier: 'customer-tier',
  tierId: 'customer-tier',
  subscriberIds: 'user',
  memberIds: 'user',
  teamIds: 'team',
  addedTeamIds: 'team',
  removedTeamIds: 'team',
  document: 'document',
  documentId: 'document',
  attachment: 'attachment',
  attachmentId: 'attachment',
  organizationId: 'organization',
  oauthClientId: 'oauth-client',
  webhookId: 'webhook',
  reactionId: 'reaction',
  pipelineId: 'release-pipeline',
  stageId: 'release-stage',
  releaseIds: 'release',
  favoriteId: OMIT as unknown as string,
};

const ROOT_ENTITY: Record<string, string> = {
  Attachment: 'attachment',
  AuditEntry: 'audit-entry',
  Comment: 'comment',
  Customer: 'customer',
  CustomerNeed: 'customer-need',
  Cycle: 'cycle',
  Document: 'document',
  Initiative: 'initiative',
  InitiativeUpdate: 'initiative-update',
  Issue: 'issue',
  IssueLabel: 'label',
  Project: 'project',
  ProjectUpdate: 'project-update',
  Reaction: 'reaction',
  User: 'user',
  ProjectLabel: 'project-label',
  Release: 'release',
  ReleaseNote: 'release-note',
};

/** Values by field name, the same wherever the field appears. */
const BY_NAME: Record<string, unknown> = {
  createdAt: CREATED,
  updatedAt: UPDATED,
  archivedAt: OMIT,
  startedAt: CREATED,
  startsAt: '2026-10-26T00:00:00.000Z',
  endsAt: '2026-11-09T00:00:00.000Z',
  identifier: 'ENG-123',
  previousIdentifiers: [],
  number: 123,
  title: 'Checkout fails for EU VAT numbers with a space',
  name: 'Engineering',
  key: 'ENG',
  displayName: 'jo',
  email: 'jo.marsh@northwind.example',
  avatarUrl: 'https://public.linear.app/avatars/jo-marsh.png',
  url: `${WORKSPACE}/issue/ENG-123/checkout-fails-for-eu-vat-numbers-with-a-space`,
  color: '#5e6ad2',
  type: 'started',
  priority: 2,
  priorityLabel: 'High',
  prioritySortOrder: -1840.5,
  sortOrder: -1840.5,
  subIssueSortOrder: OMIT,
  estimate: OMIT,
  reactionData: [],
  labels: undefined,
  releases: [],
  body: 'Reproduced with `DE 123456789`: the space makes the VAT check fail before checkout.',
  emoji: '+1',
  description: 'Customers in the EU cannot finish checkout when their VAT number has a space.',
  content: 'Reproduced with `DE 123456789`.',
  health: 'onTrack',
  progress: 0.4,
  scope: 12,
  status: undefined,
  slugId: '8f3c2a91b6d4',
  sourceType: 'slack',
  active: true,
  admin: false,
  guest: false,
  app: false,
  isMe: false,
  inheritsSharedAccess: false,
  timezone: 'Europe/London',
  icon: OMIT,
  priorityLabelText: OMIT,
  trashed: OMIT,
  issueIds: [],
  uncompletedIssuesUponCloseIds: [],
  completedIssueCountHistory: [0, 2, 5],
  completedScopeHistory: [0, 3, 8],
  inProgressScopeHistory: [2, 4, 3],
  issueCountHistory: [8, 9, 10],
  scopeHistory: [10, 11, 12],
  completedAt: OMIT,
  canAccessAllPublicTeams: false,
  metadata: {},
  ip: '203.0.113.24',
  countryCode: 'GB',
  requesterId: USER,
  important: false,
  revenue: 120000,
  size: 40,
  domains: ['northwind.example'],
  externalIds: [],
  slackChannelId: OMIT,
  approximateNeedCount: 1,
  bodyData: JSON.stringify({
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'On track: the VAT fix shipped to 10% of EU traffic.' }],
      },
    ],
  }),
  diffMarkdown: OMIT,
  isDiffHidden: false,
  infoSnapshot: OMIT,
  reactionDataText: OMIT,
  subtitle: 'Stripe checkout session',
  groupBySource: false,
  source: OMIT,
  targetDate: '2026-12-18',
  startDate: '2026-11-02',
  state: undefined,
  position: 1,
  frequencyResolution: 'weekly',
  updateRemindersDay: OMIT,
  updateRemindersHour: OMIT,
  lastAppliedTemplateId: OMIT,
};

function table(event: string, typeName: string, action: string, overrides: Record<string, unknown>) {
  const root = ROOT_ENTITY[typeName];
  return {
    value(path: string, name: string): unknown {
      if (path in overrides) return overrides[path];
      if (path === 'type') return typeName;
      if (path === 'action') return action;
      if (path === 'webhookTimestamp') return Date.parse(UPDATED);
      if (path === 'createdAt') return UPDATED;
      if (path === 'url' && root !== undefined) return `${WORKSPACE}/${root}/${uuidOf(root)}`;
      if (path === 'actor')
        return {
          id: USER,
          name: 'Jo Marsh',
          email: 'jo.marsh@northwind.example',
          type: 'user',
          url: `${WORKSPACE}/profiles/jo`,
        };
      if (path === 'data.id' && root !== undefined) return uuidOf(root);
      if (name === 'id') {
        const holder = path.split('.').at(-2)?.replace('[]', '') ?? '';
        const entity = ENTITY_OF[holder] ?? (holder === 'data' ? root : undefined) ?? holder;
        return uuidOf(entity || event);
      }
      if (name === 'organizationId') return ORG;
      if (name === 'teamId') return TEAM;
      const entity = ENTITY_OF[name];
      if (entity !== undefined && name.endsWith('Ids')) return [uuidOf(entity)];
      if (entity !== undefined && name.endsWith('Id')) return uuidOf(entity);
      if (name === 'name' && path.endsWith('state.name')) return 'In Progress';
      if (name === 'name' && /(user|creator|assignee|owner|lead)\.name$/.test(path)) return 'Jo Marsh';
      if (name === 'name' && /labels\[\]\.name$|^data\.name$/.test(path) && typeName === 'IssueLabel')
        return 'Bug';
      if (name === 'name' && /labels\[\]\.name$/.test(path)) return 'Bug';
      if (path === 'data.name' && typeName === 'ProjectLabel') return 'Customer commitment';
      if (path === 'data.slugId' && typeName === 'Release') return '5d0c7e2a9b14';
      if (path === 'data.slugId' && typeName === 'ReleaseNote') return 'c81f3a6e0d27';
      if (name === 'name' && /project\.name$|^data\.name$/.test(path) && /Project/.test(typeName))
        return 'EU checkout';
      if (name === 'name' && typeName === 'Customer') return 'Northwind Traders';
      if (name === 'name' && typeName === 'Initiative') return 'Grow EU revenue';
      if (name === 'name' && typeName === 'Cycle') return 'Cycle 42';
      if (name === 'name' && typeName === 'User') return 'Jo Marsh';
      if (path === 'data.name' && typeName === 'Release') return '2026.11.2';
      if (path === 'data.url' && /^Release/.test(typeName))
        return `${WORKSPACE}/${root}/${uuidOf(root ?? '')}`;
      if (path === 'data.status' && typeName === 'Initiative') return 'Active';
      if (path === 'agentSession.status') return action === 'created' ? 'pending' : 'active';
      if (/At$/.test(name)) return BY_NAME[name] ?? UPDATED;
      return BY_NAME[name];
    },
    optional: (path: string) =>
      path in overrides || (root !== undefined && (path === 'actor' || path === 'url')),
  };
}

/** The entity types outside the SDK's event map: `data` built from its own SDK type, then the envelope. */
function unmapped(missing: string[]): Array<{ event: string; description: string; file: string }> {
  // The GraphQL types are in the SDK's `LinearDocument` namespace (its top-level names are model classes).
  const { checker, exports } = program(MAIN);
  const namespace = exports.get('LinearDocument');
  if (namespace === undefined) throw new Error('@linear/sdk no longer exports LinearDocument');
  const members = checker.getExportsOfModule(checker.getAliasedSymbol(namespace));
  const typeOf = (name: string) => {
    const symbol = members.find((member) => member.name === name);
    if (symbol === undefined) throw new Error(`@linear/sdk's LinearDocument has no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  const envelope = typeOf('EntityWebhookPayload');
  const written = [];
  for (const [typeName, { data, events }] of Object.entries(UNMAPPED_ENTITIES)) {
    for (const [action, { description, overrides = {} }] of Object.entries(events)) {
      const event = `${typeName}.${action}`;
      const rules = table(event, typeName, action, overrides);
      const inData = (path: string) => (path === '' ? 'data' : `data.${path}`);
      const body = synthesize(checker, typeOf(data), {
        value: (path, name) => rules.value(inData(path), name),
        optional: (path, name) => rules.optional(inData(path), name),
      });
      const built = synthesize(
        checker,
        envelope,
        table(event, typeName, action, { ...overrides, data: body.value }),
      );
      missing.push(...[...body.missing, ...built.missing].map((path) => `${event}: ${path}`));
      const file = `${event}.json`;
      writeFileSync(`${OUT}${file}`, `${JSON.stringify(built.value, null, 2)}\n`);
      written.push({ event, description, file });
    }
  }
  return written;
}

function main(): void {
  const { checker, exports } = program(ENTRY);
  const map = exports.get('LinearWebhookEventTypeMap');
  if (map === undefined) throw new Error('@linear/sdk no longer exports LinearWebhookEventTypeMap');
  const mapType = checker.getDeclaredTypeOfSymbol(map);
  // Only the generated templates go: the README beside them is written by hand.
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.json')) rmSync(`${OUT}${file}`);
  const index: Array<{ event: string; description: string; file: string }> = [];
  const missing: string[] = [];
  const sdkTypes = checker.getPropertiesOfType(mapType).map((property) => property.name);
  for (const typeName of sdkTypes) {
    const spec = LINEAR_EVENTS[typeName];
    if (spec === undefined) throw new Error(`no actions listed for ${typeName} in linear-fixture-rules.ts`);
    const property = checker.getPropertyOfType(mapType, typeName);
    if (property === undefined) continue;
    const payloadType = checker.getTypeOfSymbol(property);
    for (const [action, { description, overrides = {} }] of Object.entries(spec)) {
      const event = `${typeName}.${action}`;
      const built = synthesize(checker, payloadType, table(event, typeName, action, overrides));
      missing.push(...built.missing.map((path) => `${event}: ${path}`));
      const file = `${event}.json`;
      writeFileSync(`${OUT}${file}`, `${JSON.stringify(built.value, null, 2)}\n`);
      index.push({ event, description, file });
    }
  }
  index.push(...unmapped(missing));
  if (missing.length > 0) throw new Error(`no value for:\n${[...new Set(missing)].join('\n')}`);
  writeFileSync(`${OUT}index.json`, `${JSON.stringify(index, null, 2)}\n`);
  const more = Object.keys(UNMAPPED_ENTITIES).length;
  console.log(
    `wrote ${index.length} Linear events over ${sdkTypes.length} + ${more} types to fixtures/linear/`,
  );
}

main();
