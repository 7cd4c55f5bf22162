// More of the resources Square's webhook events carry (see square-resources.ts): smaller objects, the
// fields that identify them and the state their event names.
import {
  CREATED,
  CUSTOMER_ID,
  created,
  LOCATION_ID,
  money,
  ORDER_ID,
  PAYMENT_ID,
  TEAM_MEMBER_ID,
  UPDATED,
  verb,
} from './square-resources.ts';

type Json = Record<string, unknown>;

export const bankAccount = (event: string): Json => ({
  id: 'bact:1tqBS3uV3PAyZEWa',
  account_number_suffix: '6789',
  country: 'US',
  currency: 'USD',
  account_type: 'CHECKING',
  holder_name: 'Hookctl Coffee LLC',
  primary_bank_identification_number: '021000021',
  location_id: LOCATION_ID,
  status:
    { created: 'VERIFICATION_IN_PROGRESS', verified: 'VERIFIED', disabled: 'DISABLED' }[verb(event)] ??
    'VERIFIED',
  creditable: verb(event) !== 'disabled',
  debitable: verb(event) === 'verified',
  version: created(event) ? 1 : 2,
  bank_name: 'JPMORGAN CHASE BANK, N.A.',
});

export const booking = (event: string): Json => ({
  id: 'zkras0xv0xwswx',
  version: created(event) ? 0 : 1,
  status: created(event) ? 'ACCEPTED' : 'CANCELLED_BY_SELLER',
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  start_at: '2026-12-05T17:00:00Z',
  location_id: LOCATION_ID,
  customer_id: CUSTOMER_ID,
  customer_note: 'Window seat, please',
  appointment_segments: [
    {
      duration_minutes: 60,
      service_variation_id: 'RU3PBTZTK7DXZDQFCJHOK2MC',
      team_member_id: TEAM_MEMBER_ID,
      service_variation_version: 1_730_000_000_000,
    },
  ],
  location_type: 'BUSINESS_LOCATION',
  source: 'FIRST_PARTY_MERCHANT',
});

const ATTRIBUTE_KEY = 'favorite-roast';
export const customAttributeDefinition = (event: string): Json => ({
  key:
    event.includes('.owned.') || !event.includes('.visible.')
      ? ATTRIBUTE_KEY
      : `sq0idp-Ha6sS3kd9l2mFpR7oQ1xYg:${ATTRIBUTE_KEY}`,
  schema: {
    $ref: 'https://developer-production-s.squarecdn.com/schemas/v1/common.json#squareup.common.String',
  },
  name: 'Favorite roast',
  description: 'The roast the customer orders most',
  visibility:
    event.includes('.visible.') || event.includes('.public.') ? 'VISIBILITY_READ_ONLY' : 'VISIBILITY_HIDDEN',
  version: created(event) ? 1 : 2,
  updated_at: created(event) ? CREATED : UPDATED,
  created_at: CREATED,
});

export const customAttribute = (event: string): Json => ({
  key: customAttributeDefinition(event).key,
  value: 'Dark roast',
  version: verb(event) === 'deleted' ? 2 : 1,
  visibility: customAttributeDefinition(event).visibility,
  updated_at: UPDATED,
  created_at: CREATED,
});

export const dispute = (event: string): Json => ({
  id: 'XDgyFu7yo1E2S5lQGGpYn',
  amount_money: money(2500),
  reason: 'NOT_AS_DESCRIBED',
  state: event.startsWith('dispute.state.') ? 'WON' : 'EVIDENCE_REQUIRED',
  due_at: '2026-12-14T00:00:00.000Z',
  disputed_payment: { payment_id: PAYMENT_ID },
  card_brand: 'VISA',
  created_at: CREATED,
  updated_at: UPDATED,
  brand_dispute_id: '100000809947',
  location_id: LOCATION_ID,
  version: event === 'dispute.created' ? 1 : 3,
});

const GIFT_CARD_ID = 'gftc:6d55a72470d940c6ba09c0ab8ad08d20';
export const giftCard = (event: string): Json => ({
  id: GIFT_CARD_ID,
  type: 'DIGITAL',
  gan_source: 'SQUARE',
  state: event === 'gift_card.created' ? 'PENDING' : 'ACTIVE',
  balance_money: money(event === 'gift_card.created' ? 0 : 5000),
  gan: '7783320002929081',
  created_at: CREATED,
  customer_ids: event === 'gift_card.customer_unlinked' ? [] : [CUSTOMER_ID],
});
export const giftCardActivity = (): Json => ({
  id: 'gcact_c8f8cbf1f24b448d8ecf39ed03f97864',
  type: 'ACTIVATE',
  location_id: LOCATION_ID,
  created_at: CREATED,
  gift_card_id: GIFT_CARD_ID,
  gift_card_gan: '7783320002929081',
  gift_card_balance_money: money(5000),
  activate_activity_details: {
    amount_money: money(5000),
    order_id: ORDER_ID,
    line_item_uid: 'eIWl7X0nMuO9Ewbh0ChIx',
  },
});

export const inventoryCounts = (): Json[] => [
  {
    catalog_object_id: 'FGQ5JJWT2PYTHF35CKZ4DFGC',
    catalog_object_type: 'ITEM_VARIATION',
    state: 'IN_STOCK',
    location_id: LOCATION_ID,
    quantity: '37',
    calculated_at: UPDATED,
  },
];

