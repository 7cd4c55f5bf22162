/**
 * Every provider hookctl knows, as data only: no provider code is loaded to read it, so `--help`, the
 * scenario schema's provider list and the development secrets come from here and stay lazy. Adding a
 * provider is a folder under `src/providers/<name>/`, its `fixtures/<name>/` and one entry here; the
 * consistency test (test/providers-consistency.test.ts) says what is missing.
 *
 * The order is the detection order: specific headers first, the generic Standard Webhooks scheme last.
 */
export interface ProviderManifestEntry {
  /** Lowercase name used on the command line and in JSON (`stripe`). */
  readonly name: string;
  /** Name for people (`Stripe`). */
  readonly title: string;
  /** The environment variable users keep the signing secret in (`STRIPE_WEBHOOK_SECRET`). */
  readonly secretEnv: string;
  /**
   * The fixed development secret `trigger`, `verify`, `replay --resign` and `listen --verify` use when no
   * secret is given, so a first run needs no setup. Shown in `hookctl trigger --help`.
   */
  readonly devSecret: string;
  /** One line for `trigger --help`: the provider's deadline and retries. */
  readonly help: string;
  /**
   * Signs with a key pair (Discord, SendGrid): `devSecret` is then the development public key, and `trigger`
   * signs with a private key (`--private-key FILE`, else the provider's development key).
   */
  readonly signsWithKeyPair?: true;
}

