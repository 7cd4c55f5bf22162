import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { startApp } from './helpers/app.ts';
import { send } from './helpers/http.ts';
import { type Listener, type ProcessListener, spawnListen, startListen } from './helpers/listen.ts';
import { tempStore, within } from './helpers/scope.ts';
import {
  type FakeCloudflared,
  fakeCloudflared,
  freePort,
  isAlive,
  prepareFakeCloudflared,
  untilDead,
} from './helpers/tunnel.ts';

// The tests that start cloudflared drive the built CLI (`npm run build` first) in a child process, with the
// stand-in cloudflared from test/fixtures/fake-cloudflared.mjs passed through $CLOUDFLARED_BIN; those that
// never start it run listen in-process. Every wait is bounded.
const TEST = { timeout: 30_000 };
/** Each test has its own store, fake and processes, and spends most of its time waiting: they run at once. */
const AT_ONCE = { concurrency: true };

interface Session {
  store: string;
  fake: FakeCloudflared;
  /** `hookctl listen --json --no-ui --port 0 …args` with the fake in `mode`, as a child process. */
  listen(args: string[], mode: string, env?: NodeJS.ProcessEnv): Promise<ProcessListener>;
  /** The same listen in-process, for the tests where no cloudflared starts. */
  listenHere(args: string[], mode: string, env?: NodeJS.ProcessEnv): Promise<Listener>;
}

/** A store, a fake's record directory, and cleanup that leaves no process behind even when a test fails. */
async function session(t: TestContext): Promise<Session> {
  const store = await tempStore(t);
  const fake = await fakeCloudflared(t);
  const options = (mode: string, env: NodeJS.ProcessEnv) => ({
    store,
    env: fake.env(mode, env),
    tunnel: true,
    ui: false,
    detail: fake.log,
  });
  return {
    store,
    fake,
    listen: (args, mode, env = {}) => spawnListen(t, args, options(mode, env)),
    listenHere: (args, mode, env = {}) => startListen(t, args, options(mode, env)),
  };
}

/** A test with its own session, cleaned up when it ends. */
function sessionTest(name: string, body: (s: Session, t: TestContext) => Promise<void>): void {
  it(name, TEST, async (t) => body(await session(t), t));
}

/** The proxy port ("the public side") of the fake's `index`-th start, once it listens. */
function proxyPort(fake: FakeCloudflared, index: number, describe: () => string): Promise<number> {
  return fake.waitFor(() => fake.ports()[index], `the fake's proxy port #${index + 1}`, 10_000, describe);
}

/** The config file hookctl handed to cloudflared must exist and be empty (a `~/.cloudflared` one must not win). */
function assertEmptyConfig(path: string | undefined): void {
  assert.ok(path !== undefined && isAbsolute(path), `--config is not an absolute path: ${path}`);
  assert.ok(existsSync(path), `the --config file ${path} does not exist while cloudflared runs`);
  assert.equal(statSync(path).size, 0, `the --config file ${path} is not empty`);
}

/** No stdout line may carry a public URL other than the ones listed (and never the quick-tunnel API). */
function assertPublicUrls(listener: Listener, allowed: string[]): void {
  for (const { value } of listener.lines) {
    for (const key of ['publicUrl', 'url']) {
      const url = value[key];
      if (typeof url !== 'string') continue;
      assert.ok(!url.includes('api.trycloudflare.com'), `a ${value.kind} line reports ${url} as ${key}`);
    }
    if (value.publicUrl !== undefined && value.publicUrl !== null) {
      assert.ok(
        allowed.includes(value.publicUrl as string),
        `unexpected publicUrl ${JSON.stringify(value.publicUrl)} on a ${value.kind} line`,
      );
    }
  }
  assert.deepEqual(listener.notJson, [], 'stdout carries lines that are not JSON');
}

/** Sends one POST and waits for listen's `request` line for it. */
async function captured(listener: Listener, url: string, path: string, body: string) {
  const answer = await within(
    send(`${url}${path}`, { headers: ['Content-Type', 'application/json'], body }),
    10_000,
    `an answer from ${url}${path}`,
    listener.describe,
  );
  const request = await listener.next('request', 10_000);
  assert.equal(request.method, 'POST');
  assert.equal(request.path, path);
  assert.equal(request.size, Buffer.byteLength(body));
  return { answer, request };
}

before(() => prepareFakeCloudflared());

