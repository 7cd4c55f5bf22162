// Writes fixtures/paddle/: one notification for every `EventName` of @paddle/paddle-node-sdk, built from
// the SDK's `IEvents` union (each event's `data` type): every required field, from the table below of
// realistic values for one seller, with the state the event's name implies (`subscription.canceled` is
// canceled with `canceled_at`). Run: node --import tsx scripts/gen-paddle-fixtures.ts
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OMIT, program, synthesize } from './lib/synthesize.ts';
import { PADDLE_STATES } from './paddle-fixture-rules.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = `${ROOT}fixtures/paddle/`;
const ENTRY = `${ROOT}node_modules/@paddle/paddle-node-sdk/dist/types/index.cjs.node.d.ts`;

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
/** A stable Paddle id: the prefix, `01`, and 24 characters derived from `seed`. */
function id(prefix: string, seed = prefix): string {
  const digest = createHash('sha256').update(`hookctl-paddle:${seed}`).digest();
  return `${prefix}_01${Array.from(digest.subarray(0, 24), (byte) => CROCKFORD[byte % 32]).join('')}`;
}

// One seller's world (https://developer.paddle.com/api-reference/about/paddle-ids for the prefixes).
const IDS = {
  customer: id('ctm'),
  address: id('add'),
  business: id('biz'),
  product: id('pro'),
  price: id('pri'),
  subscription: id('sub'),
  transaction: id('txn'),
  adjustment: id('adj'),
  adjustmentItem: id('adjitm'),
  transactionItem: id('txnitm'),
  discount: id('dsc'),
  discountGroup: id('dsg'),
  paymentMethod: id('paymtd'),
  apiKey: id('apikey'),
  apiKeyExposure: id('apkexp'),
  clientToken: id('ctkn'),
  report: id('rep'),
  payout: id('payout'),
  invoice: id('inv'),
};

const CREATED = '2026-11-02T09:14:27.318Z';
const UPDATED = '2026-11-02T09:16:03.902Z';
const PERIOD = { starts_at: '2026-11-02T09:14:27.318Z', ends_at: '2026-12-02T09:14:27.318Z' };
const money = (amount: string) => ({ amount, currency_code: 'USD' });

/** Which entity an event's `data` is, from its name: `api_key_exposure.created` → `api_key_exposure`. */
const entityOf = (event: string) => event.slice(0, event.lastIndexOf('.'));

const ENTITY_ID: Record<string, string> = {
  address: IDS.address,
  adjustment: IDS.adjustment,
  api_key: IDS.apiKey,
  api_key_exposure: IDS.apiKeyExposure,
  business: IDS.business,
  client_token: IDS.clientToken,
  customer: IDS.customer,
  discount: IDS.discount,
  discount_group: IDS.discountGroup,
  payment_method: IDS.paymentMethod,
  payout: IDS.payout,
  price: IDS.price,
  product: IDS.product,
  report: IDS.report,
  subscription: IDS.subscription,
  transaction: IDS.transaction,
};

/** The id a nested object carries, by the field that holds it. */
const NESTED_ID: Record<string, string> = {
  price: IDS.price,
  product: IDS.product,
  customer: IDS.customer,
  address: IDS.address,
  business: IDS.business,
  discount: IDS.discount,
  line_items: IDS.transactionItem,
  items: IDS.adjustmentItem,
};

