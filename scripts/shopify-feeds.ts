// Product feeds of a sales channel app: the feed itself, and the product syncs Shopify pushes to it.
// These payloads are GraphQL-shaped (camelCase, gids, `edges`), as the sample payloads of Shopify's
// webhook reference are (https://shopify.dev/docs/api/webhooks/2026-07); a full sync's `createdAt` is
// written "2026-12-01 06:00:00 -0500" and the incremental sync's metadata spells `occured_at`, both as
// there. Values are ours. See shopify-resources.ts.
import type { CatalogueEntry } from './shopify-others.ts';
import { gid, type Json, PRODUCT_ID, VARIANTS } from './shopify-resources.ts';
import { SHOP_GID } from './shopify-subscriptions.ts';

const FEED_GID = gid('ProductFeed', 3019283746);
const FULL_SYNC_GID = gid('ProductFullSync', 4019283746);
const IMAGE = {
  id: gid('ProductImage', 51029384756),
  url: 'https://cdn.shopify.com/s/files/1/0748/3920/1566/files/merino-beanie-charcoal.jpg?v=1764590000',
  height: 1600,
  width: 1600,
};

const feed = (): Json => ({ id: FEED_GID, country: 'US', language: 'EN', status: 'ACTIVE' });
const productFeed = { id: FEED_GID, shop_id: SHOP_GID, language: 'EN', country: 'US' };

const metadata = (type: 'FULL' | 'INCREMENTAL'): Json =>
  type === 'FULL'
    ? {
        action: 'CREATE',
        type,
        resource: 'PRODUCT',
        fullSyncId: FULL_SYNC_GID,
        truncatedFields: [],
        occurred_at: '2026-12-01T11:05:40.000Z',
      }
    : {
        action: 'UPDATE',
        type,
        resource: 'PRODUCT',
        truncatedFields: [],
        occured_at: '2026-12-01T06:05:40-05:00',
      };

/** The beanie as the Storefront-like product the feed carries. */
const feedProduct = (): Json => ({
  id: gid('Product', PRODUCT_ID),
  title: 'Merino Wool Beanie',
  description: 'Ribbed merino wool beanie, knitted in Portugal.',
  onlineStoreUrl: 'https://shop.hookctl.dev/products/merino-wool-beanie',
  createdAt: '2026-12-01T05:40:11-05:00',
  updatedAt: '2026-12-01T06:05:27-05:00',
  status: 'ACTIVE',
  isPublished: true,
  publishedAt: '2026-12-01T05:41:03-05:00',
  productType: 'Hats',
  vendor: 'Hookctl Dev',
  handle: 'merino-wool-beanie',
  images: { edges: [{ node: IMAGE }] },
  options: [{ name: 'Color', values: VARIANTS.map((variant) => variant.title) }],
  seo: { title: 'Merino Wool Beanie', description: 'A warm ribbed merino beanie for winter.' },
  tags: ['merino', 'winter'],
  variants: {
    edges: VARIANTS.map((variant, index) => ({
      node: {
        id: gid('ProductVariant', variant.id),
        title: variant.title,
        price: { amount: '29.00', currencyCode: 'USD' },
        compareAtPrice: null,
        sku: variant.sku,
        barcode: null,
        quantityAvailable: [18, 7][index],
        availableForSale: true,
        weight: 0.25,
        weightUnit: 'POUNDS',
        requireShipping: true,
        inventoryPolicy: 'DENY',
        createdAt: '2026-12-01T05:40:11-05:00',
        updatedAt: '2026-12-01T06:05:27-05:00',
        image: IMAGE,
        selectedOptions: [{ name: 'Color', value: variant.title }],
      },
    })),
  },
});

export const FEEDS: CatalogueEntry[] = [
  ['product_feeds/create', "A product feed is created for the app's channel (US, English).", feed],
  ['product_feeds/update', 'A product feed changes.', feed],
  [
    'product_feeds/full_sync',
    'A full sync sends one product of the feed.',
    () => ({ metadata: metadata('FULL'), productFeed, product: feedProduct(), products: null }),
  ],
  [
    'product_feeds/full_sync_finish',
    'A full sync of the feed finishes (completed).',
    () => ({
      metadata: metadata('FULL'),
      productFeed,
      fullSync: {
        createdAt: '2026-12-01 06:05:00 -0500',
        errorCode: null,
        status: 'completed',
        count: 1,
        url: null,
      },
    }),
  ],
  [
    'product_feeds/incremental_sync',
    'A product of the feed changes and is sent on its own.',
    () => ({ metadata: metadata('INCREMENTAL'), productFeed, product: feedProduct(), products: null }),
  ],
];
