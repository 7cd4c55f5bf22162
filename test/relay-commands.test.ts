import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseListenOptions } from '../src/commands/listen.ts';
import { defaultRelayName } from '../src/commands/listen-relay.ts';
import { parseChannelChange } from '../src/commands/relay-channel.ts';
import { roughAge } from '../src/commands/relay-common.ts';
import { statusTarget } from '../src/commands/relay-status.ts';
import { listenUrl, parseRelayAddress, refusal, retryDelay } from '../src/core/relay/index.ts';
import { DEFAULT_CONFIG } from '../src/lib/relay-protocol.ts';
import { workersDevUrl, wranglerCommand, wranglerConfig } from '../src/relay/deploy.ts';
import { mergeConfig } from '../src/relay/worker/channel.ts';
import { runBin } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// The relay's commands: their parsers as tables, and `relay deploy` end to end against a stand-in for
// wrangler (these machines reach no Cloudflare account): the files it writes, the commands it runs and
// the token it hands over on stdin.

describe('relay addresses', () => {
  const cases: Array<[string, { channelUrl: string; base: string; channel: string } | RegExp]> = [
    [
      'https://r.example.workers.dev/ch_abc',
      {
        channelUrl: 'https://r.example.workers.dev/ch_abc',
        base: 'https://r.example.workers.dev',
        channel: 'ch_abc',
      },
    ],
    [
      'https://r.example.workers.dev/ch_abc/',
      {
        channelUrl: 'https://r.example.workers.dev/ch_abc',
        base: 'https://r.example.workers.dev',
        channel: 'ch_abc',
      },
    ],
    [
      'http://127.0.0.1:8787/team',
      { channelUrl: 'http://127.0.0.1:8787/team', base: 'http://127.0.0.1:8787', channel: 'team' },
    ],
    [
      'https://example.com/relay/ch-1',
      { channelUrl: 'https://example.com/relay/ch-1', base: 'https://example.com/relay', channel: 'ch-1' },
    ],
    ['https://r.example.workers.dev', /names no channel/],
    ['https://r.example.workers.dev/_hookctl', /channel name/],
    ['https://r.example.workers.dev/a.b', /channel name/],
    ['https://r.example.workers.dev/ch?x=1', /no query/],
    ['ftp://r.example/ch', /http\(s\)/],
    ['not a url', /is not a URL/],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      if (expected instanceof RegExp) assert.throws(() => parseRelayAddress(input), expected);
      else assert.deepEqual(parseRelayAddress(input), expected);
    });
  }

  it('listens over ws(s) with the name and protocol version', () => {
    assert.equal(
      listenUrl(parseRelayAddress('https://r.example/ch'), 'alice@mac'),
      'wss://r.example/ch/_hookctl/listen?name=alice%40mac&v=1',
    );
    assert.equal(
      listenUrl(parseRelayAddress('http://127.0.0.1:1/ch'), 'x'),
      'ws://127.0.0.1:1/ch/_hookctl/listen?name=x&v=1',
    );
  });

  it('reconnects after 0.5 s doubling to 30 s, with jitter of ±20%', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => retryDelay(attempt, () => 0.5)),
      [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
    );
    assert.equal(
      retryDelay(1, () => 0),
      400,
    );
    assert.equal(
      retryDelay(1, () => 1),
      600,
    );
  });

  it('says what to do about a refusal, and retries anything else', () => {
    const address = parseRelayAddress('https://r.example/ch');
    assert.match(refusal(401, address) ?? '', /refused the listener token .*--relay-token/);
    assert.match(refusal(404, address) ?? '', /is not a hookctl relay channel/);
    assert.equal(refusal(503, address), null);
  });
});

describe('listen --relay options', () => {
  it('takes the token, names the listener user@host, and turns the tunnel off', () => {
    const options = parseListenOptions(
      ['3000'],
      { relay: 'https://r.example/ch', relayToken: 'T' },
      'me@box',
    );
    assert.equal(options.tunnel, false);
    assert.deepEqual(
      { url: options.relay?.address.channelUrl, token: options.relay?.token, name: options.relay?.name },
      { url: 'https://r.example/ch', token: 'T', name: 'me@box' },
    );
    assert.equal(
      parseListenOptions([], { relay: 'https://r.example/ch', relayToken: 'T', relayName: 'ci' }).relay?.name,
      'ci',
    );
  });

  it('refuses a relay without a token, and names without spaces', () => {
    assert.throws(
      () => parseListenOptions([], { relay: 'https://r.example/ch' }),
      /needs the listener token/,
    );
    assert.throws(
      () => parseListenOptions([], { relay: 'https://r.example/ch', relayToken: 'T', relayName: 'a b' }),
      /--relay-name/,
    );
    assert.throws(() => parseListenOptions([], { relayName: 'x' }), /goes with --relay/);
    assert.throws(
      () => parseListenOptions([], { relay: 'https://r.example/ch', relayToken: 'T\n  listen with: …' }),
      /line break/,
      'a token pasted with the next line is a usage error, not a bad header',
    );
  });

  it('makes a printable default name', () => {
    assert.equal(defaultRelayName('alice', 'mac.local'), 'alice@mac.local');
    assert.equal(defaultRelayName('al ice', 'mäc'), 'alice@mc');
    assert.equal(defaultRelayName('', ''), 'someone@someone');
  });
});

