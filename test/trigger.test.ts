import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startApp } from './helpers/app.ts';
import { type ProviderApp, startProviderApp } from './helpers/apps.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { type Runner, runBin, runHookctl } from './helpers/run.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';

const SECRETS = {
  stripe: 'whsec_test_hookctl_5b1f0c2a9d',
  github: 'gh-test-secret-hookctl',
  slack: '0123456789abcdef0123456789abcdef',
  standardWebhooks: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
};

/** The store and the provider app of a describe block, started by its `before` hook. */
function withProviderApp(): { store: string; app: ProviderApp } {
  const suite = suiteScope();
  const setup = {} as { store: string; app: ProviderApp };
  before(async () => {
    setup.store = await tempStore(suite);
    setup.app = await startProviderApp(suite, SECRETS);
  });
  return setup;
}

/** The groups run at once (the slow handler's waits need not hold up the rest); within one, they share its app. */
const AT_ONCE = { concurrency: true };
const ONE_BY_ONE = { concurrency: false };

type Case = [provider: string, event: string, path: string, secret: string, expected: string];

/** `trigger` with the right secret reaches the handler; with a wrong one the handler refuses it. */
async function acceptedOnlyWithTheRightSecret(
  run: Runner,
  { store, app }: { store: string; app: ProviderApp },
  [provider, event, path, secret, expected]: Case,
): Promise<void> {
  const before = app.received.length;
  const ok = await run(['trigger', provider, event, '--to', app.url + path, '--secret', secret, '--json'], {
    store,
  });
  assert.equal(ok.code, 0, ok.stderr + ok.stdout);
  const result = JSON.parse(ok.stdout);
  assert.equal(result.provider, provider);
  assert.equal(result.event, event);
  assert.ok(result.status >= 200 && result.status < 300);
  assert.deepEqual(app.received.slice(before), [{ provider, event: expected }]);

  // A different key: base64 decoders may ignore a stray trailing character of a whsec_ secret.
  const wrongSecret = secret.startsWith('whsec_')
    ? `whsec_${Buffer.alloc(32, 9).toString('base64')}`
    : `${secret}x`;
  const wrong = await run(['trigger', provider, event, '--to', app.url + path, '--secret', wrongSecret], {
    store,
  });
  assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
  assert.equal(app.received.length, before + 1, 'a wrongly signed event got through');
}

