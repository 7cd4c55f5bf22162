// B2B (companies, their contacts, locations and contact roles), markets, metaobjects, metafield
// definitions, customer segments and tags, delivery profiles and the shop's settings topics. Shapes follow
// the sample payloads of Shopify's webhook reference (https://shopify.dev/docs/api/webhooks/2026-07,
// "Sample Payload" of each topic); values are ours, of the one development shop. See shopify-resources.ts.
import type { CatalogueEntry } from './shopify-others.ts';
import { at, CUSTOMER_ID, gid, type Json, SHOP } from './shopify-resources.ts';
import { SHOP_GID } from './shopify-subscriptions.ts';

export const COMPANY_GID = gid('Company', 2039481726);
const CONTACT_GID = gid('CompanyContact', 3049581726);
const LOCATION_GID = gid('CompanyLocation', 4059681726);
const ADDRESS_GID = gid('CompanyAddress', 5069781726);
const MARKET_ID = 58201938476;
const METAOBJECT_GID = gid('Metaobject', 129384756102);
const METAFIELD_DEFINITION_ID = 219384756103;
const SEGMENT_ID = 619283746501;
const PROFILE_ID = 94820193847;
const TAX_ID = '84-2917365';

const company = (): Json => ({
  name: 'Kent Avenue Outfitters',
  note: 'Wholesale account since the autumn trade show',
  external_id: 'KAO-0042',
  main_contact_admin_graphql_api_id: CONTACT_GID,
  created_at: at('05:50:00'),
  updated_at: at('05:58:14'),
  customer_since: at('05:50:00'),
  admin_graphql_api_id: COMPANY_GID,
});

const contact = (): Json => ({
  customer_admin_graphql_api_id: gid('Customer', CUSTOMER_ID),
  title: 'Buyer',
  locale: 'en',
  created_at: at('05:52:30'),
  updated_at: at('05:52:30'),
  admin_graphql_api_id: CONTACT_GID,
  company: company(),
});

const companyAddress = (): Json => ({
  address1: '301 Wythe Ave',
  city: 'Brooklyn',
  province: 'New York',
  country: 'United States',
  zip: '11249',
  recipient: 'Kent Avenue Outfitters',
  first_name: 'Maya',
  last_name: 'Lindqvist',
  address2: null,
  phone: '+17185550142',
  zone_code: 'NY',
  country_code: 'US',
  created_at: at('05:55:00'),
  updated_at: at('05:55:00'),
  admin_graphql_api_id: ADDRESS_GID,
  company_admin_graphql_api_id: COMPANY_GID,
});

const companyLocation = (): Json => ({
  name: 'Williamsburg store',
  external_id: 'KAO-0042-WBG',
  phone: '+17185550142',
  locale: 'en',
  created_at: at('05:55:00'),
  updated_at: at('05:58:14'),
  note: 'Deliveries at the back door, weekdays before noon',
  buyer_experience_configuration: null,
  admin_graphql_api_id: LOCATION_GID,
  tax_exemptions: [],
  tax_settings: { tax_registration_id: TAX_ID, tax_exempt: false, tax_exemptions: [] },
  company: company(),
  billing_address: companyAddress(),
  shipping_address: companyAddress(),
  tax_registration: { tax_id: TAX_ID },
});

const role = (): Json => ({
  company_contact: contact(),
  company_location: companyLocation(),
  company_contact_role: { name: 'Ordering only' },
});

const market = (status: 'active' | 'draft'): Json => ({
  id: MARKET_ID,
  name: 'Canada',
  type: 'region',
  status,
});

const metaobject = (status: 'draft' | 'active', updated: string): Json => ({
  type: 'care_guide',
  handle: 'merino-care',
  created_at: at('06:20:00'),
  updated_at: at(updated),
  display_name: 'Merino care',
  id: METAOBJECT_GID,
  definition_id: gid('MetaobjectDefinition', 129384750001),
  fields: { title: 'Merino care', instructions: 'Hand wash cold and dry flat, away from heat.' },
  created_by_staff_id: gid('StaffMember', 110293847561),
  created_by_app_id: gid('ApiClient', 6120398475),
  capabilities: { publishable: { status } },
});

const metafieldDefinition = (name: string, updated: string): Json => ({
  id: METAFIELD_DEFINITION_ID,
  shop_id: SHOP.id,
  namespace: 'custom',
  key: 'care_instructions',
  name,
  description: 'Washing and drying, shown on the product page',
  owner_type: 'Product',
  deleting: false,
  type_name: 'multi_line_text_field',
  options: [],
  api_client_id: null,
  created_at: at('06:18:00'),
  updated_at: at(updated),
  validation_status: 'all_valid',
  pinned_position: 1,
  standard_template_id: null,
  merchant_writeable: true,
  storefront_readable: true,
  customer_access: null,
  namespace_owner_api_client_id: null,
  unique_values: false,
  smart_collection_condition: false,
  option_linkable: false,
  admin_filterable: false,
  admin_filterable_status: null,
  app_config_managed: false,
  access_only: false,
  admin_filter_status: 'not_filterable',
  use_as_collection_condition: false,
});