describe('relay channel and status', () => {
  it('turns flags into a config change', () => {
    assert.deepEqual(parseChannelChange({ verify: 'Stripe', secret: 'whsec_x' }), {
      verify: 'stripe',
      secrets: { stripe: 'whsec_x' },
    });
    assert.deepEqual(parseChannelChange({ verify: 'none' }), { verify: null });
    assert.deepEqual(parseChannelChange({ status: '202', maxEvents: '50', maxAge: '2d' }), {
      status: 202,
      maxEvents: 50,
      maxAgeMs: 2 * 86_400_000,
    });
    assert.throws(() => parseChannelChange({ secret: 's' }), /goes with --verify/);
    assert.throws(() => parseChannelChange({ verify: 'nosuch' }), /nosuch/);
    assert.throws(() => parseChannelChange({ status: '99' }), /--status/);
  });

  it('merges a config at the relay, or says what is wrong', () => {
    const merged = mergeConfig(DEFAULT_CONFIG, { verify: 'github', secrets: { github: 's' }, status: 204 });
    assert.deepEqual(merged, { ...DEFAULT_CONFIG, verify: 'github', secrets: { github: 's' }, status: 204 });
    assert.deepEqual(mergeConfig(merged as typeof DEFAULT_CONFIG, { secrets: { github: null } }), {
      ...DEFAULT_CONFIG,
      verify: 'github',
      status: 204,
    });
    assert.match(mergeConfig(DEFAULT_CONFIG, { color: 'red' }) as string, /unknown config field color/);
    assert.match(mergeConfig(DEFAULT_CONFIG, []) as string, /JSON object/);
    assert.match(mergeConfig(DEFAULT_CONFIG, { maxAgeMs: -1 }) as string, /positive/);
  });

  it('asks the whole relay or one channel', () => {
    assert.deepEqual(statusTarget('https://r.example'), {
      url: 'https://r.example/_hookctl/status',
      channel: null,
    });
    assert.deepEqual(statusTarget('https://r.example/ch_1'), {
      url: 'https://r.example/ch_1/_hookctl/status',
      channel: 'ch_1',
    });
    assert.throws(() => statusTarget('nope'), /not a URL/);
    assert.deepEqual([roughAge(40_000), roughAge(300_000), roughAge(7 * 86_400_000)], ['40s', '5m', '7d']);
  });
});

