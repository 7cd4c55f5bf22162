import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { serialization } from 'square';
import { buildEvent as buildHubspot, subscriptionTypes } from '../scripts/gen-hubspot-fixtures.ts';
import { buildEvent as buildSquare, eventTypeNames } from '../scripts/gen-square-fixtures.ts';
import { isJsonObject } from '../src/providers/parse.ts';

// Fixture truth for Square and HubSpot: Square's templates parse under the square SDK's own wire schemas
// (strict: a key the SDK does not know fails), states follow event names, one seller, no placeholders.
const FIXTURES = new URL('../fixtures/', import.meta.url);
type Entry = { event: string; file: string; sdkType?: string };
const read = async (path: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(path, FIXTURES), 'utf8'));
const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (isJsonObject(node) ? node[key] : undefined), value);

/** What the event name says about its resource: field path → value. */
const SQUARE_STATES: Record<string, Record<string, unknown>> = {
  'payment.created': { 'data.object.payment.status': 'APPROVED' },
  'payment.updated': { 'data.object.payment.status': 'COMPLETED' },
  'refund.updated': { 'data.object.refund.status': 'COMPLETED' },
  'invoice.payment_made': { 'data.object.invoice.status': 'PAID' },
  'invoice.canceled': { 'data.object.invoice.status': 'CANCELED' },
  'invoice.refunded': { 'data.object.invoice.status': 'REFUNDED' },
  'invoice.published': { 'data.object.invoice.status': 'UNPAID' },
  'payout.paid': { 'data.object.payout.status': 'PAID' },
  'payout.failed': { 'data.object.payout.status': 'FAILED' },
  'payout.sent': { 'data.object.payout.status': 'SENT' },
  'bank_account.verified': { 'data.object.bank_account.status': 'VERIFIED' },
  'bank_account.disabled': { 'data.object.bank_account.status': 'DISABLED' },
  'card.disabled': { 'data.object.card.enabled': false },
  'card.forgotten': { 'data.object.card.enabled': false },
  'card.created': { 'data.object.card.enabled': true },
  'device.code.paired': { 'data.object.device_code.status': 'PAIRED' },
  'gift_card.customer_unlinked': { 'data.object.gift_card.customer_ids': [] },
  'labor.shift.updated': { 'data.object.shift.status': 'CLOSED' },
  'terminal.checkout.updated': { 'data.object.checkout.status': 'COMPLETED' },
  'dispute.state.changed': { 'data.object.object.state': 'WON' },
};

/** Square's id formats, by the field that holds one (anywhere in a template). */
const ID_FORMATS: Record<string, RegExp> = {
  merchant_id: /^[0-9A-Z]{13}$/,
  location_id: /^L[0-9A-Z]{12}$/,
  customer_id: /^[0-9A-Z]{26}$/,
  team_member_id: /^TM[0-9A-Za-z_-]{14}$/,
  event_id: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  payment_id: /^[0-9A-Za-z]{29}$/,
  order_id: /^[0-9A-Za-z]{29}$/,
  card_id: /^ccof:[0-9A-Za-z]{16,}$/,
  gift_card_id: /^gftc:[0-9a-f]{32}$/,
};

