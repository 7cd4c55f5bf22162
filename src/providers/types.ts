import type { HeaderPair } from '../core/types.ts';

/** The parts of a request a provider looks at. `body` is the raw bytes: read it, never re-serialize it. */
export interface InboundRequest {
  headers: readonly HeaderPair[];
  body: Buffer;
}

export interface Detection {
  provider: string;
  /** The provider's own event name (`payment_intent.succeeded`, `pull_request.opened`), or null if unknown. */
  event: string | null;
}

/**
 * One webhook provider. Signing, verifying and fixtures join this interface with the provider work
 * (issue 3); adding a provider is one file plus a line in `registry.ts`.
 */
export interface Provider {
  /** Lowercase name used on the command line and in JSON (`stripe`). */
  name: string;
  /** Name for people (`Stripe`). */
  title: string;
  /** Null when the request does not carry this provider's headers. */
  detect(request: InboundRequest): Detection | null;
}
