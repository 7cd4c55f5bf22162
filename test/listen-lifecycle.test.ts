import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it, type TestContext } from 'node:test';
import {
  type CaptureServerEvents,
  type Closeable,
  type ListenEvents,
  type ListenParts,
  runListen,
} from '../src/core/capture/index.ts';
import { type CaptureStore, openStore } from '../src/core/store/index.ts';
import type { Capture } from '../src/core/types.ts';
import { tempStore } from './helpers/scope.ts';
import { captureMeta } from './helpers/store.ts';

// runListen (src/core/capture/listen.ts) driven with fake parts: a server whose `completed` events the test
// fires, an EventEmitter for signals, a timer the test runs, and a real store in a temp directory. Every
// part writes what happens to it into one log, so order is checked as a list.

/** One capture in `store`, as the capture server would have completed it. */
async function storedCapture(store: CaptureStore, path: string): Promise<Capture> {
  const pending = await store.begin(captureMeta({ path, size: 2 }), Buffer.from('{}'));
  await pending.finish(null);
  return store.get(pending.id);
}

/** A part that logs its close; `closing`, when given, is awaited inside close (to hold shutdown there). */
function part(log: string[], name: string, closing?: Promise<void>): Closeable {
  return {
    async close() {
      log.push(`close ${name}`);
      await closing;
      log.push(`closed ${name}`);
    },
  };
}

interface Harness {
  log: string[];
  store: CaptureStore;
  signals: EventEmitter;
  /** Timers set through the world, in order; `fire` runs one. */
  timers: Array<{ ms: number; cancelled: boolean; fire(): void }>;
  forceExits: number;
  /** The server's events, once runListen has started it. */
  server(): CaptureServerEvents;
  /** runListen's exit code. */
  code: Promise<number>;
}

type Overrides = (parts: {
  log: string[];
  store: CaptureStore;
  signals: EventEmitter;
}) => Partial<ListenParts>;

/**
 * Starts runListen over fake parts (`overrides` replaces some) and a real store in a temp directory;
 * resolves once it is up (the public side started, the timer set) or has ended.
 */
async function start(t: TestContext, overrides: Overrides = () => ({})): Promise<Harness> {
  const log: string[] = [];
  const store = await openStore({ dir: await tempStore(t) });
  const signals = new EventEmitter();
  // The real store, with its prune and close logged.
  const prune = store.prune.bind(store);
  const close = store.close.bind(store);
  store.prune = async (keep) => {
    log.push(`prune ${keep}`);
    return prune(keep);
  };
  store.close = async () => {
    log.push('close store');
    await close();
  };
  let serverEvents: CaptureServerEvents | undefined;
  const timers: Harness['timers'] = [];
  let readyNow: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    readyNow = resolve;
  });
  const parts: ListenParts = {
    store,
    keep: 0,
    exitAfter: null,
    timeoutMs: null,
    async startServer(events) {
      serverEvents = events;
      log.push('start server');
      return {
        url: 'http://127.0.0.1:4500',
        port: 4500,
        ingest: async () => null,
        forwardStored: async () => null,
        ...part(log, 'server'),
      };
    },
    async startBeside() {
      log.push('start beside');
      return { url: 'http://127.0.0.1:4501', ...part(log, 'beside') };
    },
    async startPublic({ url: serverUrl }) {
      log.push(`start public for ${serverUrl}`);
      return part(log, 'public');
    },
    closeAfter: [part(log, 'sender')],
    ...overrides({ log, store, signals }),
  };
  const events: ListenEvents = {
    request: (capture) => log.push(`request ${capture.path}`),
    rejected: (info) => log.push(`rejected ${info.status}`),
    failed: (message) => log.push(`failed ${message}`),
    ready({ url, besideUrl }) {
      log.push(`ready ${url} ${besideUrl}`);
      readyNow();
    },
    pruneFailed: (error) => log.push(`prune failed ${error.message}`),
    timedOut: (completed) => log.push(`timed out after ${completed}`),
    stopped: (completed) => log.push(`stopped after ${completed}`),
  };
  const harness: Harness = {
    log,
    store,
    signals,
    timers,
    forceExits: 0,
    server() {
      assert.ok(serverEvents, 'the server was not started');
      return serverEvents;
    },
    code: runListen(parts, events, {
      signals,
      setTimer(callback, ms) {
        const timer = { ms, cancelled: false, fire: callback };
        timers.push(timer);
        log.push(`timer ${ms}`);
        return () => {
          timer.cancelled = true;
          log.push(`cancel timer ${ms}`);
        };
      },
      forceExit() {
        harness.forceExits += 1;
        log.push('force exit');
      },
    }),
  };
  await Promise.race([ready, harness.code]);
  // The fakes answer at once: what runListen does after the ready line is done once the microtasks are.
  await new Promise((resolve) => setImmediate(resolve));
  return harness;
}

/** The shutdown, in order, once the code is settled: the public side first, the store last. */
const SHUTDOWN = [
  'close public',
  'closed public',
  'close beside',
  'closed beside',
  'close server',
  'closed server',
  'close sender',
  'closed sender',
  'close store',
];