export const MANIFEST: readonly ProviderManifestEntry[] = [
  {
    name: 'stripe',
    title: 'Stripe',
    secretEnv: 'STRIPE_WEBHOOK_SECRET',
    devSecret: 'whsec_hookctl0development0secret0000000',
    help: '~20 s; same evt_ id, backoff for up to 3 days (approximate: 1m 5m 30m 2h 5h 10h…)',
  },
  {
    name: 'github',
    title: 'GitHub',
    secretEnv: 'GITHUB_WEBHOOK_SECRET',
    devSecret: 'hookctl-development-secret',
    help: '10 s; never retries (a manual redelivery keeps X-GitHub-Delivery)',
  },
  {
    name: 'slack',
    title: 'Slack',
    secretEnv: 'SLACK_SIGNING_SECRET',
    devSecret: 'hookctl0development0secret000000',
    help: '3 s; retries at once, after 1 min, after 5 min, with X-Slack-Retry-Num/-Reason',
  },
  {
    name: 'twilio',
    title: 'Twilio',
    secretEnv: 'TWILIO_AUTH_TOKEN',
    devSecret: '686f6f6b63746c2d646576656c6f706d',
    help: '15 s; no retry by default (one on a failed connection); #rc=…&rp=… on the URL changes it',
  },
  {
    name: 'paddle',
    title: 'Paddle',
    secretEnv: 'PADDLE_WEBHOOK_SECRET',
    devSecret: 'pdl_ntfset_01jhkct1dev000000000000000_hookctl0paddle0dev0secret0000000',
    help: '5 s; same event_id, backoff for up to 3 days in live, fewer in sandbox (approximate)',
  },
  {
    name: 'linear',
    title: 'Linear',
    secretEnv: 'LINEAR_WEBHOOK_SECRET',
    devSecret: 'lin_wh_hookctl0development0secret0000000000',
    help: '5 s; same Linear-Delivery after 1 min, 1 h, 6 h (approximate)',
  },
  {
    name: 'gitlab',
    title: 'GitLab',
    secretEnv: 'GITLAB_WEBHOOK_SECRET',
    devSecret: 'hookctl-development-token',
    help: '10 s; never retries, 4 failures in a row disable the hook (whsec_ secret: signing token)',
  },
  {
    name: 'shopify',
    title: 'Shopify',
    secretEnv: 'SHOPIFY_API_SECRET',
    devSecret: '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',
    help: '5 s (1 s to connect); same X-Shopify-Webhook-Id, 8 retries over 4 h (approximate backoff)',
  },
  {
    name: 'square',
    title: 'Square',
    secretEnv: 'SQUARE_WEBHOOK_SIGNATURE_KEY',
    devSecret: 'hookctlDevSignatureKey',
    help: '10 s; same event_id after 1m 2m 4m 8m 16m 32m, then hourly for up to 72 h (Square-Retry-Number)',
  },
  {
    name: 'hubspot',
    title: 'HubSpot',
    secretEnv: 'HUBSPOT_CLIENT_SECRET',
    devSecret: 'hookctl0-deve-lopm-ent0-secret000000',
    help: '5 s; up to 10 retries spread over 24 h (approximate), attemptNumber in the body',
  },
  {
    name: 'discord',
    title: 'Discord',
    secretEnv: 'DISCORD_PUBLIC_KEY',
    signsWithKeyPair: true,
    // The development PUBLIC key (Ed25519, 64 hex): Discord signs with a key pair; see `hookctl keys discord`.
    devSecret: 'f35dcfb9bae859e8527b6ebb4b14c05a9239916425316d0c0243133ef0c0774e',
    help: '3 s; interactions are never resent; event webhooks retried with backoff for up to 10 min',
  },
  {
    name: 'sendgrid',
    title: 'SendGrid',
    secretEnv: 'SENDGRID_WEBHOOK_PUBLIC_KEY',
    signsWithKeyPair: true,
    // The development PUBLIC key (ECDSA P-256, base64 SPKI DER); see `hookctl keys sendgrid`.
    devSecret:
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQD9wGohvh0DqAECIOswNKH6ZxJJUYbAIE35zWmwLd9G9onuTnidsgFxdR+lKcYd5PX3dTJk+dlwphBPucsbgew==',
    help: 'deadline not published; retries with backoff for up to 24 h, same sg_event_id (approximate)',
  },
  {
    name: 'zoom',
    title: 'Zoom',
    secretEnv: 'ZOOM_WEBHOOK_SECRET_TOKEN',
    devSecret: 'hookctl0dev0secret0tok',
    help: '3 s; retries 5xx and timeouts after 5 min, 20 min, 60 min; answers endpoint.url_validation',
  },
  {
    name: 'openai',
    title: 'OpenAI',
    secretEnv: 'OPENAI_WEBHOOK_SECRET',
    devSecret: 'whsec_aG9va2N0bC1vcGVuYWktZGV2LXNlY3JldA',
    help: '~10 s; same evt_ id, backoff for up to 72 h (approximate: 30s 1m 2m 4m … 34h)',
  },
  {
    name: 'clerk',
    title: 'Clerk',
    secretEnv: 'CLERK_WEBHOOK_SIGNING_SECRET',
    devSecret: 'whsec_aG9va2N0bC1jbGVyay1kZXZlbG9wbWVudC1rZXk=',
    help: "15 s; same svix-id after 5s 5m 30m 2h 5h 10h 10h (approximate: Svix's schedule)",
  },
  {
    name: 'resend',
    title: 'Resend',
    secretEnv: 'RESEND_WEBHOOK_SECRET',
    devSecret: 'whsec_aG9va2N0bC1yZXNlbmQtZGV2LXNlY3JldA==',
    help: '15 s; same svix-id after 5s 5m 30m 2h 5h 10h 10h',
  },
  {
    name: 'svix',
    title: 'Svix',
    secretEnv: 'SVIX_WEBHOOK_SECRET',
    devSecret: 'whsec_aG9va2N0bC1zdml4LWRldmVsb3BtZW50LWtleQ==',
    help: '15 s; same svix-id after 5s 5m 30m 2h 5h 10h 10h',
  },
  {
    name: 'standard-webhooks',
    title: 'Standard Webhooks',
    secretEnv: 'STANDARD_WEBHOOKS_SECRET',
    devSecret: 'whsec_aG9va2N0bC1kZXZlbG9wbWVudC1zZWNyZXQ=',
    help: '15 s; same webhook-id after 5s 5m 30m 2h 5h 10h 10h (Svix)',
  },
];

export const PROVIDER_NAMES: readonly string[] = MANIFEST.map((entry) => entry.name);

/** The manifest entry of a provider; throws for a name that is not in the manifest (a programming error). */
export function manifestEntry(name: string): ProviderManifestEntry {
  const entry = MANIFEST.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`provider "${name}" is not in src/providers/manifest.ts`);
  return entry;
}

/** `stripe, github, slack, standard-webhooks`, or with `or` before the last: for help and errors. */
export function providerList(last: ', ' | ' or ' = ', '): string {
  return `${PROVIDER_NAMES.slice(0, -1).join(', ')}${last}${PROVIDER_NAMES.at(-1) ?? ''}`;
}
