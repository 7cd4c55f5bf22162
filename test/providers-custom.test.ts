import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadCustomProviders, providerFiles } from '../src/commands/provider-files.ts';
import { customProvider } from '../src/providers/custom.ts';
import { PROVIDER_NAMES } from '../src/providers/manifest.ts';
import { startApp } from './helpers/app.ts';
import { startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// A provider hookctl does not ship, as the README's worked example describes it: the file in the README
// is the file tested here, and the receiving app checks Calendly's scheme as Calendly documents it
// (https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures), with its own HMAC.

const README = await readFile(new URL('../README.md', import.meta.url), 'utf8');
const EXAMPLE = /<!-- provider-example[^>]*-->\n```yaml\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
const SECRET = 'calendly-test-signing-key';

async function exampleDir(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hookctl-custom-'));
  await mkdir(path.join(dir, '.hookctl', 'providers'), { recursive: true });
  const file = path.join(dir, '.hookctl', 'providers', 'calendly.yaml');
  await writeFile(file, EXAMPLE);
  return { dir, file };
}

/** Calendly's check, written from its docs: `t=…,v1=…`, HMAC-SHA256 hex of `t.body`, 3 minutes. */
function calendlyAccepts(header: string | undefined, body: Buffer, secret: string, nowMs: number): boolean {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => part.split('=') as [string, string]),
  );
  const t = parts.t;
  const v1 = parts.v1;
  if (t === undefined || v1 === undefined) return false;
  if (Math.abs(nowMs / 1000 - Number(t)) > 180) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return expected === v1;
}

describe('custom providers: the README example', () => {
  it('is in the README', () => assert.match(EXAMPLE, /name: calendly/));

  it('is found in .hookctl/providers of the current directory or a parent, and in $HOOKCTL_PROVIDERS', async () => {
    const { dir, file } = await exampleDir();
    const nested = path.join(dir, 'app', 'src');
    await mkdir(nested, { recursive: true });
    assert.ok((await providerFiles(nested, {})).includes(file));
    const other = path.join(dir, 'other.json');
    assert.deepEqual((await providerFiles(nested, { HOOKCTL_PROVIDERS: other })).slice(0, 1), [other]);
    const [provider] = await loadCustomProviders([file], PROVIDER_NAMES);
    assert.equal(provider?.name, 'calendly');
    assert.equal(provider?.secretEnv, 'CALENDLY_WEBHOOK_SIGNING_KEY');
    assert.deepEqual(await provider?.fixtures(), [
      { event: 'invitee.created', description: 'An invitee booked an event.' },
    ]);
  });

  it('triggers a signed event that a Calendly check accepts, and verify explains a wrong secret', async (t) => {
    const { dir } = await exampleDir();
    const store = await tempStore(t);
    const app = await startApp(t, (request) => ({
      status: calendlyAccepts(
        request.headers['calendly-webhook-signature'] as string,
        request.body,
        SECRET,
        Date.now(),
      )
        ? 200
        : 401,
    }));
    const sent = await runHookctl(
      [
        'trigger',
        'calendly',
        'invitee.created',
        '--to',
        `${app.url}/webhooks`,
        '--secret',
        SECRET,
        '--set',
        'payload.name=Grace Hopper',
      ],
      { store, cwd: dir },
    );
    assert.equal(sent.code, 0, sent.stderr);
    const [received] = app.received;
    assert.equal(received?.url, '/webhooks');
    assert.equal(JSON.parse(received?.body.toString() ?? '{}').payload.name, 'Grace Hopper');

    // Captured by listen, detected by its header, verified, and explained with the wrong secret.
    const listener = await startListen(t, [], { store, env: {} });
    const forwarded = await runHookctl(
      ['trigger', 'calendly', 'invitee.created', '--to', listener.url, '--secret', SECRET],
      { store, cwd: dir },
    );
    assert.equal(forwarded.code, 0, forwarded.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'calendly');
    assert.equal(line.event, 'invitee.created');
    const good = await runHookctl(['verify', 'last', '--secret', SECRET, '--json'], { store, cwd: dir });
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(JSON.parse(good.stdout), { id: line.id, provider: 'calendly', valid: true });
    const bad = await runHookctl(['verify', 'last', '--secret', 'another', '--json'], { store, cwd: dir });
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).reason, 'wrong-secret');
  });

  it('end to end through bin/hookctl.js: fixtures lists it, --print shows the signed request', async (t) => {
    const { dir } = await exampleDir();
    const store = await tempStore(t);
    const listed = await runBin(['fixtures', 'calendly', '--json'], { store, cwd: dir });
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), [
      { provider: 'calendly', event: 'invitee.created', description: 'An invitee booked an event.' },
    ]);
    const printed = await runBin(['trigger', 'calendly', 'invitee.created', '--print', '--json'], {
      store,
      cwd: dir,
    });
    assert.equal(printed.code, 0, printed.stderr);
    const request = JSON.parse(printed.stdout) as {
      headers: Record<string, string> | [string, string][];
      body: string;
    };
    const headers = Array.isArray(request.headers) ? Object.fromEntries(request.headers) : request.headers;
    const signature = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'calendly-webhook-signature',
    )?.[1];
    assert.ok(
      calendlyAccepts(signature, Buffer.from(request.body), 'calendly-development-signing-key', Date.now()),
      `signed with the file's development secret: ${signature}`,
    );
  });
});

