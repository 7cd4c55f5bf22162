// State tables for the rule table (shopify-fixture-rules.ts): the status a topic leaves its resource in.
/** What a subscription contract topic's status is (https://shopify.dev/changelog/webhook-topics-introduced-for-updating-subscription-contract-status). */
export const CONTRACT_STATUS: Record<string, string> = {
  create: 'active',
  activate: 'active',
  update: 'active',
  pause: 'paused',
  cancel: 'cancelled',
  expire: 'expired',
  fail: 'failed',
};
/** A fulfillment order topic's resulting status and, where a fulfillment service is asked, request status. */
export const FULFILLMENT_ORDER_STATE: Record<string, [status: string, request?: string]> = {
  fulfillment_request_submitted: ['open', 'submitted'],
  fulfillment_request_accepted: ['in_progress', 'accepted'],
  fulfillment_request_rejected: ['open', 'rejected'],
  cancellation_request_submitted: ['in_progress', 'cancellation_request'],
  cancellation_request_accepted: ['closed'],
  cancellation_request_rejected: ['in_progress', 'cancellation_rejected'],
  cancelled: ['cancelled'],
  fulfillment_service_failed_to_complete: ['incomplete'],
  placed_on_hold: ['on_hold'],
  hold_released: ['open'],
  rescheduled: ['scheduled'],
  scheduled_fulfillment_order_ready: ['open'],
  order_routing_complete: ['open'],
  split: ['open'],
  merged: ['open'],
  moved: ['open'],
  line_items_prepared_for_local_delivery: ['open'],
  line_items_prepared_for_pickup: ['open'],
};
/** A return topic's status (https://shopify.dev/docs/api/admin-graphql/latest/enums/ReturnStatus, lower-cased). */
export const RETURN_STATUS: Record<string, string> = {
  request: 'requested',
  approve: 'open',
  decline: 'declined',
  cancel: 'canceled',
  close: 'closed',
  reopen: 'open',
};
