// Subscriptions and payments: discounts, selling plan groups, subscription contracts, billing cycles and
// their edits, billing attempts, customer payment methods, payment terms and schedules. Shapes follow the
// sample payloads of Shopify's webhook reference (https://shopify.dev/docs/api/webhooks/2026-07, "Sample
// Payload" of each topic) and, for billing attempts, which that page leaves out, the payload types of
// Shopify's subscriptions reference app (https://github.com/Shopify/subscriptions-reference-app,
// app/types/webhooks.ts). Values are ours, of the one development shop. See shopify-resources.ts.
import type { CatalogueEntry } from './shopify-others.ts';
import { at, CUSTOMER_ID, gid, type Json, ORDER_ID, SHOP } from './shopify-resources.ts';

export const APP_GID = gid('App', 6120398475);
const AUTOMATIC_DISCOUNT = gid('DiscountAutomaticNode', 1429384756102);
const CODE_DISCOUNT = gid('DiscountCodeNode', 1429384756215);
const SELLING_PLAN_GROUP_ID = 3948201765;
const CONTRACT_ID = 24019283746;
const RENEWAL_ORDER_ID = ORDER_ID + 4118;
const ATTEMPT_ID = 51029384761;
const PAYMENT_METHOD_TOKEN = 'b41c7e9a0f3d4e2a8c6b1d5f7e9a3c20';
const PAYMENT_TERMS_ID = 29384710562;
const SCHEDULE_ID = 39284710563;

const discount = (title: string, status: 'ACTIVE' | 'SCHEDULED', updated: string): Json => ({
  admin_graphql_api_id: AUTOMATIC_DISCOUNT,
  title,
  status,
  created_at: at('06:02:00'),
  updated_at: at(updated),
});

const redeemCode = (): Json => ({
  admin_graphql_api_id: CODE_DISCOUNT,
  redeem_code: { id: gid('DiscountRedeemCode', 19283746510), code: 'BEANIE10' },
  updated_at: '2026-12-01T11:14:30.000Z',
});

/** A plan group the app owns: "Subscribe & save", delivered and billed every month, 10% off. */
const sellingPlanGroup = (): Json => ({
  admin_graphql_api_id: gid('SellingPlanGroup', SELLING_PLAN_GROUP_ID),
  id: SELLING_PLAN_GROUP_ID,
  name: 'Subscribe & save',
  merchant_code: 'subscribe-save-monthly',
  admin_graphql_api_app: APP_GID,
  app_id: null,
  description: null,
  options: ['Delivery every'],
  position: null,
  summary: '1 delivery frequency, 10% discount',
  selling_plans: [
    {
      name: 'Delivered every month, 10% off',
      options: ['1 month'],
      position: null,
      description: null,
      billing_policy: { interval: 'month', interval_count: 1, min_cycles: null, max_cycles: null },
      delivery_policy: {
        interval: 'month',
        interval_count: 1,
        anchors: [],
        cutoff: null,
        pre_anchor_behavior: 'asap',
      },
      pricing_policies: [{ adjustment_type: 'percentage', adjustment_value: '10.0' }],
    },
  ],
  product_variants: [],
  products: [],
});

type ContractStatus = 'active' | 'cancelled' | 'expired' | 'failed' | 'paused';
/** A monthly beanie subscription bought with order #1042; `revision_id` is a string in the sample. */
const contract = (status: ContractStatus, revision: number): Json => ({
  admin_graphql_api_id: gid('SubscriptionContract', CONTRACT_ID),
  id: CONTRACT_ID,
  billing_policy: { interval: 'month', interval_count: 1, min_cycles: null, max_cycles: null },
  currency_code: 'USD',
  customer_id: CUSTOMER_ID,
  admin_graphql_api_customer_id: gid('Customer', CUSTOMER_ID),
  delivery_policy: { interval: 'month', interval_count: 1 },
  status,
  admin_graphql_api_origin_order_id: gid('Order', ORDER_ID),
  origin_order_id: ORDER_ID,
  revision_id: String(6029384710 + revision),
});

/** The contract's second billing cycle (January), skipped, unskipped or edited. */
const cycle = (skipped: boolean, edited: boolean): Json => ({
  subscription_contract_id: CONTRACT_ID,
  cycle_start_at: '2026-12-01T00:00:00-05:00',
  cycle_end_at: '2027-01-01T00:00:00-05:00',
  cycle_index: 2,
  contract_edit: null,
  billing_attempt_expected_date: '2027-01-01T00:00:00-05:00',
  skipped,
  edited,
});

const attempt = (succeeded: boolean): Json => ({
  id: ATTEMPT_ID,
  admin_graphql_api_id: gid('SubscriptionBillingAttempt', ATTEMPT_ID),
  idempotency_key: `contract-${CONTRACT_ID}-cycle-2`,
  order_id: succeeded ? RENEWAL_ORDER_ID : null,
  admin_graphql_api_order_id: succeeded ? gid('Order', RENEWAL_ORDER_ID) : null,
  subscription_contract_id: CONTRACT_ID,
  admin_graphql_api_subscription_contract_id: gid('SubscriptionContract', CONTRACT_ID),
  ready: true,
  error_message: succeeded ? null : 'insufficient_funds',
  error_code: succeeded ? null : 'insufficient_funds',
});

