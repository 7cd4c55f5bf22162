// Writes fixtures/shopify/: one REST-shaped payload per webhook topic and index.json. The topics are
// values of the Admin GraphQL API's WebhookSubscriptionTopic enum (fixtures/shopify/
// webhook-subscription-topics.json, transcribed from Shopify's admin schema, see the README) plus the
// three mandatory compliance topics, which the enum leaves out and @shopify/shopify-api names in
// `privacyTopics`. Run after changing a builder:  node --import tsx scripts/gen-shopify-fixtures.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { B2B } from './shopify-b2b.ts';
import { FEEDS } from './shopify-feeds.ts';
import { FULFILLMENT_ORDERS } from './shopify-fulfillment-orders.ts';
import { MORE } from './shopify-more.ts';
import { cart, checkout, fulfillment, order, refund, transaction } from './shopify-orders.ts';
import { type CatalogueEntry, OTHERS } from './shopify-others.ts';
import { CUSTOMER_ID, customer, type Json, ORDER_ID, PRODUCT_ID, product } from './shopify-resources.ts';
import { RETURNS } from './shopify-returns.ts';
import { SUBSCRIPTIONS } from './shopify-subscriptions.ts';

const DIR = new URL('../fixtures/shopify/', import.meta.url);

const customerState = (state: 'enabled' | 'disabled'): Json => ({ ...customer(state) });
const deletedCustomer = (): Json => ({
  id: CUSTOMER_ID,
  phone: null,
  addresses: [],
  tax_exemptions: [],
  email_marketing_consent: null,
  sms_marketing_consent: null,
  admin_graphql_api_id: `gid://shopify/Customer/${CUSTOMER_ID}`,
});

export const CATALOGUE: CatalogueEntry[] = [
  ['orders/create', 'An order is placed (paid by card, not yet fulfilled).', () => order('paid')],
  ['orders/paid', "An order's payment is captured: financial_status paid.", () => order('paid')],
  ['orders/updated', 'An order is updated (here: still pending payment).', () => order('open')],
  ['orders/edited', 'An order is edited after it was placed.', () => orderEdit()],
  ['orders/cancelled', 'An order is cancelled by the customer and refunded.', () => order('cancelled')],
  ['orders/fulfilled', 'Every line item of an order is fulfilled.', () => order('fulfilled')],
  ['orders/partially_fulfilled', 'Some line items of an order are fulfilled.', () => order('partial')],
  ['orders/delete', 'An order is deleted: only its id is sent.', () => ({ id: ORDER_ID })],
  [
    'order_transactions/create',
    'A payment transaction on an order succeeds.',
    () => transaction('sale', '67.15', null),
  ],
  ['refunds/create', 'A refund is created on an order (one item returned).', refund],
  ['fulfillments/create', 'A fulfillment is created for an order.', () => fulfillment('success', null)],
  [
    'fulfillments/update',
    'A fulfillment changes: the parcel is delivered.',
    () => fulfillment('success', 'delivered'),
  ],
  ['products/create', 'A product is created.', () => product('active')],
  [
    'products/update',
    'A product or its variants change (stock of one variant sold).',
    () => product('active', [16, 7]),
  ],
  ['products/delete', 'A product is deleted: only its id is sent.', () => ({ id: PRODUCT_ID })],
  ['customers/create', 'A customer account is created.', () => customerState('enabled')],
  ['customers/update', 'A customer is updated.', () => customerState('enabled')],
  ['customers/enable', 'A customer account is enabled (state enabled).', () => customerState('enabled')],
  ['customers/disable', 'A customer account is disabled (state disabled).', () => customerState('disabled')],
  ['customers/delete', 'A customer is deleted: id and emptied fields only.', deletedCustomer],
  ['carts/create', 'A cart is created in the online store.', () => cart(1)],
  ['carts/update', 'A cart in the online store changes (quantity raised).', () => cart(2)],
  ['checkouts/create', 'A checkout is created (not completed).', () => checkout(false)],
  ['checkouts/update', 'A checkout is updated (not completed).', () => checkout(false)],
  ['checkouts/paid', 'A checkout is paid (completed_at set).', () => checkout(true)],
  ['checkouts/delete', 'A checkout is deleted: only its id is sent.', () => ({ id: checkout(false).id })],
  ...OTHERS,
  ...MORE,
  ...SUBSCRIPTIONS,
  ...B2B,
  ...FULFILLMENT_ORDERS,
  ...RETURNS,
  ...FEEDS,
];

/** `orders/edited`: the order edit, not the order (https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/edited). */
function orderEdit(): Json {
  return {
    order_edit: {
      id: 180293847561,
      app_id: null,
      created_at: '2026-12-01T07:30:12-05:00',
      committed_at: '2026-12-01T07:31:40-05:00',
      notify_customer: true,
      order_id: ORDER_ID,
      staff_note: 'Customer asked for one more beanie',
      user_id: 98234710234,
      line_items: {
        additions: [{ id: 15839201779291, delta: 1 }],
        removals: [],
      },
      discounts: { line_item: { additions: [], removals: [] } },
      shipping_lines: { additions: [], removals: [] },
    },
  };
}

export const fileOf = (topic: string) => `${topic.replace(/[/.]/g, '.')}.json`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = CATALOGUE.map(([event, description]) => ({ event, description, file: fileOf(event) }));
  index.sort((a, b) => a.event.localeCompare(b.event));
  for (const [event, , build] of CATALOGUE) {
    writeFileSync(new URL(fileOf(event), DIR), `${JSON.stringify(build(), null, 2)}\n`);
  }
  writeFileSync(new URL('index.json', DIR), `${JSON.stringify(index, null, 2)}\n`);
}
