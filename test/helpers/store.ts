import type { CaptureMetaInput } from '../../src/core/store/index.ts';

/**
 * What the capture server records about a request, for tests that write captures themselves: a POST to
 * /hook?x=1 with a JSON content type from 127.0.0.1, received now, nothing detected or forwarded.
 * `overrides` changes any of it.
 */
export function captureMeta(overrides: Partial<CaptureMetaInput> = {}): CaptureMetaInput {
  return {
    receivedAt: new Date().toISOString(),
    method: 'POST',
    path: '/hook?x=1',
    httpVersion: '1.1',
    headers: [['Content-Type', 'application/json']],
    remoteAddress: '127.0.0.1',
    provider: null,
    event: null,
    signature: 'unchecked',
    size: 0,
    forwardTo: null,
    ...overrides,
  };
}
