// Further topics with payloads Shopify documents as REST resources or small objects: domains, locales,
// disputes, tender transactions, customer groups, listings for a sales channel app, the app's billing
// and bulk operation topics, consent updates, merges and order risk
// (https://shopify.dev/docs/api/webhooks?reference=toml). See shopify-resources.ts.
import { TRANSACTION_ID } from './shopify-orders.ts';
import type { CatalogueEntry } from './shopify-others.ts';
import { at, CUSTOMER_ID, type Json, ORDER_ID, PRODUCT_ID, product, SHOP } from './shopify-resources.ts';

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const DOMAIN_ID = 112093847561;
const GROUP_ID = 603918274651;
const DISPUTE_ID = 11029384756;
const COLLECTION_ID = 482019384756;

const domain = (): Json => ({
  id: DOMAIN_ID,
  host: 'shop.hookctl.dev',
  ssl_enabled: true,
  localization: { country: null, default_locale: 'en', alternate_locales: [] },
});

const dispute = (status: 'needs_response' | 'under_review'): Json => ({
  id: DISPUTE_ID,
  order_id: ORDER_ID,
  type: 'chargeback',
  amount: '67.15',
  currency: 'USD',
  reason: 'fraudulent',
  network_reason_code: '10.4',
  status,
  evidence_due_by: '2026-12-15T19:00:00-05:00',
  evidence_sent_on: status === 'under_review' ? at('09:30:00') : null,
  finalized_on: null,
  initiated_at: at('08:00:00'),
});

const group = (): Json => ({
  id: GROUP_ID,
  name: 'Repeat customers',
  query: 'orders_count:>2',
  created_at: at('06:00:00'),
  updated_at: at('06:10:30'),
});

function listing(): Json {
  const {
    id,
    created_at,
    updated_at,
    body_html,
    handle,
    product_type,
    title,
    vendor,
    published_at,
    tags,
    variants,
    options,
  } = product('active');
  return {
    product_listing: {
      product_id: id,
      created_at,
      updated_at,
      body_html,
      handle,
      product_type,
      title,
      vendor,
      available: true,
      tags,
      published_at,
      variants,
      images: [],
      options,
    },
  };
}

const collectionListing = (): Json => ({
  collection_listing: {
    collection_id: COLLECTION_ID,
    updated_at: at('06:20:41'),
    body_html: '<p>Hats, scarves and gloves for the cold months.</p>',
    default_product_image: null,
    handle: 'winter-accessories',
    image: null,
    title: 'Winter Accessories',
    sort_order: 'best-selling',
    published_at: at('06:20:41'),
  },
});

const locale = (published: boolean) => (): Json => ({ locale: 'fr', published });