describe('custom provider files: bad input is one line naming the file and the field', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['no name', { signature: {} }, /\$\.name must be a non-empty string/],
    ['a bad name', { name: 'Acme Corp', signature: {} }, /\$\.name "Acme Corp" must be lowercase/],
    ['no signature', { name: 'acme' }, /\$\.signature must be an object/],
    [
      'an unknown algorithm',
      { name: 'acme', signature: { header: 'X-Sig', algorithm: 'md5', signed: '{body}', encoding: 'hex' } },
      /\$\.signature\.algorithm must be sha256, sha1, sha512/,
    ],
    [
      'a template without the body',
      {
        name: 'acme',
        signature: { header: 'X-Sig', algorithm: 'sha256', signed: '{timestamp}', encoding: 'hex' },
      },
      /\$\.signature\.signed must include \{body\}/,
    ],
    [
      'an unknown placeholder',
      {
        name: 'acme',
        signature: { header: 'X-Sig', algorithm: 'sha256', signed: '{path}{body}', encoding: 'hex' },
      },
      /unknown placeholder \{path\}/,
    ],
    [
      'a timestamp with no unit',
      {
        name: 'acme',
        signature: { header: 'X-Sig', algorithm: 'sha256', signed: '{timestamp}.{body}', encoding: 'hex' },
      },
      /\$\.signature\.timestamp is needed/,
    ],
    [
      'a bad retry',
      {
        name: 'acme',
        signature: { header: 'X-Sig', algorithm: 'sha256', signed: '{body}', encoding: 'hex' },
        delivery: { retries: ['soon'] },
      },
      /\$\.delivery\.retries\.0 "soon" is not a duration/,
    ],
  ];
  for (const [name, file, message] of cases) {
    it(name, () => {
      assert.throws(
        () => customProvider(file, 'acme.json'),
        (error: Error & { exitCode?: number }) => {
          assert.match(error.message, /^acme\.json: /);
          assert.match(error.message, message);
          assert.equal(error.exitCode, 2);
          return true;
        },
      );
    });
  }

  it('a shipped name cannot be redefined, and YAML errors give the line', async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hookctl-custom-'));
    const shadow = path.join(dir, 'stripe.json');
    await writeFile(shadow, JSON.stringify({ name: 'stripe', signature: {} }));
    await assert.rejects(
      loadCustomProviders([shadow], PROVIDER_NAMES),
      /stripe\.json: \$\.name "stripe" is a provider hookctl ships/,
    );
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, 'name: acme\nsignature: [unclosed\n');
    const store = await tempStore(t);
    const run = await runHookctl(['fixtures'], { store, env: { HOOKCTL_PROVIDERS: broken } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /broken\.yaml:\d+: not valid YAML/);
  });
});