/** Values by field name, the same wherever the field appears. */
const BY_NAME: Record<string, unknown> = {
  customer_id: IDS.customer,
  address_id: IDS.address,
  business_id: IDS.business,
  product_id: IDS.product,
  price_id: IDS.price,
  subscription_id: IDS.subscription,
  transaction_id: IDS.transaction,
  discount_id: IDS.discount,
  discount_group_id: IDS.discountGroup,
  payment_method_id: IDS.paymentMethod,
  api_key_id: IDS.apiKey,
  item_id: IDS.transactionItem,
  invoice_id: IDS.invoice,
  invoice_number: '325-10429',
  created_at: CREATED,
  updated_at: UPDATED,
  saved_at: CREATED,
  imported_at: CREATED,
  started_at: CREATED,
  first_billed_at: CREATED,
  billed_at: CREATED,
  captured_at: CREATED,
  next_billed_at: '2026-12-02T09:14:27.318Z',
  effective_at: '2026-12-02T09:14:27.318Z',
  currency_code: 'USD',
  email: 'jo.marsh@northwind-studio.example',
  marketing_consent: false,
  locale: 'en',
  name: 'Northwind Studio',
  company_number: '09876543',
  tax_identifier: 'GB123456789',
  description: 'Team plan, billed monthly',
  first_line: '3811 Ditmars Blvd',
  second_line: 'Suite 4',
  city: 'Astoria',
  postal_code: '11105',
  region: 'NY',
  country_code: 'US',
  tax_category: 'saas',
  image_url: 'https://cdn.northwind-studio.example/paddle/team-plan.png',
  unit_price: money('3000'),
  unit_price_override: OMIT,
  interval: 'month',
  frequency: 1,
  rate: '1',
  tax_rate: '0.2',
  enable_checkout: true,
  purchase_order_number: 'PO-2026-118',
  additional_information: 'Northwind Studio, accounts payable',
  payment_terms: { interval: 'day', frequency: 30 },
  remittance_reference: 'PAY-2026-11-0042',
  amount: '3600',
  code: 'WELCOME20',
  reason: 'Customer asked to cancel within the refund window',
  key: 'pdl_live_apikey_01gtgztp8fcvh9pbbw6ynrqczl_j3bwqx0l7m8k2vx9hp5w4_AoR',
  token: 'live_7d279f61a3499fed520f7cd8c08',
  reference: 'https://github.com/northwind-studio/billing-service/blob/main/.env',
  checkout: { url: 'https://northwind-studio.example/pay?_ptxn=' },
  url: 'https://northwind-studio.example/pay',
  fee: '180',
  earnings: '2820',
  subtotal: '3000',
  discount: OMIT,
  tax: '600',
  total: '3600',
  credit: '0',
  credit_to_balance: '0',
  balance: '0',
  grand_total: '3600',
  grand_total_tax: '600',
  retained_fee: '0',
  chargeback_fee: OMIT,
  exchange_rate: '1',
  fee_rate: '0.05',
  last4: '4242',
  expiry_month: 12,
  expiry_year: 2029,
  cardholder_name: 'Jo Marsh',
  type: undefined,
  value: 'saas',
  number: '325-10429',
  payment_attempt_id: '0f2a6c1e-8d4b-4c3a-9e57-2b1d6f8a9c40',
  stored_payment_method_id: 'a3e1b7d2-5c94-4f08-b6e2-9d7c1a4f3b85',
  amount_to_apply: OMIT,
  rows: 118,
  expires_at: '2026-12-02T09:14:27.318Z',
  last_used_at: UPDATED,
  revoked_at: null,
  deleted_at: OMIT,
  canceled_at: null,
  paused_at: null,
  permissions: ['transaction.read', 'subscription.read'],
  rotatable: true,
  recurring: true,
  scheduled_change: null,
  custom_data: null,
  import_meta: null,
  external_id: OMIT,
  trial_period: null,
  trial_dates: OMIT,
  billing_cycle: { interval: 'month', frequency: 1 },
  billing_period: PERIOD,
  current_billing_period: PERIOD,
  contacts: [{ name: 'Jo Marsh', email: 'jo.marsh@northwind-studio.example' }],
  filters: [{ name: 'updated_at', operator: 'gte', value: '2026-10-01' }],
  restrict_to: null,
  maximum_recurring_intervals: null,
  usage_limit: null,
  times_used: 0,
  recur: true,
  enabled_for_checkout: true,
};

/** Optional fields every fixture writes, so they look as Paddle sends them (with values, or null). */
const OPTIONAL = new Set([
  'business_id',
  'billing_details',
  'current_billing_period',
  'next_billed_at',
  'started_at',
  'first_billed_at',
  'billing_period',
  'details',
  'billed_at',
  'product',
  'price',
  'price_id',
  'subscription_id',
  'invoice_number',
  'custom_data',
  'canceled_at',
  'paused_at',
  'scheduled_change',
  'totals',
  'unit_totals',
  'tax_rates_used',
  'rows',
  'expires_at',
  'tax_category',
  'image_url',
  'description',
  'checkout',
  'payout_totals',
]);

