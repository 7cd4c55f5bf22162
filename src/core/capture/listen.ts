import type { CaptureStore } from '../store/index.ts';
import type { Capture } from '../types.ts';
import type { CaptureServer, CaptureServerEvents } from './server.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The signals listen stops on: `process` in production, an EventEmitter in tests. */
export interface Signals {
  on(signal: StopSignal, handler: () => void): unknown;
  off(signal: StopSignal, handler: () => void): unknown;
}

export interface Closeable {
  close(): Promise<void>;
}

/** The world listen's lifecycle touches: passed in, so a test drives it with an emitter and a fake clock. */
export interface ListenWorld {
  signals: Signals;
  /** Runs `callback` after `ms`; returns what cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
  /** A second Ctrl-C while requests finish means "now". */
  forceExit(): void;
}

/** What listen runs, each part built by the caller; the lifecycle only starts, counts and stops them. */
export interface ListenParts {
  store: CaptureStore;
  /** Newest captures kept in the store; 0 keeps all. */
  keep: number;
  /** Stop with 0 after this many requests. */
  exitAfter: number | null;
  /** Stop with 1 if this passes first. */
  timeoutMs: number | null;
  /** The capture server, given the lifecycle's events. Its errors (a port in use) reject `runListen`. */
  startServer(events: CaptureServerEvents): Promise<CaptureServer>;
  /** Started once the server is up and signals are handled (the inspector); null when not wanted. */
  startBeside(): Promise<(Closeable & { url: string }) | null>;
  /**
   * Started after the ready line (the tunnel, or the relay client that feeds the server); null when not
   * wanted. `stop` ends listen with that exit code (a relay that refuses the token).
   */
  startPublic(server: CaptureServer, stop: (code: number) => void): Promise<Closeable | null>;
  /** Closed after the server, in order (the sender). */
  closeAfter: readonly Closeable[];
}

/** What happened, for the view; the lifecycle never prints. */
export interface ListenEvents {
  request(capture: Capture): void;
  rejected: NonNullable<CaptureServerEvents['rejected']>;
  failed: NonNullable<CaptureServerEvents['failed']>;
  ready(info: { url: string; besideUrl: string | null }): void;
  pruneFailed(error: Error): void;
  /** `timeoutMs` passed first: `completed` requests arrived of `exitAfter` (if set). */
  timedOut(completed: number): void;
  stopped(completed: number): void;
}

/** Retention runs every this many requests, besides once before the ready line. */
const PRUNE_EVERY = 500;

/**
 * listen from start to exit code: server, signal handlers, the inspector, retention before the ready
 * line, the tunnel; then it waits for --exit-after, --timeout or a signal, and shuts down in order: the
 * public side first, so nothing new arrives while requests under way finish and are stored.
 */
export async function runListen(
  parts: ListenParts,
  events: ListenEvents,
  world: ListenWorld,
): Promise<number> {
  let settle: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    settle = resolve;
  });
  let completed = 0;
  let pruning: Promise<unknown> = Promise.resolve();
  const prune = () => {
    pruning = pruning
      .then(() => parts.store.prune(parts.keep))
      .catch((error: Error) => events.pruneFailed(error));
  };

  const server = await parts
    .startServer({
      completed(capture) {
        completed += 1;
        events.request(capture);
        if (parts.keep > 0 && completed % PRUNE_EVERY === 0) prune();
        if (parts.exitAfter !== null && completed >= parts.exitAfter) settle(0);
      },
      rejected: events.rejected,
      failed: events.failed,
    })
    .catch(async (error: unknown) => {
      // No server (a port in use): what was opened for it is closed before the error goes up.
      for (const part of parts.closeAfter) await part.close();
      await parts.store.close();
      throw error;
    });
  // Handlers first: a signal that arrives while the inspector or tunnel start must still mean a clean exit.
  const onSignal = () => settle(0);
  world.signals.on('SIGINT', onSignal);
  world.signals.on('SIGTERM', onSignal);
  const beside = await parts.startBeside();
  // Pruned before saying ready: a script that waits for the ready line sees the store within --keep.
  if (parts.keep > 0) {
    prune();
    await pruning;
  }
  events.ready({ url: server.url, besideUrl: beside?.url ?? null });
  const publicSide = await parts.startPublic(server, (code) => settle(code));
  const cancelTimer =
    parts.timeoutMs === null
      ? () => {}
      : world.setTimer(() => {
          events.timedOut(completed);
          settle(1);
        }, parts.timeoutMs);

  const code = await done;
  world.signals.off('SIGINT', onSignal);
  world.signals.off('SIGTERM', onSignal);
  const forceExit = () => world.forceExit();
  world.signals.on('SIGINT', forceExit);
  world.signals.on('SIGTERM', forceExit);
  cancelTimer();
  await publicSide?.close();
  await beside?.close();
  await server.close();
  for (const part of parts.closeAfter) await part.close();
  await pruning;
  await parts.store.close();
  world.signals.off('SIGINT', forceExit);
  world.signals.off('SIGTERM', forceExit);
  events.stopped(completed);
  return code;
}