describe('relay deploy', () => {
  it('writes a free-plan config: the bundle, nodejs_compat, a SQLite-backed Durable Object', () => {
    const config = wranglerConfig('team-hooks');
    assert.equal(config.name, 'team-hooks');
    assert.equal(config.main, 'worker.js');
    assert.deepEqual(config.compatibility_flags, ['nodejs_compat']);
    assert.deepEqual(config.durable_objects, { bindings: [{ name: 'CHANNELS', class_name: 'Channel' }] });
    assert.deepEqual(config.migrations, [{ tag: 'v1', new_sqlite_classes: ['Channel'] }]);
  });

  it('runs the wrangler that supports this Node', () => {
    assert.deepEqual(wranglerCommand({}, 'v20.20.0'), ['npx', '--yes', 'wrangler@4.86.0']);
    assert.deepEqual(wranglerCommand({}, 'v22.12.0'), ['npx', '--yes', 'wrangler@4']);
    assert.deepEqual(wranglerCommand({ HOOKCTL_WRANGLER: 'node ./w.mjs' }, 'v24.0.0'), ['node', './w.mjs']);
  });

  it("finds the workers.dev URL in wrangler's output", () => {
    const output =
      'Uploaded hookctl-relay (2.1 sec)\nDeployed hookctl-relay triggers (0.4 sec)\n  https://hookctl-relay.acme.workers.dev\nCurrent Version ID: 1';
    assert.equal(workersDevUrl(output, 'hookctl-relay'), 'https://hookctl-relay.acme.workers.dev');
    assert.equal(workersDevUrl('https://other.acme.workers.dev', 'hookctl-relay'), null);
  });

  it('deploys with wrangler, hands it the token on stdin, and prints the stable URL of an unguessable channel', async (t) => {
    const home = await tempStore(t);
    const log = path.join(home, 'wrangler-log.ndjson');
    const fake = path.join(home, 'wrangler.mjs');
    // A stand-in for wrangler: records each run (arguments, directory, stdin) and answers as wrangler does.
    await writeFile(
      fake,
      `import { appendFileSync, readFileSync } from 'node:fs';
const args = process.argv.slice(2);
const stdin = args[0] === 'secret' ? readFileSync(0, 'utf8') : '';
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, cwd: process.cwd(), stdin }) + '\\n');
if (process.env.FAKE_WRANGLER_FAIL === args[0]) { console.error('✘ [ERROR] You are not logged in.'); process.exit(1); }
if (args[0] === 'deploy') console.log('Uploaded hookctl-relay (1.2 sec)\\nDeployed hookctl-relay triggers (0.3 sec)\\n  https://hookctl-relay.acme.workers.dev\\nCurrent Version ID: abc');
else console.log('✨ Success! Uploaded secret LISTENER_TOKEN');
`,
    );
    const env = { XDG_CONFIG_HOME: home, HOOKCTL_WRANGLER: `${process.execPath} ${fake}` };
    const deployed = await runBin(['relay', 'deploy', '--json'], { store: home, env });
    assert.equal(deployed.code, 0, deployed.stderr);
    const printed = JSON.parse(deployed.stdout) as {
      url: string;
      channel: string;
      channelUrl: string;
      token: string;
      dir: string;
    };
    assert.equal(printed.url, 'https://hookctl-relay.acme.workers.dev');
    assert.match(printed.channel, /^ch_[A-Za-z0-9_-]{22}$/, 'a channel name nobody guesses');
    assert.equal(printed.channelUrl, `${printed.url}/${printed.channel}`);
    assert.match(printed.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(printed.dir, path.join(home, 'hookctl', 'relay', 'hookctl-relay'));

    const runs = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const config = path.join(printed.dir, 'wrangler.json');
    assert.deepEqual(
      runs.map((run) => run.args),
      [
        ['deploy', '--config', config],
        ['secret', 'put', 'LISTENER_TOKEN', '--config', config],
      ],
    );
    assert.equal(runs[1].stdin, printed.token, 'the token goes on stdin, never on a command line');
    assert.ok(!JSON.stringify(runs.map((run) => run.args)).includes(printed.token));
    assert.deepEqual(JSON.parse(await readFile(config, 'utf8')), wranglerConfig('hookctl-relay'));
    assert.equal(
      await readFile(path.join(printed.dir, 'worker.js'), 'utf8'),
      await readFile(new URL('../dist/relay/worker.bundle.js', import.meta.url), 'utf8'),
      'the bundle relay dev runs is the one deployed',
    );
    assert.equal((await stat(path.join(printed.dir, 'listener-token'))).mode & 0o777, 0o600);

    const again = await runBin(['relay', 'deploy', '--json'], { store: home, env });
    const second = JSON.parse(again.stdout) as typeof printed;
    assert.deepEqual(
      [second.token, second.channel],
      [printed.token, printed.channel],
      'a redeploy keeps both',
    );
    const renewed = JSON.parse(
      (await runBin(['relay', 'deploy', '--json', '--new-token'], { store: home, env })).stdout,
    );
    assert.notEqual(renewed.token, printed.token);

    const failed = await runBin(['relay', 'deploy'], {
      store: home,
      env: { ...env, FAKE_WRANGLER_FAIL: 'deploy' },
    });
    assert.equal(failed.code, 1);
    const errors = failed.stderr.split('\n').filter((line) => line.startsWith('✗'));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /wrangler deploy failed \(exit 1\): log in with `npx wrangler login`/);
    assert.equal(failed.stdout, '', 'nothing on stdout when it fails');

    const badName = await runBin(['relay', 'deploy', '--name', 'Bad_Name'], { store: home, env });
    assert.equal(badName.code, 2);
  });

  it('prints what it would run with --dry-run, running nothing', async (t) => {
    const home = await tempStore(t);
    const dry = await runBin(['relay', 'deploy', '--dry-run'], {
      store: home,
      env: { XDG_CONFIG_HOME: home, HOOKCTL_WRANGLER: '/nonexistent/wrangler' },
    });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /would run: \/nonexistent\/wrangler deploy --config .*wrangler\.json/);
    assert.match(dry.stderr, /secret put LISTENER_TOKEN .*the token on stdin/);
  });
});
