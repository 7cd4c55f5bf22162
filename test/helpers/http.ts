import { connect } from 'node:net';
import { request } from 'undici';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends one request with headers exactly as given (flat `[name, value, …]`, duplicates and case kept). */
export async function send(
  url: string,
  options: { method?: string; headers?: string[]; body?: string | Buffer } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: (options.method ?? 'POST') as 'POST',
    headers: options.headers ?? [],
    body: options.body,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

/**
 * Writes raw bytes on a fresh connection and returns everything the server sent until it closed the
 * connection (send `Connection: close`). The client does not half-close: servers may drop half-closed peers.
 */
export function sendRaw(port: number, bytes: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.write(bytes);
  });
}
