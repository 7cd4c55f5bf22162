// Writes fixtures/hubspot/: one event object for each webhook subscription type `@hubspot/api-client`
// (13.5.0) enumerates (`SubscriptionCreateRequestEventTypeEnum` in lib/codegen/webhooks), with the fields
// HubSpot's webhook payload documentation lists for that kind of event
// (https://developers.hubspot.com/docs/api/webhooks, "Webhook payloads"), for one portal and one app.
// Run: node --import tsx scripts/gen-hubspot-fixtures.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const ENUM = new URL(
  '../node_modules/@hubspot/api-client/lib/codegen/webhooks/models/SubscriptionCreateRequest.d.ts',
  import.meta.url,
);
const OUT = new URL('../fixtures/hubspot/', import.meta.url);

export const PORTAL_ID = 48_213_607;
export const APP_ID = 3_195_842;
type Json = Record<string, unknown>;

/** The object type ids HubSpot uses (https://developers.hubspot.com/docs/api/crm/understanding-the-crm). */
const OBJECTS: Record<string, { id: number; property: string; value: string; typeId: string }> = {
  contact: { id: 75_761_595_194, property: 'lifecyclestage', value: 'customer', typeId: '0-1' },
  company: { id: 19_245_871_520, property: 'industry', value: 'COMPUTER_SOFTWARE', typeId: '0-2' },
  deal: { id: 31_470_228_605, property: 'dealstage', value: 'closedwon', typeId: '0-3' },
  ticket: { id: 2_418_803_977, property: 'hs_pipeline_stage', value: '4', typeId: '0-5' },
  product: { id: 1_884_216_032, property: 'price', value: '49.00', typeId: '0-7' },
  line_item: { id: 24_816_502_371, property: 'quantity', value: '3', typeId: '0-8' },
  conversation: { id: 7_340_291_856, property: 'status', value: 'CLOSED', typeId: '0-11' },
  // `object.*` subscriptions are for objects by type id; here a custom object of the portal's.
  object: { id: 18_032_771_904, property: 'stage', value: 'shipped', typeId: '2-27651398' },
};
const ASSOCIATIONS: Record<string, [string, number, string]> = {
  contact: ['CONTACT_TO_COMPANY', 1, 'company'],
  company: ['COMPANY_TO_CONTACT', 2, 'contact'],
  deal: ['DEAL_TO_CONTACT', 3, 'contact'],
  ticket: ['TICKET_TO_CONTACT', 16, 'contact'],
  line_item: ['LINE_ITEM_TO_DEAL', 20, 'deal'],
  object: ['CUSTOM_OBJECT_TO_CONTACT', 145, 'contact'],
};
const DESCRIBE: Record<string, string> = {
  creation: 'created',
  deletion: 'deleted',
  privacyDeletion: 'deleted for privacy compliance (GDPR)',
  propertyChange: 'property changed',
  merge: 'merged with another',
  restore: 'restored from the recycling bin',
  associationChange: 'association added or removed',
  newMessage: 'new message in a thread',
};

export function subscriptionTypes(): string[] {
  return [...readFileSync(ENUM, 'utf8').matchAll(/= "([a-z_]+\.[A-Za-z]+)"/g)].map((match) => match[1] ?? '');
}

export function buildEvent(type: string, index: number): { payload: Json; description: string } {
  const [kind = '', action = ''] = type.split('.');
  const object = OBJECTS[kind];
  if (object === undefined) throw new Error(`no object for ${type}`);
  const payload: Json = {
    eventId: 3_816_279_340 + index,
    subscriptionId: 2_861_400 + index,
    portalId: PORTAL_ID,
    appId: APP_ID,
    occurredAt: 1_764_527_508_000,
    subscriptionType: type,
    attemptNumber: 0,
    objectId: object.id,
    ...(kind === 'object' ? { objectTypeId: object.typeId } : {}),
    changeSource: 'CRM_UI',
    sourceId: 'userId:81273466',
  };
  if (action === 'propertyChange')
    Object.assign(payload, { propertyName: object.property, propertyValue: object.value });
  if (action === 'creation') payload.changeFlag = 'NEW'; // as in the SDK's own test payload (lib/test/unit/signature.spec.js)
  if (action === 'deletion' || action === 'privacyDeletion') payload.changeFlag = 'DELETED';
  if (action === 'restore') payload.changeFlag = 'RESTORED';
  if (action === 'merge') {
    Object.assign(payload, {
      changeFlag: 'MERGED',
      primaryObjectId: object.id,
      mergedObjectIds: [object.id + 1_204],
      newObjectId: object.id,
      numberOfPropertiesMoved: 12,
    });
  }
  if (action === 'newMessage') {
    Object.assign(payload, {
      messageId: 'b2c4f1a6e8d04c3f9a7b5e1d2c3a4b5f',
      messageType: 'MESSAGE',
      changeFlag: 'NEW_MESSAGE',
    });
  }
  if (action === 'associationChange') {
    const [associationType, associationTypeId, to] = ASSOCIATIONS[kind] ?? ['', 0, 'contact'];
    delete payload.objectId;
    Object.assign(payload, {
      associationType,
      associationCategory: kind === 'object' ? 'USER_DEFINED' : 'HUBSPOT_DEFINED',
      associationTypeId,
      fromObjectId: object.id,
      toObjectId: OBJECTS[to]?.id,
      associationRemoved: false,
      isPrimaryAssociation: false,
    });
  }
  const noun =
    kind === 'object' ? 'Custom object' : `${kind[0]?.toUpperCase()}${kind.slice(1).replace('_', ' ')}`;
  return { payload, description: `${noun} ${DESCRIBE[action] ?? action}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Only the generated templates go: the README beside them is written by hand.
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.json')) rmSync(new URL(file, OUT));
  const index = subscriptionTypes()
    .map((event, n) => {
      const { payload, description } = buildEvent(event, n);
      const file = `${event}.json`;
      writeFileSync(new URL(file, OUT), `${JSON.stringify(payload, null, 2)}\n`);
      return { event, description, file };
    })
    .sort((a, b) => a.event.localeCompare(b.event));
  writeFileSync(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${index.length} HubSpot fixtures`);
}
