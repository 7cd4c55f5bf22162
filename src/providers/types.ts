import type { HeaderPair } from '../http/headers.ts';
import type { DeliveryPolicy } from './delivery.ts';
import type { ProviderManifestEntry } from './manifest.ts';
import type { JsonObject } from './parse.ts';

/** The parts of a request a provider looks at. `body` is the raw bytes: read it, never re-serialize it. */
export interface InboundRequest {
  headers: readonly HeaderPair[];
  body: Buffer;
  /** The request method (`POST`), when known: HubSpot signs it. */
  method?: string;
  /**
   * The URL the provider called, with path and query, when known: what URL-signing schemes (Twilio, Square,
   * HubSpot) sign. Behind a tunnel it is the public URL, not the one the app sees.
   */
  url?: string;
  /**
   * Other URLs the same request is known by (where it arrived, the forward target the app saw): where
   * `verify` looks when the signature matches another URL than `url`.
   */
  otherUrls?: readonly string[];
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
  | 'wrong-secret'
  /** The signature matches another URL than the one checked (an app behind a tunnel or proxy). */
  | 'url-mismatch'
  /** Asymmetric schemes: the signature was made with another private key than the public key's. */
  | 'wrong-key'
  /** Asymmetric schemes: what was given as the public key is not one (a secret, or another encoding). */
  | 'key-format';

/**
 * A valid verdict's `note` is what a person should know although the request passes, e.g. that the scheme
 * signs nothing (GitLab's secret token travels as it is, so a changed body passes as well).
 */
export type Verification =
  | { valid: true; note?: string }
  | { valid: false; reason: FailureReason; message: string };

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
  /** The method it is sent with; default `POST`. */
  method?: string;
  /** The URL the provider would have called (`--public-url`, else the target): URL-signing schemes sign it. */
  url?: string;
}

/** What capture-only `listen` answers itself, e.g. a registration challenge. */
export interface LocalAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Asymmetric schemes (Discord's Ed25519, SendGrid's ECDSA): hookctl signs with a private key it holds. */
export interface KeyScheme {
  /** The development private key (PEM) that signs when no `--private-key FILE` is given. */
  devPrivateKey: string;
  /** The public key of a private key (PEM), in the form the provider's dashboard shows it. */
  publicKey(privateKeyPem: string): string;
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
  /**
   * True when the checked timestamp is inside the signed body (Linear's `webhookTimestamp`): re-signing
   * cannot refresh it, since hookctl never rewrites a body, so `verify` does not advise `--resign`.
   */
  timestampInBody?: true;
  /** Null when the request does not carry this provider's headers. */
  detect(request: InboundRequest): Detection | null;
  /**
   * The headers with this provider's signature headers set for `body` (replacing any already there, in
   * place), signed now with `secret`. The body is signed as the exact bytes given.
   */
  sign(request: UnsignedRequest, secret: string, context: ProviderContext): HeaderPair[];
  /**
   * Checks the signature as the provider's SDK does and, when it fails, explains why. For asymmetric schemes
   * `secret` is the public key as the provider's dashboard shows it (the manifest's development secret is
   * the development public key).
   */
  verify(request: InboundRequest, secret: string, nowMs: number): Verification;
  /**
   * Schemes whose signature header carries several signatures while a secret is rolled, and what separates
   * them: Stripe's `t=…,v1=<old>,v1=<new>` (`,`), Standard Webhooks' `v1,<old> v1,<new>` (` `). Absent when a
   * header holds one signature. `hookctl check` sends both orders (its `rotation` check).
   */
  signatureList?: ',' | ' ';
  /**
   * True when, with this secret, the delivery's proof does not cover the body or a time (GitLab's secret
   * token is sent as it is): `check` then leaves out `raw-body`, `tampered` and `stale`, which do not apply.
   */
  proofWithoutBody?(secret: string): boolean;
  /** Present for asymmetric schemes: `sign` is then given a private key (PEM) as its secret. */
  keys?: KeyScheme;
  /**
   * What capture-only `listen` answers when this request is the provider's registration challenge (Slack's
   * url_verification, Zoom's endpoint.url_validation, Discord's PING); null for anything else. `secret` is
   * the provider's secret as `listen` resolved it (`--secret`, its variable, the development one).
   */
  challenge?(request: InboundRequest, secret: string, nowMs: number): LocalAnswer | null;
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
