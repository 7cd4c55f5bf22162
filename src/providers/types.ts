import type { HeaderPair } from '../http/headers.ts';
import type { DeliveryPolicy } from './delivery.ts';
import type { ProviderManifestEntry } from './manifest.ts';
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
 * One webhook provider: data plus pure functions, in its own folder `src/providers/<name>/`. Its name,
 * title, secret variable and development secret come from its line in `manifest.ts`; its fixtures are
 * data under `fixtures/<name>/`; it is listed once in `registry.ts`.
 */
export interface Provider extends ProviderManifestEntry {
  /** How the provider delivers: its deadline, retry schedule and the id that survives redelivery. */
  delivery: DeliveryPolicy;
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
