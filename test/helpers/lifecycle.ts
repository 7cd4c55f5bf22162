import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Answer } from './http.ts';
import { runHookctl } from './run.ts';

/** True when this machine can listen on `host` (false, for instance, for `::1` without IPv6 loopback). */
export function canListen(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(0, host, () => server.close(() => resolve(true)));
  });
}

/** Resolves with the first `count` values to fulfil; rejects once too many have failed to ever get there. */
export function firstFulfilled<T>(promises: Promise<T>[], count: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const values: T[] = [];
    let failed = 0;
    for (const promise of promises) {
      promise.then(
        (value) => {
          if (values.push(value) === count) resolve(values.slice());
        },
        (error: unknown) => {
          if (++failed > promises.length - count) reject(error);
        },
      );
    }
  });
}

/**
 * Connects to `port` on 127.0.0.1 again and again until the connection is refused, which is how a test
 * learns, without sleeping, that a server has stopped accepting. Resolves with the number of attempts.
 * A reset (the listening socket closed with our attempt in its backlog) just means: ask again.
 */
export async function untilRefused(port: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const refused = await new Promise<boolean>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') resolve(true);
        else if (error.code === 'ECONNRESET') resolve(false);
        else reject(error);
      });
    });
    if (refused) return attempt;
  }
}

/**
 * Sends a chunked body one chunk per turn of the event loop and never sends the last (empty) chunk, so the
 * server cannot wait for the end of the body: it must decide from what it has read. Resolves with everything
 * the server sent until it closed the connection.
 */
export function sendUnfinishedChunked(port: number, head: string, chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received)));
    const frames = chunks.map((chunk) =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
    );
    const pump = () => {
      const frame = frames.shift();
      if (frame !== undefined && !socket.destroyed) socket.write(frame, () => setImmediate(pump));
    };
    socket.write(head, pump);
  });
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A segment file of the store, named `name` (an id): `<store>/captures/<first 6 chars>/<name>.hks`. */
export function segmentFile(store: string, name: string): string {
  return join(store, 'captures', name.slice(0, 6), `${name}.hks`);
}

/** Every segment file of a store, oldest shard first. */
export async function segmentsOf(store: string): Promise<string[]> {
  const root = join(store, 'captures');
  const files: string[] = [];
  for (const shard of (await readdir(root)).sort()) {
    if (shard.length !== 6) continue;
    for (const name of (await readdir(join(root, shard))).sort()) {
      if (name.endsWith('.hks')) files.push(join(root, shard, name));
    }
  }
  return files;
}

/** The non-empty lines of a stream's text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** One element of `hookctl list --json`. */
export interface Summary {
  id: string;
  path: string;
  size: number;
  forward: { url: string; status: number | null; durationMs: number; error?: string } | null;
}

/** `hookctl list --json --limit 1000`, which must succeed. */
export async function listJson(store: string): Promise<Summary[]> {
  const result = await runHookctl(['list', '--json', '--limit', '1000'], { store });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Summary[];
}

/** Checks, through `show <id> --raw`, that each capture holds exactly these body bytes. */
export async function assertBodies(
  store: string,
  expected: Array<{ id: string; body: Buffer }>,
): Promise<void> {
  await mapLimit(expected, 4, async ({ id, body }) => {
    const raw = await runHookctl(['show', id, '--raw'], { store });
    assert.equal(raw.code, 0, `show ${id} --raw: ${raw.stderr}`);
    assert.ok(raw.stdoutBytes.equals(body), `capture ${id} does not hold the bytes that were sent`);
  });
}

/** The capture id an answer names in its X-Hookctl-Id header, which must be there. */
export function hookctlId(answer: Answer): string {
  const id = answer.headers['x-hookctl-id'];
  assert.equal(typeof id, 'string', 'answer without an X-Hookctl-Id header');
  assert.match(id as string, /^[0-9a-z]{16}$/);
  return id as string;
}
