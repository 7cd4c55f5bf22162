// Writes fixtures/linear/: one webhook for each event of @linear/sdk's `LinearWebhookEventTypeMap` (the
// entity types with the actions Linear sends for them, and the app and agent events), built from the
// SDK's payload types: every required field from the table below of realistic values for one
// organization and team. `*.update` events carry `updatedFrom` with the earlier values. The entity types
// the map leaves out (UNMAPPED_ENTITIES in linear-fixture-rules.ts) are built from the SDK's GraphQL
// types: its `EntityWebhookPayload` with their own `data` type. Run:
// node --import tsx scripts/gen-linear-fixtures.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { program, synthesize } from './lib/synthesize.ts';
import { LINEAR_EVENTS, UNMAPPED_ENTITIES } from './linear-fixture-rules.ts';
import {
  BY_NAME,
  ENTITY_OF,
  ORG,
  ROOT_ENTITY,
  TEAM,
  UPDATED,
  USER,
  uuidOf,
  WORKSPACE,
} from './linear-fixture-values.ts';

export { uuidOf };

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}fixtures/linear/`;
const ENTRY = `${ROOT}node_modules/@linear/sdk/dist/webhooks/index.d.mts`;
const MAIN = `${ROOT}node_modules/@linear/sdk/dist/index.d.mts`;

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
