// What each Shopify topic's payload must say, checked over every fixture by test/fixtures-shopify.test.ts:
// the state matches the topic (a paid order is paid, a cancelled one has cancelled_at and a reason, a
// deleted resource is just its id), per https://shopify.dev/docs/api/webhooks?reference=toml.
type Json = Record<string, unknown>;

export interface Rule {
  /** Topics the rule applies to. */
  topics: RegExp;
  says: string;
  holds(payload: Json): boolean;
}

const keys = (payload: Json) => Object.keys(payload).sort().join(',');

export const RULES: Rule[] = [
  {
    topics: /^disputes\/create$/,
    says: 'a new dispute needs a response',
    holds: (p) => p.status === 'needs_response',
  },
  { topics: /^locales\/update$/, says: 'the locale is published', holds: (p) => p.published === true },
  {
    topics: /^(product|collection)_listings\/remove$/,
    says: 'a removed listing is just its resource id',
    holds: (p) => Object.keys((p.product_listing ?? p.collection_listing) as Json).length === 1,
  },
  {
    topics: /^bulk_operations\/finish$/,
    says: 'a finished operation has completed_at',
    holds: (p) => typeof p.completed_at === 'string',
  },
  {
    topics: /^customers_email_marketing_consent\/update$/,
    says: 'the consent says unsubscribed, as the description does',
    holds: (p) => (p.email_marketing_consent as Json).state === 'unsubscribed',
  },
  { topics: /^orders\/paid$/, says: 'financial_status is paid', holds: (p) => p.financial_status === 'paid' },
  {
    topics: /^orders\/cancelled$/,
    says: 'cancelled_at and cancel_reason are set',
    holds: (p) => typeof p.cancelled_at === 'string' && typeof p.cancel_reason === 'string',
  },
  {
    topics: /^orders\/(create|paid|updated|fulfilled|partially_fulfilled)$/,
    says: 'an order that is not cancelled has no cancelled_at',
    holds: (p) => p.cancelled_at === null && p.cancel_reason === null,
  },
  {
    topics: /^orders\/fulfilled$/,
    says: 'fulfillment_status is fulfilled, with a fulfillment',
    holds: (p) =>
      p.fulfillment_status === 'fulfilled' && Array.isArray(p.fulfillments) && p.fulfillments.length > 0,
  },
  {
    topics: /^orders\/partially_fulfilled$/,
    says: 'fulfillment_status is partial',
    holds: (p) => p.fulfillment_status === 'partial',
  },
  {
    topics: /^orders\/create$/,
    says: 'a new order is not fulfilled yet',
    holds: (p) => p.fulfillment_status === null && p.closed_at === null,
  },
  {
    topics: /^(orders|products|checkouts|draft_orders|locations|themes)\/delete$/,
    says: 'a deleted resource is just {"id"}',
    holds: (p) => keys(p) === 'id' && typeof p.id === 'number',
  },
  {
    topics: /^customers\/delete$/,
    says: 'a deleted customer keeps only its id and emptied fields',
    holds: (p) =>
      typeof p.id === 'number' && !('email' in p) && Array.isArray(p.addresses) && p.addresses.length === 0,
  },
  { topics: /^customers\/disable$/, says: 'state is disabled', holds: (p) => p.state === 'disabled' },
  { topics: /^customers\/(enable|create)$/, says: 'state is enabled', holds: (p) => p.state === 'enabled' },
  {
    topics: /^checkouts\/paid$/,
    says: 'completed_at is set',
    holds: (p) => typeof p.completed_at === 'string',
  },
  {
    topics: /^checkouts\/(create|update)$/,
    says: 'an open checkout is not completed',
    holds: (p) => p.completed_at === null,
  },
  { topics: /^locations\/deactivate$/, says: 'active is false', holds: (p) => p.active === false },
  { topics: /^locations\/(activate|create)$/, says: 'active is true', holds: (p) => p.active === true },
  { topics: /^themes\/publish$/, says: 'role is main', holds: (p) => p.role === 'main' },
  { topics: /^themes\/create$/, says: 'a new theme is unpublished', holds: (p) => p.role === 'unpublished' },
  {
    topics: /^variants\/out_of_stock$/,
    says: 'inventory_quantity is 0',
    holds: (p) => p.inventory_quantity === 0,
  },
  {
    topics: /^variants\/in_stock$/,
    says: 'inventory_quantity is above 0',
    holds: (p) => typeof p.inventory_quantity === 'number' && p.inventory_quantity > 0,
  },
  {
    topics: /^products\/create$/,
    says: 'a product is active and published',
    holds: (p) => p.status === 'active' && typeof p.published_at === 'string',
  },
  {
    topics: /^fulfillments\/update$/,
    says: 'an updated fulfillment has moved on (shipment_status set)',
    holds: (p) => typeof p.shipment_status === 'string',
  },
  {
    topics: /^refunds\/create$/,
    says: 'a refund has a successful refund transaction',
    holds: (p) =>
      Array.isArray(p.transactions) &&
      p.transactions.some((t: Json) => t.kind === 'refund' && t.status === 'success'),
  },
  {
    topics: /^order_transactions\/create$/,
    says: 'a transaction is a successful sale, failure or error (as the topic says)',
    holds: (p) => ['success', 'failure', 'error'].includes(p.status as string),
  },
  {
    topics: /^inventory_levels\/disconnect$/,
    says: 'only the item and location',
    holds: (p) => keys(p) === 'inventory_item_id,location_id',
  },
  {
    topics: /^(customers\/(data_request|redact)|shop\/redact)$/,
    says: 'compliance payloads name the shop by id and domain',
    holds: (p) => typeof p.shop_id === 'number' && p.shop_domain === 'hookctl-dev.myshopify.com',
  },
  {
    topics: /^customers\/redact$/,
    says: 'orders_to_redact is listed',
    holds: (p) => Array.isArray(p.orders_to_redact),
  },
  {
    topics: /^customers\/data_request$/,
    says: 'orders_requested is listed',
    holds: (p) => Array.isArray(p.orders_requested),
  },
  {
    topics: /^(app\/uninstalled|shop\/update)$/,
    says: 'the Shop resource of the development shop',
    holds: (p) => p.myshopify_domain === 'hookctl-dev.myshopify.com',
  },
];
