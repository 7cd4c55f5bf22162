import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { FIELDS, fieldsFor } from '../src/commands/project.ts';
import {
  findProjectFile,
  type Invocation,
  mergeProject,
  type OptionSource,
  PROJECT_KEYS,
  type ProjectConfig,
  parseProject,
} from '../src/core/project/index.ts';
import { PROVIDER_NAMES } from '../src/providers/manifest.ts';
import { startApp } from './helpers/app.ts';
import { runBin } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// hookctl.yaml: parsed and validated (tables), merged with flags and environment (a pure function, tables),
// and end to end through bin/hookctl.js (`npm run build` first) in temporary project directories.

const LIMIT = { timeout: 30_000 };
const ROOT = new URL('../', import.meta.url);
const parse = (text: string, file = '/project/hookctl.yaml', name = 'hookctl.yaml') =>
  parseProject(text, file, name, PROVIDER_NAMES);
const settings = (project: ProjectConfig) =>
  Object.fromEntries([...project.settings].map(([key, { value }]) => [key, value]));

const EXAMPLE = `# hookctl.yaml
listen:
  forward: 3000
  port: 4500
  host: 127.0.0.1
  ui-port: 4501
  tunnel: true
  keep: 10000
  max-body: 25mb
  forward-timeout: 30s
  verify: stripe
  insecure: false
  ca: ./certs/ca.pem
  routes:
    - stripe:invoice.*=3000/billing
    - match: github
      to: [3000, 4000]
    - match: /slack/*
      capture: true
    - match: stripe:charge.*
      respond: 500
    - { match: "stripe:refund.*", respond: "200:4s" }
secrets:
  stripe: MY_STRIPE_SECRET
trigger:
  to: 3000/webhooks
run:
  to: 3000
store: ../captures
`;

const project = await parse(EXAMPLE);

