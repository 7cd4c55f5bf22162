import type { HeaderPair } from '../http/headers.ts';

export type SignatureState = 'valid' | 'invalid' | 'unchecked';

/**
 * What `listen` records about a request before forwarding it. Header values are strings decoded as
 * latin1 (as Node's parser does), so `Buffer.from(value, 'latin1')` gives back the exact bytes.
 */
export interface CaptureMeta {
  id: string;
  /** ISO 8601 with milliseconds. */
  receivedAt: string;
  method: string;
  /** Path with query, exactly as in the request line. */
  path: string;
  httpVersion: string;
  headers: HeaderPair[];
  remoteAddress: string | null;
  provider: string | null;
  event: string | null;
  signature: SignatureState;
  /** Why the signature is invalid, in plain words (only with `listen --verify`). */
  signatureError?: string;
  /** Body length in bytes. */
  size: number;
  /** The forward base URL in force when the request arrived (null when only capturing). */
  forwardTo: string | null;
  /** Set on a replay sent from the inspector: the capture it replays. */
  replayOf?: string;
  /** Set on a request received through `listen --relay`: the relay channel's URL and the relay's event id. */
  relay?: RelayOrigin;
  /**
   * With `listen --route`: the rule that routed it, as written, or null when none matched (the positional
   * forward, if any, took it).
   */
  route?: string | null;
  /** A fan-out route's other targets (base URLs, as `forwardTo`), which `replay` sends to as well. */
  forwardAlso?: string[];
}

export interface RelayOrigin {
  url: string;
  id: string;
}

/** What came back from forwarding one request. */
export interface ForwardResult {
  /** The full URL the request went to (forward base plus the inbound path and query). */
  url: string;
  /** null when the target could not be reached or timed out; `error` then says why. */
  status: number | null;
  durationMs: number;
  error?: string;
  headers?: HeaderPair[];
  /** The response body as received, up to the store's cap. */
  body?: Buffer;
  /** True when `body` was cut at the cap. */
  bodyTruncated?: boolean;
  /** A route's canned answer (`respond:STATUS[:DELAY]`): hookctl answered, nothing was forwarded. */
  canned?: boolean;
  /** A fan-out route's other targets, each sent the same bytes; the sender got this (the first) answer. */
  also?: ForwardResult[];
}

export interface Capture extends CaptureMeta {
  body: Buffer;
  /** null when not forwarded, or while the forward is still under way. */
  forward: ForwardResult | null;
}

/** The public JSON shape of a forward in `listen --json` and `list --json` (contract). */
export interface ForwardSummary {
  url: string;
  status: number | null;
  durationMs: number;
  error?: string;
  canned?: boolean;
  also?: ForwardSummary[];
}

/** One `{"kind":"request"}` line of `listen --json`, without `kind`; also one element of `list --json`. */
export interface CaptureSummary {
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  provider: string | null;
  event: string | null;
  signature: SignatureState;
  size: number;
  forward: ForwardSummary | null;
  replayOf?: string;
  relay?: RelayOrigin;
  route?: string | null;
}

export function summarizeForward(forward: ForwardResult | null): ForwardSummary | null {
  if (forward === null) return null;
  const summary: ForwardSummary = {
    url: forward.url,
    status: forward.status,
    durationMs: forward.durationMs,
  };
  if (forward.error !== undefined) summary.error = forward.error;
  if (forward.canned === true) summary.canned = true;
  if (forward.also !== undefined)
    summary.also = forward.also.map((other) => summarizeForward(other) as ForwardSummary);
  return summary;
}

export function summarize(meta: CaptureMeta, forward: ForwardResult | null): CaptureSummary {
  const summary: CaptureSummary = {
    id: meta.id,
    receivedAt: meta.receivedAt,
    method: meta.method,
    path: meta.path,
    provider: meta.provider,
    event: meta.event,
    signature: meta.signature,
    size: meta.size,
    forward: summarizeForward(forward),
  };
  // Assigned, not spread in: `...(cond ? {} : {…})` takes V8's slow path, and listen summarizes every request.
  if (meta.replayOf !== undefined) summary.replayOf = meta.replayOf;
  if (meta.relay !== undefined) summary.relay = meta.relay;
  if (meta.route !== undefined) summary.route = meta.route;
  return summary;
}
