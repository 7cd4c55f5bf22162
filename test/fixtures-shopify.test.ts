import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { CATALOGUE, fileOf } from '../scripts/gen-shopify-fixtures.ts';
import { RULES } from '../scripts/shopify-fixture-rules.ts';
import { shopify } from '../src/providers/shopify/index.ts';

// Fixture truth for Shopify: every topic is a real one (a WebhookSubscriptionTopic value, or one of the
// three compliance topics), the files are what the generator writes, states match topics (the rule
// table), and the payloads look as Shopify serializes them: integer ids with matching
// admin_graphql_api_id, money as decimal strings, times with an offset, one shop.

const DIR = new URL('../fixtures/shopify/', import.meta.url);
const COMPLIANCE = ['customers/data_request', 'customers/redact', 'shop/redact'];
const read = async (file: string) => JSON.parse(await readFile(new URL(file, DIR), 'utf8'));
type Json = Record<string, unknown>;
/** A Shopify gid: a numeric id, a taxonomy handle, or a vaulted payment method's token. */
const GID =
  /^gid:\/\/shopify\/(TaxonomyCategory\/[a-z0-9-]+|CustomerPaymentMethod\/[0-9a-f]{32}|[A-Za-z]+\/\d+)/;

/** Every [path, key, value] in a payload. */
function* walk(value: unknown, path = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(value))
    for (const [index, item] of value.entries()) yield* walk(item, `${path}[${index}]`);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      yield [`${path}.${key}`, key, field];
      yield* walk(field, `${path}.${key}`);
    }
  }
}