function table(event: string) {
  const entity = entityOf(event);
  const state = PADDLE_STATES[event] ?? {};
  return {
    value(path: string, name: string): unknown {
      if (path in state) return state[path];
      if (path === 'event_id') return id('evt', `event:${event}`);
      if (path === 'notification_id') return id('ntf', `notification:${event}`);
      if (path === 'occurred_at') return UPDATED;
      if (path === 'data.id') return ENTITY_ID[entity] ?? id(entity);
      if (path === 'data.origin' && entity === 'transaction') return 'subscription_recurring';
      if (name === 'quantity') {
        const price = path === 'data.quantity' ? entity === 'price' : path.endsWith('price.quantity');
        return price ? { minimum: 1, maximum: 100 } : 1;
      }
      if (name === 'discount' && path.endsWith('totals.discount')) return '0';
      if (name === 'tax_rate' && path.endsWith('tax_rates_used[].tax_rate')) return '0.2';
      if (name === 'id') {
        const holder = path.split('.').at(-2)?.replace('[]', '') ?? '';
        return NESTED_ID[holder] ?? id(holder || 'unknown');
      }
      if (name === 'name' && (entity === 'product' || /product$/.test(path.slice(0, -5)))) return 'Team plan';
      if (path === 'data.name' && entity === 'discount_group') return 'Launch promotions';
      if (path === 'data.name' && entity === 'api_key') return 'Billing service (production)';
      if (path === 'data.name' && entity === 'client_token') return 'Checkout on northwind-studio.example';
      if (path === 'data.name' && entity === 'customer') return 'Jo Marsh';
      if (path === 'data.description' && entity === 'price') return 'Monthly, per seat';
      return BY_NAME[name];
    },
    optional: (path: string, name: string) => path in state || OPTIONAL.has(name),
  };
}

function main(): void {
  const { checker, exports } = program(ENTRY);
  const events = exports.get('IEvents');
  if (events === undefined) throw new Error('the SDK no longer exports IEvents');
  const union = checker.getDeclaredTypeOfSymbol(events);
  if (!union.isUnion()) throw new Error('IEvents is not a union');
  // Only the generated templates go: the README beside them is written by hand.
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.json')) rmSync(`${OUT}${file}`);
  const index: Array<{ event: string; description: string; file: string }> = [];
  const missing: string[] = [];
  for (const member of union.types) {
    const typeSymbol = checker.getPropertyOfType(member, 'event_type');
    if (typeSymbol === undefined) throw new Error('an IEvents member has no event_type');
    const literal = checker.getTypeOfSymbol(typeSymbol);
    if (!literal.isStringLiteral()) throw new Error(`event_type is ${checker.typeToString(literal)}`);
    const event = literal.value;
    const built = synthesize(checker, member, table(event));
    missing.push(...built.missing.map((path) => `${event}: ${path}`));
    const payload = built.value as Record<string, unknown>;
    // Paddle's own field order (https://developer.paddle.com/webhooks/overview).
    const ordered = {
      event_id: payload.event_id,
      event_type: event,
      occurred_at: payload.occurred_at,
      notification_id: payload.notification_id,
      data: payload.data,
    };
    const file = `${event}.json`;
    writeFileSync(`${OUT}${file}`, `${JSON.stringify(ordered, null, 2)}\n`);
    index.push({ event, description: describe(event), file });
  }
  if (missing.length > 0) throw new Error(`no value for:\n${[...new Set(missing)].join('\n')}`);
  index.sort((a, b) => a.event.localeCompare(b.event));
  writeFileSync(`${OUT}index.json`, `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${index.length} Paddle events to fixtures/paddle/`);
}

function describe(event: string): string {
  const [entity = '', action = ''] = [entityOf(event), event.slice(event.lastIndexOf('.') + 1)];
  const noun = entity.replaceAll('_', ' ').replace('api key', 'API key');
  const verb: Record<string, string> = {
    past_due: 'is past due',
    payment_failed: 'had a payment attempt fail',
    expiring: 'expires soon',
    ready: 'is ready to be billed',
    trialing: 'started a trial',
  };
  const article = /^[aeiou]/i.test(noun) ? 'An' : 'A';
  return `${article} ${noun} ${verb[action] ?? `was ${action.replaceAll('_', ' ')}`}`;
}

main();
