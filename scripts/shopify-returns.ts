// Returns of order #1042 and their reverse logistics, product and collection publications, scheduled
// product listings of a sales channel app, and small order/channel topics. Shapes follow the sample
// payloads of Shopify's webhook reference (https://shopify.dev/docs/api/webhooks/2026-07); values are
// ours. The samples give publications `"id": null`; ours carry an integer id like the other REST
// resources. See shopify-resources.ts.
import type { CatalogueEntry } from './shopify-others.ts';
import { fulfillmentEvent } from './shopify-others.ts';
import {
  at,
  gid,
  type Json,
  LOCATION_ID,
  ORDER_ID,
  PRODUCT_ID,
  product,
  VARIANTS,
} from './shopify-resources.ts';

const RETURN_ID = 9182736450123;
const RETURN_GID = gid('Return', RETURN_ID);
const ORDER = { id: ORDER_ID, admin_graphql_api_id: gid('Order', ORDER_ID) };
const COLLECTION_ID = 482019384756;
const PUBLICATION_ID = 109283746512;

const returnState = (status: 'canceled' | 'closed' | 'open') => (): Json => ({
  id: RETURN_ID,
  admin_graphql_api_id: RETURN_GID,
  order_id: ORDER_ID,
  status,
});

/** A return of one beanie; once approved, Shopify charges a $5 return label (GraphQL decimals: "5.0"). */
const requested = (approved: boolean): Json => ({
  id: RETURN_ID,
  admin_graphql_api_id: RETURN_GID,
  status: approved ? 'open' : 'requested',
  order: ORDER,
  total_return_line_items: 1,
  name: approved ? '#1042-R1' : null,
  return_line_items: [],
  return_shipping_fees: approved
    ? [
        {
          id: 4019283746,
          admin_graphql_api_id: gid('ReturnShippingFee', 4019283746),
          price: {
            shop_money: { amount: '5.0', currency_code: 'USD' },
            presentment_money: { amount: '5.0', currency_code: 'USD' },
          },
        },
      ]
    : [],
  exchange_line_items: [],
  total_exchange_line_items: 0,
});

const publication = (owner: 'product_id' | 'collection_id', id: number) => (): Json => ({
  id: PUBLICATION_ID + (owner === 'product_id' ? 0 : 1),
  publication_id: 98120394756,
  published_at: at('05:41:03'),
  published: true,
  created_at: at('05:41:03'),
  updated_at: at('05:41:03'),
  [owner]: id,
});

/** The beanie as a sales channel app sees it, to be published next Monday (`publish_at`). */
function scheduledListing(): Json {
  const { id, updated_at, body_html, handle, product_type, title, vendor, tags } = product('active');
  const variants = VARIANTS.map((variant, index) => ({
    id: variant.id,
    title: variant.title,
    option_values: [{ option_id: 10983746501923, name: 'Color', value: variant.title }],
    price: '29.00',
    formatted_price: '$29.00',
    compare_at_price: null,
    grams: 113,
    requires_shipping: true,
    sku: variant.sku,
    barcode: null,
    taxable: true,
    position: index + 1,
    available: true,
    inventory_policy: 'deny',
    inventory_quantity: [18, 7][index],
    inventory_management: 'shopify',
    fulfillment_service: 'manual',
    weight: 0.25,
    weight_unit: 'lb',
    image_id: null,
    created_at: at('05:40:11'),
    updated_at: at('06:05:27'),
  }));
  return {
    scheduled_product_listing: {
      product_id: id,
      created_at: at('05:40:11'),
      updated_at,
      body_html,
      handle,
      product_type,
      title,
      vendor,
      available: true,
      tags,
      variants,
      publish_at: '2026-12-07T09:00:00-05:00',
      images: [],
      options: [
        {
          id: 10983746501923,
          name: 'Color',
          product_id: id,
          position: 1,
          values: VARIANTS.map((variant) => variant.title),
        },
      ],
    },
  };
}