describe('square fixtures', async () => {
  const index = (await read('square/index.json')) as Entry[];
  const templates = await Promise.all(
    index.map(async (entry) => ({ ...entry, json: await read(`square/${entry.file}`) })),
  );

  it('is what scripts/gen-square-fixtures.ts makes of every *Event type of the installed SDK', () => {
    const names = eventTypeNames();
    assert.equal(names.length, 149);
    assert.deepEqual(
      names.map((name) => buildSquare(name).event).sort(),
      index.map((entry) => entry.event).sort(),
    );
    for (const { sdkType = '', json } of templates)
      assert.deepEqual(json, buildSquare(sdkType).payload, sdkType);
  });

  it('each parses under its SDK event type, strictly', () => {
    const failures: string[] = [];
    for (const { event, sdkType, json } of templates) {
      const schema = (
        serialization as unknown as Record<
          string,
          { parse: (raw: unknown, options: object) => { ok: boolean; errors?: unknown } }
        >
      )[sdkType ?? ''];
      const result = schema?.parse(json, { unrecognizedObjectKeys: 'fail' });
      if (result?.ok !== true) failures.push(`${event}: ${JSON.stringify(result?.errors ?? 'no schema')}`);
      if (at(json, 'type') !== event) failures.push(`${event}: type is ${String(at(json, 'type'))}`);
    }
    assert.deepEqual(failures, []);
  });

  it('one seller, states that match the names, no placeholders', () => {
    const problems: string[] = [];
    for (const { event, json } of templates) {
      if (at(json, 'merchant_id') !== 'MLQW9Z3VTPHX8') problems.push(`${event}: merchant_id`);
      for (const [path, value] of Object.entries(SQUARE_STATES[event] ?? {})) {
        if (JSON.stringify(at(json, path)) !== JSON.stringify(value))
          problems.push(`${event}: ${path} is ${JSON.stringify(at(json, path))}`);
      }
      const text = JSON.stringify(json);
      for (const [, key, value] of text.matchAll(/"([a-z_]+)":"([^"]*)"/g)) {
        if (value === key || value === '' || /^(xxx|string|example)$/i.test(value ?? ''))
          problems.push(`${event}: ${key}="${value}"`);
      }
      if (/"location_id":"(?!LDKT4WQ9P3ZHY|LQ2CKHMS0NF4B)/.test(text))
        problems.push(`${event}: another location`);
      for (const [, key = '', value = ''] of text.matchAll(/"([a-z_]+_id)":"([^"]*)"/g)) {
        const format = ID_FORMATS[key];
        if (format !== undefined && !format.test(value)) problems.push(`${event}: ${key} "${value}"`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(Object.keys(SQUARE_STATES).every((event) => index.some((entry) => entry.event === event)));
  });
});

describe('hubspot fixtures', async () => {
  const index = (await read('hubspot/index.json')) as Entry[];
  it('is what scripts/gen-hubspot-fixtures.ts makes of the SDK enum of subscription types', async () => {
    const types = subscriptionTypes();
    assert.equal(types.length, 47);
    assert.deepEqual([...types].sort(), index.map((entry) => entry.event).sort());
    for (const [n, type] of types.entries()) {
      assert.deepEqual(await read(`hubspot/${type}.json`), buildHubspot(type, n).payload, type);
    }
  });

  it('one portal and app; the fields each kind of subscription type carries', async () => {
    const problems: string[] = [];
    for (const { event, file } of index) {
      const json = await read(`hubspot/${file}`);
      if (at(json, 'portalId') !== 48_213_607 || at(json, 'appId') !== 3_195_842)
        problems.push(`${event}: identity`);
      if (at(json, 'subscriptionType') !== event) problems.push(`${event}: subscriptionType`);
      const action = event.split('.')[1] ?? '';
      const needs: Record<string, string[]> = {
        propertyChange: ['propertyName', 'propertyValue', 'objectId'],
        associationChange: ['associationType', 'fromObjectId', 'toObjectId'],
        merge: ['primaryObjectId', 'mergedObjectIds', 'newObjectId'],
        newMessage: ['messageId', 'messageType'],
        creation: ['objectId'],
        deletion: ['objectId'],
      };
      for (const field of needs[action] ?? [])
        if (at(json, field) === undefined) problems.push(`${event}: no ${field}`);
      const flags: Record<string, string> = {
        creation: 'NEW',
        deletion: 'DELETED',
        privacyDeletion: 'DELETED',
        restore: 'RESTORED',
        merge: 'MERGED',
      };
      if (flags[action] !== undefined && at(json, 'changeFlag') !== flags[action])
        problems.push(`${event}: changeFlag`);
      if (event.startsWith('object.') && !/^2-\d+$/.test(String(at(json, 'objectTypeId'))))
        problems.push(`${event}: objectTypeId`);
    }
    assert.deepEqual(problems, []);
  });
});
