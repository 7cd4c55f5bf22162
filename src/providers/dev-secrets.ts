/**
 * The fixed development secrets `trigger`, `verify`, `replay --resign` and `listen --verify` use when no
 * secret is given, so a first run needs no setup. Shown in `hookctl trigger --help`; kept here, apart from
 * the provider modules, so help text does not load them.
 */
export const DEV_SECRETS = {
  stripe: 'whsec_hookctl0development0secret0000000',
  github: 'hookctl-development-secret',
  slack: 'hookctl0development0secret000000',
  'standard-webhooks': 'whsec_aG9va2N0bC1kZXZlbG9wbWVudC1zZWNyZXQ=',
} as const;
