// Writes fixtures/square/: one template for every webhook event type the `square` SDK (46.0.0) declares
// (each `*Event` interface in node_modules/square/api/types, less the four that are not webhook events),
// its name from the interface's documentation (`The type of this event. The value is "payment.created"`)
// or, where the SDK leaves it out, the table below (names from Square's webhook events reference,
// https://developer.squareup.com/reference/square/webhooks), its data shape from the SDK's types, its
// resource from square-resources*.ts. Run: node --import tsx scripts/gen-square-fixtures.ts
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as base from './square-resources.ts';
import * as more from './square-resources-more.ts';
import * as ops from './square-resources-ops.ts';

const TYPES = new URL('../node_modules/square/api/types/', import.meta.url);
const OUT = new URL('../fixtures/square/', import.meta.url);
/** `*Event` types that are not webhook events: the generic envelope and three resources named `…Event`. */
const NOT_EVENTS = new Set(['Event', 'LoyaltyEvent', 'SubscriptionEvent', 'CashDrawerShiftEvent']);
/** Event names the SDK's documentation does not spell out. */
export const UNDOCUMENTED: Record<string, string> = {
  CatalogVersionUpdatedEvent: 'catalog.version.updated',
  CustomerCreatedEvent: 'customer.created',
  CustomerDeletedEvent: 'customer.deleted',
  CustomerUpdatedEvent: 'customer.updated',
  DisputeCreatedEvent: 'dispute.created',
  DisputeEvidenceAddedEvent: 'dispute.evidence.added',
  DisputeEvidenceCreatedEvent: 'dispute.evidence.created',
  DisputeEvidenceDeletedEvent: 'dispute.evidence.deleted',
  DisputeEvidenceRemovedEvent: 'dispute.evidence.removed',
  DisputeStateChangedEvent: 'dispute.state.changed',
  DisputeStateUpdatedEvent: 'dispute.state.updated',
  GiftCardActivityCreatedEvent: 'gift_card.activity.created',
  GiftCardActivityUpdatedEvent: 'gift_card.activity.updated',
  GiftCardCreatedEvent: 'gift_card.created',
  GiftCardCustomerLinkedEvent: 'gift_card.customer_linked',
  GiftCardCustomerUnlinkedEvent: 'gift_card.customer_unlinked',
  GiftCardUpdatedEvent: 'gift_card.updated',
  InventoryCountUpdatedEvent: 'inventory.count.updated',
  LaborScheduledShiftCreatedEvent: 'labor.scheduled_shift.created',
  LaborScheduledShiftDeletedEvent: 'labor.scheduled_shift.deleted',
  LaborScheduledShiftPublishedEvent: 'labor.scheduled_shift.published',
  LaborScheduledShiftUpdatedEvent: 'labor.scheduled_shift.updated',
  LaborShiftCreatedEvent: 'labor.shift.created',
  LaborShiftDeletedEvent: 'labor.shift.deleted',
  LaborShiftUpdatedEvent: 'labor.shift.updated',
  LaborTimecardCreatedEvent: 'labor.timecard.created',
  LaborTimecardDeletedEvent: 'labor.timecard.deleted',
  LaborTimecardUpdatedEvent: 'labor.timecard.updated',
  LoyaltyAccountCreatedEvent: 'loyalty.account.created',
  LoyaltyAccountDeletedEvent: 'loyalty.account.deleted',
  LoyaltyAccountUpdatedEvent: 'loyalty.account.updated',
  LoyaltyEventCreatedEvent: 'loyalty.event.created',
  LoyaltyProgramCreatedEvent: 'loyalty.program.created',
  LoyaltyProgramUpdatedEvent: 'loyalty.program.updated',
  LoyaltyPromotionCreatedEvent: 'loyalty.promotion.created',
  LoyaltyPromotionUpdatedEvent: 'loyalty.promotion.updated',
  PayoutFailedEvent: 'payout.failed',
  VendorCreatedEvent: 'vendor.created',
  VendorUpdatedEvent: 'vendor.updated',
};

type Json = Record<string, unknown>;
type Build = (event: string) => unknown;
const CREATED = '2026-11-30T18:24:05.512Z';

/** What builds each SDK type a data object holds. */
const BUILDERS: Record<string, Build> = {
  Payment: base.payment,
  PaymentRefund: base.refund,
  OrderCreated: base.orderCreated,
  OrderUpdated: base.orderUpdated,
  OrderFulfillmentUpdated: base.orderFulfillmentUpdated,
  Customer: base.customer,
  Invoice: base.invoice,
  BankAccount: more.bankAccount,
  Booking: more.booking,
  CustomAttributeDefinition: more.customAttributeDefinition,
  CustomAttribute: more.customAttribute,
  Dispute: more.dispute,
  GiftCard: more.giftCard,
  GiftCardActivity: more.giftCardActivity,
  InventoryCount: more.inventoryCounts,
  ScheduledShift: more.scheduledShift,
  Shift: more.shift,
  Timecard: more.timecard,
  Payout: more.payout,
  LoyaltyAccount: more.loyaltyAccount,
  LoyaltyProgram: more.loyaltyProgram,
  LoyaltyPromotion: more.loyaltyPromotion,
  LoyaltyEvent: more.loyaltyEvent,
  TeamMember: ops.teamMember,
  Job: ops.job,
  WageSetting: ops.wageSetting,
  Subscription: ops.subscription,
  TerminalCheckout: ops.terminalCheckout,
  TerminalRefund: ops.terminalRefund,
  TerminalAction: ops.terminalAction,
  TransferOrder: ops.transferOrder,
  Vendor: ops.vendor,
  Device: ops.device,
  DeviceCode: ops.deviceCode,
  Card: (event) => base.card(event),
  CardForgottenEventCard: (event) => {
    const { id, customer_id, merchant_id, enabled, version } = base.card(event) as Json;
    return { id, customer_id, merchant_id, enabled, version };
  },
  OauthAuthorizationRevokedEventRevocationObject: () => ({
    revoked_at: CREATED,
    revoker_type: 'MERCHANT',
  }),
  CheckoutMerchantSettings: () => ({
    payment_methods: {
      apple_pay: { enabled: true },
      google_pay: { enabled: true },
      cash_app: { enabled: false },
      afterpay_clearpay: { enabled: false },
    },
    updated_at: CREATED,
  }),
  CheckoutLocationSettings: () => ({
    location_id: base.LOCATION_ID,
    customer_notes_enabled: true,
    branding: { header_type: 'FRAMED_LOGO', button_color: '#006aff', button_shape: 'ROUNDED' },
    updated_at: CREATED,
  }),
  CatalogVersionUpdatedEventCatalogVersion: () => ({ updated_at: CREATED }),
  // Square adds an event context only when customers were merged.
  CustomerCreatedEventEventContext: () => undefined,
  CustomerDeletedEventEventContext: () => undefined,
  VendorCreatedEventObjectOperation: () => 'CREATED',
  VendorUpdatedEventObjectOperation: () => 'UPDATED',
};

