import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** What a raw exchange saw: every byte the server sent, and how the connection ended. */
export interface RawResult {
  bytes: Buffer;
  text: string;
  /** The socket error code, if the connection ended with one (ECONNRESET, EPIPE). */
  error: string | null;
  /** ms from the first write to the close. */
  ms: number;
}

/**
 * Writes `parts` in order on a fresh connection (each after the previous one is flushed) and resolves with
 * everything the server sent once it closes the connection. Rejects after `limitMs`: the server kept it open.
 */
export function exchange(port: number, parts: Array<Buffer | string>, limitMs = 5_000): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | null = null;
    const started = Date.now();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${limitMs} ms; it sent: ${text()}`));
    }, limitMs);
    const text = () => Buffer.concat(chunks).toString('latin1');
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(chunks), text: text(), error, ms: Date.now() - started });
    });
    const queue = [...parts];
    const pump = () => {
      const part = queue.shift();
      if (part !== undefined && !socket.destroyed) socket.write(part, () => pump());
    };
    pump();
  });
}

/** A `Connection: close` request for `path` with `body`, as raw bytes. */
export function closingRequest(path: string, body = 'ok', headers: string[] = []): string {
  const extra = headers.map((line) => `${line}\r\n`).join('');
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** The status code of the first response in `text`, or null. */
export function firstStatus(text: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(text);
  return match === null ? null : Number(match[1]);
}

/** The X-Hookctl-Id of every response in `text`, in order. */
export function responseIds(text: string): string[] {
  return [...text.matchAll(/\r\nX-Hookctl-Id: ([0-9a-z]{16})\r\n/gi)].map((match) => match[1] as string);
}

/** A normal request on its own connection: it must get 200 and an id (the server still serves everyone). */
export async function stillServes(port: number, path = '/still-serving'): Promise<string> {
  const result = await exchange(port, [closingRequest(path, 'still here')]);
  const status = firstStatus(result.text);
  if (status !== 200) throw new Error(`a normal request after the attack got ${status}: ${result.text}`);
  const [id] = responseIds(result.text);
  if (id === undefined) throw new Error(`a normal request after the attack got no id: ${result.text}`);
  return id;
}

/** Open file descriptors of a process (Linux /proc). */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * Polls `read` every 20 ms until `done` holds, at most `ms`. For facts of another process (its fd count)
 * that no event announces.
 */
export async function pollUntil<T>(read: () => T, done: (value: T) => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${String(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opens `count` connections that never send a byte, `batch` at a time; resolves once all are connected. */
export async function openSilent(port: number, count: number, batch = 200): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.all(
      Array.from(
        { length: Math.min(batch, count - i) },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1');
            socket.once('connect', () => resolve(socket));
            socket.once('error', reject);
          }),
      ),
    );
    for (const socket of opened) {
      // Read (and drop) whatever the server says, so its close is seen; errors are the server hanging up.
      socket.on('error', () => {});
      socket.resume();
      sockets.push(socket);
    }
  }
  return sockets;
}

/** A chunked body frame by frame: `[size[;ext]]\r\n data \r\n` for each piece, then the last chunk. */
export function chunked(pieces: Buffer[], options: { extension?: string; trailers?: string[] } = {}): Buffer {
  const ext = options.extension ?? '';
  const frames = pieces.map((piece) =>
    Buffer.concat([Buffer.from(`${piece.length.toString(16)}${ext}\r\n`), piece, Buffer.from('\r\n')]),
  );
  const trailers = (options.trailers ?? []).map((line) => `${line}\r\n`).join('');
  return Buffer.concat([...frames, Buffer.from(`0\r\n${trailers}\r\n`)]);
}