const segment = (query: string): Json => ({
  id: SEGMENT_ID,
  name: 'Bought a beanie',
  query,
  creationDate: '2026-12-01T11:40:00.000Z',
  lastEditDate: '2026-12-01T11:52:10.000Z',
});

const tags = (added: string[]) => (): Json => ({
  customerId: gid('Customer', CUSTOMER_ID),
  tags: added,
  occurredAt: '2026-12-01T12:01:44.000Z',
});

const profile = (name: string, version: number): Json => ({
  id: PROFILE_ID,
  admin_graphql_api_id: gid('DeliveryProfile', PROFILE_ID),
  name,
  default: false,
  profile_type: null,
  version,
});

const taxService = (): Json => ({
  id: 1093847562,
  name: 'Hookctl Tax',
  url: 'https://tax.hookctl.dev/shopify/calculate',
  active: true,
});

const threeOf = (
  family: string,
  noun: string,
  build: () => Json,
  deleted: () => Json = build,
): CatalogueEntry[] => [
  [`${family}/create`, `A ${noun} is created.`, build],
  [`${family}/update`, `A ${noun} is updated.`, build],
  [`${family}/delete`, `A ${noun} is deleted.`, deleted],
];

export const B2B: CatalogueEntry[] = [
  ...threeOf('companies', 'B2B company', company),
  ...threeOf('company_contacts', "B2B company's contact (a customer)", contact),
  ...threeOf('company_locations', "B2B company's location", companyLocation),
  ['company_contact_roles/assign', 'A contact is given a role at a company location.', role],
  ['company_contact_roles/revoke', "A contact's role at a company location is revoked.", role],
  ['markets/create', 'A market (Canada) is created, as a draft.', () => market('draft')],
  ['markets/update', 'A market changes (activated).', () => market('active')],
  ['markets/delete', 'A market is deleted: only its id.', () => ({ id: MARKET_ID })],
  ['metaobjects/create', 'A metaobject entry is created (draft).', () => metaobject('draft', '06:20:00')],
  ['metaobjects/update', 'A metaobject entry changes (published).', () => metaobject('active', '06:31:20')],
  [
    'metaobjects/delete',
    'A metaobject entry is deleted: id, type and handle.',
    () => ({
      id: METAOBJECT_GID,
      type: 'care_guide',
      handle: 'merino-care',
      created_by_app_id: gid('ApiClient', 6120398475),
    }),
  ],
  [
    'metafield_definitions/create',
    'A product metafield definition is created.',
    () => metafieldDefinition('Care instructions', '06:18:00'),
  ],
  [
    'metafield_definitions/update',
    'A metafield definition changes (renamed).',
    () => metafieldDefinition('Care and washing', '06:26:45'),
  ],
  [
    'metafield_definitions/delete',
    'A metafield definition is deleted: its gid and type.',
    () => ({
      id: gid('MetafieldDefinition', METAFIELD_DEFINITION_ID),
      type: 'ShopifyMetafields::Types::MultiLineTextFieldType',
      created_by_app_id: null,
    }),
  ],
  [
    'segments/create',
    'A customer segment is created.',
    () => segment("products_purchased(tag: 'merino') = true"),
  ],
  [
    'segments/update',
    "A customer segment's query changes.",
    () => segment("products_purchased(tag: 'merino') = true AND number_of_orders >= 2"),
  ],
  ['segments/delete', 'A customer segment is deleted: only its id.', () => ({ id: SEGMENT_ID })],
  ['customer.tags_added', 'Tags are added to a customer.', tags(['wholesale', 'vip'])],
  ['customer.tags_removed', 'Tags are removed from a customer.', tags(['newsletter'])],
  ...threeOf('profiles', 'delivery profile', () => profile('Oversized parcels', 2)),
  ['tax_services/create', "The app's tax calculation service is created.", taxService],
  ['tax_services/update', "The app's tax calculation service changes.", taxService],
  [
    'customer_account_settings/update',
    "The shop's customer account settings change.",
    () => ({
      url: null,
      customer_accounts_version: 'classic',
      login_required_at_checkout: false,
      login_links_visible_on_storefront_and_checkout: true,
    }),
  ],
  [
    'delivery_promise_settings/update',
    "The shop's delivery promise settings change.",
    () => ({ shop_id: SHOP_GID, processing_time: 'P1D', delivery_dates_enabled: true }),
  ],
];
