// The editorial part of scripts/gen-stripe-fixtures.ts: which union member, which closest resource where
// fixtures3.json has none, and how an event's name shapes its resource (status, previous attributes).

export type Json = Record<string, unknown>;
type Patch = (object: Json, event: string) => Json;

// Templates carry a fixed time so regenerating is reproducible; payload() puts `now` in their place.
export const TEMPLATE_CREATED = 1735689600;

// Unions in the SDK's types: the member a real delivery most often carries.
export const UNION_MEMBERS: Record<string, string> = {
  ExternalAccount: 'bank_account',
  CustomerSource: 'card',
};

// Resources fixtures3.json has no example of: the closest example it has, reshaped to the real object
// (fields from the SDK's interface; `obj_123` is fixtures3's own placeholder for an id).
export const FALLBACKS: Record<string, { from: string; omit: string[]; set: Json }> = {
  'apps.install': {
    from: 'apps.secret',
    omit: ['expires_at', 'name', 'scope'],
    set: {
      id: 'obj_123',
      object: 'apps.install',
      account: 'acct_1PgafTB7WZ01zgkW',
      app: 'com.example.hookctl',
      approval_required: false,
      auth_code: null,
      channel: 'public',
      created_by: null,
      endpoints_granted: [],
      endpoints_pending: [],
      permissions_granted: ['event_read', 'customer_read'],
      permissions_pending: [],
      content_security_policy_granted: { connect_src: [], image_src: [] },
      content_security_policy_pending: { connect_src: [], image_src: [] },
      status: 'installed',
    },
  },
  'three_d_secure.authentication': {
    from: 'setup_attempt',
    omit: ['application', 'customer', 'customer_account', 'flow_directions', 'on_behalf_of', 'setup_error'],
    set: {
      id: 'obj_123',
      object: 'three_d_secure.authentication',
      amount: 1099,
      currency: 'usd',
      directory_server: 'visa',
      channel: {
        type: 'browser',
        browser: {
          accept_header: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          ip_address: '203.0.113.42',
          javascript_enabled: true,
          language: 'en-US',
          user_agent:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        },
      },
      message_category: 'payment_authentication',
      metadata: {},
      setup_intent: undefined,
      usage: undefined,
      payment_method_details: undefined,
    },
  },
};

const cardDeclined = {
  code: 'card_declined',
  decline_code: 'generic_decline',
  doc_url: 'https://stripe.com/docs/error-codes/card-declined',
  message: 'Your card was declined.',
  type: 'card_error',
};

// Event verbs that are also the resource's status (`refund.failed` → `status: "failed"`), applied when
// the resource has a `status`; RULES below then fix what this gets wrong or misses.
export const STATUS_VERBS = new Set(
  [
    'accepted canceled completed delivered expired failed paid paused posted processing',
    'released rejected requires_action requires_challenge requires_input requires_submission returned reversed submitted succeeded verified',
  ]
    .join(' ')
    .split(' '),
);

// Resource fields fixtures3 fills with placeholders that contradict most events: reset first.
export const BASE: Record<string, Json> = {
  payment_intent: { last_payment_error: null, next_action: null, processing: null, canceled_at: null },
  subscription: { canceled_at: null, ended_at: null, cancel_at: null, cancel_at_period_end: false },
  // A card charge made through a PaymentMethod has no legacy `source` (fixtures3's is a placeholder).
  charge: { status: 'succeeded', paid: true, captured: true, source: null },
  // Removed from the Invoice object (https://docs.stripe.com/changelog/basil): now under `parent`.
  invoice: { subscription: undefined },
  setup_intent: { next_action: null },
};

