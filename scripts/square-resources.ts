// The resources Square's webhook events carry, built for one sandbox seller: field names and types as the
// `square` SDK's wire schemas (`serialization.*`) declare them, ids in Square's formats, states matching
// the event that carries them. Read by scripts/gen-square-fixtures.ts; the values are ours, not Square's.
type Json = Record<string, unknown>;

export const MERCHANT_ID = 'MLQW9Z3VTPHX8';
export const LOCATION_ID = 'LDKT4WQ9P3ZHY';
export const CUSTOMER_ID = 'R4GQ3KTVNH7X53BZJ8Y6WQ0P2C';
export const TEAM_MEMBER_ID = 'TMk2RqX7vPdN3wYs';
export const PAYMENT_ID = 'bP9mAvEplKNlqdiasc2bAe6R3aSZY';
export const ORDER_ID = 'kM7pXtGvR3qNbYwZcD2sLfHjA4eUY';
export const CARD_ID = 'ccof:CA4SEHsQwr0rx6DbybLqRRaJZ1IgAg';
export const CREATED = '2026-11-30T18:24:05.512Z';
export const UPDATED = '2026-11-30T18:31:47.086Z';
export const money = (amount: number) => ({ amount, currency: 'USD' });
export const verb = (event: string) => event.split('.').at(-1) ?? '';
export const created = (event: string) => verb(event) === 'created';

export const card = (event: string): Json => ({
  id: CARD_ID,
  card_brand: 'VISA',
  last_4: '1111',
  exp_month: 11,
  exp_year: 2029,
  cardholder_name: 'Amelia Earhart',
  billing_address: { postal_code: '94103', country: 'US' },
  fingerprint: 'sq-1-l4Ez2HUdaPW0EGCnHt9Z0jO0DrxBZ4mKSyvHLXg2g36f1N5Xh2kVmpOsyjdpeb1wQg',
  customer_id: CUSTOMER_ID,
  merchant_id: MERCHANT_ID,
  enabled: !['disabled', 'forgotten'].includes(verb(event)),
  card_type: 'CREDIT',
  prepaid_type: 'NOT_PREPAID',
  bin: '411111',
  version: event === 'card.created' ? 1 : 2,
  card_co_brand: 'UNKNOWN',
});

export const payment = (event: string): Json => ({
  id: PAYMENT_ID,
  created_at: CREATED,
  updated_at: event === 'payment.created' ? CREATED : UPDATED,
  amount_money: money(2500),
  total_money: money(2500),
  approved_money: money(2500),
  status: event === 'payment.created' ? 'APPROVED' : 'COMPLETED',
  delay_duration: 'PT168H',
  source_type: 'CARD',
  card_details: {
    status: event === 'payment.created' ? 'AUTHORIZED' : 'CAPTURED',
    card: {
      card_brand: 'VISA',
      last_4: '1111',
      exp_month: 11,
      exp_year: 2029,
      bin: '411111',
      card_type: 'CREDIT',
    },
    entry_method: 'KEYED',
    cvv_status: 'CVV_ACCEPTED',
    avs_status: 'AVS_ACCEPTED',
    statement_description: 'SQ *HOOKCTL COFFEE',
  },
  location_id: LOCATION_ID,
  order_id: ORDER_ID,
  customer_id: CUSTOMER_ID,
  receipt_number: 'bP9m',
  receipt_url: `https://squareupsandbox.com/receipt/preview/${PAYMENT_ID}`,
  version_token: 'vguW2km6dPfvLf5GLhP6sMaq1bmgMP4n8B6jRyMYKzu6o',
});

const refundId = `${PAYMENT_ID}_nFjTgqtDdPRPSvqAQ9ytkXHWDvNqKbmY5WjCCbkcS3nV`;
export const refund = (event: string): Json => ({
  id: refundId,
  status: event === 'refund.created' ? 'PENDING' : 'COMPLETED',
  location_id: LOCATION_ID,
  amount_money: money(1000),
  payment_id: PAYMENT_ID,
  order_id: ORDER_ID,
  reason: 'Returned one bag of coffee beans',
  created_at: UPDATED,
  updated_at: event === 'refund.created' ? UPDATED : '2026-11-30T18:33:12.441Z',
});

