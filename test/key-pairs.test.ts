import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { type KeyPairApp, startKeyPairApp } from './helpers/key-pair-apps.ts';
import { startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';

// Discord and SendGrid sign with key pairs: `hookctl keys` prints the public key an app is configured with,
// and trigger, listen forwarding, replay --resign and verify are checked end to end against handlers
// written with the providers' own SDKs (test/helpers/key-pair-apps.ts).

const pem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('key pairs end to end (discord, sendgrid)', { concurrency: false }, () => {
  const suite = suiteScope();
  const s = {} as {
    store: string;
    app: KeyPairApp;
    otherDiscord: string;
    otherSendgrid: string;
    keys: Record<string, string>;
  };

  before(async () => {
    s.store = await tempStore(suite);
    s.otherDiscord = path.join(s.store, 'discord-other.pem');
    s.otherSendgrid = path.join(s.store, 'sendgrid-other.pem');
    await writeFile(s.otherDiscord, pem(generateKeyPairSync('ed25519').privateKey));
    await writeFile(s.otherSendgrid, pem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey));
    // The app is configured as a user would: with what `hookctl keys` prints.
    s.keys = {};
    for (const provider of ['discord', 'sendgrid']) {
      const printed = await runBin(['keys', provider], { store: s.store });
      assert.equal(printed.code, 0, printed.stderr);
      s.keys[provider] = printed.stdout.trim();
    }
    s.app = await startKeyPairApp(suite, { discord: s.keys.discord ?? '', sendgrid: s.keys.sendgrid ?? '' });
  });

  it('keys prints the dashboard forms: 64 hex for Discord, base64 SPKI for SendGrid; --json as the contract says', async () => {
    assert.match(s.keys.discord ?? '', /^[0-9a-f]{64}$/);
    assert.match(s.keys.sendgrid ?? '', /^MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE[A-Za-z0-9+/]{86}==$/);
    const json = await runBin(['keys', 'sendgrid', '--json'], { store: s.store });
    assert.deepEqual(JSON.parse(json.stdout), { provider: 'sendgrid', publicKey: s.keys.sendgrid });
    const other = await runHookctl(['keys', 'discord', '--private-key', s.otherDiscord, '--json'], {
      store: s.store,
    });
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(JSON.parse(other.stdout).publicKey, s.keys.discord);
  });

  it('bad usage is exit 2 with one line: shared-secret providers, the wrong kind of key, --secret, --private-key', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['keys', 'stripe'], /Stripe signs with a shared secret/],
      [
        ['keys', 'discord', '--private-key', s.otherSendgrid],
        /--private-key .* is an EC key on prime256v1, not an Ed25519/,
      ],
      [['keys', 'sendgrid', '--private-key', path.join(s.store, 'missing.pem')], /cannot read --private-key/],
      [
        ['trigger', 'discord', 'PING', '--to', s.app.url, '--secret', 'abc'],
        /use --private-key|pass --private-key FILE/,
      ],
      [
        ['trigger', 'stripe', 'charge.succeeded', '--to', s.app.url, '--private-key', s.otherDiscord],
        /shared secret.*--secret/,
      ],
      [
        ['trigger', 'sendgrid', 'open', '--to', s.app.url, '--private-key', s.otherDiscord],
        /not an ECDSA P-256/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const result = await runHookctl(args, { store: s.store });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  const sends: Array<[string, string, string]> = [
    ['discord', 'APPLICATION_COMMAND', '/interactions'],
    ['discord', 'MODAL_SUBMIT', '/interactions'],
    ['discord', 'ENTITLEMENT_CREATE', '/events'],
    ['sendgrid', 'delivered', '/sendgrid'],
    ['sendgrid', 'group_unsubscribe', '/sendgrid'],
  ];
  for (const [provider, event, route] of sends) {
    it(`trigger ${provider} ${event} reaches the SDK-verified handler; with another private key it is refused`, async () => {
      const before = s.app.received.length;
      const ok = await runBin(['trigger', provider, event, '--to', s.app.url + route, '--json'], {
        store: s.store,
      });
      assert.equal(ok.code, 0, ok.stderr + ok.stdout);
      assert.deepEqual(s.app.received.slice(before), [{ provider, event }]);
      const key = provider === 'discord' ? s.otherDiscord : s.otherSendgrid;
      const wrong = await runBin(
        ['trigger', provider, event, '--to', s.app.url + route, '--private-key', key],
        {
          store: s.store,
        },
      );
      assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
      assert.equal(s.app.received.length, before + 1, 'a request signed by another key got through');
    });
  }

  it('--repeat re-signs each delivery with the private key; --set edits the event before signing', async () => {
    const before = s.app.received.length;
    const args = ['trigger', 'sendgrid', 'click', '--to', `${s.app.url}/sendgrid`, '--repeat', '2', '--json'];
    const repeated = await runHookctl([...args, '--set', 'url=https://shop.acme-eng.test/cart'], {
      store: s.store,
    });
    assert.equal(repeated.code, 0, repeated.stderr + repeated.stdout);
    assert.deepEqual(s.app.received.slice(before), [
      { provider: 'sendgrid', event: 'click' },
      { provider: 'sendgrid', event: 'click' },
    ]);
  });

  it('through listen forwarding (listen --verify discord marks it valid), then replay --resign', async (t) => {
    const listener = await startListen(t, [s.app.url, '--verify', 'discord'], { store: s.store });
    const before = s.app.received.length;
    const sent = await runBin(
      ['trigger', 'discord', 'APPLICATION_COMMAND', '--to', `${listener.url}/interactions`],
      {
        store: s.store,
      },
    );
    assert.equal(sent.code, 0, sent.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'discord');
    assert.equal(line.event, 'APPLICATION_COMMAND');
    assert.equal(line.signature, 'valid');
    assert.equal((line.forward as { status: number }).status, 200);
    const grid = await runBin(['trigger', 'sendgrid', 'bounce', '--to', `${listener.url}/sendgrid`], {
      store: s.store,
    });
    assert.equal(grid.code, 0, grid.stderr);
    assert.equal((await listener.next()).event, 'bounce');
    assert.deepEqual(s.app.received.slice(before), [
      { provider: 'discord', event: 'APPLICATION_COMMAND' },
      { provider: 'sendgrid', event: 'bounce' },
    ]);
    await listener.stop();

    // Re-signed with the development key: accepted again; re-signed with another key: refused.
    const replayed = await runBin(['replay', 'last', '--resign', '--json'], { store: s.store });
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal(JSON.parse(replayed.stdout).status, 200);
    assert.deepEqual(s.app.received.at(-1), { provider: 'sendgrid', event: 'bounce' });
    const other = await runBin(['replay', 'last', '--resign', '--private-key', s.otherSendgrid], {
      store: s.store,
    });
    assert.equal(other.code, 1, other.stdout + other.stderr);
    const secret = await runBin(['replay', 'last', '--resign', '--secret', 'nope'], { store: s.store });
    assert.equal(secret.code, 2);
    assert.match(secret.stderr, /SendGrid signs with a key pair/);
  });

  it('scenarios sign key-pair providers with the development key; a step with a secret is exit 2 naming it', async () => {
    const file = path.join(s.store, 'key-pairs.yaml');
    await writeFile(
      file,
      [
        'name: key pairs',
        `target: ${s.app.url}`,
        'steps:',
        '  - trigger: { provider: discord, event: MESSAGE_COMPONENT, path: /interactions }',
        '    expect: { status: 200, bodyContains: Deploying }',
        '  - trigger: { provider: sendgrid, event: open, path: /sendgrid, set: { email: grace@acme-eng.test } }',
        '    expect: { status: 2xx }',
      ].join('\n'),
    );
    const ran = await runBin(['run', file, '--json'], { store: s.store });
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    assert.deepEqual(s.app.received.slice(-2), [
      { provider: 'discord', event: 'MESSAGE_COMPONENT' },
      { provider: 'sendgrid', event: 'open' },
    ]);
    await writeFile(
      file,
      `name: bad\ntarget: ${s.app.url}\nsteps:\n  - trigger: { provider: discord, event: PING, secret: abc }\n`,
    );
    const bad = await runBin(['run', file], { store: s.store });
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /key-pairs\.yaml.*Discord signs with a key pair/);
  });

  it('verify explains a wrong-key Discord failure in one sentence', async (t) => {
    const listener = await startListen(t, [], { store: s.store });
    const sent = await runBin(
      ['trigger', 'discord', 'APPLICATION_COMMAND', '--to', listener.url, '--private-key', s.otherDiscord],
      { store: s.store },
    );
    assert.equal(
      sent.code,
      1,
      'capture-only listen refuses a request the development public key does not verify',
    );
    await listener.next();
    await listener.stop();
    const verdict = await runBin(['verify', 'last', '--json'], { store: s.store });
    assert.equal(verdict.code, 1);
    const json = JSON.parse(verdict.stdout);
    assert.equal(json.provider, 'discord');
    assert.equal(json.valid, false);
    assert.equal(json.reason, 'wrong-key');
    assert.equal(json.message.match(/[.!?](\s|$)/g)?.length, 1, json.message);
    const own = await runBin(
      [
        'verify',
        'last',
        '--secret',
        JSON.parse(
          (
            await runHookctl(['keys', 'discord', '--private-key', s.otherDiscord, '--json'], {
              store: s.store,
            })
          ).stdout,
        ).publicKey,
      ],
      { store: s.store },
    );
    assert.equal(own.code, 0, own.stdout + own.stderr);
  });
});