describe('runListen with fake parts', () => {
  it('starts the server, the part beside it, says ready, then starts the public side', async (t) => {
    const h = await start(t);
    assert.deepEqual(h.log, [
      'start server',
      'start beside',
      'ready http://127.0.0.1:4500 http://127.0.0.1:4501',
      'start public for http://127.0.0.1:4500',
    ]);
    h.signals.emit('SIGTERM');
    assert.equal(await h.code, 0);
  });

  it('--exit-after 2: settles 0 after the second request, not before', async (t) => {
    const h = await start(t, () => ({ exitAfter: 2 }));
    let settled = false;
    h.code.then(() => {
      settled = true;
    });
    h.server().completed(await storedCapture(h.store, '/one'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'settled after one request of two');
    h.server().completed(await storedCapture(h.store, '/two'));
    assert.equal(await h.code, 0);
    assert.deepEqual(h.log.slice(4), ['request /one', 'request /two', ...SHUTDOWN, 'stopped after 2']);
  });

  it('--timeout: settles 1 and reports how many requests came', async (t) => {
    const h = await start(t, () => ({ exitAfter: 3, timeoutMs: 30_000 }));
    const [timer] = h.timers;
    assert.equal(timer?.ms, 30_000);
    h.server().completed(await storedCapture(h.store, '/only'));
    timer?.fire();
    assert.equal(await h.code, 1);
    assert.deepEqual(h.log.slice(4), [
      'timer 30000',
      'request /only',
      'timed out after 1',
      'cancel timer 30000',
      ...SHUTDOWN,
      'stopped after 1',
    ]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: settles 0 and shuts down in order, the public side first and the store last`, async (t) => {
      const h = await start(t, () => ({ timeoutMs: 60_000 }));
      h.signals.emit(signal);
      assert.equal(await h.code, 0);
      assert.deepEqual(h.log.slice(4), ['timer 60000', 'cancel timer 60000', ...SHUTDOWN, 'stopped after 0']);
      assert.equal(h.timers[0]?.cancelled, true);
      assert.equal(h.forceExits, 0);
      for (const name of ['SIGINT', 'SIGTERM']) assert.equal(h.signals.listenerCount(name), 0, name);
    });
  }

  it('a second signal while shutting down calls forceExit; after the end, signals are left alone', async (t) => {
    // The public side takes its time to close: shutdown is under way until the test releases it.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let closeStarted: () => void = () => {};
    const closing = new Promise<void>((resolve) => {
      closeStarted = resolve;
    });
    const h = await start(t, ({ log }) => ({
      async startPublic() {
        log.push('start public');
        return {
          async close() {
            closeStarted();
            await part(log, 'public', held).close();
          },
        };
      },
    }));
    h.signals.emit('SIGTERM');
    await closing;
    assert.equal(h.forceExits, 0);
    h.signals.emit('SIGINT');
    assert.equal(h.forceExits, 1);
    release();
    assert.equal(await h.code, 0);
    h.signals.emit('SIGINT');
    assert.equal(h.forceExits, 1, 'forceExit after listen had ended');
    assert.deepEqual(h.log.slice(4), [
      'close public',
      'force exit',
      'closed public',
      ...SHUTDOWN.slice(2),
      'stopped after 0',
    ]);
  });

  it('a signal while the part beside the server starts still means a clean exit', async (t) => {
    const h = await start(t, ({ log, signals }) => ({
      async startBeside() {
        log.push('start beside');
        signals.emit('SIGTERM');
        return null;
      },
    }));
    assert.equal(await h.code, 0);
    assert.deepEqual(h.log, [
      'start server',
      'start beside',
      'ready http://127.0.0.1:4500 null',
      'start public for http://127.0.0.1:4500',
      ...SHUTDOWN.filter((line) => !line.includes('beside')),
      'stopped after 0',
    ]);
  });

  it('--keep 3: prunes the store to the newest 3 before the ready line', async (t) => {
    const written: string[] = [];
    let keptAtReady: string[] = [];
    const h = await start(t, ({ log, store }) => ({
      keep: 3,
      async startBeside() {
        // Five captures already in the store when listen starts.
        for (let i = 0; i < 5; i++) written.push((await storedCapture(store, `/old/${i}`)).id);
        log.push('start beside');
        return null;
      },
      // Right after the ready line: what a script that waited for it would see.
      async startPublic() {
        keptAtReady = (await store.list({ limit: 100 })).map((summary) => summary.id);
        log.push('start public');
        return null;
      },
    }));
    h.signals.emit('SIGTERM');
    assert.equal(await h.code, 0);
    assert.deepEqual(h.log.slice(0, 5), [
      'start server',
      'start beside',
      'prune 3',
      'ready http://127.0.0.1:4500 null',
      'start public',
    ]);
    assert.deepEqual(keptAtReady, written.slice(-3).reverse());
  });

  it('--keep 0 keeps everything: no prune', async (t) => {
    const h = await start(t);
    h.signals.emit('SIGTERM');
    assert.equal(await h.code, 0);
    assert.ok(!h.log.some((line) => line.startsWith('prune')), h.log.join('\n'));
  });

  it('a server that cannot start rejects, and nothing else starts', async (t) => {
    const log: string[] = [];
    await assert.rejects(
      start(t, () => ({
        startServer: async () => {
          log.push('start server');
          throw new Error('port 4500 on 127.0.0.1 is in use');
        },
      })),
      /in use/,
    );
    assert.deepEqual(log, ['start server']);
  });

  it('a server that cannot start leaves nothing open: closeAfter and the store are closed', async (t) => {
    let log: string[] = [];
    await assert.rejects(
      start(t, (parts) => {
        log = parts.log;
        return {
          startServer: async () => {
            throw new Error('port 4500 on 127.0.0.1 is in use');
          },
          closeAfter: [part(parts.log, 'sender')],
        };
      }),
      /in use/,
    );
    assert.deepEqual(log, ['close sender', 'closed sender', 'close store']);
  });
});
