// The rest of the resources Square's webhook events carry (see square-resources.ts): team, subscriptions,
// Terminal, transfer orders, vendors and devices.
import {
  CARD_ID,
  CREATED,
  CUSTOMER_ID,
  created,
  LOCATION_ID,
  money,
  ORDER_ID,
  PAYMENT_ID,
  TEAM_MEMBER_ID,
  UPDATED,
} from './square-resources.ts';

type Json = Record<string, unknown>;

export const teamMember = (event: string): Json => ({
  id: TEAM_MEMBER_ID,
  is_owner: false,
  status: 'ACTIVE',
  given_name: 'Grace',
  family_name: 'Hopper',
  email_address: 'grace.hopper@example.com',
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  assigned_locations: { assignment_type: 'EXPLICIT_LOCATIONS', location_ids: [LOCATION_ID] },
});
export const job = (event: string): Json => ({
  id: 'FzbJAtt9qEWncK1BWgVCxQ6M',
  title: 'Barista',
  is_tip_eligible: true,
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  version: created(event) ? 1 : 2,
});
export const wageSetting = (): Json => ({
  team_member_id: TEAM_MEMBER_ID,
  job_assignments: [
    {
      job_title: 'Barista',
      pay_type: 'HOURLY',
      hourly_rate: money(2250),
      job_id: 'FzbJAtt9qEWncK1BWgVCxQ6M',
    },
  ],
  is_overtime_exempt: false,
  version: 2,
  created_at: CREATED,
  updated_at: UPDATED,
});

export const subscription = (event: string): Json => ({
  id: '8151fc89-da15-4eb9-a685-1a70883cebfc',
  location_id: LOCATION_ID,
  plan_variation_id: '6JHXF3B2CW3YKHDV4XEM674H',
  customer_id: CUSTOMER_ID,
  start_date: '2026-12-01',
  status: created(event) ? 'PENDING' : 'ACTIVE',
  version: created(event) ? 1 : 2,
  created_at: CREATED,
  card_id: CARD_ID,
  timezone: 'America/Los_Angeles',
  source: { name: 'Hookctl Coffee' },
});

const terminalStatus = (event: string) => (created(event) ? 'PENDING' : 'COMPLETED');
export const terminalCheckout = (event: string): Json => ({
  id: 'dhgENdnFOPXqO',
  amount_money: money(2500),
  reference_id: 'register-17',
  device_options: { device_id: '121CS145A5000029', skip_receipt_screen: false, collect_signature: false },
  status: terminalStatus(event),
  ...(created(event) ? {} : { payment_ids: [PAYMENT_ID] }),
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  location_id: LOCATION_ID,
  payment_type: 'CARD_PRESENT',
});
export const terminalRefund = (event: string): Json => ({
  id: 'vjkNb2HD-xq5kiWWiJ7RhwrQnkxIn2N0l1nPZY',
  refund_id: created(event) ? undefined : `${PAYMENT_ID}_vjkNb2HD`,
  payment_id: PAYMENT_ID,
  order_id: ORDER_ID,
  amount_money: money(1000),
  reason: 'Returned one bag of coffee beans',
  device_id: '121CS145A5000029',
  status: terminalStatus(event),
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  location_id: LOCATION_ID,
});
export const terminalAction = (event: string): Json => ({
  id: 'termapia:jveJIAkkAjILHkdCE',
  device_id: '121CS145A5000029',
  status: terminalStatus(event),
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  type: 'SAVE_CARD',
  save_card_options: {
    customer_id: CUSTOMER_ID,
    ...(created(event) ? {} : { card_id: CARD_ID }),
  },
  location_id: LOCATION_ID,
});

export const transferOrder = (event: string): Json => ({
  id: 'transfer_order_1HV5XBDYQ9KVE',
  source_location_id: LOCATION_ID,
  destination_location_id: 'LQ2CKHMS0NF4B',
  status: created(event) ? 'DRAFT' : 'STARTED',
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  line_items: [
    { uid: 'wMUi9vlvP6hBZ0nw5fo2bA', item_variation_id: 'FGQ5JJWT2PYTHF35CKZ4DFGC', quantity_ordered: '12' },
  ],
  version: created(event) ? 1 : 2,
});

export const vendor = (event: string): Json => ({
  id: 'INV_V_FMCYHBWT1TPL8MFH52PBMEN92A',
  created_at: CREATED,
  updated_at: created(event) ? CREATED : UPDATED,
  name: 'Blue Bottle Roasters',
  version: created(event) ? 1 : 2,
  status: 'ACTIVE',
});

export const device = (): Json => ({
  id: 'device:121CS145A5000029',
  attributes: {
    type: 'TERMINAL',
    manufacturer: 'Square',
    model: 'T2',
    name: 'Front counter',
    manufacturers_id: '121CS145A5000029',
    updated_at: CREATED,
    version: '6.54',
  },
});
export const deviceCode = (): Json => ({
  id: 'B3Z6NAMYQSMTM',
  name: 'Front counter',
  code: 'EBCARJ',
  device_id: '121CS145A5000029',
  product_type: 'TERMINAL_API',
  location_id: LOCATION_ID,
  status: 'PAIRED',
  pair_by: '2026-11-30T18:29:05.512Z',
  created_at: CREATED,
  status_changed_at: UPDATED,
  paired_at: UPDATED,
});