// A small rule table: the status and the fields that go with it, where the event name says so.
export const RULES: Array<[RegExp, Patch]> = [
  [/^payment_intent\.created$/, () => ({ status: 'requires_payment_method' })],
  [
    /^payment_intent\.succeeded$/,
    (o) => ({ amount_received: o.amount, latest_charge: 'ch_1PgafuB7WZ01zgkWXYmPNZs8' }),
  ],
  [
    /^payment_intent\.payment_failed$/,
    () => ({ status: 'requires_payment_method', last_payment_error: cardDeclined }),
  ],
  [
    /^payment_intent\.canceled$/,
    () => ({ canceled_at: TEMPLATE_CREATED, cancellation_reason: 'requested_by_customer' }),
  ],
  [/^payment_intent\.processing$/, () => ({ processing: { type: 'card' } })],
  [/^payment_intent\.(requires_action|partially_funded)$/, () => ({ status: 'requires_action' })],
  [
    /^payment_intent\.requires_action$/,
    () => ({ next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } }),
  ],
  [
    /^payment_intent\.amount_capturable_updated$/,
    (o) => ({ status: 'requires_capture', capture_method: 'manual', amount_capturable: o.amount }),
  ],
  [/^charge\.(succeeded|captured|updated)$/, (o) => ({ amount_captured: o.amount })],
  [
    /^charge\.failed$/,
    () => ({
      paid: false,
      captured: false,
      failure_code: 'card_declined',
      failure_message: 'Your card was declined.',
    }),
  ],
  [/^charge\.pending$/, () => ({ status: 'pending', captured: false })],
  [/^charge\.refunded$/, (o) => ({ amount_captured: o.amount, refunded: true, amount_refunded: o.amount })],
  [
    /^charge\.expired$/,
    (o) => ({ status: 'succeeded', captured: false, refunded: true, amount_refunded: o.amount }),
  ],
  [/^charge\.dispute\.(created|funds_withdrawn)$/, () => ({ status: 'needs_response' })],
  [/^charge\.dispute\.updated$/, () => ({ status: 'under_review' })],
  [/^charge\.dispute\.closed$/, () => ({ status: 'lost' })],
  [/^charge\.dispute\.funds_reinstated$/, () => ({ status: 'won' })],
  [/^customer\.subscription\.(created|resumed|updated)$/, () => ({ status: 'active' })],
  [/^customer\.subscription\.updated$/, () => ({ cancel_at_period_end: true })],
  [/^customer\.subscription\.trial_will_end$/, () => ({ status: 'trialing' })],
  [
    /^customer\.subscription\.deleted$/,
    () => ({ status: 'canceled', canceled_at: TEMPLATE_CREATED, ended_at: TEMPLATE_CREATED }),
  ],
  [/^invoice\.(created|deleted|upcoming)$/, () => ({ status: 'draft' })],
  // An upcoming invoice is a preview: it has no id yet (https://docs.stripe.com/api/events/types).
  [/^invoice\.upcoming$/, () => ({ id: undefined })],
  [
    /^invoice\.(finalized|sent|overdue|will_be_due|payment_action_required|payment_attempt_required)$/,
    () => ({ status: 'open' }),
  ],
  [
    /^invoice\.(paid|payment_succeeded|overpaid)$/,
    (o) => ({ status: 'paid', amount_paid: o.amount_due, amount_remaining: 0 }),
  ],
  [/^invoice\.payment_failed$/, () => ({ status: 'open', attempted: true, attempt_count: 1 })],
  [/^invoice\.voided$/, () => ({ status: 'void' })],
  [/^invoice\.marked_uncollectible$/, () => ({ status: 'uncollectible' })],
  [
    /^checkout\.session\.(completed|async_payment_succeeded)$/,
    () => ({ status: 'complete', payment_status: 'paid' }),
  ],
  [/^checkout\.session\.async_payment_failed$/, () => ({ status: 'complete', payment_status: 'unpaid' })],
  [/^setup_intent\.created$/, () => ({ status: 'requires_payment_method' })],
  [
    /^setup_intent\.requires_action$/,
    () => ({ next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } }),
  ],
  [/^setup_intent\.canceled$/, () => ({ cancellation_reason: 'requested_by_customer' })],
  [
    /^setup_intent\.setup_failed$/,
    () => ({ status: 'requires_payment_method', last_setup_error: cardDeclined }),
  ],
  [/^payout\.created$/, () => ({ status: 'pending' })],
  [/^payout\.reconciliation_completed$/, () => ({ status: 'paid' })],
  [
    /^payout\.failed$/,
    () => ({ failure_code: 'account_closed', failure_message: 'The bank account has been closed.' }),
  ],
  [/^(charge\.)?refund\.created$/, () => ({ status: 'pending' })],
  [/^refund\.failed$/, () => ({ failure_reason: 'expired_or_canceled_card' })],
  [/^topup\.created$/, () => ({ status: 'pending' })],
  [/^identity\.verification_session\.created$/, () => ({ status: 'requires_input' })],
  [/^quote\.created$/, () => ({ status: 'draft' })],
  [/^quote\.finalized$/, () => ({ status: 'open' })],
  [/^subscription_schedule\.(aborted)$/, () => ({ status: 'canceled' })],
  [/^subscription_schedule\.expiring$/, () => ({ status: 'active' })],
  // A DebitReversal's statuses are failed, processing and succeeded: `completed` is the event's word.
  [/^treasury\.debit_reversal\.completed$/, () => ({ status: 'succeeded' })],
  // fixtures3's `bulk_hold_expiry` is not a reason the current types name.
  [/^reserve\.release\.created$/, () => ({ reason: 'hold_expired' })],
  [/^treasury\.financial_account\.closed$/, () => ({ status: 'closed' })],
  [/^issuing_dispute\.created$/, () => ({ status: 'unsubmitted' })],
  [/^issuing_dispute\.closed$/, () => ({ status: 'won' })],
  [/^issuing_personalization_design\.activated$/, () => ({ status: 'active' })],
  [/^issuing_personalization_design\.deactivated$/, () => ({ status: 'inactive' })],
  [/^billing\.meter\.deactivated$/, () => ({ status: 'inactive' })],
  [/^billing\.meter\.reactivated$/, () => ({ status: 'active' })],
  [/^financial_connections\.account\.(deactivated)$/, () => ({ status: 'inactive' })],
  [/^financial_connections\.account\.disconnected$/, () => ({ status: 'disconnected' })],
  [/^reserve\.plan\.disabled$/, () => ({ status: 'disabled' })],
  [/^reporting\.report_run\.failed$/, () => ({ error: 'The report could not be generated.', result: null })],
  [/^review\.closed$/, () => ({ open: false, closed_reason: 'approved', reason: 'approved' })],
  [/^test_helpers\.test_clock\.(advancing|internal_failure)$/, (_o, e) => ({ status: e.split('.').pop() })],
  [/^application_fee\.refunded$/, (o) => ({ refunded: true, amount_refunded: o.amount })],
  [/^transfer\.reversed$/, (o) => ({ reversed: true, amount_reversed: o.amount })],
  [/^credit_note\.voided$/, () => ({ status: 'void', voided_at: TEMPLATE_CREATED })],
  // One refund of the whole credit note, by Refund id (fixtures3's also names a placeholder payment record).
  [
    /^credit_note\./,
    (o) => ({
      refunds: [
        {
          amount_refunded: o.amount,
          payment_record_refund: null,
          refund: 're_3MtwBwLkdIwHu7ix0snN0B15',
          type: 'refund',
        },
      ],
    }),
  ],
  [/^customer\.subscription\.pending_update_(applied|expired)$/, () => ({ pending_update: null })],
  [/^payment_method\.attached$/, () => ({ customer: 'cus_NffrFeUfNV2Hib' })],
  [/^source\.chargeable$/, () => ({ status: 'chargeable' })],
  [
    /^terminal\.reader\.action_succeeded$/,
    (o) => ({
      action: {
        ...(o.action as Json),
        status: 'succeeded',
        failure_code: null,
        failure_message: null,
        api_error: null,
      },
    }),
  ],
  // Subscription items carry `current_trial` (null outside an item-level trial) in the current types.
  [
    /^customer\.subscription\./,
    (o) => {
      const items = o.items as Json;
      return {
        items: { ...items, data: (items.data as Json[]).map((item) => ({ current_trial: null, ...item })) },
      };
    },
  ],
  // A credit grant names its customer by id, as every unexpanded field in a webhook.
  [/^billing\.credit_grant\./, (o) => ({ customer: (o.customer as Json).id })],
  // The transitions an invoice's status has been through, an hour apart, the last one at `created`.
  [/^invoice\./, (o) => ({ status_transitions: statusTransitions(o) })],
  [/^customer\.discount\.updated$/, () => ({ end: TEMPLATE_CREATED + 2_592_000 })],
  [
    /^customer\.tax_id\.updated$/,
    () => ({ verification: { status: 'verified', verified_address: null, verified_name: 'Jenny Rosen' } }),
  ],
  [/^radar\.early_fraud_warning\.updated$/, () => ({ actionable: false })],
  [
    /^reserve\.hold\.updated$/,
    () => ({ release_schedule: { release_after: TEMPLATE_CREATED + 604_800, scheduled_release: null } }),
  ],
  [/^three_d_secure\.authentication\.errored$/, () => ({ status: 'error' })],
  [/^three_d_secure\.authentication\.challenge_started$/, () => ({ status: 'requires_challenge' })],
];