const SHIFT_ID = 'K0YH4CV5462JB';
export const scheduledShift = (event: string): Json => ({
  id: 'K0YH4CV5462JC',
  draft_shift_details: {
    team_member_id: TEAM_MEMBER_ID,
    location_id: LOCATION_ID,
    job_id: 'FzbJAtt9qEWncK1BWgVCxQ6M',
    start_at: '2026-12-07T08:00:00-08:00',
    end_at: '2026-12-07T16:00:00-08:00',
    timezone: 'America/Los_Angeles',
  },
  ...(event === 'labor.scheduled_shift.published'
    ? {
        published_shift_details: {
          team_member_id: TEAM_MEMBER_ID,
          location_id: LOCATION_ID,
          job_id: 'FzbJAtt9qEWncK1BWgVCxQ6M',
          start_at: '2026-12-07T08:00:00-08:00',
          end_at: '2026-12-07T16:00:00-08:00',
          timezone: 'America/Los_Angeles',
        },
      }
    : {}),
  version: created(event) ? 1 : 2,
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
});
const workPeriod = (event: string, withEnd: boolean): Json => ({
  location_id: LOCATION_ID,
  timezone: 'America/Los_Angeles',
  start_at: '2026-11-30T08:00:00-08:00',
  ...(withEnd ? { end_at: '2026-11-30T16:00:00-08:00' } : {}),
  team_member_id: TEAM_MEMBER_ID,
  status: withEnd ? 'CLOSED' : 'OPEN',
  version: created(event) ? 1 : 2,
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
});
export const shift = (event: string): Json => ({
  id: SHIFT_ID,
  employee_id: TEAM_MEMBER_ID,
  ...workPeriod(event, !created(event)),
});
export const timecard = (event: string): Json => ({
  id: 'TC8E0GJ2WQ1SV',
  ...workPeriod(event, !created(event)),
});

export const payout = (event: string): Json => ({
  id: 'po_b345d2c7-90b3-4f0b-a2aa-df1def7f8afc',
  status: { sent: 'SENT', paid: 'PAID', failed: 'FAILED' }[verb(event)] ?? 'SENT',
  location_id: LOCATION_ID,
  created_at: CREATED,
  updated_at: UPDATED,
  amount_money: money(34750),
  destination: { type: 'BANK_ACCOUNT', id: 'bact:1tqBS3uV3PAyZEWa' },
  version: 2,
  type: 'BATCH',
  arrival_date: '2026-12-02',
});

const LOYALTY_PROGRAM_ID = 'd619f755-2d17-41f3-990d-c04ecedd64dd';
export const loyaltyAccount = (event: string): Json => ({
  id: '716cefbc-3d71-4d7c-bdc8-9c7f84c2d793',
  program_id: LOYALTY_PROGRAM_ID,
  balance: created(event) ? 0 : 14,
  lifetime_points: created(event) ? 0 : 14,
  customer_id: CUSTOMER_ID,
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  mapping: { id: '664c22ba-9460-45a5-8917-381ae72dcfdc', created_at: CREATED, phone_number: '+14155550123' },
});
export const loyaltyProgram = (event: string): Json => ({
  id: LOYALTY_PROGRAM_ID,
  status: 'ACTIVE',
  reward_tiers: [
    {
      id: 'e1b39225-9da5-43d1-a5db-782cdd8ad94f',
      points: 10,
      name: 'Free drink',
      created_at: CREATED,
      pricing_rule_reference: { object_id: 'GE6ZOUH4G5RRGFIMQYZ5HWAS', catalog_version: 1_730_000_000_000 },
    },
  ],
  terminology: { one: 'Star', other: 'Stars' },
  location_ids: [LOCATION_ID],
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  accrual_rules: [
    { accrual_type: 'SPEND', points: 1, spend_data: { amount_money: money(100), tax_mode: 'BEFORE_TAX' } },
  ],
});
export const loyaltyPromotion = (event: string): Json => ({
  id: 'loypromo_f0f9b849-725e-378d-b810-511237e07b67',
  name: 'Double stars on Tuesdays',
  incentive: { type: 'POINTS_MULTIPLIER', points_multiplier_data: { multiplier: '2' } },
  available_time: {
    time_periods: [
      'BEGIN:VEVENT\nDTSTART:20261201T000000\nDURATION:PT24H\nRRULE:FREQ=WEEKLY;BYDAY=TU\nEND:VEVENT',
    ],
  },
  trigger_limit: { times: 1, interval: 'DAY' },
  status: 'ACTIVE',
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  loyalty_program_id: LOYALTY_PROGRAM_ID,
});
export const loyaltyEvent = (): Json => ({
  id: 'c27c8465-806e-36f2-b4b3-71f5887b5ba8',
  type: 'ACCUMULATE_POINTS',
  created_at: UPDATED,
  accumulate_points: { loyalty_program_id: LOYALTY_PROGRAM_ID, points: 25, order_id: ORDER_ID },
  loyalty_account_id: '716cefbc-3d71-4d7c-bdc8-9c7f84c2d793',
  location_id: LOCATION_ID,
  source: 'LOYALTY_API',
});
