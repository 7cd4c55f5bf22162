import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseRunOptions } from '../src/commands/run.ts';
import { expandVars } from '../src/core/scenario/load.ts';
import { judge, seededRandom, shuffled } from '../src/core/scenario/run.ts';
import { type Expectation, SCENARIO_KEYS, validateScenario } from '../src/core/scenario/validate.ts';
import { xml } from '../src/output/junit.ts';
import { type Runner, runBin, runHookctl } from './helpers/run.ts';
import { parseXml, type ScenarioApp, startScenarioApp } from './helpers/scenario-app.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';

const STRIPE_SECRET = 'whsec_test_hookctl_scenarios';
const ENV = { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, CI: '1' };
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const files = suiteScope();
let dir: string;
before(async () => {
  dir = await tempStore(files);
});

async function scenario(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

function run(args: string[], runner: Runner = runHookctl) {
  return runner(['run', ...args], { store: dir, env: ENV });
}

function ndjson(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const REDELIVERY = `
name: stripe redelivers invoice.paid
vars:
  customer: cus_test_1
steps:
  - name: invoice paid
    trigger:
      provider: stripe
      event: invoice.paid
      path: /stripe
      set:
        data.object.customer: "{{customer}}"
    repeat: 2
    expect: { status: 2xx }
    expectRepeat: { status: 200, bodyContains: already processed }
`;

// End to end, through bin/hookctl.js.
describe('hookctl run: repeat catches a handler that is not idempotent', () => {
  for (const idempotent of [false, true]) {
    it(idempotent ? 'passes against the fixed handler' : 'fails against the naive handler', async (t) => {
      const app = await startScenarioApp(t, { stripeSecret: STRIPE_SECRET, idempotent });
      const file = await scenario(`redelivery-${idempotent}.yaml`, REDELIVERY);
      const report = join(dir, `report-${idempotent}.xml`);
      const result = await run([file, '--to', app.url, '--junit', report], runBin);
      assert.equal(result.code, idempotent ? 0 : 1, result.stdout + result.stderr);
      // Same event id twice, each verified by Stripe's SDK: a fresh, valid signature per delivery.
      assert.equal(app.arrivals.length, 2);
      assert.equal(app.arrivals[0]?.id, app.arrivals[1]?.id);
      assert.match(app.arrivals[0]?.id ?? '', /^evt_/);
      assert.equal(app.charges.get(app.arrivals[0]?.id ?? ''), idempotent ? 1 : 2);
      assert.match(result.stdout, /invoice paid \(delivery 2 of 2\)/);
      const elements = parseXml(await readFile(report, 'utf8'));
      const failures = elements.filter((element) => element.name === 'failure');
      const cases = elements.filter((element) => element.name === 'testcase');
      assert.equal(cases.length, 2);
      assert.equal(failures.length, idempotent ? 0 : 1);
      if (!idempotent) {
        assert.match(
          failures[0]?.attributes.message ?? '',
          /expected the body to contain "already processed"/,
        );
        assert.match(failures[0]?.text ?? '', /charged/);
        assert.match(result.stdout, /✗ 1 failed, 1 passed/);
      }
    });
  }
});

describe('hookctl run: expectations and ordering', () => {
  const suite = suiteScope();
  let app: ScenarioApp;
  before(async () => {
    app = await startScenarioApp(suite, { stripeSecret: STRIPE_SECRET, idempotent: true, slowMs: 400 });
  });

  it('within catches a slow handler', async () => {
    const file = await scenario(
      'slow.yaml',
      `target: ${app.url}\nsteps:\n  - name: slow ack\n    trigger: { provider: slack, event: slash_command, path: /slow }\n    expect: { within: 100 }\n`,
    );
    const result = await run([file, '--json']);
    assert.equal(result.code, 1, result.stderr);
    const [step, summary] = ndjson(result.stdout);
    assert.equal(step?.kind, 'step');
    assert.equal(step?.status, 200);
    assert.match(
      String((step?.failures as string[] | undefined)?.[0]),
      /expected an answer within 100ms, took \d+ms/,
    );
    assert.deepEqual(
      { ...summary, durationMs: 0, seed: 0 },
      {
        kind: 'summary',
        scenarios: 1,
        steps: 1,
        passed: 0,
        failed: 1,
        seed: 0,
        durationMs: 0,
      },
    );
  });

  const names = [
    'payment_intent.created',
    'payment_intent.processing',
    'payment_intent.succeeded',
    'charge.succeeded',
    'charge.updated',
  ];
  const shuffleFile = () =>
    scenario(
      'shuffle.yaml',
      `vars: { pi: pi_test_1 }\nsteps:\n  - shuffle:\n${names
        .map(
          (event) =>
            `      - trigger: { provider: stripe, event: ${event}, path: /stripe, set: { data.object.${event.startsWith('charge') ? 'payment_intent' : 'id'}: "{{pi}}" } }\n`,
        )
        .join('')}`,
    );

  it('shuffle with --seed delivers the same order every time, and another seed another order', async () => {
    const file = await shuffleFile();
    const orders: string[][] = [];
    for (const seed of ['7', '7', '8']) {
      const start = app.arrivals.length;
      const result = await run([file, '--to', app.url, '--seed', seed]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`seed ${seed}`));
      orders.push(app.arrivals.slice(start).map((arrival) => arrival.event));
    }
    assert.deepEqual(orders[0], orders[1]);
    assert.notDeepEqual(orders[0], orders[2]);
    assert.deepEqual([...(orders[0] ?? [])].sort(), [...names].sort());
    // The order the seed picks is the order the pure function computes.
    assert.deepEqual(orders[0], shuffled(names, seededRandom(7)));
  });

  it('order delivers named steps in the order given, sharing ids through vars', async () => {
    const file = await scenario(
      'order.yaml',
      `
vars: { pi: pi_test_1, customer: cus_test_1 }
steps:
  - order: [succeeded, created]
    steps:
      - name: created
        trigger: { provider: stripe, event: payment_intent.created, path: /stripe, set: { data.object.id: "{{pi}}", data.object.customer: "{{customer}}" } }
      - name: succeeded
        trigger: { provider: stripe, event: payment_intent.succeeded, path: /stripe, set: { data.object.id: "{{pi}}", data.object.customer: "{{customer}}" } }
`,
    );
    const start = app.arrivals.length;
    const result = await run([file, '--to', app.url]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const arrived = app.arrivals.slice(start);
    assert.deepEqual(
      arrived.map((arrival) => arrival.event),
      ['payment_intent.succeeded', 'payment_intent.created'],
    );
    for (const arrival of arrived) {
      const object = (arrival.body.data as { object: Record<string, unknown> }).object;
      assert.equal(object.id, 'pi_test_1');
      assert.equal(object.customer, 'cus_test_1');
    }
  });

  it('the shipped scenarios give related events the same ids and pass against a working app', async () => {
    const start = app.arrivals.length;
    const files = ['stripe-checkout-to-subscription', 'github-pull-request', 'slack-slow-command'].map(
      (name) => join(ROOT, 'fixtures', 'scenarios', `${name}.yaml`),
    );
    const result = await run([...files, '--to', app.url, '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const lines = ndjson(result.stdout);
    assert.equal(lines.at(-1)?.kind, 'summary');
    assert.equal(lines.at(-1)?.scenarios, 3);
    const arrived = app.arrivals.slice(start);
    const stripe = arrived.filter((arrival) => arrival.path === '/webhooks/stripe');
    assert.deepEqual(
      stripe.map((arrival) => arrival.event),
      [
        'checkout.session.completed',
        'customer.subscription.created',
        'invoice.paid',
        'invoice.paid',
        'customer.subscription.updated',
      ],
    );
    for (const arrival of stripe) {
      const object = (arrival.body.data as { object: Record<string, unknown> }).object;
      assert.equal(object.customer, 'cus_test_1', arrival.event);
    }
    const objects = stripe.map(
      (arrival) => (arrival.body.data as { object: Record<string, unknown> }).object,
    );
    assert.equal(objects[0]?.subscription, 'sub_test_1');
    assert.equal(objects[1]?.id, 'sub_test_1');
    assert.equal(
      (objects[2]?.parent as { subscription_details?: { subscription: string } } | undefined)
        ?.subscription_details?.subscription,
      'sub_test_1',
    );
    assert.equal(objects[4]?.id, 'sub_test_1');
    const github = arrived.filter((arrival) => arrival.path === '/webhooks/github');
    assert.deepEqual(
      github.map((arrival) => arrival.event),
      ['pull_request.opened', 'pull_request.synchronize', 'pull_request.closed'],
    );
    for (const arrival of github) {
      assert.equal(arrival.body.number, 42);
      assert.equal((arrival.body.pull_request as { number: number }).number, 42);
      assert.equal((arrival.body.repository as { full_name: string }).full_name, 'acme/checkout-service');
    }
    assert.equal(arrived.filter((arrival) => arrival.event === '/deploy').length, 1);
  });

  it('the JUnit report is well-formed and escapes < & " in names and answers', async (t) => {
    const echo = await startScenarioApp(t, {
      stripeSecret: STRIPE_SECRET,
      idempotent: true,
      echo: 'bad <xml> & "quotes" \u0001',
    });
    const file = await scenario(
      'escape.yaml',
      `name: 'a <b> & "c"'\nsteps:\n  - name: 'step <1> & "one"'\n    trigger: { provider: github, event: push, path: /echo }\n`,
    );
    const report = join(dir, 'escape.xml');
    const result = await run([file, '--to', echo.url, '--junit', report]);
    assert.equal(result.code, 1);
    const text = await readFile(report, 'utf8');
    assert.ok(!text.includes('<xml>') && !text.includes('<b>'));
    const elements = parseXml(text);
    const suite = elements.find((element) => element.name === 'testsuite');
    assert.equal(suite?.attributes.name, 'a <b> & "c"');
    assert.equal(suite?.attributes.failures, '1');
    const testcase = elements.find((element) => element.name === 'testcase');
    assert.equal(testcase?.attributes.name, 'step <1> & "one"');
    const failure = elements.find((element) => element.name === 'failure');
    assert.match(failure?.attributes.message ?? '', /expected status 2xx, got 500/);
    assert.match(failure?.text ?? '', /bad <xml> & "quotes"/);
  });
});

describe('hookctl run: bad input is exit 2 with the file and the JSON path', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'status.yaml',
      'target: 3000\nsteps:\n  - trigger: { provider: stripe, event: invoice.paid }\n  - trigger: { provider: stripe, event: invoice.paid }\n    expect: { status: great }\n',
      /status\.yaml: \$\.steps\[1\]\.expect\.status must be a status class like 2xx/,
    ],
    [
      'unknown-key.yaml',
      'target: 3000\nsteps:\n  - wait: 1s\n    then: 2s\n',
      /\$\.steps\[0\]\.then is not allowed here/,
    ],
    ['no-steps.json', '{"target": "3000"}', /no-steps\.json: \$\.steps must be a non-empty list/],
    ['yaml.yaml', 'steps: [\n  - {', /yaml\.yaml: \$ is not valid YAML at line \d+/],
    [
      'event.yaml',
      'target: 3000\nsteps:\n  - trigger: { provider: stripe, event: invoice.payed }\n',
      /event\.yaml: \$\.steps\[0\]\.trigger unknown Stripe event "invoice\.payed": did you mean invoice\.paid/,
    ],
    [
      'var.yaml',
      'target: 3000\nsteps:\n  - trigger: { provider: stripe, event: invoice.paid, set: { data.object.customer: "{{cus}}" } }\n',
      /\$\.steps\[0\]\.trigger uses \{\{cus\}\}, which is not in vars/,
    ],
    [
      'order.yaml',
      'target: 3000\nsteps:\n  - order: [a, c]\n    steps:\n      - { name: a, trigger: { provider: stripe, event: invoice.paid } }\n      - { name: b, trigger: { provider: stripe, event: invoice.paid } }\n',
      /\$\.steps\[0\]\.order\[1\] names "c", which is not a step below/,
    ],
    ['no-target.yaml', 'steps:\n  - wait: 10ms\n', /\$\.target is missing/],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const file = await scenario(name, text);
      const result = await runHookctl(['run', file], { store: dir, env: ENV });
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.equal(result.stdout, '');
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0] ?? '', /^✗ /);
      assert.match(lines[0] ?? '', message);
    });
  }

  it('a missing file is exit 2', async () => {
    const result = await run([join(dir, 'nope.yaml')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot read scenario .*nope\.yaml: ENOENT/);
  });
});