export const RETURNS: CatalogueEntry[] = [
  ['returns/request', 'A customer requests a return (status requested).', () => requested(false)],
  ['returns/approve', 'A return request is approved (open, with a label fee).', () => requested(true)],
  [
    'returns/decline',
    'A return request is declined, with a reason.',
    () => ({
      id: RETURN_ID,
      admin_graphql_api_id: RETURN_GID,
      status: 'declined',
      order: ORDER,
      decline: { reason: 'final_sale', note: 'Hats bought in the winter sale are final sale.' },
    }),
  ],
  [
    'returns/update',
    "A return's line items or fees change (one item removed).",
    () => ({
      admin_graphql_api_id: RETURN_GID,
      return_line_items: {
        removals: [{ admin_graphql_api_id: gid('ReturnLineItem', 5029384756), delta: 1 }],
      },
      restocking_fees: { updates: [], removals: [] },
      return_shipping_fees: { updates: [], removals: [] },
    }),
  ],
  ['returns/cancel', 'A return is cancelled (status canceled).', returnState('canceled')],
  ['returns/close', 'A return is closed (status closed).', returnState('closed')],
  ['returns/reopen', 'A closed return is reopened (status open).', returnState('open')],
  [
    'reverse_deliveries/attach_deliverable',
    'A return shipping label and tracking are attached to a reverse delivery.',
    () => ({
      id: 6019283746,
      admin_graphql_api_id: gid('ReverseDelivery', 6019283746),
      return: { id: RETURN_ID, admin_graphql_api_id: RETURN_GID },
      shipping_deliverable: {
        tracking: {
          carrier_name: 'USPS',
          tracking_number: '9405511899223197428490',
          tracking_url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9405511899223197428490',
        },
        label: { public_file_url: null, created_at: at('10:40:00') },
      },
    }),
  ],
  [
    'reverse_fulfillment_orders/dispose',
    'The returned beanie is restocked at the warehouse.',
    () => ({
      id: 7029384756,
      admin_graphql_api_id: gid('ReverseFulfillmentOrder', 7029384756),
      dispositions: [
        {
          reverse_fulfillment_order_line_item: {
            id: 8029384756,
            admin_graphql_api_id: gid('ReverseFulfillmentOrderLineItem', 8029384756),
          },
          reverse_delivery_line_item: null,
          type: 'restocked',
          location: { id: LOCATION_ID, admin_graphql_api_id: gid('Location', LOCATION_ID) },
          quantity: 1,
        },
      ],
      total_dispositions: 1,
    }),
  ],
  [
    'product_publications/create',
    'A product is published to a sales channel.',
    publication('product_id', PRODUCT_ID),
  ],
  ['product_publications/update', "A product's publication changes.", publication('product_id', PRODUCT_ID)],
  [
    'product_publications/delete',
    'A product is unpublished from a channel: only the id.',
    () => ({ id: PUBLICATION_ID }),
  ],
  [
    'collection_publications/create',
    'A collection is published to a sales channel.',
    publication('collection_id', COLLECTION_ID),
  ],
  [
    'collection_publications/update',
    "A collection's publication changes.",
    publication('collection_id', COLLECTION_ID),
  ],
  [
    'collection_publications/delete',
    'A collection is unpublished from a channel: only the id.',
    () => ({ id: PUBLICATION_ID + 1 }),
  ],
  [
    'scheduled_product_listings/add',
    "A product is scheduled to appear in the app's channel.",
    scheduledListing,
  ],
  [
    'scheduled_product_listings/update',
    "A product scheduled for the app's channel changes.",
    scheduledListing,
  ],
  [
    'scheduled_product_listings/remove',
    "A scheduled product leaves the app's channel: only its id.",
    () => ({ scheduled_product_listing: { product_id: PRODUCT_ID } }),
  ],
  [
    'orders/shopify_protect_eligibility_changed',
    "An order's Shopify Protect eligibility changes (eligible).",
    () => ({ order_id: ORDER_ID, status: 'active', eligibility: { status: 'eligible' } }),
  ],
  ['fulfillment_events/delete', 'A tracking event is deleted from a fulfillment.', fulfillmentEvent],
  [
    'channels/delete',
    'A sales channel is removed from the shop: its id, as a string.',
    () => ({ id: '190283746512' }),
  ],
];
