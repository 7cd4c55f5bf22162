import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { send } from './helpers/http.ts';
import { hookctlId, lines, listJson } from './helpers/lifecycle.ts';
import { startListen } from './helpers/listen.ts';
import { type Exit, type Runner, runBin, runHookctl, startProcess } from './helpers/run.ts';
import { onCleanup, type Scope, tempStore, within } from './helpers/scope.ts';

// ui, doctor and clear, which the other files do not cover: each end to end through bin/hookctl.js, and
// in-process where the two can differ.

const LIMIT = { timeout: 30_000 };
const OFFLINE_DNS = fileURLToPath(new URL('./fixtures/offline-dns.mjs', import.meta.url));

/** Captures one request per path through a listen in this process; returns their ids, oldest first. */
async function captures(scope: Scope, store: string, paths: string[]): Promise<string[]> {
  const listener = await startListen(scope, [], { store });
  const ids: string[] = [];
  for (const path of paths) ids.push(hookctlId(await send(`${listener.url}${path}`, { body: path })));
  assert.equal((await listener.stop()).code, 0, listener.stderr());
  return ids;
}

describe('clear', LIMIT, () => {
  const removesEverything = async (t: TestContext, run: Runner) => {
    const store = await tempStore(t);
    await captures(t, store, ['/a', '/b', '/c']);
    const json = await run(['clear', '--json'], { store });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { removed: 3 });
    assert.deepEqual(await listJson(store), []);
    const again = await run(['clear'], { store });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `Removed 0 captures from ${store}\n`);
  };
  it('removes every capture and says how many', (t) => removesEverything(t, runHookctl));
  it('end to end through bin/hookctl.js: removes every capture and says how many', (t) =>
    removesEverything(t, runBin));
});

describe('doctor', LIMIT, () => {
  it('end to end through bin/hookctl.js: every check says what it found, exit 1 when one fails', async (t) => {
    const store = await tempStore(t);
    await captures(t, store, ['/one', '/two']);
    // A home with a cloudflared config that would hijack a plain `cloudflared tunnel --url`.
    const home = await tempStore(t);
    await mkdir(join(home, '.cloudflared'));
    await writeFile(join(home, '.cloudflared', 'config.yml'), 'tunnel: x\n');
    const missing = join(home, 'no-cloudflared');
    // No DNS query leaves this machine: lookups fail as they do offline.
    const env = { CLOUDFLARED_BIN: missing, HOME: home, NODE_OPTIONS: `--import=${OFFLINE_DNS}` };

    const json = await runBin(['doctor', '--json'], { store, env });
    assert.equal(json.code, 1, json.stderr);
    const checks = JSON.parse(json.stdout) as Array<{ check: string; ok: boolean; detail: string }>;
    assert.deepEqual(
      checks.map(({ check, ok }) => [check, ok]),
      [
        ['node', true],
        ['cloudflared', false],
        ['cloudflared config', true],
        ['network', false],
        ['store', true],
      ],
    );
    const detail = (name: string) => checks.find(({ check }) => check === name)?.detail ?? '';
    assert.match(detail('node'), new RegExp(`^Node\\.js ${process.versions.node} `));
    assert.match(detail('cloudflared'), /not found at .*no-cloudflared: run `hookctl tunnel install`/);
    assert.ok(detail('cloudflared config').startsWith(join(home, '.cloudflared', 'config.yml')));
    assert.match(detail('network'), /cannot resolve api\.trycloudflare\.com \(ENOTFOUND\)/);
    assert.equal(detail('store'), `${store} (2 captures)`);

    const human = await runBin(['doctor'], { store, env });
    assert.equal(human.code, 1, human.stderr);
    assert.deepEqual(
      lines(human.stdout).map((line) => line.slice(0, 2)),
      ['✓ ', '✗ ', '✓ ', '✗ ', '✓ '],
    );
    assert.match(human.stdout, /^✓ store {14}/m);
  });
});

describe('ui', LIMIT, () => {
  it('end to end through bin/hookctl.js: serves the store, picks up other processes’ captures, exits 0 on SIGTERM', async (t) => {
    const store = await tempStore(t);
    const [first] = await captures(t, store, ['/before']);
    const out: string[] = [];
    let wake = () => {};
    const ui = startProcess(['ui', '--port', '0'], {
      store,
      onLine(line) {
        out.push(line);
        wake();
      },
    });
    onCleanup(t, () => ui.signal('SIGKILL'));
    const twoLines = async (): Promise<string[]> => {
      while (out.length < 2) {
        if (!ui.running()) throw new Error(`ui exited: ${ui.stderr()}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          ui.exited.then(() => resolve());
        });
      }
      return out;
    };
    const [announced] = await within(twoLines(), 10_000, 'the inspector URL on stdout', ui.stderr);
    const url = /inspector on (http:\/\/127\.0\.0\.1:\d+) /.exec(announced ?? '')?.[1] ?? '';
    assert.deepEqual(out, [`● inspector on ${url} over ${store}`, '  Ctrl-C to stop']);

    const listed = await send(`${url}/api/captures`, { method: 'GET' });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (JSON.parse(listed.body.toString()) as Array<{ id: string }>).map((capture) => capture.id),
      [first],
    );

    // A capture another process makes reaches the page over the WebSocket (ui looks every second).
    const socket = new WebSocket(`${url.replace('http:', 'ws:')}/api/live`, { headers: { Origin: url } });
    onCleanup(t, () => socket.terminate());
    await within(
      new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      }),
      5_000,
      'the live WebSocket to open',
    );
    const message = new Promise<Record<string, unknown>>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
    );
    const [later] = await captures(t, store, ['/later']);
    const live = await within(message, 5_000, 'the new capture on the WebSocket', ui.stderr);
    assert.equal(live.id, later);
    assert.equal(live.path, '/later');

    ui.signal('SIGTERM');
    const exit: Exit = await within(ui.exited, 10_000, 'ui to exit after SIGTERM', ui.stderr);
    assert.equal(exit.code, 0, ui.stderr());
    assert.equal(ui.stderr(), '');
  });
});
