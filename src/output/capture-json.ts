import type { Capture, ForwardResult } from '../core/types.ts';

/** A capture as `hookctl show --json` prints it: bodies as base64. */
export function captureJson(capture: Capture): Record<string, unknown> {
  const { body, forward, ...meta } = capture;
  return {
    ...meta,
    bodyBase64: body.toString('base64'),
    forward: forward === null ? null : forwardJson(forward),
  };
}

/** A forward result with its body (and each fan-out target's) as base64. */
function forwardJson(forward: ForwardResult): Record<string, unknown> {
  return {
    ...forward,
    body: undefined,
    bodyBase64: forward.body === undefined ? undefined : forward.body.toString('base64'),
    also: forward.also?.map(forwardJson),
  };
}