describe('the scenario schema and the validator', () => {
  it('handle exactly the same properties', async () => {
    const schema = JSON.parse(await readFile(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      $defs: Record<string, { properties?: Record<string, unknown> }>;
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), [...SCENARIO_KEYS.scenario].sort());
    const defs = Object.entries(schema.$defs).filter(([, definition]) => definition.properties !== undefined);
    assert.deepEqual(
      defs.map(([name]) => name).sort(),
      Object.keys(SCENARIO_KEYS)
        .filter((name) => name !== 'scenario')
        .sort(),
    );
    for (const [name, definition] of defs) {
      assert.deepEqual(
        Object.keys(definition.properties ?? {}).sort(),
        [...SCENARIO_KEYS[name as keyof typeof SCENARIO_KEYS]].sort(),
        name,
      );
    }
  });

  it('xml() escapes markup and drops characters XML cannot carry', () => {
    assert.equal(xml(`<a href="x">&'\u0000`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD');
  });
});

describe('scenario pure functions', () => {
  it('validateScenario fills defaults and merges expectRepeat over expect', () => {
    const scenario = validateScenario(
      {
        target: 3000,
        steps: [
          {
            trigger: { provider: 'stripe', event: 'invoice.paid', set: { 'data.object.amount_paid': 5 } },
            repeat: 3,
            expect: { status: '2xx', within: 50 },
            expectRepeat: { status: 409 },
          },
          { wait: '1.5s' },
        ],
      },
      'x.yaml',
      'x',
    );
    assert.equal(scenario.name, 'x');
    assert.equal(scenario.target, '3000');
    const [step, wait] = scenario.steps;
    assert.equal(step?.kind, 'trigger');
    if (step?.kind !== 'trigger') return;
    assert.equal(step.name, 'invoice.paid');
    assert.equal(step.repeat, 3);
    assert.deepEqual(step.trigger.set, [['data.object.amount_paid', 5]]);
    assert.deepEqual(step.expect, { status: { kind: 'class', digit: 2 }, within: 50 });
    assert.deepEqual(step.expectRepeat, { status: { kind: 'exact', code: 409 }, within: 50 });
    assert.deepEqual(wait, { kind: 'wait', at: '$.steps[1]', ms: 1500 });
  });

  const delivery = (status: number | null, body: string, durationMs: number) => ({
    url: 'http://x/',
    status,
    durationMs,
    headers: [],
    body: Buffer.from(body),
    ...(status === null ? { error: 'ECONNREFUSED' } : {}),
  });
  const cases: Array<[string, ReturnType<typeof delivery>, Expectation, RegExp[]]> = [
    ['2xx passes', delivery(204, '', 5), { status: { kind: 'class', digit: 2 } }, []],
    [
      'exact code',
      delivery(200, '', 5),
      { status: { kind: 'exact', code: 409 } },
      [/expected status 409, got 200/],
    ],
    [
      'no answer',
      delivery(null, '', 5),
      { status: { kind: 'class', digit: 2 } },
      [/got no answer \(ECONNREFUSED\)/],
    ],
    [
      'body and time',
      delivery(200, 'charged', 250),
      { status: { kind: 'class', digit: 2 }, bodyContains: 'already', within: 100 },
      [/contain "already", got "charged"/, /within 100ms, took 250ms/],
    ],
  ];
  for (const [name, answer, expect, failures] of cases) {
    it(`judge: ${name}`, () => {
      const got = judge(answer, expect);
      assert.equal(got.length, failures.length, got.join('; '));
      failures.forEach((pattern, index) => {
        assert.match(got[index] ?? '', pattern);
      });
    });
  }

  it('expandVars keeps the type of a whole {{var}} and interpolates inside text', () => {
    const fail = (message: string) => new Error(message);
    assert.deepEqual(expandVars({ a: '{{pr}}', b: ['pr-{{pr}}', '{{ on }}'] }, { pr: 42, on: true }, fail), {
      a: 42,
      b: ['pr-42', true],
    });
    assert.throws(() => expandVars('{{nope}}', { pr: 1 }, fail), /\{\{nope\}\}, which is not in vars \(pr\)/);
  });

  it('parseRunOptions: files required, --seed parsed or picked, --to parsed', () => {
    assert.throws(() => parseRunOptions([], {}), /at least one scenario file/);
    const picked = parseRunOptions(['a.yaml'], { to: '3000/hooks' }, () => 99);
    assert.equal(picked.seed, 99);
    assert.equal(picked.target?.href, 'http://localhost:3000/hooks');
    assert.equal(picked.timeoutMs, 30_000);
    assert.equal(parseRunOptions(['a.yaml'], { seed: '7' }).seed, 7);
    assert.throws(() => parseRunOptions(['a.yaml'], { seed: 'x' }), /--seed takes a whole number/);
  });
});
