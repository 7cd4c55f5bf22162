import type { ChannelConfig } from '../../lib/relay-protocol.ts';
import { findProvider, providers } from '../../providers/registry.ts';
import type { InboundRequest, LocalAnswer } from '../../providers/types.ts';

// What the relay decides before storing a webhook, with the same provider code hookctl runs locally (the
// modules import only node:crypto, which Workers provide under `nodejs_compat`).

export type EdgeDecision =
  /** A forgery on a verifying channel: answered 401 and not stored, so it reaches no listener. */
  | { kind: 'refuse'; status: number; message: string }
  /** Store it, and answer this instead of the channel's status (a registration challenge). */
  | { kind: 'store'; answer: LocalAnswer | null };

function secretFor(config: ChannelConfig, name: string, devSecret: string): string {
  return config.secrets[name] ?? devSecret;
}

export function decideAtEdge(config: ChannelConfig, request: InboundRequest, nowMs: number): EdgeDecision {
  if (config.verify !== null) {
    const provider = findProvider(config.verify);
    if (provider === null) {
      return {
        kind: 'refuse',
        status: 500,
        message: `unknown provider ${config.verify} in this channel's config`,
      };
    }
    const verdict = provider.verify(request, secretFor(config, provider.name, provider.devSecret), nowMs);
    if (!verdict.valid) return { kind: 'refuse', status: 401, message: verdict.message };
  }
  // Registration challenges (Slack's url_verification, Zoom's endpoint.url_validation, Discord's PING)
  // are answered here: the laptop may be closed when the provider registers the URL.
  for (const provider of providers) {
    if (provider.challenge === undefined || provider.detect(request) === null) continue;
    const secret = secretFor(config, provider.name, provider.devSecret);
    const answer = provider.challenge(request, secret, nowMs);
    if (answer !== null) return { kind: 'store', answer };
  }
  return { kind: 'store', answer: null };
}
