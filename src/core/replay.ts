import { usageError } from './errors.ts';
import type { OutboundRequest } from './forward.ts';
import { joinTargetPath, parseTarget } from './target.ts';
import type { Capture } from './types.ts';

/** Where a replay goes: `--to`, else the forward base URL the capture arrived under. */
export function replayTarget(capture: Capture, to: string | undefined): URL {
  if (to !== undefined) return parseTarget(to, '--to');
  if (capture.forwardTo === null) {
    throw usageError(`capture ${capture.id} was not forwarded anywhere: pass a target, e.g. --to 3000`);
  }
  return new URL(capture.forwardTo);
}

/** The same method, path, query, headers and body bytes as captured, aimed at `target`. */
export function buildReplay(capture: Capture, target: URL): OutboundRequest {
  return {
    method: capture.method,
    origin: target.origin,
    path: joinTargetPath(target, capture.path),
    headers: capture.headers.map(([name, value]) => [name, value]),
    body: capture.body,
  };
}
