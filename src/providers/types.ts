import type { HeaderPair } from '../http/headers.ts';
import type { JsonObject } from './parse.ts';

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

/** The world a signer or fixture builder may touch: passed in, so tests are deterministic. */
export interface ProviderContext {
  /** Milliseconds since the epoch. */
  now: () => number;
  randomBytes: (size: number) => Buffer;
}

/** Why a signature did not verify, most likely first; `message` says it in plain words for a person. */
export type FailureReason =
  | 'missing-header'
  | 'malformed-header'
  | 'encoding-mixup'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'body-changed'
  | 'secret-whitespace'
  | 'wrong-secret';

export type Verification = { valid: true } | { valid: false; reason: FailureReason; message: string };

export interface FixtureInfo {
  event: string;
  /** One line, for `hookctl fixtures`. */
  description: string;
}

/** A request as the provider would send it, before signing. */
export interface UnsignedRequest {
  /** Delivery headers (content type, user agent, event and delivery ids), without signature headers. */
  headers: HeaderPair[];
  body: Buffer;
}

/**
 * One webhook provider: data plus pure functions. Adding a provider is one file, a `fixtures/<name>/`
 * folder and a line in `registry.ts`.
 */
export interface Provider {
  /** Lowercase name used on the command line and in JSON (`stripe`). */
  name: string;
  /** Name for people (`Stripe`). */
  title: string;
  /** The environment variable users keep the signing secret in (`STRIPE_WEBHOOK_SECRET`). */
  secretEnv: string;
  /** A fixed development secret used when no secret is given; shown in `--help`. */
  devSecret: string;
  /** How old a signature may be before the provider's SDK rejects it; null when it is not timed. */
  toleranceSeconds: number | null;
  /** Null when the request does not carry this provider's headers. */
  detect(request: InboundRequest): Detection | null;
  /**
   * The headers with this provider's signature headers set for `body` (replacing any already there, in
   * place), signed now with `secret`. The body is signed as the exact bytes given.
   */
  sign(request: UnsignedRequest, secret: string, context: ProviderContext): HeaderPair[];
  /** Checks the signature as the provider's SDK does and, when it fails, explains why. */
  verify(request: InboundRequest, secret: string, nowMs: number): Verification;
  /** Every event `trigger` knows. Loaded lazily from `fixtures/<name>/`. */
  fixtures(): Promise<FixtureInfo[]>;
  /**
   * A fresh payload for `event` (new ids, timestamps now), as a JSON object that `--set` may edit; null when
   * the event is unknown. `data` replaces the built-in template (from `trigger --data FILE`).
   */
  payload(event: string, context: ProviderContext, data?: JsonObject): Promise<JsonObject | null>;
  /** Encodes the payload exactly as the provider sends it (JSON layout or form fields) with its delivery headers. */
  encode(event: string, payload: JsonObject, context: ProviderContext): UnsignedRequest;
}