const WIRE = new URL('../node_modules/square/serialization/types/', import.meta.url);
/** The name a field has on the wire, from the SDK's serialization schema (`property("ScheduledShift", …)`). */
function wireKey(type: string, key: string): string {
  const schema = readFileSync(new URL(`${type}.js`, WIRE), 'utf8');
  return new RegExp(`\\b${key}: core\\.serialization\\.property\\("([^"]+)"`).exec(schema)?.[1] ?? key;
}
const source = (name: string) => readFileSync(new URL(`${name}.d.ts`, TYPES), 'utf8');

/** One event's template and description, from its SDK interface. */
export function buildEvent(name: string): { event: string; description: string; payload: Json } {
  const text = source(name);
  const event = /type of (?:this )?event[^`]*`"([a-z_.]+)"`/.exec(text)?.[1] ?? UNDOCUMENTED[name];
  if (event === undefined) throw new Error(`${name}: no event name; add it to UNDOCUMENTED`);
  const doc =
    /\/\*\*\s*\n\s*\*\s*(Published[^\n]*(?:\n\s*\*\s+[^@\n][^\n]*)*)/.exec(text)?.[1] ?? `Square ${event}`;
  const description = doc
    .replace(/\n\s*\*\s*/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    // The first sentence: the rest is about OAuth scopes and deprecations.
    .replace(/^(.*?\.)(?:\s|$).*$/, '$1');
  const dataName = /data\?: Square\.(\w+)/.exec(text)?.[1] ?? '';
  const dataText = source(dataName);
  const objectName = /object\?: Square\.(\w+)/.exec(dataText)?.[1];
  const dataType = /`"([a-z_]+)"`/.exec(
    /type\?:[^;]*;/.exec(dataText) ? (dataText.split('type?:')[0] ?? '') : '',
  )?.[1];
  const object: Json = {};
  if (objectName !== undefined) {
    for (const [, key, type] of source(objectName).matchAll(/^ {4}(\w+)\?: (?:Square\.)?(\w+)/gm)) {
      const build =
        type === 'string'
          ? () => (key?.startsWith('unlinked') || key?.startsWith('linked') ? base.CUSTOMER_ID : '')
          : BUILDERS[type ?? ''];
      if (build === undefined) throw new Error(`${name}: no builder for ${type}`);
      object[wireKey(objectName, key ?? '')] = build(event);
    }
  }
  const resource = Object.values(object).find(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  ) as Json | undefined;
  const id = (resource?.id ??
    resource?.key ??
    resource?.order_id ??
    resource?.team_member_id ??
    base.LOCATION_ID) as string;
  const located = /locationId\?/.test(text);
  const hasId = /^ {4}id\?:/m.test(dataText);
  const payload: Json = {
    merchant_id: base.MERCHANT_ID,
    ...(located ? { location_id: base.LOCATION_ID } : {}),
    type: event,
    event_id: '2f6c5b28-0c44-4c35-9f38-7d1e52e8a1a4',
    created_at: '2026-11-30T18:31:48.212Z',
    data: {
      type: dataType ?? event.split('.')[0],
      ...(hasId ? { id } : {}),
      ...(objectName === undefined ? {} : { object }),
    },
  };
  return { event, description, payload: JSON.parse(JSON.stringify(payload)) as Json };
}

export function eventTypeNames(): string[] {
  return readdirSync(TYPES)
    .filter((file) => file.endsWith('Event.d.ts'))
    .map((file) => file.slice(0, -'.d.ts'.length))
    .filter((name) => !NOT_EVENTS.has(name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Only the generated templates go: the README beside them is written by hand.
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.json')) rmSync(new URL(file, OUT));
  const index: Array<{ event: string; description: string; file: string; sdkType: string }> = [];
  for (const name of eventTypeNames()) {
    const { event, description, payload } = buildEvent(name);
    const file = `${event}.json`;
    writeFileSync(new URL(file, OUT), `${JSON.stringify(payload, null, 2)}\n`);
    index.push({ event, description, file, sdkType: name });
  }
  index.sort((a, b) => a.event.localeCompare(b.event));
  writeFileSync(new URL('index.json', OUT), `${JSON.stringify(index, null, 2)}\n`);
  console.log(`wrote ${index.length} Square fixtures`);
}
