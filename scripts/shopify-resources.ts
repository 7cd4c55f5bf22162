// REST-shaped resources of one development shop, as Shopify serializes them in webhook payloads
// (https://shopify.dev/docs/api/admin-rest: the Order, Product, Customer, Checkout, Fulfillment, Refund,
// InventoryItem, InventoryLevel, Location, CustomCollection, DraftOrder, Theme and Shop resources, and
// https://shopify.dev/docs/apps/build/privacy-law-compliance for the compliance topics). Built here, not
// copied: ids are integers, money is a decimal string, times carry the shop's offset (-05:00).
// Used by scripts/gen-shopify-fixtures.ts.

export type Json = Record<string, unknown>;

export const SHOP = {
  id: 74839201566,
  name: 'Hookctl Dev',
  domain: 'hookctl-dev.myshopify.com',
  email: 'owner@hookctl.dev',
};
export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
export const at = (time: string) => `2026-12-01T${time}-05:00`;

export const LOCATION_ID = 71203948571;
export const CUSTOMER_ID = 7391849302115;
export const ORDER_ID = 6120938475623;
export const PRODUCT_ID = 8817263540291;
export const VARIANTS = [
  { id: 45610293847123, title: 'Charcoal', sku: 'BEANIE-MERINO-CHR', item: 47692018374621 },
  { id: 45610293879891, title: 'Oatmeal', sku: 'BEANIE-MERINO-OAT', item: 47692018407389 },
];
const PRICE = '29.00';

const address = (first: string, last: string) => ({
  first_name: first,
  last_name: last,
  address1: '214 Bedford Ave',
  address2: 'Apt 3F',
  city: 'Brooklyn',
  company: null,
  country: 'United States',
  country_code: 'US',
  province: 'New York',
  province_code: 'NY',
  zip: '11249',
  phone: '+17185550142',
  name: `${first} ${last}`,
  latitude: 40.7178,
  longitude: -73.9577,
});

export function customer(state: 'enabled' | 'disabled' | 'invited' = 'enabled'): Json {
  const home = {
    id: 9472018365123,
    customer_id: CUSTOMER_ID,
    ...address('Maya', 'Lindqvist'),
    default: true,
  };
  return {
    id: CUSTOMER_ID,
    email: 'maya.lindqvist@hookctl.dev',
    created_at: at('06:12:40'),
    updated_at: at('06:58:02'),
    first_name: 'Maya',
    last_name: 'Lindqvist',
    orders_count: 3,
    state,
    total_spent: '141.15',
    last_order_id: ORDER_ID,
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    tags: 'newsletter, returning',
    last_order_name: '#1042',
    currency: 'USD',
    phone: '+17185550142',
    addresses: [home],
    tax_exemptions: [],
    email_marketing_consent: {
      state: 'subscribed',
      opt_in_level: 'single_opt_in',
      consent_updated_at: at('06:12:40'),
    },
    sms_marketing_consent: null,
    admin_graphql_api_id: gid('Customer', CUSTOMER_ID),
    default_address: home,
  };
}

export function product(status: 'active' | 'draft' = 'active', inventory = [18, 7]): Json {
  return {
    admin_graphql_api_id: gid('Product', PRODUCT_ID),
    body_html: '<p>Ribbed merino wool beanie, knitted in Portugal.</p>',
    created_at: at('05:40:11'),
    handle: 'merino-wool-beanie',
    id: PRODUCT_ID,
    product_type: 'Hats',
    published_at: status === 'active' ? at('05:41:03') : null,
    template_suffix: null,
    title: 'Merino Wool Beanie',
    updated_at: at('06:05:27'),
    vendor: 'Hookctl Dev',
    status,
    published_scope: 'global',
    tags: 'merino, winter',
    variants: VARIANTS.map((variant, index) => ({
      admin_graphql_api_id: gid('ProductVariant', variant.id),
      barcode: null,
      compare_at_price: null,
      created_at: at('05:40:11'),
      id: variant.id,
      inventory_policy: 'deny',
      position: index + 1,
      price: PRICE,
      product_id: PRODUCT_ID,
      sku: variant.sku,
      taxable: true,
      title: variant.title,
      updated_at: at('06:05:27'),
      option1: variant.title,
      option2: null,
      option3: null,
      image_id: null,
      inventory_item_id: variant.item,
      inventory_quantity: inventory[index],
      old_inventory_quantity: inventory[index],
    })),
    options: [
      {
        name: 'Color',
        id: 10983746501923,
        product_id: PRODUCT_ID,
        position: 1,
        values: ['Charcoal', 'Oatmeal'],
      },
    ],
    images: [],
    image: null,
    media: [],
    variant_gids: VARIANTS.map((variant) => ({
      admin_graphql_api_id: gid('ProductVariant', variant.id),
      updated_at: '2026-12-01T11:05:27.000Z',
    })),
    has_variants_that_requires_components: false,
    category: {
      admin_graphql_api_id: 'gid://shopify/TaxonomyCategory/aa-2-17',
      name: 'Hats',
      full_name: 'Apparel & Accessories > Clothing Accessories > Hats',
    },
  };
}

