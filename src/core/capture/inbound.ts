import type { IncomingMessage, ServerResponse } from 'node:http';

// Reading and answering requests on the capture server: bodies within limits, refusals that arrive.

/** Every answer to a captured request names its capture, for scripts and for people reading curl -i. */
export const ID_HEADER = 'X-Hookctl-Id';
/**
 * After refusing a body (413, 400) we keep reading and dropping what the sender is still sending, up to
 * these bounds, before closing: closing a socket with unread data sends a TCP reset, and a sender that is
 * still writing then sees ECONNRESET/EPIPE instead of our answer.
 */
const DRAIN_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 5_000;

/** Resolves once the whole answer has been handed to the OS, or the connection is gone. */
export function sent(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
  });
}

export function declaredLength(req: IncomingMessage): number {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) ? declared : 0;
}

/** Bodies from this size up are assembled in one preallocated buffer (see readBody). */
const LARGE_BODY = 1024 * 1024;

/** Reads the whole body; 'too large' as soon as it is over `limit` bytes, 'aborted' when it never ends. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large' | 'aborted'> {
  const declared = declaredLength(req);
  if (declared > limit) return Promise.resolve('too large');
  return new Promise((resolve) => {
    // A large body with a Content-Length is copied into its final buffer once half of it has arrived:
    // ~1.5x its size at the peak instead of the chunks plus their concatenation, and a sender that
    // declares 25 MB but sends little makes us allocate no more than twice what it actually sent.
    let whole: Buffer | null = null;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: Buffer | 'too large' | 'aborted') => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const body = () => (whole === null ? Buffer.concat(chunks, size) : whole.subarray(0, size));
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limit || (whole !== null && size + chunk.length > whole.length)) {
        req.off('data', onData);
        settle('too large');
        return;
      }
      if (whole !== null) chunk.copy(whole, size);
      else chunks.push(chunk);
      size += chunk.length;
      if (whole === null && declared >= LARGE_BODY && size * 2 >= declared) {
        whole = Buffer.allocUnsafe(declared);
        let at = 0;
        for (const part of chunks.splice(0)) at += part.copy(whole, at);
      }
    };
    req.on('data', onData);
    req.on('end', () => settle(body()));
    // A malformed chunk or a hang-up mid-body: 'error' (aborted), or 'close' before 'end'.
    req.on('error', () => settle('aborted'));
    req.on('close', () => settle(req.complete ? body() : 'aborted'));
  });
}

/**
 * Answers `status` and closes the connection, but first reads and drops the rest of the request (within
 * DRAIN_BYTES and DRAIN_MS), so a sender still writing its body reads our answer instead of a reset.
 * `draining` is null when no more of the request will come (we never sent `100 Continue`).
 */
export function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  draining: Set<() => void> | null,
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  const drains = draining;
  if (drains === null || req.complete || req.destroyed) {
    res.end(body);
    return;
  }
  res.write(body);
  let dropped = 0;
  const stop = (): void => {
    if (!drains.delete(stop)) return;
    clearTimeout(timer);
    req.off('data', onData);
    // Ends the answer; with `Connection: close` Node then closes the connection.
    res.end();
  };
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_BYTES) stop();
  };
  const timer = setTimeout(stop, DRAIN_MS);
  drains.add(stop);
  req.on('data', onData);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

export function answer(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  id?: string,
): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  };
  if (id !== undefined) headers[ID_HEADER] = id;
  res.writeHead(status, headers);
  res.end(body);
}
