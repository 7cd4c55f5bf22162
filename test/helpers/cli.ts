import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/hookctl.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** A temporary store directory, removed by the returned cleanup. */
export async function tempStore(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hookctl-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function cliEnv(store: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOOKCTL_STORE: store, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  return env;
}

/** Runs the built CLI to completion. */
export function runCli(
  args: string[],
  options: { store: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(options.store, options.env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code,
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** A running `hookctl listen --json`: its NDJSON lines arrive as parsed objects, awaited one by one. */
export interface Listener {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  ready: Record<string, unknown>;
  /** The next `{"kind":"request"}` line (or any kind, when given). */
  next(kind?: string): Promise<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startListen(
  args: string[],
  store: string,
  env: NodeJS.ProcessEnv = {},
  /** A shell command run first in the same process, e.g. `ulimit -f 16` (Unix only). */
  shellPrefix?: string,
): Promise<Listener> {
  const argv = [BIN, 'listen', '--json', '--no-tunnel', '--port', '0', '--ui-port', '0', ...args];
  const options = { env: cliEnv(store, env) };
  const child =
    shellPrefix === undefined
      ? spawn(process.execPath, argv, options)
      : spawn('/bin/sh', ['-c', `${shellPrefix}; exec "$0" "$@"`, process.execPath, ...argv], options);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const queue: Record<string, unknown>[] = [];
  const waiters: Array<() => void> = [];
  let closed = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    queue.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  exited.then(() => {
    closed = true;
    for (const wake of waiters.splice(0)) wake();
  });
  async function next(kind = 'request'): Promise<Record<string, unknown>> {
    for (;;) {
      const index = queue.findIndex((line) => line.kind === kind);
      if (index !== -1) return queue.splice(index, 1)[0] as Record<string, unknown>;
      if (closed) throw new Error(`listen exited before a "${kind}" line; stderr: ${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  const ready = await next('ready');
  const url = ready.url as string;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    ready,
    next,
    stderr: () => stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/** A stand-in for the developer's app: records every request exactly and answers with `respond`. */
export async function startTarget(
  respond: (request: ReceivedRequest) => {
    status?: number;
    headers?: string[];
    body?: string | Buffer;
  } = () => ({}),
): Promise<{
  url: string;
  port: number;
  requests: ReceivedRequest[];
  next(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<(request: ReceivedRequest) => void> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      requests.push(received);
      const answer = respond(received);
      res.writeHead(answer.status ?? 200, answer.headers ?? ['Content-Type', 'application/json']);
      res.end(answer.body ?? '{"received":true}');
      const waiter = waiters.shift();
      waiter?.(received);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let seen = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    next() {
      const index = seen++;
      const already = requests[index];
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