describe('the project file: parsed and validated', () => {
  it('gives every value in the form the flag takes it; object routes become MATCH=ACTION; paths start at the file', async () => {
    assert.deepEqual(settings(await parse(EXAMPLE)), {
      store: '/captures',
      'listen.forward': '3000',
      'listen.port': '4500',
      'listen.host': '127.0.0.1',
      'listen.ui-port': '4501',
      'listen.tunnel': true,
      'listen.keep': '10000',
      'listen.max-body': '25mb',
      'listen.forward-timeout': '30s',
      'listen.verify': 'stripe',
      'listen.insecure': false,
      'listen.ca': '/project/certs/ca.pem',
      'listen.routes': [
        'stripe:invoice.*=3000/billing',
        'github=3000,4000',
        '/slack/*=capture',
        'stripe:charge.*=respond:500',
        'stripe:refund.*=respond:200:4s',
      ],
      'secrets.stripe': 'MY_STRIPE_SECRET',
      'trigger.to': '3000/webhooks',
      'run.to': '3000',
    });
    assert.equal(project.settings.get('listen.port')?.line, 4);
    assert.deepEqual(project.settings.get('listen.routes')?.lines, [15, 16, 18, 20, 22]);
    assert.deepEqual(settings(await parse('')), {});
    assert.deepEqual(settings(await parse('# nothing yet\n')), {});
  });

  const bad: Array<[string, string]> = [
    ['listen:\n  port: abc\n', 'hookctl.yaml:2: listen.port must be a whole number 0 to 65535 (got "abc")'],
    ['listen:\n  port: 70000\n', 'hookctl.yaml:2: listen.port must be a whole number 0 to 65535 (got 70000)'],
    ['listen:\n  prot: 4500\n', 'hookctl.yaml:2: listen.prot is not a known key (did you mean port?)'],
    ['listen:\n  uiPort: 1\n', 'hookctl.yaml:2: listen.uiPort is not a known key (did you mean ui-port?)'],
    ['lisen: {}\n', 'hookctl.yaml:1: lisen is not a known key (did you mean listen?)'],
    ['listen:\n  port: 1\n  port: 2\n', 'hookctl.yaml:3: not valid YAML: Map keys must be unique'],
    ['- 3000\n', 'hookctl.yaml:1: must be a mapping (key: value lines) (got a list)'],
    ['listen: 3000\n', 'hookctl.yaml:1: listen must be a mapping (key: value lines) (got 3000)'],
    ['listen:\n  tunnel: "no"\n', 'hookctl.yaml:2: listen.tunnel must be true or false (got "no")'],
    [
      'listen:\n  forward-timeout: soon\n',
      'hookctl.yaml:2: listen.forward-timeout must be a duration such as 30s, 2m or 500ms (got "soon")',
    ],
    [
      'listen:\n  max-body: big\n',
      'hookctl.yaml:2: listen.max-body must be a size such as 25mb, 512kb or 1048576 (got "big")',
    ],
    [
      'listen:\n  routes:\n    - stripe\n',
      'hookctl.yaml:3: listen.routes[0] must be MATCH=ACTION, e.g. stripe:invoice.*=3000/billing (got "stripe")',
    ],
    [
      'listen:\n  routes:\n    - match: github\n',
      'hookctl.yaml:3: listen.routes[0] needs exactly one of to, capture or respond (got none)',
    ],
    [
      'listen:\n  routes:\n    - match: github\n      to: 3000\n      capture: true\n',
      'hookctl.yaml:3: listen.routes[0] needs exactly one of to, capture or respond (got to and capture)',
    ],
    [
      'listen:\n  routes:\n    - to: 3000\n',
      'hookctl.yaml:3: listen.routes[0].match is required: a provider, provider:event glob and/or /path glob',
    ],
    [
      'listen:\n  routes:\n    - match: x\n      to: [3000, "ftp://x"]\n',
      'hookctl.yaml:4: listen.routes[0].to[1] must be a port, host:port or http(s) URL, e.g. 3000 or http://localhost:3000/webhooks (got "ftp://x")',
    ],
    [
      'listen:\n  routes:\n    - match: x\n      respond: "200:later"\n',
      'hookctl.yaml:4: listen.routes[0].respond must be a status, optionally with a delay (500 or "200:4s"), or {status, delay, headers, body} (got "200:later")',
    ],
    [
      'listen:\n  relay-name: bob\n',
      'hookctl.yaml:2: listen.relay-name goes with listen.relay (the channel URL)',
    ],
    ['secrets:\n  strpe: X\n', 'hookctl.yaml:2: secrets.strpe is not a provider (did you mean stripe?)'],
    [
      'secrets:\n  stripe: my secret\n',
      'hookctl.yaml:2: secrets.stripe must name an environment variable, e.g. MY_STRIPE_SECRET (got "my secret")',
    ],
    ['trigger:\n  too: 3000\n', 'hookctl.yaml:2: trigger.too is not a known key (did you mean to?)'],
  ];
  for (const [text, message] of bad) {
    it(`refuses: ${message}`, async () => {
      await assert.rejects(
        parse(text),
        (error: Error & { exitCode?: number }) => error.message === message && error.exitCode === 2,
      );
    });
  }

  it('the schema and the validator handle the same keys; the schema takes the example and refuses a typo', async () => {
    const schema = JSON.parse(await readFile(new URL('schema/hookctl.schema.json', ROOT), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), [...PROJECT_KEYS.project].sort());
    assert.deepEqual(Object.keys(schema.$defs.listen.properties), [...PROJECT_KEYS.listen]);
    assert.deepEqual(Object.keys(schema.properties.trigger.properties), [...PROJECT_KEYS.trigger]);
    assert.deepEqual(Object.keys(schema.properties.run.properties), [...PROJECT_KEYS.run]);
    assert.deepEqual(Object.keys(schema.$defs.route.oneOf[1].properties), [...PROJECT_KEYS.route]);
    const ajv = new Ajv2020({ allErrors: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    const check = ajv.compile(schema);
    const { parse: parseYaml } = await import('yaml');
    assert.ok(check(parseYaml(EXAMPLE)), JSON.stringify(check.errors));
    assert.equal(check({ listen: { prot: 1 } }), false);
    assert.equal(check({ listen: { routes: [{ match: 'x' }] } }), false);
  });

  it('is found in the current directory or the nearest parent, hookctl.yaml before hookctl.yml', async () => {
    const files = new Set(['/a/hookctl.yml', '/a/b/hookctl.yaml', '/a/b/hookctl.yml']);
    const exists = async (path: string) => files.has(path);
    assert.equal(await findProjectFile('/a/b/c/d', exists), '/a/b/hookctl.yaml');
    assert.equal(await findProjectFile('/a/x', exists), '/a/hookctl.yml');
    assert.equal(await findProjectFile('/elsewhere', exists), null);
  });
});

describe('the project file and the command line combine: flag > environment > file > default', () => {
  const call = (over: Partial<Invocation> & { cli?: Record<string, unknown> } = {}): Invocation => {
    const cli = over.cli ?? {};
    return {
      positional: over.positional ?? [],
      opts: { port: '4500', tunnel: true, ui: true, ...over.opts, ...cli },
      source: (option): OptionSource | undefined =>
        option in cli ? 'cli' : ['port', 'tunnel', 'ui'].includes(option) ? 'default' : undefined,
      env: over.env ?? {},
    };
  };
  const listen = fieldsFor('listen', true);

  it('listen: the file fills options and the forward target; routes become --route strings, in order', () => {
    const merged = mergeProject(listen, call(), project);
    assert.deepEqual(merged.positional, ['3000']);
    assert.equal(merged.opts.port, '4500');
    assert.equal(merged.opts.maxBody, '25mb');
    assert.equal(merged.opts.ca, '/project/certs/ca.pem');
    assert.equal(merged.opts.store, '/captures');
    assert.deepEqual(merged.opts.route, project.settings.get('listen.routes')?.value);
    const source = (key: string) => merged.values.find((value) => value.key === key)?.source;
    assert.equal(source('listen.port'), 'file hookctl.yaml:4');
    assert.equal(source('listen.relay'), 'default');
    assert.equal(source('secrets.stripe'), 'file hookctl.yaml:24');
  });

  const cases: Array<
    [string, Partial<Invocation> & { cli?: Record<string, unknown> }, string, unknown, string]
  > = [
    ['a flag beats the file', { cli: { port: '5000' } }, 'listen.port', '5000', 'flag'],
    ['--no-tunnel beats the file', { cli: { tunnel: false } }, 'listen.tunnel', false, 'flag'],
    [
      '--route flags replace the whole list',
      { cli: { route: ['x=9000'] } },
      'listen.routes',
      ['x=9000'],
      'flag',
    ],
    ['a positional forward beats the file', { positional: ['8080'] }, 'listen.forward', '8080', 'flag'],
    ['$HOOKCTL_STORE beats the file', { env: { HOOKCTL_STORE: '/s' } }, 'store', '/s', 'env HOOKCTL_STORE'],
    ['the default where the file says nothing', {}, 'listen.relay', null, 'default'],
  ];
  for (const [title, over, key, value, source] of cases) {
    it(title, () => {
      const merged = mergeProject(listen, call(over), project);
      assert.deepEqual(
        merged.values.find((entry) => entry.key === key),
        { key, value, source },
      );
      if (over.positional !== undefined) assert.deepEqual(merged.positional, over.positional);
    });
  }

  it("trigger: trigger.to fills --to unless --to or $HOOKCTL_TRIGGER_TO; run.to fills run's own option", () => {
    assert.equal(mergeProject(fieldsFor('trigger', false), call(), project).opts.to, '3000/webhooks');
    const fromEnv = mergeProject(
      fieldsFor('trigger', false),
      call({ env: { HOOKCTL_TRIGGER_TO: '9' } }),
      project,
    );
    assert.equal(fromEnv.opts.to, undefined);
    assert.equal(fromEnv.values[0]?.source, 'env HOOKCTL_TRIGGER_TO');
    assert.equal(mergeProject(fieldsFor('trigger', false), call({ cli: { to: '7' } }), project).opts.to, '7');
    assert.equal(mergeProject(fieldsFor('run', false), call(), project).opts.projectTo, '3000');
    assert.deepEqual(
      FIELDS.store.map(({ key }) => key),
      ['store'],
    );
  });

  it('secrets: the mapped variable stands in for the usual one, which wins when set; no file, no change', () => {
    const env = { MY_STRIPE_SECRET: 'whsec_mine' };
    assert.equal(mergeProject([], call({ env }), project).env.STRIPE_WEBHOOK_SECRET, 'whsec_mine');
    const usual = mergeProject([], call({ env: { ...env, STRIPE_WEBHOOK_SECRET: 'whsec_usual' } }), project);
    assert.equal(usual.env.STRIPE_WEBHOOK_SECRET, 'whsec_usual');
    assert.equal(usual.values[0]?.source, 'env STRIPE_WEBHOOK_SECRET');
    assert.equal(mergeProject([], call(), project).env.STRIPE_WEBHOOK_SECRET, undefined);
    const none = mergeProject(listen, call({ cli: { port: '1' } }), null);
    assert.deepEqual(none.positional, []);
    assert.equal(none.opts.route, undefined);
  });
});

describe('end to end through bin/hookctl.js', LIMIT, () => {
  it('trigger goes to trigger.to of the nearest hookctl.yaml; --to overrides it; config --json says why', async (t) => {
    const store = await tempStore(t);
    const project = await tempStore(t);
    const inFile = await startApp(t);
    const onFlag = await startApp(t);
    const yaml = `trigger:\n  to: http://127.0.0.1:${inFile.port}/webhooks\nsecrets:\n  stripe: MY_STRIPE_SECRET\n`;
    await writeFile(join(project, 'hookctl.yaml'), yaml);
    const deeper = join(project, 'services', 'billing');
    await mkdir(deeper, { recursive: true });
    const env = { MY_STRIPE_SECRET: 'whsec_from_the_mapped_variable', STRIPE_WEBHOOK_SECRET: undefined };

    const sent = await runBin(['trigger', 'stripe', 'payment_intent.succeeded'], {
      store,
      cwd: project,
      env,
    });
    assert.equal(sent.code, 0, sent.stderr);
    const request = await inFile.next();
    assert.equal(request.url, '/webhooks');
    const [, stamp, signature] =
      /t=(\d+),v1=([0-9a-f]+)/.exec(String(request.headers['stripe-signature'])) ?? [];
    const expected = createHmac('sha256', env.MY_STRIPE_SECRET)
      .update(`${stamp}.${request.body}`)
      .digest('hex');
    assert.equal(signature, expected, 'signed with the secret of the variable secrets.stripe names');

    const parent = await runBin(['trigger', 'stripe', 'invoice.paid'], { store, cwd: deeper, env });
    assert.equal(parent.code, 0, parent.stderr);
    assert.equal((await inFile.next()).url, '/webhooks');

    const flag = await runBin(['trigger', 'stripe', 'invoice.paid', '--to', `127.0.0.1:${onFlag.port}/f`], {
      store,
      cwd: deeper,
    });
    assert.equal(flag.code, 0, flag.stderr);
    assert.equal((await onFlag.next()).url, '/f');
    assert.equal(inFile.received.length, 2);

    const config = await runBin(['config', '--json'], { store, cwd: deeper, env });
    assert.equal(config.code, 0, config.stderr);
    const shown = JSON.parse(config.stdout) as {
      file: string;
      values: Array<{ key: string; source: string }>;
    };
    assert.equal(shown.file, join(project, 'hookctl.yaml'));
    const source = (key: string) => shown.values.find((value) => value.key === key)?.source;
    assert.equal(source('trigger.to'), `file ${join('..', '..', 'hookctl.yaml')}:2`);
    assert.equal(source('listen.port'), 'default');
    assert.equal(source('store'), 'env HOOKCTL_STORE');
    assert.equal(source('secrets.stripe'), `file ${join('..', '..', 'hookctl.yaml')}:4`);
  });

  it('run sends scenarios without a target to run.to; --config names another file', async (t) => {
    const store = await tempStore(t);
    const project = await tempStore(t);
    const app = await startApp(t);
    await writeFile(join(project, 'ci.yaml'), `run:\n  to: http://127.0.0.1:${app.port}/hooks\n`);
    const scenario = 'steps:\n  - trigger: { provider: github, event: ping }\n';
    await writeFile(join(project, 'ping.yaml'), scenario);
    const ran = await runBin(['run', 'ping.yaml', '--config', 'ci.yaml'], { store, cwd: project });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal((await app.next()).url, '/hooks');
  });

  it('a broken file is one line naming the file, the line and the key, exit 2', async (t) => {
    const store = await tempStore(t);
    const project = await tempStore(t);
    await writeFile(join(project, 'hookctl.yaml'), 'listen:\n  port: 4500\n  forwrd: 3000\n');
    for (const args of [['trigger', 'stripe', 'invoice.paid'], ['config'], ['list']]) {
      const result = await runBin(args, { store, cwd: project });
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(
        result.stderr,
        '✗ hookctl.yaml:3: listen.forwrd is not a known key (did you mean forward?)\n',
      );
    }
    const missing = await runBin(['config'], { store, cwd: project, env: { HOOKCTL_CONFIG: 'gone.yaml' } });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, '✗ cannot read the project file gone.yaml: ENOENT\n');
  });
});
