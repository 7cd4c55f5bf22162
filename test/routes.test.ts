import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { matchRoute, parseRoute } from '../src/core/capture/index.ts';
import { startApp } from './helpers/app.ts';
import { startListen } from './helpers/listen.ts';
import { runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// listen --route: one listen for a whole project. Rules as a table; then through real sockets, Stripe and
// GitHub to two stand-in apps byte for byte, a fan-out, a capture-only filter, an unmatched request, and
// a canned 500 that makes trigger --retry show the provider's own retries.

describe('route rules', () => {
  const subject = (provider: string | null, event: string | null, path: string) => ({
    provider,
    event,
    path,
  });
  const cases: Array<[string, ReturnType<typeof subject>, boolean]> = [
    ['stripe=3000', subject('stripe', 'invoice.paid', '/x'), true],
    ['stripe=3000', subject('github', 'push', '/x'), false],
    ['stripe:invoice.*=3000', subject('stripe', 'invoice.paid', '/'), true],
    ['stripe:invoice.*=3000', subject('stripe', 'charge.succeeded', '/'), false],
    ['stripe:invoice.*=3000', subject('stripe', null, '/'), false],
    ['/slack/*=capture', subject('slack', 'app_mention', '/slack/events?x=1'), true],
    ['/slack/*=capture', subject('slack', 'app_mention', '/slack'), false],
    ['github/hooks/*=4000', subject('github', 'push', '/hooks/ci'), true],
    ['github/hooks/*=4000', subject('gitlab', 'push', '/hooks/ci'), false],
    ['github/hooks/*=4000', subject('github', 'push', '/other'), false],
    ['shopify:orders/* /shop/*=3000', subject('shopify', 'orders/create', '/shop/a'), true],
    ['shopify:orders/* /shop/*=3000', subject('shopify', 'orders/create', '/else'), false],
    ['shopify:orders/?reate=3000', subject('shopify', 'orders/create', '/'), true],
    ['*=capture', subject(null, null, '/anything'), true],
    ['GitHub:PULL_request.*=3000', subject('github', 'pull_request.opened', '/'), true],
  ];
  for (const [rule, request, matches] of cases) {
    it(`${rule} ${matches ? 'matches' : 'does not match'} ${request.provider}:${request.event} ${request.path}`, () => {
      assert.equal(matchRoute([parseRoute(rule)], request) !== null, matches);
    });
  }

  it('takes the first rule that matches', () => {
    const rules = ['stripe:invoice.*=3000', 'stripe=4000', '*=capture'].map(parseRoute);
    assert.equal(matchRoute(rules, subject('stripe', 'invoice.paid', '/'))?.text, 'stripe:invoice.*=3000');
    assert.equal(matchRoute(rules, subject('stripe', 'charge.failed', '/'))?.text, 'stripe=4000');
    assert.equal(matchRoute(rules, subject(null, null, '/'))?.text, '*=capture');
  });

  it('reads actions: targets, capture, respond with a delay', () => {
    const fan = parseRoute('stripe=3000,localhost:4000/hooks,https://localhost:3443');
    assert.deepEqual(fan.action.kind === 'forward' ? fan.action.targets.map(String) : [], [
      'http://localhost:3000/',
      'http://localhost:4000/hooks',
      'https://localhost:3443/',
    ]);
    assert.deepEqual(parseRoute('x=capture').action, { kind: 'capture' });
    const canned = { kind: 'respond', headers: null, body: null };
    assert.deepEqual(parseRoute('x=respond:500').action, { ...canned, status: 500, delayMs: 0 });
    assert.deepEqual(parseRoute('x=respond:200:4s').action, { ...canned, status: 200, delayMs: 4000 });
    assert.deepEqual(
      parseRoute('x=respond:{"status":429,"delay":"2s","headers":{"Retry-After":"30"},"body":"later"}')
        .action,
      { kind: 'respond', status: 429, delayMs: 2000, headers: [['Retry-After', '30']], body: 'later' },
    );
    assert.equal(parseRoute('/a=http://localhost:3000/?x=1').action.kind, 'forward', 'a target may hold =');
  });

  const bad: Array<[string, RegExp]> = [
    ['stripe', /needs MATCH=ACTION/],
    ['=3000', /matches nothing/],
    [':invoice.*=3000', /needs its provider/],
    ['stripe:=3000', /no event/],
    ['stri pe=3000', /not a provider name/],
    ['stripe:x y=3000', /path glob starts with \//],
    ['stripe=respond:99', /respond takes a status/],
    ['stripe=respond:500:soon', /duration/],
    ['stripe=3000,,4000', /empty target/],
    ['stripe=ftp://x', /must be http or https/],
    ['stripe=respond:{"status":99}', /status is a number/],
    ['stripe=respond:{"status":500,"color":1}', /unknown field color/],
    ['stripe=respond:{"status":500,"headers":{"Bad Name":"x"}}', /token name/],
    ['stripe=respond:{nope', /not JSON/],
  ];
  for (const [rule, problem] of bad) {
    it(`refuses ${rule}`, () => assert.throws(() => parseRoute(rule), problem));
  }
});

describe('listen --route', () => {
  it('sends Stripe and GitHub through one listen to two apps, byte for byte; fans out; keeps the rest', async (t) => {
    const billing = await startApp(t, () => ({ status: 202, body: 'billing' }));
    const ci = await startApp(t, () => ({ body: 'ci' }));
    const audit = await startApp(t, () => ({ status: 500, body: 'audit down' }));
    const store = await tempStore(t);
    const listen = await startListen(
      t,
      [
        '--route',
        `stripe:invoice.*=${billing.url},${audit.url}/audit`,
        '--route',
        `stripe=${billing.url}`,
        '--route',
        `github=${ci.url}/ci`,
        '--route',
        '/slack/*=capture',
      ],
      { store, ui: false },
    );
    const trigger = (provider: string, event: string, path: string) =>
      runHookctl(['trigger', provider, event, '--to', `${listen.url}${path}`, '--json'], {
        store: `${store}-t`,
      });

    const stripe = await trigger('stripe', 'charge.succeeded', '/stripe');
    assert.equal(stripe.code, 0, stripe.stderr);
    assert.equal(JSON.parse(stripe.stdout).status, 202, 'the sender gets the target app answer');
    const github = await trigger('github', 'push', '/gh');
    assert.equal(JSON.parse(github.stdout).status, 200);
    const [charge, push] = [await listen.next(), await listen.next()];
    const atBilling = await billing.next();
    assert.equal(atBilling.url, '/stripe');
    const atCi = await ci.next();
    assert.equal(atCi.url, '/ci/gh');
    // Byte for byte: what each app got is what listen captured.
    const raw = async (id: unknown) =>
      (await runHookctl(['show', String(id), '--raw'], { store })).stdoutBytes;
    assert.deepEqual(atBilling.body, await raw(charge.id));
    assert.deepEqual(atCi.body, await raw(push.id));
    assert.equal(charge.route, `stripe=${billing.url}`);
    assert.equal(push.route, `github=${ci.url}/ci`);

    // Fan-out: both targets get the same bytes; the sender gets the first one's answer; both are recorded.
    const invoice = await trigger('stripe', 'invoice.paid', '/stripe');
    assert.equal(JSON.parse(invoice.stdout).status, 202);
    const [first, second] = [await billing.next(), await audit.next()];
    assert.deepEqual(first.body, second.body);
    assert.equal(second.url, '/audit/stripe');
    const fanned = (await listen.next()) as {
      forward: { status: number; also: Array<{ url: string; status: number }> };
    };
    assert.equal(fanned.forward.status, 202);
    assert.deepEqual(
      fanned.forward.also.map(({ url, status }) => ({ url, status })),
      [{ url: `${audit.url}/audit/stripe`, status: 500 }],
    );
    const shown = await runHookctl(['show', 'last'], { store });
    assert.match(shown.stdout, /Also\s+http:\/\/127\.0\.0\.1:\d+\/audit\/stripe → 500/);
    // replay sends it where its route sent it: both targets, the same bytes.
    const replayed = await runHookctl(['replay', 'last', '--json'], { store });
    assert.deepEqual(
      replayed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).status),
      [202, 500],
    );
    assert.deepEqual((await billing.next()).body, first.body);
    assert.deepEqual((await audit.next()).body, first.body);

    // A filter keeps without forwarding; an unmatched request (no fallback) too, and says why.
    const slack = await trigger('slack', 'app_mention', '/slack/events');
    assert.equal(slack.code, 0);
    const kept = await listen.next();
    assert.deepEqual([kept.route, kept.forward], ['/slack/*=capture', null]);
    const other = await trigger('linear', 'Issue.create', '/linear');
    assert.equal(other.code, 0, 'answered as capture-only listen answers');
    const unmatched = await listen.next();
    assert.deepEqual([unmatched.route, unmatched.forward], [null, null]);
    const listed = await runHookctl(['list'], { store });
    assert.match(listed.stdout, /\/linear .* no route/);
    assert.equal(ci.received.length, 1, 'nothing else reached an app');
  });

  it('answers itself with a canned 500, so trigger --retry shows the provider retrying', async (t) => {
    const store = await tempStore(t);
    const listen = await startListen(t, ['--route', 'stripe=respond:500'], { store, ui: false });
    const retried = await runHookctl(
      [
        'trigger',
        'stripe',
        'payment_intent.succeeded',
        '--to',
        listen.url,
        '--retry',
        '--time-scale',
        '0.0001',
        '--json',
      ],
      { store: `${store}-t` },
    );
    assert.equal(retried.code, 1, 'never a 2xx');
    const attempts = retried.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.ok(attempts.length > 1, `Stripe's schedule retried: ${retried.stdout}`);
    assert.ok(attempts.every((attempt) => attempt.status === 500));
    const line = await listen.next();
    assert.equal((line.forward as { canned: boolean }).canned, true);
    assert.equal((line.forward as { status: number }).status, 500);
  });

  it('gives a canned answer its own headers and body, from the project file', async (t) => {
    const dir = await tempStore(t);
    const file = path.join(dir, 'hookctl.yaml');
    await writeFile(
      file,
      'listen:\n  routes:\n    - match: /busy/*\n      respond:\n        status: 429\n        headers: { Retry-After: "30" }\n        body: come back later\n',
    );
    const store = await tempStore(t);
    const listen = await startListen(t, ['--config', file], { store, ui: false });
    const answer = await fetch(`${listen.url}/busy/now`, { method: 'POST', body: '{}' });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '30');
    assert.equal(await answer.text(), 'come back later');
    const line = await listen.next();
    assert.equal((line.forward as { canned: boolean }).canned, true);
  });

  it('takes its routes and fallback from hookctl.yaml; --route on the command line replaces them', async (t) => {
    const billing = await startApp(t, () => ({ body: 'billing' }));
    const fallback = await startApp(t, () => ({ body: 'fallback' }));
    const dir = await tempStore(t);
    const file = path.join(dir, 'hookctl.yaml');
    await writeFile(
      file,
      `listen:\n  forward: ${fallback.url}\n  routes:\n    - match: stripe\n      to: [${billing.url}/billing]\n    - /slack/*=capture\n`,
    );
    const store = await tempStore(t);
    const trigger = (url: string, provider: string, event: string) =>
      runHookctl(['trigger', provider, event, '--to', url, '--json'], { store: `${store}-t` });

    const fromFile = await startListen(t, ['--config', file], { store, ui: false });
    await trigger(`${fromFile.url}/s`, 'stripe', 'charge.succeeded');
    assert.equal((await billing.next()).url, '/billing/s', 'the file routed Stripe');
    await trigger(`${fromFile.url}/g`, 'github', 'push');
    assert.equal((await fallback.next()).url, '/g', "the file's forward is the fallback");
    assert.equal((await fromFile.next()).route, `stripe=${billing.url}/billing`);
    await fromFile.stop();

    const overridden = await startListen(t, ['--config', file, '--route', `*=${fallback.url}/flag`], {
      store,
      ui: false,
    });
    await trigger(`${overridden.url}/s`, 'stripe', 'charge.succeeded');
    assert.equal((await fallback.next()).url, '/flag/s', "the flag replaced the file's routes");
    assert.equal(billing.received.length, 1);
  });
});
