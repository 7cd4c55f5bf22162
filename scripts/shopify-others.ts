// The catalogue's remaining topics: inventory, locations, collections, draft orders, themes, variants,
// the app's own topics, shop/update and the mandatory compliance topics
// (https://shopify.dev/docs/apps/build/privacy-law-compliance). See shopify-resources.ts.
import { FULFILLMENT_ID } from './shopify-orders.ts';
import {
  at,
  CUSTOMER_ID,
  type Json,
  LOCATION_ID,
  lineItem,
  ORDER_ID,
  product,
  SHOP,
  shippingAddress,
  shop,
  TOTALS,
  VARIANTS,
} from './shopify-resources.ts';

export type CatalogueEntry = [topic: string, description: string, build: () => Json];

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const ITEM = (VARIANTS[0] as (typeof VARIANTS)[number]).item;
const COLLECTION_ID = 482019384756;
const DRAFT_ID = 1193847562019;
const THEME_ID = 149283746512;

const inventoryItem = (tracked: boolean): Json => ({
  id: ITEM,
  sku: (VARIANTS[0] as (typeof VARIANTS)[number]).sku,
  created_at: at('05:40:11'),
  updated_at: at('06:05:27'),
  requires_shipping: true,
  cost: '11.50',
  country_code_of_origin: 'PT',
  province_code_of_origin: null,
  harmonized_system_code: '650500',
  tracked,
  country_harmonized_system_codes: [],
  admin_graphql_api_id: gid('InventoryItem', ITEM),
});

const inventoryLevel = (available: number | null): Json => ({
  inventory_item_id: ITEM,
  location_id: LOCATION_ID,
  available,
  updated_at: at('07:00:03'),
  admin_graphql_api_id: `gid://shopify/InventoryLevel/${LOCATION_ID}?inventory_item_id=${ITEM}`,
});

const location = (active: boolean): Json => ({
  id: LOCATION_ID,
  name: 'Brooklyn Warehouse',
  address1: '88 Kent Ave',
  address2: null,
  city: 'Brooklyn',
  zip: '11249',
  province: 'New York',
  country: 'US',
  phone: '+17185550177',
  created_at: '2026-11-02T10:14:05-05:00',
  updated_at: at('06:40:00'),
  country_code: 'US',
  country_name: 'United States',
  province_code: 'NY',
  legacy: false,
  active,
  admin_graphql_api_id: gid('Location', LOCATION_ID),
});

const collection = (): Json => ({
  id: COLLECTION_ID,
  handle: 'winter-accessories',
  title: 'Winter Accessories',
  updated_at: at('06:20:41'),
  body_html: '<p>Hats, scarves and gloves for the cold months.</p>',
  published_at: at('06:20:41'),
  sort_order: 'best-selling',
  template_suffix: null,
  published_scope: 'global',
  admin_graphql_api_id: gid('Collection', COLLECTION_ID),
});

const draftOrder = (status: 'open' | 'invoice_sent'): Json => ({
  id: DRAFT_ID,
  note: 'Wholesale sample for a boutique',
  email: 'maya.lindqvist@hookctl.dev',
  taxes_included: false,
  currency: 'USD',
  invoice_sent_at: status === 'invoice_sent' ? at('06:48:00') : null,
  created_at: at('06:45:10'),
  updated_at: at(status === 'invoice_sent' ? '06:48:00' : '06:45:10'),
  tax_exempt: false,
  completed_at: null,
  name: '#D7',
  status,
  line_items: [
    { ...lineItem(0), id: 58192037465123, admin_graphql_api_id: gid('DraftOrderLineItem', 58192037465123) },
  ],
  shipping_address: shippingAddress(),
  billing_address: shippingAddress(),
  invoice_url: `https://${SHOP.domain}/${SHOP.id}/invoices/4f1c9a7e2b8d4c6e0a3b5d7f9e1c2a4b`,
  order_id: null,
  shipping_line: null,
  tax_lines: [{ price: TOTALS.tax, rate: 0.08875, title: 'NY State Tax' }],
  tags: 'wholesale',
  total_price: (Number(TOTALS.subtotal) + Number(TOTALS.tax)).toFixed(2),
  subtotal_price: TOTALS.subtotal,
  total_tax: TOTALS.tax,
  admin_graphql_api_id: gid('DraftOrder', DRAFT_ID),
  customer: { id: CUSTOMER_ID, email: 'maya.lindqvist@hookctl.dev' },
});

const theme = (role: 'main' | 'unpublished'): Json => ({
  id: THEME_ID,
  name: 'Dawn (winter refresh)',
  created_at: at('05:10:00'),
  updated_at: at('06:55:19'),
  role,
  theme_store_id: 887,
  previewable: true,
  processing: false,
  admin_graphql_api_id: gid('OnlineStoreTheme', THEME_ID),
});

const variant = (quantity: number): Json => {
  const [first] = (product('active', [quantity, 7]).variants as Json[]) ?? [];
  return { ...first, inventory_quantity: quantity, old_inventory_quantity: quantity === 0 ? 1 : 0 };
};

