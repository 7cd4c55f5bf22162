import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  type AttemptResult,
  classifyAnswer,
  MIN_DEADLINE_MS,
  planAttempts,
  retryHeadersFor,
  runDeliveries,
  scaledDeadline,
} from '../src/core/send/deliveries.ts';
import type { Delivery, OutboundRequest } from '../src/http/client.ts';
import { findProviderOrThrow } from '../src/providers/lookup.ts';
import { PROVIDER_NAMES } from '../src/providers/manifest.ts';
import { providers } from '../src/providers/registry.ts';
import { type Runner, runBin, runHookctl } from './helpers/run.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';
import { startNaiveApp } from './helpers/webhook-app.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const policy = (name: string) => findProviderOrThrow(name).delivery;
const delays = (name: string, timeScale = 1) =>
  planAttempts(policy(name), { retry: true, timeScale }).map((attempt) => attempt.delayMs);

describe('delivery plans follow the documented schedules', () => {
  const table: Array<[string, number, number[]]> = [
    // https://api.slack.com/apis/events-api#retries: at once, 1 min, 5 min.
    ['slack', 3 * S, [0, 0, 1 * M, 5 * M]],
    // https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries: never.
    ['github', 10 * S, [0]],
    // https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides: 15 s, no retry of an answer.
    ['twilio', 15 * S, [0]],
    // https://discord.com/developers/docs/interactions/receiving-and-responding: 3 s, never resent.
    ['discord', 3 * S, [0]],
    // Approximation (SendGrid: "increasing intervals for up to 24 hours").
    ['sendgrid', 10 * S, [0, 5 * M, 10 * M, 30 * M, 1 * H, 2 * H, 4 * H, 8 * H, 8 * H]],
    // https://docs.svix.com/retries: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    ['standard-webhooks', 15 * S, [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]],
    // https://developers.zoom.us/docs/api/webhooks/#notification-delivery: 5 min, then 20, then 60.
    ['zoom', 3 * S, [0, 5 * M, 20 * M, 60 * M]],
    // https://resend.com/docs/webhooks/retries-and-replays (Svix's schedule); Clerk and Svix itself likewise.
    ['resend', 15 * S, [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]],
    ['clerk', 15 * S, [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]],
    ['svix', 15 * S, [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]],
    // Approximation (Stripe publishes no table): up to three days.
    [
      'stripe',
      20 * S,
      [0, 1 * M, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H],
    ],
  ];
  for (const [name, deadline, expected] of table) {
    it(`${name}: deadline ${deadline / S} s, attempts after ${expected.join(', ')} ms`, () => {
      assert.equal(policy(name).deadlineMs, deadline);
      assert.deepEqual(delays(name), expected);
    });
  }

  it("Stripe's approximate schedule stays within three days and is labelled approximate", () => {
    const total = delays('stripe').reduce((sum, delay) => sum + delay, 0);
    assert.ok(total <= 72 * H && total > 48 * H, `${total / H} h`);
    assert.equal(policy('stripe').approximate, true);
    assert.equal(policy('slack').approximate, false);
  });

  it('without --retry there is one attempt; attempts are numbered and retries counted', () => {
    assert.deepEqual(planAttempts(policy('slack'), { retry: false, timeScale: 1 }), [
      { attempt: 1, retry: 0, delayMs: 0 },
    ]);
    assert.deepEqual(
      planAttempts(policy('slack'), { retry: true, timeScale: 1 }).map((a) => [a.attempt, a.retry]),
      [
        [1, 0],
        [2, 1],
        [3, 2],
        [4, 3],
      ],
    );
  });

  it('--time-scale multiplies every wait and the deadline, with a floor for the deadline', () => {
    assert.deepEqual(delays('slack', 0.001), [0, 0, 60, 300]);
    assert.equal(scaledDeadline(policy('slack'), 0.1), 300);
    assert.equal(scaledDeadline(policy('slack'), 0.0001), MIN_DEADLINE_MS);
    assert.equal(scaledDeadline(policy('github'), 1), 10_000);
  });

  it("retry headers: Slack's X-Slack-Retry-Num and -Reason on retries only; none for the others", () => {
    const slack = policy('slack');
    const [first, second, third] = planAttempts(slack, { retry: true, timeScale: 1 });
    assert.deepEqual(retryHeadersFor(slack, first as never, null), []);
    assert.deepEqual(retryHeadersFor(slack, second as never, 'http_timeout'), [
      ['X-Slack-Retry-Num', '1'],
      ['X-Slack-Retry-Reason', 'http_timeout'],
    ]);
    assert.deepEqual(retryHeadersFor(slack, third as never, 'connection_failed'), [
      ['X-Slack-Retry-Num', '2'],
      ['X-Slack-Retry-Reason', 'connection_failed'],
    ]);
    for (const name of ['stripe', 'standard-webhooks']) {
      const p = policy(name);
      assert.deepEqual(
        retryHeadersFor(p, planAttempts(p, { retry: true, timeScale: 1 })[1] as never, 'http_error'),
        [],
      );
    }
  });

  it('answers are classified as the providers see them', () => {
    const table: Array<[Pick<Delivery, 'status' | 'error' | 'durationMs'>, string | null]> = [
      [{ status: 200, durationMs: 5 }, null],
      [{ status: 204, durationMs: 2999 }, null],
      [{ status: 200, durationMs: 3001 }, 'http_timeout'],
      [{ status: 500, durationMs: 5 }, 'http_error'],
      [{ status: 302, durationMs: 5 }, 'http_error'],
      [{ status: null, error: 'timeout: no answer within 3s', durationMs: 3000 }, 'http_timeout'],
      [
        { status: null, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1', durationMs: 1 },
        'connection_failed',
      ],
    ];
    for (const [answer, expected] of table)
      assert.equal(classifyAnswer(answer, 3000), expected, JSON.stringify(answer));
  });

  it('every provider trigger knows has a policy', () => {
    assert.deepEqual(
      providers.map((provider) => provider.delivery.provider).sort(),
      [...PROVIDER_NAMES].sort(),
    );
  });
});

describe('runDeliveries with an injected sender, signer and sleep', () => {
  const request: OutboundRequest = {
    method: 'POST',
    origin: 'http://example.test',
    path: '/',
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from('{"event_id":"Ev1"}'),
  };
  const answer = (status: number | null, durationMs = 1): Delivery => ({
    url: 'http://example.test/',
    status,
    durationMs,
    headers: [],
    body: Buffer.alloc(0),
    ...(status === null ? { error: 'ECONNREFUSED: refused' } : {}),
  });

  it('retries on the schedule until a 2xx, re-signing each attempt', async () => {
    const statuses = [null, 500, 200];
    const sent: OutboundRequest[] = [];
    const slept: number[] = [];
    let signatures = 0;
    const summary = await runDeliveries({
      request,
      policy: policy('slack'),
      options: { repeat: 1, intervalMs: 0, concurrency: 1, retry: true, timeScale: 1 },
      world: {
        send: async (outbound) => {
          sent.push(outbound);
          return answer(sent.length <= statuses.length ? (statuses[sent.length - 1] as number | null) : 200);
        },
        sign: (headers) => [...headers, ['X-Signature', String(++signatures)]],
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    });
    assert.equal(summary.delivered, 1);
    assert.deepEqual(
      summary.attempts.map((a: AttemptResult) => [a.attempt, a.status, a.failure, a.ok]),
      [
        [1, null, 'connection_failed', false],
        [2, 500, 'http_error', false],
        [3, 200, null, true],
      ],
    );
    // Immediately, then one minute: the third retry (5 min) is never needed.
    assert.deepEqual(slept, [60_000]);
    assert.deepEqual(sent[1]?.headers, [
      ['Content-Type', 'application/json'],
      ['X-Slack-Retry-Num', '1'],
      ['X-Slack-Retry-Reason', 'connection_failed'],
      ['X-Signature', '2'],
    ]);
    assert.equal(sent[2]?.headers.find(([n]) => n === 'X-Slack-Retry-Reason')?.[1], 'http_error');
    assert.equal(summary.attempts[0]?.eventId, 'Ev1');
  });

  it('without --retry a late 2xx still counts as delivered, but is marked over the deadline', async () => {
    const summary = await runDeliveries({
      request,
      policy: policy('slack'),
      options: { repeat: 2, intervalMs: 10, concurrency: 1, retry: false, timeScale: 0.5 },
      world: { send: async () => answer(200, 4000), sign: (h) => h, sleep: async () => {} },
    });
    assert.equal(summary.delivered, 2);
    assert.deepEqual(
      summary.attempts.map((a) => [a.delivery, a.ok, a.overDeadline]),
      [
        [1, true, true],
        [2, true, true],
      ],
    );
  });

  it('--concurrency keeps that many deliveries under way at once', async () => {
    let underway = 0;
    let most = 0;
    const summary = await runDeliveries({
      request,
      policy: policy('github'),
      options: { repeat: 6, intervalMs: 0, concurrency: 3, retry: false, timeScale: 1 },
      world: {
        send: async () => {
          most = Math.max(most, ++underway);
          await new Promise((resolve) => setImmediate(resolve));
          underway--;
          return answer(200);
        },
        sign: (h) => h,
        sleep: async () => {},
      },
    });
    assert.equal(summary.delivered, 6);
    assert.equal(most, 3);
  });
});

// Each test starts its own app, and most of their time is the delivery schedule's waits: they run at once.
describe('trigger --repeat/--retry against real handlers', { concurrency: true }, () => {
  const STRIPE = 'whsec_test_hookctl_deliveries';
  const SLACK = '0123456789abcdef0123456789abcdef';
  const suite = suiteScope();
  let store: string;
  before(async () => {
    store = await tempStore(suite);
  });
  const cli = (args: string[], run: Runner = runHookctl) => run(['trigger', ...args], { store });
  /** `trigger slack app_mention` to `url`, signed with the app's secret. */
  const slack = (url: string, ...args: string[]) =>
    cli(['slack', 'app_mention', '--to', url, '--secret', SLACK, ...args]);
  const lines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  // End to end, through bin/hookctl.js: the waits are a real process's timers.
  it('stripe --repeat 3: the same evt_ id three times, three different valid signatures', async (t) => {
    const app = await startNaiveApp(t, 'stripe', STRIPE);
    // Stripe signs whole seconds: a second apart, each delivery gets its own timestamp and signature.
    const run = await cli(
      [
        'stripe',
        'invoice.paid',
        '--to',
        app.url,
        '--secret',
        STRIPE,
        '--repeat',
        '3',
        '--interval',
        '1s',
        '--json',
      ],
      runBin,
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const results = lines(run.stdout);
    assert.equal(results.length, 3);
    const ids = new Set(app.arrivals.map((arrival) => arrival.eventId));
    assert.equal(ids.size, 1);
    const [id] = ids;
    assert.match(String(id), /^evt_/);
    // The naive handler did its side effect three times for one event: what --repeat is for.
    assert.equal(app.sideEffects.get(String(id)), 3);
    const signatures = new Set(app.arrivals.map((arrival) => arrival.headers['stripe-signature']));
    assert.equal(signatures.size, 3, [...signatures].join('\n'));
    assert.equal(new Set(app.arrivals.map((arrival) => arrival.body.toString('hex'))).size, 1);
    assert.deepEqual(
      results.map((r) => [r.delivery, r.attempt, r.eventId, r.status, r.overDeadline]),
      [1, 2, 3].map((n) => [n, 1, id, 200, false]),
    );
  });

  it('slack --repeat 3 --concurrency 3: one event_id, each delivery verifies with Bolt', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK);
    const run = await slack(app.url, '--repeat', '3', '--concurrency', '3');
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(app.arrivals.length, 3);
    const [id] = app.sideEffects.keys();
    assert.match(String(id), /^Ev/);
    assert.equal(app.sideEffects.get(String(id)), 3);
    assert.match(run.stdout, /3 deliveries, 3 succeeded, 0 failed/);
    assert.match(run.stdout, new RegExp(`\\(id ${id}\\)`));
  });

  it('slack --retry --time-scale 0.01 with a 400 ms handler: cut at the 100 ms floor, retried 3 times in order', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK, { delayMs: 400 });
    const run = await slack(app.url, '--retry', '--time-scale', '0.01', '--json');
    assert.equal(run.code, 1, 'no delivery ever got through');
    const results = lines(run.stdout);
    assert.deepEqual(
      results.map((r) => [r.attempt, r.status, r.overDeadline, r.failure, r.deadlineMs]),
      [1, 2, 3, 4].map((n) => [n, null, true, 'http_timeout', 100]),
    );
    for (const r of results)
      assert.ok((r.durationMs as number) < 350, `cut at the deadline: ${r.durationMs}`);
    assert.deepEqual(
      results.map((r) => r.retryHeaders),
      [
        {},
        { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
        { 'X-Slack-Retry-Num': '2', 'X-Slack-Retry-Reason': 'http_timeout' },
        { 'X-Slack-Retry-Num': '3', 'X-Slack-Retry-Reason': 'http_timeout' },
      ],
    );
    // What the app saw: the same event, signed validly each time, with the retry headers.
    assert.equal(app.arrivals.length, 4);
    assert.deepEqual(
      app.arrivals.map((a) => [a.headers['x-slack-retry-num'], a.headers['x-slack-retry-reason']]),
      [
        [undefined, undefined],
        ['1', 'http_timeout'],
        ['2', 'http_timeout'],
        ['3', 'http_timeout'],
      ],
    );
    assert.equal(new Set(app.arrivals.map((a) => a.eventId)).size, 1);
    assert.equal(app.sideEffects.get(String(app.arrivals[0]?.eventId)), 4);
    // The schedule, scaled: at once, 1 min → 600 ms, 5 min → 3 s (each after a 100 ms cut).
    const gaps = app.arrivals.slice(1).map((a, i) => a.at - (app.arrivals[i]?.at ?? 0));
    assert.ok((gaps[0] ?? 0) < 500, `retry 1 at once: ${gaps}`);
    assert.ok((gaps[1] ?? 0) >= 600 && (gaps[1] ?? 0) < 2500, `retry 2 after 600 ms: ${gaps}`);
    assert.ok((gaps[2] ?? 0) >= 3000, `retry 3 after 3 s: ${gaps}`);
  });

  it('a slow handler without --retry: delivered, but the line says Slack would have retried', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK, { delayMs: 400 });
    const run = await slack(app.url, '--time-scale', '0.1');
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(
      run.stdout,
      /slower than Slack's 3 s deadline, 300ms scaled: Slack would retry with X-Slack-Retry-Reason: http_timeout/,
    );
  });

  it('a handler that fails once and then succeeds: exit 0 after the first retry', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK, { status: (index) => (index === 0 ? 503 : 200) });
    // 0.1: a 300 ms deadline, so a loaded CI machine answering the 503 slowly is still an http_error,
    // and Slack's first retry is immediate anyway.
    const run = await slack(app.url, '--retry', '--time-scale', '0.1');
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.equal(app.arrivals.length, 2);
    assert.equal(app.arrivals[1]?.headers['x-slack-retry-reason'], 'http_error');
    assert.match(run.stdout, /2 deliveries, 1 succeeded, 1 failed/);
  });

  it('a handler that always fails: every retry is spent, exit 1', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK, { status: () => 500 });
    const run = await slack(app.url, '--retry', '--time-scale', '0.0001');
    assert.equal(run.code, 1, run.stderr + run.stdout);
    assert.equal(app.arrivals.length, 4);
    assert.match(run.stdout, /4 deliveries, 0 succeeded, 4 failed/);
  });

  it('github --retry does not retry: one delivery, exit 1', async (t) => {
    const app = await startNaiveApp(t, 'stripe', STRIPE); // any handler: GitHub's request fails its check
    const run = await cli(['github', 'push', '--to', app.url, '--retry', '--time-scale', '0.0001', '--json']);
    assert.equal(run.code, 1, run.stderr + run.stdout);
    assert.equal(app.arrivals.length, 1);
    assert.equal(lines(run.stdout).length, 1);
  });

  it('a target that cannot be reached is a connection failure, retried', async (t) => {
    const app = await startNaiveApp(t, 'slack', SLACK);
    const url = app.url;
    await app.close();
    const run = await slack(url, '--retry', '--time-scale', '0.0001', '--json');
    assert.equal(run.code, 1);
    const results = lines(run.stdout);
    assert.equal(results.length, 4);
    assert.deepEqual(results[1]?.retryHeaders, {
      'X-Slack-Retry-Num': '1',
      'X-Slack-Retry-Reason': 'connection_failed',
    });
  });

  it('rejects malformed flags with exit 2', async () => {
    for (const args of [
      ['--repeat', '0'],
      ['--concurrency', 'x'],
      ['--time-scale', '-1'],
      ['--interval', 'soon'],
    ]) {
      const run = await cli(['slack', 'app_mention', '--to', '3000', ...args]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
  });
});