describe("capture-only listen answers Discord's registration checks", () => {
  /** The signed request `trigger --print --json` builds, sent as is; the answer's status, type and body. */
  async function sendPrinted(store: string, url: string, args: string[]) {
    const printed = await runHookctl(['trigger', 'discord', ...args, '--print', '--json'], { store });
    assert.equal(printed.code, 0, printed.stderr);
    const request = JSON.parse(printed.stdout) as { headers: Record<string, string>; body: string };
    const { Host: _host, 'Content-Length': _length, ...headers } = request.headers;
    const answer = await fetch(url, { method: 'POST', headers, body: request.body });
    return { status: answer.status, type: answer.headers.get('content-type'), body: await answer.text() };
  }

  it('PONG to a well-signed PING, 401 to a badly signed one, 204 to an event webhook PING', async (t) => {
    const store = await tempStore(t);
    const other = path.join(store, 'other.pem');
    await writeFile(other, pem(generateKeyPairSync('ed25519').privateKey));
    const listener = await startListen(t, [], { store });
    assert.deepEqual(await sendPrinted(store, listener.url, ['PING']), {
      status: 200,
      type: 'application/json',
      body: '{"type":1}',
    });
    const forged = await sendPrinted(store, listener.url, ['PING', '--private-key', other]);
    assert.equal(forged.status, 401);
    const webhookPing = await sendPrinted(store, listener.url, ['PING', '--data', await pingFile(store)]);
    assert.equal(webhookPing.status, 204);
    assert.equal(webhookPing.body, '');
    // An ordinary interaction is captured and answered as usual.
    assert.equal((await sendPrinted(store, listener.url, ['APPLICATION_COMMAND'])).status, 200);
    const events = [];
    for (let index = 0; index < 4; index++) events.push((await listener.next()).event);
    assert.deepEqual(events, ['PING', 'PING', 'PING', 'APPLICATION_COMMAND']);
  });

  it("checks with the application's key from $DISCORD_PUBLIC_KEY: then the development key's PING is refused", async (t) => {
    const store = await tempStore(t);
    const other = path.join(store, 'other.pem');
    await writeFile(other, pem(generateKeyPairSync('ed25519').privateKey));
    const publicKey = JSON.parse(
      (await runHookctl(['keys', 'discord', '--private-key', other, '--json'], { store })).stdout,
    ).publicKey;
    const listener = await startListen(t, [], { store, env: { DISCORD_PUBLIC_KEY: publicKey } });
    assert.equal((await sendPrinted(store, listener.url, ['PING'])).status, 401);
    assert.equal(
      (await sendPrinted(store, listener.url, ['PING', '--private-key', other])).body,
      '{"type":1}',
    );
  });
});

/** An event webhook PING (`type: 0`, https://discord.com/developers/docs/events/webhook-events#webhook-types). */
async function pingFile(dir: string): Promise<string> {
  const file = path.join(dir, 'webhook-ping.json');
  await writeFile(file, JSON.stringify({ version: 1, application_id: '1118468057828795059', type: 0 }));
  return file;
}