describe('trigger, verify and replay against real handlers', AT_ONCE, () => {
  describe('trigger against handlers written as the providers document them', ONE_BY_ONE, () => {
    const s = withProviderApp();

    const cases: Case[] = [
      ['stripe', 'payment_intent.succeeded', '/stripe', SECRETS.stripe, 'payment_intent.succeeded'],
      ['stripe', 'customer.subscription.updated', '/stripe', SECRETS.stripe, 'customer.subscription.updated'],
      ['github', 'pull_request.opened', '/github', SECRETS.github, 'pull_request.opened'],
      ['github', 'push', '/github', SECRETS.github, 'push'],
      ['slack', 'slash_command', '/slack/events', SECRETS.slack, 'slash_command'],
      ['slack', 'app_mention', '/slack/events', SECRETS.slack, 'app_mention'],
      ['slack', 'block_actions', '/slack/events', SECRETS.slack, 'block_actions'],
      ['standard-webhooks', 'user.created', '/standard', SECRETS.standardWebhooks, 'user.created'],
    ];
    for (const item of cases) {
      const [provider, event] = item;
      it(`${provider} ${event} is accepted with the right secret and refused with a wrong one`, () =>
        acceptedOnlyWithTheRightSecret(runHookctl, s, item));
    }
    it(`end to end through bin/hookctl.js: ${cases[0]?.slice(0, 2).join(' ')} is accepted with the right secret and refused with a wrong one`, () =>
      acceptedOnlyWithTheRightSecret(runBin, s, cases[0] as Case));

    it('--set changes the payload the handler sees, typed', async () => {
      const printed = await runHookctl(
        [
          'trigger',
          'stripe',
          'payment_intent.succeeded',
          '--print',
          '--json',
          '--set',
          'data.object.amount=5000',
          '--set',
          'data.object.metadata.order=A-1',
          '--secret',
          SECRETS.stripe,
        ],
        { store: s.store },
      );
      assert.equal(printed.code, 0, printed.stderr);
      const request = JSON.parse(printed.stdout);
      assert.equal(request.method, 'POST');
      const event = new Stripe('sk_test_x').webhooks.constructEvent(
        request.body,
        request.headers['Stripe-Signature'],
        SECRETS.stripe,
      );
      const object = event.data.object as { amount: number; metadata: Record<string, string> };
      assert.equal(object.amount, 5000);
      assert.equal(object.metadata.order, 'A-1');
      assert.match(request.body, /^\{\n {2}"id": "evt_/);
    });

    it('--print writes the exact HTTP request and sends nothing', async () => {
      const before = s.app.received.length;
      const printed = await runHookctl(
        ['trigger', 'github', 'ping', '--print', '--to', `${s.app.url}/github`],
        {
          store: s.store,
        },
      );
      assert.equal(printed.code, 0, printed.stderr);
      const text = printed.stdout;
      assert.match(text, /^POST \/github HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
      assert.match(text, /\r\nX-GitHub-Event: ping\r\n/i);
      assert.match(text, /\r\nX-Hub-Signature-256: sha256=[0-9a-f]{64}\r\n/i);
      const [head, body] = text.split('\r\n\r\n') as [string, string];
      const length = Number(/Content-Length: (\d+)/i.exec(head)?.[1]);
      assert.equal(Buffer.byteLength(body.replace(/\n$/, '')), length);
      assert.equal(s.app.received.length, before);
    });

    it('unknown providers and events exit 2 with the closest names', async () => {
      const provider = await runHookctl(['trigger', 'strpe', 'charge.succeeded', '--to', s.app.url], {
        store: s.store,
      });
      assert.equal(provider.code, 2);
      assert.match(provider.stderr, /^✗ unknown provider "strpe": did you mean stripe\?/);
      const event = await runHookctl(['trigger', 'stripe', 'payment_intent.succeded', '--to', s.app.url], {
        store: s.store,
      });
      assert.equal(event.code, 2);
      assert.match(
        event.stderr,
        /^✗ unknown Stripe event "payment_intent.succeded": did you mean payment_intent\.succeeded/,
      );
      const noTarget = await runHookctl(['trigger', 'stripe', 'charge.succeeded'], { store: s.store });
      assert.equal(noTarget.code, 2);
      assert.match(noTarget.stderr, /--to/);
    });
  });

  describe('fixtures', () => {
    // End to end, through bin/hookctl.js.
    it('lists every provider catalogue as JSON', async (t) => {
      const store = await tempStore(t);
      const result = await runBin(['fixtures', '--json'], { store });
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as Array<{
        provider: string;
        event: string;
        description: string;
      }>;
      const count = (provider: string) => rows.filter((row) => row.provider === provider).length;
      assert.ok(count('stripe') >= 250, `stripe: ${count('stripe')}`);
      assert.ok(count('github') >= 190, `github: ${count('github')}`);
      assert.ok(count('slack') >= 22, `slack: ${count('slack')}`);
      assert.ok(count('standard-webhooks') >= 6);
      for (const row of rows) assert.ok(row.description.length > 0, `${row.provider} ${row.event}`);
      const human = await runBin(['fixtures', 'slack'], { store });
      assert.match(human.stdout, /url_verification/);
      assert.doesNotMatch(human.stdout, /payment_intent/);
    });
  });

  describe('signatures on captures: listen --verify, verify, replay --resign', ONE_BY_ONE, () => {
    const s = withProviderApp();

    it('marks each request valid or invalid, and verify explains the invalid one', async (t) => {
      const listener = await startListen(
        t,
        [`${s.app.url}`, '--verify', 'stripe', '--secret', SECRETS.stripe],
        {
          store: s.store,
        },
      );
      const good = await runHookctl(
        [
          'trigger',
          'stripe',
          'charge.succeeded',
          '--to',
          `${listener.url}/stripe`,
          '--secret',
          SECRETS.stripe,
        ],
        { store: s.store },
      );
      assert.equal(good.code, 0, good.stderr + good.stdout);
      const goodLine = await listener.next();
      assert.equal(goodLine.signature, 'valid');
      assert.equal(goodLine.provider, 'stripe');
      assert.equal(goodLine.event, 'charge.succeeded');

      // The body a relay like smee forwards: parsed and re-serialized, so the signature no longer matches.
      const printed = JSON.parse(
        (
          await runHookctl(
            ['trigger', 'stripe', 'charge.succeeded', '--print', '--json', '--secret', SECRETS.stripe],
            {
              store: s.store,
            },
          )
        ).stdout,
      );
      const compact = JSON.stringify(JSON.parse(printed.body));
      const answer = await send(`${listener.url}/stripe`, {
        headers: [
          'Content-Type',
          'application/json',
          'Stripe-Signature',
          printed.headers['Stripe-Signature'],
        ],
        body: compact,
      });
      assert.equal(answer.status, 400, 'the app should refuse the re-serialized body');
      const badLine = await listener.next();
      assert.equal(badLine.signature, 'invalid');

      const verdict = await runHookctl(
        ['verify', badLine.id as string, '--secret', SECRETS.stripe, '--json'],
        {
          store: s.store,
        },
      );
      assert.equal(verdict.code, 1);
      const parsed = JSON.parse(verdict.stdout);
      assert.equal(parsed.valid, false);
      assert.equal(parsed.reason, 'body-changed');
      assert.match(parsed.message, /indented JSON/);

      const valid = await runHookctl(['verify', goodLine.id as string, '--secret', SECRETS.stripe], {
        store: s.store,
      });
      assert.equal(valid.code, 0, valid.stdout + valid.stderr);
      assert.match(valid.stdout, /valid Stripe signature/);
      const wrong = await runHookctl(['verify', goodLine.id as string, '--secret', 'whsec_other', '--json'], {
        store: s.store,
      });
      assert.equal(wrong.code, 1);
      assert.equal(JSON.parse(wrong.stdout).reason, 'wrong-secret');
    });

    // replay and verify end to end, through bin/hookctl.js.
    it('replay --resign makes an hour-old Stripe capture verify again; a plain replay fails', async (t) => {
      const listener = await startListen(t, [], { store: s.store });
      const body = '{\n  "id": "evt_old",\n  "object": "event",\n  "type": "invoice.paid"\n}';
      const header = new Stripe('sk_test_x').webhooks.generateTestHeaderString({
        payload: body,
        secret: SECRETS.stripe,
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      await send(`${listener.url}/stripe`, {
        headers: ['Content-Type', 'application/json', 'Stripe-Signature', header],
        body,
      });
      const line = await listener.next();
      const id = line.id as string;

      const plain = await runBin(['replay', id, '--to', s.app.url, '--json'], { store: s.store });
      assert.equal(plain.code, 1);
      assert.equal(JSON.parse(plain.stdout).status, 400);

      const verdict = await runBin(['verify', id, '--secret', SECRETS.stripe, '--json'], {
        store: s.store,
      });
      assert.equal(JSON.parse(verdict.stdout).reason, 'stale-timestamp');

      const before = s.app.received.length;
      const resigned = await runBin(
        ['replay', id, '--to', s.app.url, '--resign', '--secret', SECRETS.stripe, '--json'],
        {
          store: s.store,
        },
      );
      assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
      assert.deepEqual(s.app.received.slice(before), [{ provider: 'stripe', event: 'invoice.paid' }]);
    });
  });

  describe('replay reports a handler slower than the provider would wait', () => {
    it("a Slack capture replayed to a handler slower than Slack's 3 s deadline says so", async (t) => {
      const store = await tempStore(t);
      const listener = await startListen(t, [], { store });
      const slow = await startApp(
        t,
        () => new Promise((resolve) => setTimeout(() => resolve({ headers: [], body: 'ok' }), 3200)),
      );
      const sent = await runHookctl(['trigger', 'slack', 'slash_command', '--to', `${listener.url}/slack`], {
        store,
      });
      assert.equal(sent.code, 0, sent.stderr);
      const { id } = await listener.next();
      const port = slow.port;
      // Both replays at once: each waits out the slow handler.
      const [json, human] = await Promise.all([
        runHookctl(['replay', id as string, '--to', String(port), '--json'], { store }),
        runHookctl(['replay', id as string, '--to', String(port)], { store }),
      ]);
      assert.equal(json.code, 0, json.stderr);
      const line = JSON.parse(json.stdout);
      assert.equal(line.deadlineMs, 3000);
      assert.equal(line.overDeadline, true);
      assert.ok(line.durationMs >= 3000, String(line.durationMs));
      assert.match(human.stdout, /slower than Slack's 3 s deadline: Slack would retry/);
    });
  });
});