// One group, so that all of them run at once, across the describes too.
describe('listen with cloudflared', AT_ONCE, () => {
  describe('listen: cloudflared command line', () => {
    sessionTest(
      'runs a quick tunnel as `tunnel --no-autoupdate --config <empty file> --url http://127.0.0.1:PORT`',
      async (s) => {
        // A ~/.cloudflared/config.yml that would hijack a quick tunnel if cloudflared were allowed to read it.
        const home = join(s.fake.dir, 'home');
        mkdirSync(join(home, '.cloudflared'), { recursive: true });
        const hijack = join(home, '.cloudflared', 'config.yml');
        writeFileSync(
          hijack,
          'tunnel: 6ff42ae2-765d-4adf-8112-31c55c1551ef\ncredentials-file: /nowhere.json\n',
        );
        const listener = await s.listen([], 'quick', { HOME: home });
        await listener.nextPublicUrl();
        const starts = s.fake.starts();
        assert.equal(starts.length, 1, `cloudflared started ${starts.length} times`);
        const argv = starts[0] as string[];
        const config = argv[3];
        assert.deepEqual(argv, [
          'tunnel',
          '--no-autoupdate',
          '--config',
          config,
          '--url',
          `http://127.0.0.1:${listener.port}`,
        ]);
        assert.notEqual(config, hijack);
        assertEmptyConfig(config);
        assert.equal(readFileSync(hijack, 'utf8').startsWith('tunnel:'), true, 'the user config was touched');
        const { code } = await listener.stop();
        assert.equal(code, 0, listener.describe());
      },
    );

    sessionTest('--no-tunnel spawns nothing', async (s) => {
      const listener = await s.listenHere(['--no-tunnel'], 'quick');
      assert.equal(listener.ready.publicUrl, undefined);
      await captured(listener, listener.url, '/no-tunnel', '{"n":1}');
      const { code } = await listener.stop();
      assert.equal(code, 0, listener.describe());
      assert.equal(existsSync(s.fake.argvFile), false, `cloudflared was started: ${s.fake.log()}`);
      assert.equal(
        listener.lines.some(({ value }) => value.kind === 'tunnel'),
        false,
      );
      assertPublicUrls(listener, []);
    });
  });

  describe('listen: quick tunnel', () => {
    sessionTest(
      'reports the URL cloudflared printed, and a request through it is captured and forwarded',
      async (s, t) => {
        const target = await startApp(t, (request) => ({
          status: 201,
          headers: ['Content-Type', 'text/plain', 'X-App', 'yes'],
          body: `app got ${request.body.length}`,
        }));
        const listener = await s.listen([target.url], 'quick');
        const { publicUrl } = await listener.nextPublicUrl();
        assert.match(publicUrl, /^https:\/\/[a-z0-9]+(-[a-z0-9]+)*\.trycloudflare\.com$/);
        assert.notEqual(new URL(publicUrl).hostname, 'api.trycloudflare.com');
        assert.deepEqual(s.fake.urls(), [publicUrl], 'publicUrl is not the URL cloudflared printed');

        const port = await proxyPort(s.fake, 0, listener.describe);
        const body = '{"id":"evt_tunnel","object":"event","type":"payment_intent.succeeded"}';
        const { answer, request } = await captured(listener, `http://127.0.0.1:${port}`, '/stripe?x=1', body);
        assert.equal(answer.status, 201);
        assert.equal(answer.headers['x-app'], 'yes');
        assert.equal(answer.body.toString(), `app got ${body.length}`);
        const forward = request.forward as { status: number | null; url: string };
        assert.equal(forward.status, 201);
        const received = await within(target.next(), 5_000, 'the target to receive the request');
        assert.equal(received.method, 'POST');
        assert.equal(received.url, '/stripe?x=1');
        assert.equal(received.body.toString(), body);

        const { code } = await listener.stop();
        assert.equal(code, 0, listener.describe());
        assertPublicUrls(listener, [publicUrl]);
      },
    );

    sessionTest(
      'rate limited: never reports https://api.trycloudflare.com, says so, retries, keeps receiving',
      async (s) => {
        const listener = await s.listen([], 'ratelimit');
        await listener.stderrLine(/rate[- ]?limit/i);
        await captured(listener, listener.url, '/while-rate-limited', '{"ok":true}');
        // Retried with backoff (first retry within 5 s).
        const { firstExit, secondStart } = await s.fake.waitFor(
          () => {
            const events = s.fake.events();
            const firstExit = events.find((event) => event.event === 'exit');
            const secondStart = events.filter((event) => event.event === 'start')[1];
            return firstExit && secondStart ? { firstExit, secondStart } : undefined;
          },
          'a second cloudflared start after the rate limit',
          10_000,
          listener.describe,
        );
        assert.ok(
          secondStart.t - firstExit.t <= 5_000,
          `the retry came ${secondStart.t - firstExit.t} ms after cloudflared exited`,
        );
        const { code } = await listener.stop();
        assert.equal(code, 0, listener.describe());
        assert.equal(listener.ready.publicUrl, undefined);
        assertPublicUrls(listener, []);
      },
    );

    sessionTest(
      'no cloudflared binary: one `! … hookctl tunnel install` line, still captures, exits 0',
      async (s) => {
        const missing = join(s.fake.dir, 'not-installed', 'cloudflared');
        const listener = await s.listenHere([], 'quick', { CLOUDFLARED_BIN: missing });
        const line = await listener.stderrLine(/hookctl tunnel install/);
        assert.match(line, /^! /);
        await captured(listener, listener.url, '/no-binary', '{"ok":true}');
        // The one thing with no event to await: that the line is not repeated by a retry (1 s, then 2 s backoff).
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        await captured(listener, listener.url, '/no-binary-later', '{"ok":true}');
        const { code } = await listener.stop();
        assert.equal(code, 0, listener.describe());
        const installLines = listener
          .stderr()
          .split('\n')
          .filter((text) => text.startsWith('! ') && text.includes('hookctl tunnel install'));
        assert.equal(installLines.length, 1, listener.describe());
        assertPublicUrls(listener, []);
      },
    );

    sessionTest('cloudflared exits: reported, restarted within 5 s, the new URL reported', async (s) => {
      const listener = await s.listen([], 'crash', { FAKE_CF_CRASH_MS: '300' });
      const first = await listener.nextPublicUrl();
      assert.equal(first.publicUrl, s.fake.urls()[0]);
      const second = await listener.nextPublicUrl(15_000);
      const urls = s.fake.urls();
      assert.equal(urls.length, 2);
      assert.equal(second.publicUrl, urls[1]);
      assert.notEqual(second.publicUrl, first.publicUrl);

      const starts = s.fake.starts();
      assert.equal(starts.length, 2, `cloudflared started ${starts.length} times`);
      for (const argv of starts) {
        assert.deepEqual(argv.slice(0, 3), ['tunnel', '--no-autoupdate', '--config']);
        assert.deepEqual(argv.slice(4), ['--url', `http://127.0.0.1:${listener.port}`]);
      }
      const [pid1, pid2] = s.fake.pids();
      const { crashed, restarted } = await s.fake.waitFor(
        () => {
          const events = s.fake.events();
          const crashed = events.find((event) => event.pid === pid1 && event.event === 'exit');
          const restarted = events.find((event) => event.pid === pid2 && event.event === 'start');
          return crashed && restarted ? { crashed, restarted } : undefined;
        },
        "the fake's crash and restart events",
        5_000,
        listener.describe,
      );
      assert.equal(crashed.code, 1, 'the first cloudflared did not crash with code 1');
      const delay = restarted.t - crashed.t;
      assert.ok(delay >= 0 && delay <= 5_000, `restarted ${delay} ms after the crash`);
      // Generously: crash after 300 ms, first retry within 5 s, a few seconds of slack for a busy machine.
      assert.ok(second.at - first.at <= 9_000, `second URL ${second.at - first.at} ms after the first`);
      await listener.stderrLine(/cloudflared|tunnel/i);

      // The restarted tunnel carries requests.
      const port = await proxyPort(s.fake, 1, listener.describe);
      await captured(listener, `http://127.0.0.1:${port}`, '/after-restart', '{"n":2}');
      const { code } = await listener.stop();
      assert.equal(code, 0, listener.describe());
      assertPublicUrls(listener, urls);
    });

    sessionTest(
      'cloudflared that never prints a URL: ready comes anyway, requests are captured locally',
      async (s) => {
        const listener = await s.listen([], 'hang');
        assert.equal(listener.ready.publicUrl, undefined);
        await s.fake.waitFor(() => s.fake.pids()[0], 'cloudflared to start', 10_000, listener.describe);
        await captured(listener, listener.url, '/hang', '{"ok":true}');
        const pid = s.fake.pids()[0] as number;
        const { code } = await listener.stop();
        assert.equal(code, 0, listener.describe());
        await untilDead(pid, 3_000, 'cloudflared after listen exited');
        assertPublicUrls(listener, []);
      },
    );
  });

  describe('listen: named tunnel', () => {
    const token = Buffer.from(
      JSON.stringify({
        a: randomBytes(16).toString('hex'),
        t: randomUUID(),
        s: randomBytes(32).toString('base64'),
      }),
    ).toString('base64');

    for (const how of ['--tunnel-token', '$HOOKCTL_TUNNEL_TOKEN']) {
      sessionTest(
        `${how}: runs \`tunnel --no-autoupdate --config <empty> run\` with $TUNNEL_TOKEN, publicUrl from the ingress`,
        async (s) => {
          const port = await freePort();
          const args = [
            '--port',
            String(port),
            ...(how === '--tunnel-token' ? ['--tunnel-token', token] : []),
          ];
          const env: NodeJS.ProcessEnv = { FAKE_CF_TARGET: String(port) };
          if (how !== '--tunnel-token') env.HOOKCTL_TUNNEL_TOKEN = token;
          const listener = await s.listen(args, 'token', env);
          assert.equal(listener.port, port);
          const { publicUrl } = await listener.nextPublicUrl();
          assert.equal(publicUrl, 'https://hooks.example.test');
          const starts = s.fake.starts();
          assert.equal(starts.length, 1, `cloudflared started ${starts.length} times`);
          const argv = starts[0] as string[];
          // The token travels in $TUNNEL_TOKEN, not argv, where any user could read it with ps.
          assert.deepEqual(argv, ['tunnel', '--no-autoupdate', '--config', argv[3], 'run']);
          assert.ok(!argv.includes(token), 'the token is visible in argv');
          assertEmptyConfig(argv[3]);

          const proxy = await proxyPort(s.fake, 0, listener.describe);
          await captured(listener, `http://127.0.0.1:${proxy}`, '/named', '{"named":true}');
          const { code } = await listener.stop();
          assert.equal(code, 0, listener.describe());
          assertPublicUrls(listener, ['https://hooks.example.test']);
        },
      );
    }
  });

  describe('listen: no cloudflared outlives hookctl', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      sessionTest(`${signal}: cloudflared gets SIGINT and is gone, listen exits 0`, async (s) => {
        const listener = await s.listen([], 'quick');
        await listener.nextPublicUrl();
        const pid = s.fake.pids()[0] as number;
        assert.ok(isAlive(pid), `cloudflared (pid ${pid}) is not running`);
        const { code } = await listener.stop(signal);
        assert.equal(code, 0, listener.describe());
        await untilDead(pid, 2_000, `cloudflared after listen exited on ${signal}`);
        const signals = s.fake.events().filter((event) => event.pid === pid && event.event === 'signal');
        assert.equal(signals[0]?.signal, 'SIGINT', `cloudflared got ${JSON.stringify(signals)}`);
      });
    }

    sessionTest(
      'SIGTERM right after the ready line (cloudflared still starting): exits 0, no cloudflared left',
      async (s) => {
        const listener = await s.listen([], 'quick');
        const stopped = await listener.stop('SIGTERM');
        assert.equal(
          stopped.code,
          0,
          `listen ended with code ${stopped.code}, signal ${stopped.signal}\n${listener.describe()}`,
        );
        for (const pid of s.fake.pids()) await untilDead(pid, 2_000, 'cloudflared after listen exited');
      },
    );

    sessionTest(
      'cloudflared ignoring SIGINT is SIGKILLed after the grace period; listen exits 0',
      async (s) => {
        const listener = await s.listen([], 'quick', { FAKE_CF_IGNORE_SIGINT: '1' });
        await listener.nextPublicUrl();
        const pid = s.fake.pids()[0] as number;
        const sent = Date.now();
        const { code, at } = await listener.stop('SIGTERM', 15_000);
        assert.equal(code, 0, listener.describe());
        const gone = await untilDead(pid, 2_000, 'cloudflared that ignores SIGINT, after listen exited');
        const events = s.fake.events().filter((event) => event.pid === pid);
        assert.ok(
          events.some((event) => event.event === 'signal' && event.signal === 'SIGINT'),
          `cloudflared got no SIGINT: ${JSON.stringify(events)}`,
        );
        assert.equal(
          events.some((event) => event.event === 'exit'),
          false,
          'cloudflared exited by itself: it was not killed',
        );
        // SIGINT, then SIGKILL after a 3 s grace period.
        assert.ok(gone - sent >= 2_500, `killed ${gone - sent} ms after SIGTERM: no grace period`);
        assert.ok(at - sent <= 10_000, `listen took ${at - sent} ms to exit`);
      },
    );

    sessionTest('kill -9 of hookctl: cloudflared dies too', async (s) => {
      const listener = await s.listen([], 'quick');
      await listener.nextPublicUrl();
      const pid = s.fake.pids()[0] as number;
      assert.ok(isAlive(pid), `cloudflared (pid ${pid}) is not running`);
      listener.child.kill('SIGKILL');
      const died = await within(listener.died, 5_000, 'hookctl to die of SIGKILL');
      assert.equal(died.signal, 'SIGKILL');
      await untilDead(pid, 5_000, 'cloudflared after hookctl was killed with SIGKILL');
    });
  });
});