const orderState = (event: string) => (event === 'order.created' ? 'OPEN' : 'COMPLETED');
export const orderCreated = (event: string): Json => ({
  order_id: ORDER_ID,
  version: 1,
  location_id: LOCATION_ID,
  state: orderState(event),
  created_at: CREATED,
});
export const orderUpdated = (event: string): Json => ({
  ...orderCreated(event),
  version: 4,
  updated_at: UPDATED,
});
export const orderFulfillmentUpdated = (): Json => ({
  order_id: ORDER_ID,
  version: 3,
  location_id: LOCATION_ID,
  state: 'OPEN',
  created_at: CREATED,
  updated_at: UPDATED,
  fulfillment_update: [
    { fulfillment_uid: 'fBkQ7hL4uR2pKd9sTnW3vA', old_state: 'PROPOSED', new_state: 'RESERVED' },
  ],
});

export const customer = (event: string): Json => ({
  id: CUSTOMER_ID,
  created_at: CREATED,
  updated_at: event === 'customer.created' ? CREATED : UPDATED,
  given_name: 'Amelia',
  family_name: 'Earhart',
  email_address: 'amelia.earhart@example.com',
  phone_number: '+14155550123',
  preferences: { email_unsubscribed: false },
  creation_source: 'THIRD_PARTY',
  version: event === 'customer.created' ? 0 : event === 'customer.deleted' ? 2 : 1,
});

const INVOICE_STATUS: Record<string, string> = {
  'invoice.created': 'DRAFT',
  'invoice.deleted': 'DRAFT',
  'invoice.published': 'UNPAID',
  'invoice.updated': 'UNPAID',
  'invoice.scheduled_charge_failed': 'UNPAID',
  'invoice.payment_made': 'PAID',
  'invoice.refunded': 'REFUNDED',
  'invoice.canceled': 'CANCELED',
};
export const invoice = (event: string): Json => {
  const status = INVOICE_STATUS[event] ?? 'UNPAID';
  const draft = status === 'DRAFT';
  return {
    id: 'inv:0-ChCHu2mZEabLeeHahQnXDjZQECY',
    version: draft ? 0 : 2,
    location_id: LOCATION_ID,
    order_id: ORDER_ID,
    primary_recipient: { customer_id: CUSTOMER_ID, given_name: 'Amelia', family_name: 'Earhart' },
    payment_requests: [
      {
        uid: '2da7964f-f3d2-4f43-81e8-5aa220bf3355',
        request_type: 'BALANCE',
        due_date: '2026-12-14',
        automatic_payment_source: event === 'invoice.scheduled_charge_failed' ? 'CARD_ON_FILE' : 'NONE',
        ...(event === 'invoice.scheduled_charge_failed' ? { card_id: CARD_ID } : {}),
        computed_amount_money: money(12000),
        total_completed_amount_money: money(['PAID', 'REFUNDED'].includes(status) ? 12000 : 0),
      },
    ],
    delivery_method: 'EMAIL',
    ...(draft
      ? {}
      : {
          invoice_number: '000017',
          public_url: 'https://squareupsandbox.com/pay-invoice/inv:0-ChCHu2mZEabLeeHahQnXDjZQECY',
        }),
    title: 'Catering order, December',
    status,
    timezone: 'America/Los_Angeles',
    created_at: CREATED,
    updated_at: UPDATED,
    accepted_payment_methods: {
      card: true,
      square_gift_card: false,
      bank_account: false,
      buy_now_pay_later: false,
      cash_app_pay: false,
    },
    sale_or_service_date: '2026-12-01',
    store_payment_method_enabled: false,
  };
};