function statusTransitions(invoice: Json): Json {
  const transitions = { ...(invoice.status_transitions as Json) };
  const last = { paid: 'paid_at', void: 'voided_at', uncollectible: 'marked_uncollectible_at' }[
    String(invoice.status)
  ];
  if (invoice.status !== 'draft')
    transitions.finalized_at = TEMPLATE_CREATED - (last === undefined ? 0 : 3600);
  if (last !== undefined) transitions[last] = TEMPLATE_CREATED;
  return transitions;
}

// `data.previous_attributes` of `*.updated` events: the status it left, else the metadata it gained.
const PREVIOUS: Record<string, Json> = {
  'charge.dispute.updated': { status: 'needs_response' },
  'customer.subscription.updated': { cancel_at_period_end: false },
  'capability.updated': { status: 'pending' },
  'issuing_token.updated': { status: 'requested' },
  'tax.settings.updated': { status: 'pending' },
  'apps.install.updated': { permissions_granted: ['event_read'] },
  'customer.discount.updated': { end: null },
  'customer.tax_id.updated': {
    verification: { status: 'pending', verified_address: null, verified_name: null },
  },
  'mandate.updated': { status: 'pending' },
  'radar.early_fraud_warning.updated': { actionable: true },
  'reserve.hold.updated': { release_schedule: { release_after: null, scheduled_release: null } },
  'source.transaction.updated': { status: 'pending' },
  'entitlements.active_entitlement_summary.updated': {
    entitlements: { object: 'list', data: [], has_more: false, url: '/v1/entitlements/active_entitlements' },
  },
};