export const MORE: CatalogueEntry[] = [
  ['domains/create', 'A domain is connected to the shop.', domain],
  ['domains/update', 'A domain changes (SSL issued).', domain],
  ['domains/destroy', 'A domain is removed from the shop.', domain],
  ['locales/create', 'A shop locale is added (unpublished).', locale(false)],
  ['locales/update', 'A shop locale is published.', locale(true)],
  ['locales/destroy', 'A shop locale is removed.', locale(false)],
  [
    'disputes/create',
    'A chargeback is opened on an order (needs a response).',
    () => dispute('needs_response'),
  ],
  ['disputes/update', 'A dispute changes: evidence sent, under review.', () => dispute('under_review')],
  [
    'tender_transactions/create',
    'A tender transaction (money received) is recorded.',
    () => ({
      id: TRANSACTION_ID + 50,
      order_id: ORDER_ID,
      amount: '67.15',
      currency: 'USD',
      user_id: null,
      test: false,
      processed_at: at('07:00:04'),
      remote_reference: 'ch_3QKz7rHookctlDev0Auth042',
      payment_details: { credit_card_number: '•••• •••• •••• 4242', credit_card_company: 'Visa' },
      payment_method: 'credit_card',
    }),
  ],
  ['customer_groups/create', 'A customer saved search is created.', group],
  ['customer_groups/update', 'A customer saved search changes.', group],
  [
    'customer_groups/delete',
    'A customer saved search is deleted: only its id is sent.',
    () => ({ id: GROUP_ID }),
  ],
  ['product_listings/add', "A product is published to the app's sales channel.", listing],
  ['product_listings/update', "A product published to the app's channel changes.", listing],
  [
    'product_listings/remove',
    "A product is removed from the app's channel: only its id.",
    () => ({ product_listing: { product_id: PRODUCT_ID } }),
  ],
  ['collection_listings/add', "A collection is published to the app's sales channel.", collectionListing],
  ['collection_listings/update', "A collection published to the app's channel changes.", collectionListing],
  [
    'collection_listings/remove',
    "A collection is removed from the app's channel: only its id.",
    () => ({ collection_listing: { collection_id: COLLECTION_ID } }),
  ],
  [
    'orders/risk_assessment_changed',
    'A new fraud risk assessment is available for an order.',
    () => ({
      provider_id: null,
      provider_title: null,
      risk_level: 'LOW',
      created_at: at('07:00:09'),
      order_id: ORDER_ID,
      admin_graphql_api_order_id: gid('Order', ORDER_ID),
    }),
  ],
  [
    'app_purchases_one_time/update',
    "The app's one-time charge is accepted (status ACTIVE).",
    () => ({
      app_purchase_one_time: {
        admin_graphql_api_id: 'gid://shopify/AppPurchaseOneTime/3920184756',
        name: 'Setup assistance',
        status: 'ACTIVE',
        admin_graphql_api_shop_id: gid('Shop', SHOP.id),
        created_at: at('06:25:00'),
        updated_at: at('06:25:40'),
      },
    }),
  ],
  [
    'app_subscriptions/approaching_capped_amount',
    "Usage charges pass 90% of the app subscription's capped amount.",
    () => ({
      app_subscription: {
        admin_graphql_api_id: 'gid://shopify/AppSubscription/29384756102',
        name: 'Pro plan',
        balance_used: 91.5,
        capped_amount: '100.00',
        currency_code: 'USD',
        admin_graphql_api_shop_id: gid('Shop', SHOP.id),
        created_at: at('06:31:00'),
        updated_at: at('10:02:17'),
      },
    }),
  ],
  [
    'bulk_operations/finish',
    "The app's bulk query finishes (status completed).",
    () => ({
      admin_graphql_api_id: 'gid://shopify/BulkOperation/4810293847562',
      completed_at: at('06:44:51'),
      created_at: at('06:43:02'),
      error_code: null,
      status: 'completed',
      type: 'query',
    }),
  ],
  [
    'customers/merge',
    'Two customers are merged into one.',
    () => ({
      admin_graphql_api_customer_kept_id: gid('Customer', CUSTOMER_ID),
      admin_graphql_api_customer_deleted_id: gid('Customer', CUSTOMER_ID - 4096),
      admin_graphql_api_job_id: null,
      status: 'COMPLETED',
      errors: [],
    }),
  ],
  [
    'customers_email_marketing_consent/update',
    "A customer's email marketing consent changes (unsubscribed).",
    () => ({
      customer_id: CUSTOMER_ID,
      email_address: 'maya.lindqvist@hookctl.dev',
      email_marketing_consent: {
        state: 'unsubscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: at('10:12:09'),
      },
    }),
  ],
  [
    'customers_marketing_consent/update',
    "A customer's SMS marketing consent changes (subscribed).",
    () => ({
      id: CUSTOMER_ID,
      phone: '+17185550142',
      sms_marketing_consent: {
        state: 'subscribed',
        opt_in_level: 'single_opt_in',
        consent_updated_at: at('10:12:09'),
        consent_collected_from: 'SHOPIFY',
      },
    }),
  ],
];
