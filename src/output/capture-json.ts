import type { Capture } from '../core/types.ts';

/** A capture as `hookctl show --json` prints it: bodies as base64. */
export function captureJson(capture: Capture): Record<string, unknown> {
  const { body, forward, ...meta } = capture;
  return {
    ...meta,
    bodyBase64: body.toString('base64'),
    forward:
      forward === null
        ? null
        : {
            ...forward,
            body: undefined,
            bodyBase64: forward.body === undefined ? undefined : forward.body.toString('base64'),
          },
  };
}