export function previousAttributes(event: string, object: Json): Json {
  const known = PREVIOUS[event];
  if (known !== undefined) return known;
  if ('metadata' in object) {
    object.metadata = { order_id: '6735' };
    return { metadata: {} };
  }
  if (typeof object.updated === 'number') return { updated: TEMPLATE_CREATED - 86_400 };
  return {};
}

// Fields the current `stripe` types require that fixtures3's examples predate, by resource: set where
// the parent object exists and the field does not, to what a plain test-mode delivery carries.
export const REQUIRED: Record<string, Record<string, unknown>> = {
  account: { 'business_profile.specified_commercial_transactions_act_url': null },
  'billing_portal.configuration': {
    'features.subscription_cancel.cancellation_reason.feedback_options': null,
    'features.subscription_pause': { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
  },
  'billing_portal.session': { 'flow.customer_update': null, 'flow.subscription_pause': null },
  charge: { 'payment_method_details.card.electronic_commerce_indicator': null },
  'checkout.session': { allowed_payment_method_types: null },
  dispute: { 'evidence_details.submission_method': 'not_submitted', intended_submission_method: null },
  payment_intent: { allowed_payment_method_types: null, payment_record: null },
  payment_link: {
    'subscription_data.invoice_settings.account_tax_ids': null,
    'subscription_data.invoice_settings.custom_fields': null,
    'subscription_data.invoice_settings.description': null,
    'subscription_data.invoice_settings.footer': null,
  },
  product: { tax_details: null },
  'reserve.hold': { destination: 'risk_reserved' },
  'reserve.plan': { destination: 'risk_reserved' },
  'reserve.release': { destination: 'payments' },
  setup_intent: { allowed_payment_method_types: null },
  subscription: {
    'cancellation_details.feedback_option': null,
    'pending_update.cancel_at_period_end': null,
    'trial_settings.end_behavior.billing_cycle_anchor': null,
  },
  subscription_schedule: { pause_schedules: [] },
};

// Ids in Stripe's formats for fixtures3's `obj_123`, by the `object` the id names (or, where the object
// has no `object` field, by its key).
export const ID_PREFIXES: Record<string, string> = {
  account: 'acct_',
  application: 'ca_',
  // Stripe publishes no example or prefix for these two preview objects: prefixes of hookctl's choosing,
  // in Stripe's shape (prefix + 24 base62), so a handler sees an id, never fixtures3's `obj_123`.
  'apps.install': 'appinst_',
  'three_d_secure.authentication': 'threeds_',
  'billing.alert': 'alrt_',
  'billing.credit_balance_transaction': 'cbtxn_',
  'billing.credit_grant': 'credgr_',
  'billing.meter': 'mtr_',
  customer: 'cus_',
  discount: 'di_',
  'entitlements.active_entitlement': 'ent_',
  'entitlements.feature': 'feat_',
  file: 'file_',
  'financial_connections.authorization': 'fcauth_',
  invoice_payment: 'inpay_',
  payment_method_configuration_details: 'pmc_',
  plan: 'price_',
  'reserve.hold': 'reshold_',
  'reserve.plan': 'resplan_',
  'reserve.release': 'resrel_',
  source: 'src_',
  transaction_refresh: 'fctxnref_',
  'treasury.transaction': 'trxn_',
};

// Expandable fields (`string | Object` in the types) that fixtures3 shows expanded, by parent and key: a
// webhook sends them as the id string. Bare `{id, object}` stubs are collapsed wherever they are.
export const EXPANDED = new Set([
  'data.feature',
  'items.plan',
  'returned_details.transaction',
  'usage_threshold.meter',
]);

// Strings fixtures3 fills with their own key (`currency: "currency"`): ids by the key that names them,
// else a realistic value by the key, or by its parent and key where the key alone says too little.
export const PLACEHOLDER_IDS: Record<string, string> = {
  credit_grant: 'credgr_',
  customer: 'cus_',
  financial_account: 'fa_',
  invoice: 'in_',
  invoice_item: 'ii_',
  invoice_line_item: 'il_',
  quote: 'qt_',
  refund: 're_',
  subscription: 'sub_',
  subscription_item: 'si_',
};

export const PLACEHOLDER_VALUES: Record<string, string> = {
  'billing_schedules.key': 'primary',
  'entitlements.url': '/v1/entitlements/active_entitlements',
  'outcome.type': 'authorized',
  'after_submit.message': 'Your order ships within two business days.',
  'customer_mapping.event_payload_key': 'stripe_customer_id',
  'feature.lookup_key': 'premium_support',
  'feature.name': 'Premium support',
  'from_invoice.action': 'revision',
  'payment_method_details.type': 'card_present',
  'shipping_address.message': 'We ship to the United States and Canada only.',
  'submit.message': 'We will email your receipt.',
  'terms_of_service_acceptance.message': 'I agree to the [Terms of Service](https://example.com/terms).',
  'trace_id.status': 'supported',
  'transaction.description': 'Returned outbound payment',
  'value_settings.event_payload_key': 'value',
  // A review opened by a Radar rule (`review.closed` sets its own reason).
  '.reason': 'rule',
  coupon: 'Z4OV52SU',
  currency: 'usd',
  display_name: 'API requests',
  event_name: 'api_request',
  institution_name: 'StripeBank',
  lookup_key: 'premium_support',
  name: 'Jenny Rosen',
  return_url: 'https://example.com/account',
  timezone: 'America/New_York',
  title: 'Usage above 1,000 API requests',
};