const paymentMethod = (): Json => ({
  admin_graphql_api_id: gid('CustomerPaymentMethod', PAYMENT_METHOD_TOKEN),
  token: PAYMENT_METHOD_TOKEN,
  customer_id: CUSTOMER_ID,
  admin_graphql_api_customer_id: gid('Customer', CUSTOMER_ID),
  instrument_type: 'CustomerCreditCard',
  payment_instrument: { last_digits: '4242', month: 9, year: 2029, name: 'Maya Lindqvist', brand: 'Visa' },
  resource_type: 'Subscriptions',
});

/** Net 30 on the wholesale order: one schedule, unpaid, due on the last day of December. */
const schedule = (): Json => ({
  amount: '67.15',
  balance_due: '67.15',
  completed_at: null,
  created_at: at('06:50:00'),
  currency: 'USD',
  due_at: '2026-12-31T00:00:00-05:00',
  id: SCHEDULE_ID,
  issued_at: at('06:50:00'),
  payment_terms_id: PAYMENT_TERMS_ID,
  presentment_currency: 'USD',
  total_balance: '67.15',
  total_price: '67.15',
  updated_at: at('06:50:01'),
  admin_graphql_api_id: gid('PaymentSchedule', SCHEDULE_ID),
});

const paymentTerms = (): Json => ({
  id: PAYMENT_TERMS_ID,
  payment_terms_name: 'Net 30',
  payment_terms_type: 'net',
  due_in_days: 30,
  created_at: at('06:50:00'),
  updated_at: at('06:50:01'),
  payment_schedules: [schedule()],
  admin_graphql_api_id: gid('PaymentsPaymentFlexibilityPaymentTermsPaymentTerms', PAYMENT_TERMS_ID),
});

const contractTopics: Array<[string, string, ContractStatus]> = [
  ['create', 'A subscription contract is created at checkout (active).', 'active'],
  ['activate', 'A paused subscription contract is resumed (active).', 'active'],
  ['update', 'A subscription contract is edited (still active).', 'active'],
  ['pause', 'A subscription contract is paused.', 'paused'],
  ['cancel', 'A subscription contract is cancelled.', 'cancelled'],
  ['expire', 'A subscription contract reaches its end (expired).', 'expired'],
  ['fail', 'A subscription contract fails after unpaid billing attempts.', 'failed'],
];

export const SUBSCRIPTIONS: CatalogueEntry[] = [
  [
    'discounts/create',
    'An automatic discount is created (active).',
    () => discount('Winter hats 15% off', 'ACTIVE', '06:02:00'),
  ],
  [
    'discounts/update',
    'A discount changes (title edited, still active).',
    () => discount('Winter hats 20% off', 'ACTIVE', '09:40:12'),
  ],
  [
    'discounts/delete',
    'A discount is deleted: its id and when.',
    () => ({ admin_graphql_api_id: AUTOMATIC_DISCOUNT, deleted_at: at('10:05:00') }),
  ],
  ['discounts/redeemcode_added', 'A redeem code is added to a code discount.', redeemCode],
  ['discounts/redeemcode_removed', 'A redeem code is removed from a code discount.', redeemCode],
  ['selling_plan_groups/create', 'A selling plan group (subscribe & save) is created.', sellingPlanGroup],
  ['selling_plan_groups/update', 'A selling plan group or its plans change.', sellingPlanGroup],
  [
    'selling_plan_groups/delete',
    'A selling plan group is deleted: only its ids.',
    () => ({
      admin_graphql_api_id: gid('SellingPlanGroup', SELLING_PLAN_GROUP_ID),
      id: SELLING_PLAN_GROUP_ID,
    }),
  ],
  ...contractTopics.map(
    ([action, description, status], index): CatalogueEntry => [
      `subscription_contracts/${action}`,
      description,
      () => contract(status, index),
    ],
  ),
  ['subscription_billing_cycles/skip', 'A billing cycle of a contract is skipped.', () => cycle(true, true)],
  ['subscription_billing_cycles/unskip', 'A skipped billing cycle is unskipped.', () => cycle(false, true)],
  [
    'subscription_billing_cycle_edits/create',
    'A billing cycle is edited on its own.',
    () => cycle(false, true),
  ],
  [
    'subscription_billing_cycle_edits/update',
    "A billing cycle's own edit changes.",
    () => cycle(false, true),
  ],
  [
    'subscription_billing_cycle_edits/delete',
    "A billing cycle's own edit is removed (not edited any more).",
    () => cycle(false, false),
  ],
  [
    'subscription_billing_attempts/success',
    'A billing attempt succeeds and creates the renewal order.',
    () => attempt(true),
  ],
  [
    'subscription_billing_attempts/failure',
    'A billing attempt fails (insufficient funds): no order.',
    () => attempt(false),
  ],
  ['customer_payment_methods/create', 'A customer payment method (card) is vaulted.', paymentMethod],
  ['customer_payment_methods/update', 'A customer payment method is updated.', paymentMethod],
  ['customer_payment_methods/revoke', 'A customer payment method is revoked.', paymentMethod],
  ['payment_terms/create', 'Payment terms (Net 30) are added to an order.', paymentTerms],
  ['payment_terms/update', 'Payment terms change.', paymentTerms],
  ['payment_terms/delete', 'Payment terms are removed: only their id.', () => ({ id: PAYMENT_TERMS_ID })],
  ['payment_schedules/due', 'A payment schedule of payment terms falls due (unpaid).', schedule],
];

/** The shop's gid, for payloads that name it that way. */
export const SHOP_GID = gid('Shop', SHOP.id);
