// What each Shopify topic's payload must say, checked over every fixture by test/fixtures-shopify.test.ts:
// the state matches the topic (a paid order is paid, a cancelled one has cancelled_at and a reason, a
// deleted resource is just its id), per https://shopify.dev/docs/api/webhooks?reference=toml.
type Json = Record<string, unknown>;

export interface Rule {
  /** Topics the rule applies to. */
  topics: RegExp;
  says: string;
  /** Whether `payload`, sent as `topic`, says what the rule requires. */
  holds(payload: Json, topic: string): boolean;
}

const keys = (payload: Json) => Object.keys(payload).sort().join(',');
const field = (payload: Json, name: string) => payload[name] as Json | undefined;

import { CONTRACT_STATUS, FULFILLMENT_ORDER_STATE, RETURN_STATUS } from './shopify-fixture-states.ts';

const topicAction = (topic: string) => topic.slice(topic.indexOf('/') + 1);

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
  {
    topics: /^discounts\/(create|update)$/,
    says: 'a created or updated discount is active',
    holds: (p) => p.status === 'ACTIVE' && typeof p.admin_graphql_api_id === 'string',
  },
  {
    topics: /^discounts\/delete$/,
    says: 'a deleted discount is its gid and deleted_at',
    holds: (p) => keys(p) === 'admin_graphql_api_id,deleted_at',
  },
  {
    topics: /^discounts\/redeemcode_(added|removed)$/,
    says: 'the redeem code of a code discount is named',
    holds: (p) =>
      String(p.admin_graphql_api_id).includes('/DiscountCodeNode/') &&
      typeof field(p, 'redeem_code')?.code === 'string',
  },
  {
    topics: /^selling_plan_groups\/(create|update)$/,
    says: 'a selling plan group has its plans',
    holds: (p) => Array.isArray(p.selling_plans) && p.selling_plans.length > 0,
  },
  {
    topics:
      /^(orders|products|checkouts|draft_orders|locations|themes|markets|segments|payment_terms)\/delete$/,
    says: 'a deleted resource is just {"id"}',
    holds: (p) => keys(p) === 'id' && typeof p.id === 'number',
  },
  {
    topics: /^selling_plan_groups\/delete$/,
    says: 'a deleted selling plan group is its id and gid',
    holds: (p) => keys(p) === 'admin_graphql_api_id,id' && typeof p.id === 'number',
  },
  {
    topics: /^subscription_contracts\//,
    says: 'the contract status is the one the topic names',
    holds: (p, topic) => p.status === CONTRACT_STATUS[topicAction(topic)],
  },
  {
    topics: /^subscription_billing_attempts\/success$/,
    says: 'a successful attempt has an order and no error',
    holds: (p) => typeof p.order_id === 'number' && p.error_code === null && p.ready === true,
  },
  {
    topics: /^subscription_billing_attempts\/failure$/,
    says: 'a failed attempt has an error code and no order',
    holds: (p) => typeof p.error_code === 'string' && p.order_id === null,
  },
  {
    topics: /^subscription_billing_cycles\/skip$/,
    says: 'a skipped cycle is skipped',
    holds: (p) => p.skipped === true,
  },
  {
    topics: /^subscription_billing_cycles\/unskip$/,
    says: 'an unskipped cycle is not skipped',
    holds: (p) => p.skipped === false,
  },
  {
    topics: /^subscription_billing_cycle_edits\//,
    says: 'an edited cycle is edited, until its edit is deleted',
    holds: (p, topic) => p.edited === (topicAction(topic) !== 'delete'),
  },
  {
    topics: /^customer_payment_methods\//,
    says: "the payment method's gid is its token",
    holds: (p) => String(p.admin_graphql_api_id).endsWith(`/${p.token}`),
  },
  {
    topics: /^payment_schedules\/due$/,
    says: 'a schedule that falls due is unpaid',
    holds: (p) => p.completed_at === null && Number(p.balance_due) > 0,
  },
  {
    topics: /^(companies|company_contacts|company_locations|company_contact_roles)\//,
    says: 'every B2B payload names the one company',
    holds: (p) => JSON.stringify(p).includes('"admin_graphql_api_id":"gid://shopify/Company/2039481726"'),
  },
  {
    topics: /^company_contact_roles\//,
    says: 'a role assignment names the contact, the location and the role',
    holds: (p) => keys(p) === 'company_contact,company_contact_role,company_location',
  },
  {
    topics: /^metaobjects\/delete$/,
    says: 'a deleted metaobject is its id, type, handle and app',
    holds: (p) => keys(p) === 'created_by_app_id,handle,id,type',
  },
  {
    topics: /^metafield_definitions\/delete$/,
    says: 'a deleted metafield definition is named by gid',
    holds: (p) => String(p.id).startsWith('gid://shopify/MetafieldDefinition/'),
  },
  {
    topics: /^fulfillment_orders\//,
    says: "the fulfillment order's status (and request status) is the one the topic leads to",
    holds: (p, topic) => {
      const order = (p.fulfillment_order ??
        p.submitted_fulfillment_order ??
        p.moved_fulfillment_order ??
        field(p, 'fulfillment_order_merges')?.fulfillment_order) as Json | undefined;
      const [status, request] = FULFILLMENT_ORDER_STATE[topicAction(topic)] ?? [];
      if (order === undefined || status === undefined) return false;
      return order.status === status && (request === undefined || order.request_status === request);
    },
  },
  {
    topics: /^returns\/(request|approve|decline|cancel|close|reopen)$/,
    says: 'the return status is the one the topic names',
    holds: (p, topic) => p.status === RETURN_STATUS[topicAction(topic)],
  },
  {
    topics: /^returns\/decline$/,
    says: 'a declined return gives a reason',
    holds: (p) => typeof field(p, 'decline')?.reason === 'string',
  },
  {
    topics: /^reverse_fulfillment_orders\/dispose$/,
    says: 'total_dispositions counts the dispositions',
    holds: (p) => Array.isArray(p.dispositions) && p.dispositions.length === p.total_dispositions,
  },
  {
    topics: /^(product|collection)_publications\/(create|update)$/,
    says: 'a publication is published',
    holds: (p) => p.published === true && typeof p.published_at === 'string',
  },
  {
    topics: /^(product|collection)_publications\/delete$/,
    says: 'a deleted publication is just its id',
    holds: (p) => keys(p) === 'id',
  },
  {
    topics: /^scheduled_product_listings\/(add|update)$/,
    says: 'a scheduled listing has publish_at',
    holds: (p) => typeof field(p, 'scheduled_product_listing')?.publish_at === 'string',
  },
  {
    topics: /^scheduled_product_listings\/remove$/,
    says: 'a removed scheduled listing is just its product id',
    holds: (p) => keys(field(p, 'scheduled_product_listing') ?? {}) === 'product_id',
  },
  {
    topics: /^customer\.tags_(added|removed)$/,
    says: 'the tags that changed are listed',
    holds: (p) => Array.isArray(p.tags) && p.tags.length > 0,
  },
  {
    topics: /^markets\/(create|update)$/,
    says: 'a market is a draft when created, active once updated',
    holds: (p) => ['draft', 'active'].includes(p.status as string),
  },
  {
    topics: /^orders\/shopify_protect_eligibility_changed$/,
    says: 'the eligibility is stated',
    holds: (p) => ['eligible', 'not_eligible', 'pending'].includes(field(p, 'eligibility')?.status as string),
  },
];