export const LINE_ITEM_ID = 15839201746523;

export function lineItem(fulfilled: number): Json {
  const variant = VARIANTS[0] as (typeof VARIANTS)[number];
  return {
    id: LINE_ITEM_ID,
    admin_graphql_api_id: gid('LineItem', LINE_ITEM_ID),
    current_quantity: 2,
    fulfillable_quantity: 2 - fulfilled,
    fulfillment_service: 'manual',
    fulfillment_status: fulfilled === 0 ? null : fulfilled === 2 ? 'fulfilled' : 'partial',
    gift_card: false,
    grams: 113,
    name: `Merino Wool Beanie - ${variant.title}`,
    price: PRICE,
    price_set: money(PRICE),
    product_exists: true,
    product_id: PRODUCT_ID,
    properties: [],
    quantity: 2,
    requires_shipping: true,
    sku: variant.sku,
    taxable: true,
    title: 'Merino Wool Beanie',
    total_discount: '0.00',
    total_discount_set: money('0.00'),
    variant_id: variant.id,
    variant_inventory_management: 'shopify',
    variant_title: variant.title,
    vendor: 'Hookctl Dev',
    tax_lines: [{ price: '5.15', rate: 0.08875, title: 'NY State Tax', price_set: money('5.15') }],
    duties: [],
    discount_allocations: [],
  };
}

export const money = (amount: string) => ({
  shop_money: { amount, currency_code: 'USD' },
  presentment_money: { amount, currency_code: 'USD' },
});

// Shopify's money format is Liquid (`${{amount}}`), not a JS template.
const MONEY = `$${'{{amount}}'}`;

/** The Shop resource (https://shopify.dev/docs/api/admin-rest/latest/resources/shop). */
export function shop(): Json {
  return {
    id: SHOP.id,
    name: SHOP.name,
    email: SHOP.email,
    domain: SHOP.domain,
    province: 'New York',
    country: 'US',
    address1: '214 Bedford Ave',
    zip: '11249',
    city: 'Brooklyn',
    source: null,
    phone: '+17185550100',
    latitude: 40.7178,
    longitude: -73.9577,
    primary_locale: 'en',
    address2: '',
    created_at: '2026-11-02T10:14:05-05:00',
    updated_at: at('06:30:00'),
    country_code: 'US',
    country_name: 'United States',
    currency: 'USD',
    customer_email: SHOP.email,
    timezone: '(GMT-05:00) America/New_York',
    iana_timezone: 'America/New_York',
    shop_owner: 'Noor Haddad',
    money_format: MONEY,
    money_with_currency_format: `${MONEY} USD`,
    weight_unit: 'lb',
    province_code: 'NY',
    taxes_included: false,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: 'Development',
    plan_name: 'partner_test',
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: SHOP.domain,
    money_in_emails_format: MONEY,
    money_with_currency_in_emails_format: `${MONEY} USD`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: true,
    has_storefront: true,
    finances: true,
    primary_location_id: LOCATION_ID,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: ['USD'],
    transactional_sms_disabled: false,
    marketing_sms_consent_enabled_at_checkout: false,
  };
}

export const shippingAddress = () => address('Maya', 'Lindqvist');
export const TOTALS = { subtotal: '58.00', shipping: '4.00', tax: '5.15', total: '67.15' };
