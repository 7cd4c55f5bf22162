// Fulfillment orders of order #1042: requests to a fulfillment service, holds, moves, merges, splits,
// scheduling and local pickup/delivery. These topics carry GraphQL ids (`gid://shopify/FulfillmentOrder/…`)
// in `id`, as the sample payloads of Shopify's webhook reference do
// (https://shopify.dev/docs/api/webhooks/2026-07). Values are ours. See shopify-resources.ts.
import type { CatalogueEntry } from './shopify-others.ts';
import { gid, type Json, LOCATION_ID } from './shopify-resources.ts';
import { APP_GID } from './shopify-subscriptions.ts';

const FO_ID = 6930218475611;
const FO_LINE_ID = 14920384756101;
/** A second location, the shop's Manhattan studio, that fulfillment_orders/moved moves stock to. */
const STUDIO_ID = LOCATION_ID + 32;
const HOLD_ID = 8120394756;

const fo = (offset: number, status: string, extra: Json = {}): Json => ({
  id: gid('FulfillmentOrder', FO_ID + offset),
  status,
  ...extra,
});
const lineItems = (quantity: number): Json[] => [
  { id: gid('FulfillmentOrderLineItem', FO_LINE_ID), quantity },
];
const hold = (): Json => ({
  id: gid('FulfillmentHold', HOLD_ID),
  reason: 'awaiting_payment',
  reason_notes: 'Waiting for the bank transfer to clear',
  held_by_requesting_app: false,
  handle: 'awaiting-bank-transfer',
  held_by_app: { id: APP_GID },
});
const request = (message: string): Json => ({
  id: gid('FulfillmentOrderMerchantRequest', 7019283746),
  message,
});
const prepared = (method: 'local' | 'pickup') => (): Json => ({
  fulfillment_order: fo(0, 'open', { preparable: true, delivery_method: { method_type: method } }),
});

export const FULFILLMENT_ORDERS: CatalogueEntry[] = [
  [
    'fulfillment_orders/fulfillment_request_submitted',
    'The merchant asks the fulfillment service to fulfill (request submitted).',
    () => ({
      original_fulfillment_order: fo(0, 'open', { request_status: 'submitted' }),
      submitted_fulfillment_order: fo(0, 'open', { request_status: 'submitted' }),
      fulfillment_order_merchant_request: request('Gift wrap, please'),
    }),
  ],
  [
    'fulfillment_orders/fulfillment_request_accepted',
    'The fulfillment service accepts the request (in progress).',
    () => ({
      fulfillment_order: fo(0, 'in_progress', { request_status: 'accepted' }),
      message: 'Ships from our Newark warehouse tomorrow.',
    }),
  ],
  [
    'fulfillment_orders/fulfillment_request_rejected',
    'The fulfillment service rejects the request (open again).',
    () => ({
      fulfillment_order: fo(0, 'open', { request_status: 'rejected' }),
      message: 'Out of stock at our warehouse.',
    }),
  ],
  [
    'fulfillment_orders/cancellation_request_submitted',
    'The merchant asks the fulfillment service to cancel.',
    () => ({
      fulfillment_order: fo(0, 'in_progress', { request_status: 'cancellation_request' }),
      fulfillment_order_merchant_request: request('The customer cancelled the order'),
    }),
  ],
  [
    'fulfillment_orders/cancellation_request_accepted',
    'The fulfillment service accepts the cancellation (closed).',
    () => ({ fulfillment_order: fo(0, 'closed'), message: 'Not shipped yet, cancelled.' }),
  ],
  [
    'fulfillment_orders/cancellation_request_rejected',
    'The fulfillment service rejects the cancellation (already shipped).',
    () => ({
      fulfillment_order: fo(0, 'in_progress', { request_status: 'cancellation_rejected' }),
      message: 'The parcel has already left the warehouse.',
    }),
  ],
  [
    'fulfillment_orders/cancelled',
    'A fulfillment order is cancelled and replaced by a new one.',
    () => ({ fulfillment_order: fo(0, 'cancelled'), replacement_fulfillment_order: fo(1, 'open') }),
  ],
  [
    'fulfillment_orders/fulfillment_service_failed_to_complete',
    'The fulfillment service cannot ship what is left (incomplete).',
    // fulfillmentOrderClose marks an in-progress order incomplete
    // (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentOrderClose).
    () => ({ fulfillment_order: fo(0, 'incomplete'), message: 'The last beanie was damaged in packing.' }),
  ],
  [
    'fulfillment_orders/placed_on_hold',
    'One of two beanies is put on hold (awaiting payment).',
    () => ({
      fulfillment_order: fo(0, 'on_hold', { fulfillment_holds: [hold()] }),
      remaining_fulfillment_order: fo(1, 'open'),
      held_fulfillment_order_line_items: lineItems(1),
      created_fulfillment_hold: hold(),
    }),
  ],
  [
    'fulfillment_orders/hold_released',
    'The hold on a fulfillment order is released (open).',
    () => ({ fulfillment_order: fo(0, 'open') }),
  ],
  [
    'fulfillment_orders/moved',
    'A fulfillment order is moved to another location.',
    () => ({
      original_fulfillment_order: fo(0, 'closed', { assigned_location_id: gid('Location', LOCATION_ID) }),
      moved_fulfillment_order: fo(1, 'open', { assigned_location_id: gid('Location', STUDIO_ID) }),
      destination_location_id: gid('Location', STUDIO_ID),
      fulfillment_order_line_items_requested: lineItems(2),
      source_location: { id: gid('Location', LOCATION_ID) },
    }),
  ],
  [
    'fulfillment_orders/merged',
    'Two fulfillment orders of one order are merged into one.',
    () => ({
      merge_intents: [0, 1].map((offset) => ({
        fulfillment_order_id: FO_ID + offset,
        fulfillment_order_line_items: [{ id: FO_LINE_ID + offset, quantity: 1 }],
      })),
      fulfillment_order_merges: { fulfillment_order: fo(0, 'open') },
    }),
  ],
  [
    'fulfillment_orders/split',
    'A fulfillment order is split: one beanie now, one later.',
    () => ({
      split_line_items: lineItems(1),
      fulfillment_order: fo(0, 'open'),
      remaining_fulfillment_order: fo(1, 'open'),
      replacement_fulfillment_order: fo(2, 'open'),
    }),
  ],
  [
    'fulfillment_orders/order_routing_complete',
    "Order routing has assigned the order's fulfillment orders to locations.",
    () => ({ fulfillment_order: fo(0, 'open') }),
  ],
  [
    'fulfillment_orders/rescheduled',
    'A scheduled fulfillment order gets a new fulfill_at.',
    () => ({ fulfillment_order: fo(0, 'scheduled', { fulfill_at: '2026-12-08T09:00:00-05:00' }) }),
  ],
  [
    'fulfillment_orders/scheduled_fulfillment_order_ready',
    'A scheduled fulfillment order is ready to fulfill (open).',
    () => ({ fulfillment_order: fo(0, 'open') }),
  ],
  [
    'fulfillment_orders/line_items_prepared_for_local_delivery',
    'The items are prepared for local delivery.',
    prepared('local'),
  ],
  [
    'fulfillment_orders/line_items_prepared_for_pickup',
    'The items are prepared for in-store pickup.',
    prepared('pickup'),
  ],
];