/** A tracking event on the order's fulfillment (fulfillment_events/create and /delete). */
export const fulfillmentEvent = (): Json => ({
  id: 30192837465,
  fulfillment_id: FULFILLMENT_ID,
  status: 'out_for_delivery',
  message: 'Out for delivery',
  happened_at: at('08:50:00'),
  city: 'Brooklyn',
  province: 'New York',
  country: 'United States',
  zip: '11249',
  address1: null,
  latitude: null,
  longitude: null,
  shop_id: SHOP.id,
  created_at: at('08:50:04'),
  updated_at: at('08:50:04'),
  estimated_delivery_at: null,
  order_id: ORDER_ID,
  admin_graphql_api_id: gid('FulfillmentEvent', 30192837465),
});

// https://shopify.dev/docs/apps/build/privacy-law-compliance#customers-data_request
const compliance = (topic: 'data_request' | 'redact' | 'shop'): Json => ({
  shop_id: SHOP.id,
  shop_domain: SHOP.domain,
  ...(topic === 'shop'
    ? {}
    : {
        customer: { id: CUSTOMER_ID, email: 'maya.lindqvist@hookctl.dev', phone: '+17185550142' },
        ...(topic === 'redact' ? { orders_to_redact: [ORDER_ID] } : { orders_requested: [ORDER_ID] }),
      }),
  ...(topic === 'data_request' ? { data_request: { id: 5839201 } } : {}),
});

export const OTHERS: CatalogueEntry[] = [
  ['inventory_items/create', 'An inventory item is created (with a new variant).', () => inventoryItem(true)],
  [
    'inventory_items/update',
    'An inventory item changes (cost, origin, tracking).',
    () => inventoryItem(true),
  ],
  [
    'inventory_items/delete',
    'An inventory item is deleted.',
    () => ({
      id: ITEM,
      country_code_of_origin: null,
      province_code_of_origin: null,
      harmonized_system_code: null,
      country_harmonized_system_codes: [],
      admin_graphql_api_id: gid('InventoryItem', ITEM),
    }),
  ],
  ['inventory_levels/connect', 'An item is stocked at a location.', () => inventoryLevel(0)],
  ['inventory_levels/update', 'The available quantity at a location changes.', () => inventoryLevel(16)],
  [
    'inventory_levels/disconnect',
    'An item is no longer stocked at a location.',
    () => ({ inventory_item_id: ITEM, location_id: LOCATION_ID }),
  ],
  ['locations/create', 'A location is created.', () => location(true)],
  ['locations/update', 'A location is updated.', () => location(true)],
  ['locations/deactivate', 'A location is deactivated (active false).', () => location(false)],
  ['locations/activate', 'A deactivated location is activated again.', () => location(true)],
  ['locations/delete', 'A location is deleted: only its id is sent.', () => ({ id: LOCATION_ID })],
  ['collections/create', 'A collection is created.', collection],
  ['collections/update', 'A collection changes, or products are added to it.', collection],
  [
    'collections/delete',
    'A collection is deleted.',
    () => ({
      id: COLLECTION_ID,
      published_scope: 'global',
      admin_graphql_api_id: gid('Collection', COLLECTION_ID),
    }),
  ],
  ['draft_orders/create', 'A draft order is created (status open).', () => draftOrder('open')],
  ['draft_orders/update', 'A draft order changes (invoice sent).', () => draftOrder('invoice_sent')],
  ['draft_orders/delete', 'A draft order is deleted: only its id is sent.', () => ({ id: DRAFT_ID })],
  ['themes/create', 'A theme is created (unpublished).', () => theme('unpublished')],
  ['themes/update', 'A theme is updated (not its files).', () => theme('unpublished')],
  ['themes/publish', 'A theme becomes the main (published) theme.', () => theme('main')],
  ['themes/delete', 'A theme is deleted.', () => ({ id: THEME_ID })],
  ['variants/in_stock', 'A variant is back in stock.', () => variant(4)],
  ['variants/out_of_stock', 'A variant sells out.', () => variant(0)],
  ['app/uninstalled', 'The shop uninstalls the app: the Shop resource is sent.', shop],
  ['shop/update', "The shop's settings change.", shop],
  [
    'app/scopes_update',
    "The app's granted access scopes change.",
    () => ({
      id: 61920384756,
      previous: ['read_orders', 'read_products'],
      current: ['read_orders', 'read_products', 'write_products'],
      updated_at: at('06:33:12'),
    }),
  ],
  [
    'app_subscriptions/update',
    "The app's recurring charge is activated.",
    () => ({
      app_subscription: {
        admin_graphql_api_id: 'gid://shopify/AppSubscription/29384756102',
        name: 'Pro plan',
        status: 'ACTIVE',
        admin_graphql_api_shop_id: gid('Shop', SHOP.id),
        created_at: at('06:31:00'),
        updated_at: at('06:31:48'),
        currency: 'USD',
        capped_amount: null,
        price: '19.00',
        interval: 'every_30_days',
        plan_handle: 'pro',
      },
    }),
  ],
  [
    'fulfillment_events/create',
    'A tracking event is added to a fulfillment (out for delivery).',
    fulfillmentEvent,
  ],
  [
    'customers/data_request',
    'Compliance: a customer asks the shop for their data.',
    () => compliance('data_request'),
  ],
  [
    'customers/redact',
    'Compliance: the shop asks the app to erase a customer (10 days after the request).',
    () => compliance('redact'),
  ],
  [
    'shop/redact',
    'Compliance: 48 hours after uninstalling, the shop asks the app to erase its data.',
    () => compliance('shop'),
  ],
];
