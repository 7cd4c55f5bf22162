import type { Delivery, OutboundRequest } from '../../http/client.ts';
import type { ProviderContext } from '../../providers/types.ts';

/** The names scripts match on (the contract's list); informational ones never fail the run. */
export const REQUIRED_CHECKS = [
  'valid',
  'raw-body',
  'unsigned',
  'wrong-secret',
  'tampered',
  'stale',
  'deadline',
  'duplicate',
  'rotation',
] as const;
export const INFORMATIONAL_CHECKS = ['out-of-order', 'method', 'oversize'] as const;
export type CheckName = (typeof REQUIRED_CHECKS)[number] | (typeof INFORMATIONAL_CHECKS)[number];

export interface CheckResult {
  name: CheckName;
  required: boolean;
  ok: boolean;
  /** What was sent, in a few words: `payment_intent.succeeded signed with another secret`. */
  sent: string;
  /** The status of the (last) answer; null when there was none. */
  status: number | null;
  durationMs: number;
  /** The verdict in one line, then why it matters and what to change when it failed. */
  message: string;
  /** What to change, when the check failed: one sentence a developer can act on. */
  fix?: string;
}

export interface CheckReport {
  provider: string;
  to: string;
  event: string;
  checks: CheckResult[];
  passed: number;
  failed: number;
}

export interface CheckOptions {
  provider: string;
  /** The webhook endpoint: the only address anything is sent to. */
  to: URL;
  event?: string | undefined;
  secret?: string | undefined;
  privateKey?: { file: string; pem: string } | undefined;
  publicUrl?: URL | undefined;
  only?: readonly string[] | undefined;
  skip?: readonly string[] | undefined;
  /** Multiplies the provider's deadline (tests; a scaled deadline is never below 100 ms). */
  timeScale?: number | undefined;
  env: NodeJS.ProcessEnv;
}

/** What a run touches: sending, the clock and randomness, passed in (tests give fakes or real sockets). */
export interface CheckWorld {
  send(request: OutboundRequest): Promise<Delivery>;
  context: ProviderContext;
  /** Called after each check, for progress. */
  onResult?(result: CheckResult): void;
}