describe('shopify fixtures', async () => {
  const topics: string[] = await read('webhook-subscription-topics.json');
  const index: Array<{ event: string; description: string; file: string }> = await read('index.json');
  const payloads = new Map<string, Json>();
  for (const { event, file } of index) payloads.set(event, await read(file));

  it('names only real topics: the enum (topic ORDERS_CREATE ↔ header orders/create) or compliance', () => {
    assert.equal(topics.length, 215);
    const invented = index
      .map(({ event }) => event)
      .filter(
        (event) => !COMPLIANCE.includes(event) && !topics.includes(event.replace(/[/.]/g, '_').toUpperCase()),
      );
    assert.deepEqual(invented, []);
  });

  it('covers the common groups in full', () => {
    const covered = new Set(index.map(({ event }) => event.replace(/[/.]/g, '_').toUpperCase()));
    const groups =
      /^(ORDERS|ORDER_TRANSACTIONS|PRODUCTS|CUSTOMERS_(CREATE|UPDATE|DELETE|ENABLE|DISABLE)|CARTS|CHECKOUTS|FULFILLMENTS|REFUNDS|INVENTORY_ITEMS|INVENTORY_LEVELS|APP_UNINSTALLED|APP_SCOPES_UPDATE|SHOP_UPDATE)_/;
    const missing = topics.filter((topic) => groups.test(`${topic}_`) && !covered.has(topic));
    assert.deepEqual(missing, []);
    // The families documented by a sample payload, covered in full; what is left out and why is in
    // fixtures/shopify/README.md.
    const families =
      /^(DISCOUNTS|SELLING_PLAN_GROUPS|SUBSCRIPTION_CONTRACTS|SUBSCRIPTION_BILLING_CYCLES|SUBSCRIPTION_BILLING_CYCLE_EDITS|CUSTOMER_PAYMENT_METHODS|PAYMENT_TERMS|COMPANIES|COMPANY_CONTACTS|COMPANY_LOCATIONS|COMPANY_CONTACT_ROLES|MARKETS|METAOBJECTS|METAFIELD_DEFINITIONS|SEGMENTS|PROFILES|FULFILLMENT_ORDERS|RETURNS|PRODUCT_PUBLICATIONS|COLLECTION_PUBLICATIONS|SCHEDULED_PRODUCT_LISTINGS|FULFILLMENT_EVENTS|TAX_SERVICES)_/;
    const partial = topics.filter((topic) => families.test(`${topic}_`) && !covered.has(topic));
    // Shopify's reference gives these two no sample payload: left out rather than invented.
    assert.deepEqual(partial, ['FULFILLMENT_ORDERS_READY_TO_FULFILL', 'RETURNS_PROCESS']);
    for (const topic of COMPLIANCE) assert.ok(payloads.has(topic), topic);
  });

  it('is exactly what scripts/gen-shopify-fixtures.ts writes, and the index lists it sorted', async () => {
    assert.deepEqual(
      index.map(({ event }) => event),
      CATALOGUE.map(([event]) => event).sort((a, b) => a.localeCompare(b)),
    );
    for (const [event, description, build] of CATALOGUE) {
      assert.deepEqual(
        payloads.get(event),
        build(),
        `${event}: run node --import tsx scripts/gen-shopify-fixtures.ts`,
      );
      assert.equal(index.find((entry) => entry.event === event)?.file, fileOf(event));
      assert.ok(description.length > 10 && !description.includes('\n'), event);
    }
    assert.deepEqual(
      (await shopify.fixtures()).map(({ event }) => event),
      index.map(({ event }) => event),
    );
  });

  it('every state matches its topic (the rule table)', () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      const matched = [...payloads.keys()].filter((event) => rule.topics.test(event));
      if (matched.length === 0) problems.push(`${rule.topics}: matches no topic`);
      for (const event of matched)
        if (!rule.holds(payloads.get(event) as Json, event)) problems.push(`${event}: ${rule.says}`);
    }
    assert.deepEqual(problems, []);
  });

  it('looks as Shopify serializes it: ids, gids, money, times, one shop, no placeholders', () => {
    const problems: string[] = [];
    const MONEY =
      /^(amount|price|total_price|subtotal_price|total_tax|total_discounts?|cost|current_[a-z_]+price|current_total_[a-z]+|total_line_items_price|total_outstanding|line_price|original_price|original_line_price|discounted_price|total_spent)$/;
    for (const [event, payload] of payloads) {
      for (const [path, key, value] of walk(payload)) {
        // Ids are integers; a cart is named by its token, and a payment id is Shopify's own string.
        // GraphQL-native topics (fulfillment orders, metaobjects, B2B) name things by gid; a merchant's
        // external id, a tax registration and a contract's revision are strings, and so is a channel id.
        const stringId =
          key.startsWith('admin_graphql_api') ||
          /_admin_graphql_api_id$/.test(key) ||
          ['payment_id', 'external_id', 'tax_registration_id', 'tax_id'].includes(key) ||
          (key === 'revision_id' && /^\d+$/.test(String(value))) ||
          event.startsWith('carts/') ||
          event === 'channels/delete';
        const isGid = typeof value === 'string' && value.startsWith('gid://');
        if ((key === 'id' || key.endsWith('_id')) && typeof value === 'string' && !stringId && !isGid)
          problems.push(`${event}${path}: id as a string`);
        if (isGid && !GID.test(value as string)) problems.push(`${event}${path}: not a gid`);
        // Refund line items are the one place Shopify writes `subtotal` and `total_tax` as numbers;
        // return shipping fees are GraphQL money bags with decimals such as "5.0".
        const numeric = path.includes('refund_line_items') || path.includes('return_shipping_fees');
        // A GraphQL MoneyV2 (`{"amount": "29.00", "currencyCode": "USD"}`) is checked by its amount.
        const moneyObject = typeof value === 'object' && value !== null && 'amount' in value;
        if (
          MONEY.test(key) &&
          !numeric &&
          !moneyObject &&
          value !== null &&
          (typeof value !== 'string' || !/^\d+\.\d\d$/.test(value))
        )
          problems.push(`${event}${path}: money must be a decimal string`);
        if (key.endsWith('_at') && typeof value === 'string' && !/([-+]\d\d:\d\d|Z)$/.test(value))
          problems.push(`${event}${path}: time without offset`);
        if (
          key.endsWith('_at') &&
          typeof value === 'string' &&
          value.endsWith('-05:00') === false &&
          !value.endsWith('Z')
        )
          problems.push(`${event}${path}: not the shop's offset`);
        if (typeof value === 'string' && /\b(xxx|string|example|lorem|foo|bar)\b/i.test(value))
          problems.push(`${event}${path}: placeholder "${value}"`);
        if (typeof value === 'string' && value === key)
          problems.push(`${event}${path}: its own name as value`);
        if (key === 'admin_graphql_api_id' && typeof value === 'string') {
          const parent = path.slice(0, -'.admin_graphql_api_id'.length);
          const owner = parent === '' ? payload : [...walk(payload)].find(([p]) => p === parent)?.[2];
          const id = (owner as Json | undefined)?.id;
          if (!GID.test(value)) problems.push(`${event}${path}: not a gid`);
          if (typeof id === 'number' && !value.endsWith(`/${id}`))
            problems.push(`${event}${path}: gid ≠ id ${id}`);
        }
        if (
          typeof value === 'string' &&
          value.includes('myshopify.com') &&
          !value.includes('hookctl-dev.myshopify.com')
        )
          problems.push(`${event}${path}: another shop`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
