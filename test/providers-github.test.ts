import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { readFile } from 'node:fs/promises';

import { describe, it } from 'node:test';

import { createWebMiddleware, Webhooks } from '@octokit/webhooks';

import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { NOT_SENT } from '../scripts/github-fixture-rules.ts';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { GITHUB_USER_AGENT } from '../src/providers/github/fixtures.ts';
import { GITHUB_DEV_SECRET, github } from '../src/providers/github/index.ts';
import type { JsonObject } from '../src/providers/parse.ts';
import type { FailureReason, ProviderContext } from '../src/providers/types.ts';
import { seededContext } from './helpers/context.ts';

const SECRET = 'shhh-app-secret';
const WRONG_SECRET = 'the-dashboard-secret-of-another-hook';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Deterministic clock and randomness: the same seed gives the same delivery ids. */
function context(seed = 'seed'): ProviderContext {
  return seededContext(1_700_000_000_000, seed);
}

interface Delivery {
  headers: HeaderPair[];
  body: Buffer;
}

async function deliver(event: string, secret = SECRET, ctx = context()): Promise<Delivery> {
  const payload = await github.payload(event, ctx);
  assert.ok(payload, `no payload for ${event}`);
  const unsigned = github.encode(event, payload, ctx);
  return { headers: github.sign(unsigned, secret, ctx), body: unsigned.body };
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** @octokit/webhooks' own HTTP handler: checks content type, required headers and the signature. */
async function middlewareStatus({ headers, body }: Delivery, secret: string): Promise<number> {
  const middleware = createWebMiddleware(new Webhooks({ secret }), { log: silent });
  const request = new Request('http://localhost/api/github/webhooks', { method: 'POST', headers, body });
  const response = (await middleware(request)) as Response;
  return response.status;
}

/** An independent HMAC for expectations: node:crypto directly, not the code under test. */
function createHmacHex(algorithm: 'sha1' | 'sha256', body: Buffer, secret = SECRET): string {
  return createHmac(algorithm, secret).update(body).digest('hex');
}

async function methodsVerify({ headers, body }: Delivery, secret: string): Promise<boolean> {
  const signature = headerValue(headers, 'x-hub-signature-256') ?? '';
  return octokitVerify(secret, body.toString('utf8'), signature).catch(() => false);
}

describe('github signer', () => {
  it("matches GitHub's documented example", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const headers = github.sign(
      { headers: [], body: Buffer.from('Hello, World!') },
      "It's a Secret to Everybody",
      context(),
    );
    assert.deepEqual(headers, [
      // sha1 pinned with `printf 'Hello, World!' | openssl dgst -sha1 -hmac "It's a Secret to Everybody"`.
      ['X-Hub-Signature', 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59'],
      ['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'],
    ]);
  });

  it('re-signing replaces the signature headers in place and keeps the others in order', () => {
    const body = Buffer.from('{"zen":"Keep it logically awesome."}');
    const signed = github.sign(
      {
        headers: [
          ['Accept', '*/*'],
          ['x-hub-signature-256', 'sha256=stale'],
          ['X-GitHub-Event', 'ping'],
          ['X-Hub-Signature-256', 'sha256=duplicate'],
        ],
        body,
      },
      SECRET,
      context(),
    );
    assert.deepEqual(
      signed.map(([name]) => name),
      ['Accept', 'x-hub-signature-256', 'X-GitHub-Event', 'X-Hub-Signature'],
    );
    assert.deepEqual(github.verify({ headers: signed, body }, SECRET, 0), { valid: true });
  });

  it('is not timed and names its secret variable', () => {
    assert.equal(github.toleranceSeconds, null);
    assert.equal(github.secretEnv, 'GITHUB_WEBHOOK_SECRET');
    assert.equal(github.devSecret, GITHUB_DEV_SECRET);
  });
});

describe('github delivery', () => {
  it('sends the headers GitHub sends, in its order, with compact JSON', async () => {
    const template = await github.payload('push', context());
    const delivery = await deliver('push');
    const [id] = delivery.headers.filter(([name]) => name === 'X-GitHub-Delivery').map(([, value]) => value);
    assert.match(id ?? '', UUID_V4);
    assert.deepEqual(delivery.headers, [
      ['Accept', '*/*'],
      ['Content-Type', 'application/json'],
      ['User-Agent', GITHUB_USER_AGENT],
      ['X-GitHub-Delivery', id],
      ['X-GitHub-Event', 'push'],
      ['X-GitHub-Hook-ID', '292430182'],
      ['X-GitHub-Hook-Installation-Target-ID', '186853002'],
      ['X-GitHub-Hook-Installation-Target-Type', 'repository'],
      ['X-Hub-Signature', `sha1=${createHmacHex('sha1', delivery.body)}`],
      ['X-Hub-Signature-256', `sha256=${createHmacHex('sha256', delivery.body)}`],
    ]);
    assert.match(GITHUB_USER_AGENT, /^GitHub-Hookshot\/[0-9a-f]{7}$/);
    assert.equal(delivery.body.toString('utf8'), JSON.stringify(template));
  });

  it('takes the header event from the part before the dot and the hook id from a ping', async () => {
    const pr = await deliver('pull_request.opened');
    assert.equal(headerValue(pr.headers, 'x-github-event'), 'pull_request');
    const ping = await deliver('ping');
    assert.equal(headerValue(ping.headers, 'x-github-hook-id'), '109948940');
  });

  it('names an organization or app target when there is no repository', async () => {
    const org = await deliver('organization.member_added');
    assert.equal(headerValue(org.headers, 'x-github-hook-installation-target-type'), 'organization');
    assert.equal(headerValue(org.headers, 'x-github-hook-installation-target-id'), '38302899');
    const app = await deliver('installation.created');
    assert.equal(headerValue(app.headers, 'x-github-hook-installation-target-type'), 'integration');
    assert.equal(headerValue(app.headers, 'x-github-hook-installation-target-id'), '29310');
  });

  it('draws delivery ids from the context only', async () => {
    const id = async (seed: string) =>
      headerValue((await deliver('push', SECRET, context(seed))).headers, 'x-github-delivery');
    assert.equal(await id('a'), await id('a'));
    assert.notEqual(await id('a'), await id('b'));
  });

  it('hands out deep copies, null for unknown events, and `data` instead of the template', async () => {
    const first = await github.payload('issues.opened', context());
    assert.ok(first);
    (first.issue as JsonObject).title = 'changed';
    const second = await github.payload('issues.opened', context());
    assert.ok(second);
    assert.notEqual((second.issue as JsonObject).title, 'changed');
    assert.equal(await github.payload('issues.exploded', context()), null);
    const data = { action: 'in_progress', workflow_run: { id: 1 } };
    const custom = await github.payload('workflow_run.in_progress', context(), data);
    assert.deepEqual(custom, data);
    assert.notEqual(custom?.workflow_run, data.workflow_run);
  });
});

const examples = JSON.parse(
  await readFile(
    new URL(import.meta.resolve('@octokit/webhooks-examples/api.github.com/index.json')),
    'utf8',
  ),
) as Array<{ name: string; actions: string[]; examples: Array<{ action?: string }> }>;
const catalogue = await github.fixtures();

describe('github catalogue', () => {
  it('has every event and action of @octokit/webhooks-examples that GitHub sends', () => {
    const listed = examples.flatMap((event) =>
      event.actions.length === 0
        ? event.examples.length > 0
          ? [event.name]
          : []
        : event.actions.map((action) => `${event.name}.${action}`),
    );
    assert.equal(listed.length, 205);
    // What the package lists but GitHub never sends stays out (fixtures/github/README.md says why).
    const expected = listed.filter((event) => NOT_SENT[event] === undefined);
    assert.deepEqual(Object.keys(NOT_SENT), ['pull_request.merged']);
    assert.equal(expected.length, 204);
    assert.equal(examples.length, 58);
    assert.deepEqual(
      catalogue.map(({ event }) => event),
      [...expected].sort(),
    );
    for (const event of [
      'ping',
      'push',
      'pull_request.opened',
      'issues.closed',
      'workflow_run.in_progress',
    ]) {
      assert.ok(expected.includes(event), event);
    }
  });

  it('describes each event in one line that names the action', () => {
    for (const { event, description } of catalogue) {
      assert.match(description, /^[^\n]{10,200}$/, event);
      const action = event.split('.')[1];
      if (action !== undefined) assert.ok(description.includes(action), `${event}: ${description}`);
    }
  });

  it('templates carry the action they are listed under', async () => {
    for (const { event } of catalogue) {
      const payload = await github.payload(event, context());
      assert.equal(payload?.action, event.split('.')[1], event);
    }
  });
});

describe('every github fixture against @octokit/webhooks', () => {
  for (const { event } of catalogue) {
    it(event, async () => {
      const delivery = await deliver(event);
      const bodyText = delivery.body.toString('utf8');
      const id = headerValue(delivery.headers, 'x-github-delivery') ?? '';
      const name = headerValue(delivery.headers, 'x-github-event') ?? '';
      const signature = headerValue(delivery.headers, 'x-hub-signature-256') ?? '';

      const received: Array<{ id: string; name: string; payload: { action?: unknown } }> = [];
      const webhooks = new Webhooks({ secret: SECRET });
      webhooks.onAny((delivered) => {
        received.push(delivered as (typeof received)[number]);
      });
      await webhooks.verifyAndReceive({ id, name: name as never, payload: bodyText, signature });
      assert.equal(received.length, 1);
      assert.equal(received[0]?.id, id);
      assert.equal(received[0]?.name, event.split('.')[0]);
      assert.equal(received[0]?.payload.action, event.split('.')[1]);
      assert.equal(await methodsVerify(delivery, SECRET), true);
      assert.equal(await middlewareStatus(delivery, SECRET), 200);
      assert.deepEqual(github.verify(delivery, SECRET, 0), { valid: true });
      assert.deepEqual(github.detect(delivery), { provider: 'github', event });

      const wrong = new Webhooks({ secret: WRONG_SECRET });
      await assert.rejects(wrong.verifyAndReceive({ id, name: name as never, payload: bodyText, signature }));
      assert.equal(await methodsVerify(delivery, WRONG_SECRET), false);
      assert.equal(await middlewareStatus(delivery, WRONG_SECRET), 400);
      const verdict = github.verify(delivery, WRONG_SECRET, 0);
      assert.equal(verdict.valid ? 'valid' : verdict.reason, 'wrong-secret');
    });
  }
});

function withHeader(headers: readonly HeaderPair[], name: string, value: string | null): HeaderPair[] {
  const rest = headers.filter(([key]) => key.toLowerCase() !== name.toLowerCase());
  return value === null ? rest : [...rest, [name, value]];
}

function signatureOf({ headers }: Delivery): string {
  return headerValue(headers, 'x-hub-signature-256') ?? '';
}

/** The same signed push delivery, sent as a hook with the form content type would send it. */
function asForm({ headers, body }: Delivery, secret = SECRET): Delivery {
  const form = Buffer.from(new URLSearchParams({ payload: body.toString('utf8') }).toString());
  const formHeaders = withHeader(headers, 'Content-Type', 'application/x-www-form-urlencoded');
  return { headers: github.sign({ headers: formHeaders, body: form }, secret, context()), body: form };
}

interface Case {
  name: string;
  broken: (delivery: Delivery) => Delivery;
  secret?: string;
  reason: FailureReason | 'valid';
  message?: RegExp;
}

const cases: Case[] = [
  { name: 'untouched', broken: (d) => d, reason: 'valid' },
  { name: 'form content type, raw form bytes', broken: (d) => asForm(d), reason: 'valid' },
  {
    name: 'hook without a secret: no signature headers',
    broken: (d) => ({
      ...d,
      headers: withHeader(withHeader(d.headers, 'X-Hub-Signature-256', null), 'X-Hub-Signature', null),
    }),
    reason: 'missing-header',
    message: /No X-Hub-Signature-256 header.*secret/,
  },
  {
    name: 'proxy dropped the sha256 header, legacy sha1 left',
    broken: (d) => ({ ...d, headers: withHeader(d.headers, 'X-Hub-Signature-256', null) }),
    reason: 'missing-header',
    message: /legacy X-Hub-Signature/,
  },
  {
    name: 'proxy duplicated the header',
    broken: (d) => ({ ...d, headers: [...d.headers, ['X-Hub-Signature-256', signatureOf(d)]] }),
    reason: 'malformed-header',
    message: /2 times/,
  },
  {
    name: 'header cut short',
    broken: (d) => ({
      ...d,
      headers: withHeader(d.headers, 'X-Hub-Signature-256', signatureOf(d).slice(0, 40)),
    }),
    reason: 'malformed-header',
    message: /not `sha256=` and 64 lowercase hex digits/,
  },
  {
    name: 'bare hex without sha256=',
    broken: (d) => ({ ...d, headers: withHeader(d.headers, 'X-Hub-Signature-256', signatureOf(d).slice(7)) }),
    reason: 'encoding-mixup',
    message: /bare hex.*digest itself matches/,
  },
  {
    name: 'uppercase hex',
    broken: (d) => ({
      ...d,
      headers: withHeader(
        d.headers,
        'X-Hub-Signature-256',
        `sha256=${signatureOf(d).slice(7).toUpperCase()}`,
      ),
    }),
    reason: 'encoding-mixup',
    message: /uppercase/,
  },
  {
    name: 'base64 digest',
    broken: (d) => ({
      ...d,
      headers: withHeader(
        d.headers,
        'X-Hub-Signature-256',
        `sha256=${Buffer.from(signatureOf(d).slice(7), 'hex').toString('base64')}`,
      ),
    }),
    reason: 'encoding-mixup',
    message: /base64.*digest itself matches/,
  },
  {
    name: 'legacy sha1 value in the sha256 header',
    broken: (d) => ({
      ...d,
      headers: withHeader(d.headers, 'X-Hub-Signature-256', headerValue(d.headers, 'x-hub-signature') ?? ''),
    }),
    reason: 'encoding-mixup',
    message: /sha1=.*sha1 digest itself matches/,
  },
  {
    name: 'body consumed by a parser before verification',
    broken: (d) => ({ ...d, body: Buffer.alloc(0) }),
    reason: 'body-changed',
    message: /body is empty/,
  },
  {
    name: 'relay pretty-printed the JSON',
    broken: (d) => ({
      ...d,
      body: Buffer.from(JSON.stringify(JSON.parse(d.body.toString('utf8')), null, 2)),
    }),
    reason: 'body-changed',
    message: /as compact JSON.*raw request bytes/,
  },
  {
    name: 'trailing newline appended',
    broken: (d) => ({ ...d, body: Buffer.concat([d.body, Buffer.from('\n')]) }),
    reason: 'body-changed',
    message: /compact JSON/,
  },
  {
    name: 'form re-encoded with %20 for spaces',
    broken: (d) => {
      const form = asForm(d);
      assert.ok(form.body.includes('+'), 'the push payload has spaces to re-encode');
      return { ...form, body: Buffer.from(form.body.toString('utf8').replaceAll('+', '%20')) };
    },
    reason: 'body-changed',
    message: /form fields with spaces as \+/,
  },
  {
    name: 'secret read with a trailing newline',
    broken: (d) => d,
    secret: `${SECRET}\n`,
    reason: 'secret-whitespace',
    message: /whitespace/,
  },
  {
    name: "another hook's secret",
    broken: (d) => d,
    secret: WRONG_SECRET,
    reason: 'wrong-secret',
    message: /webhook settings.*GITHUB_WEBHOOK_SECRET/,
  },
  {
    name: "triggered with hookctl's development secret",
    broken: (d) => ({ ...d, headers: github.sign(d, GITHUB_DEV_SECRET, context()) }),
    reason: 'wrong-secret',
    message: /development secret/,
  },
];

describe('github verify explains failures as @octokit/webhooks decides them', () => {
  for (const { name, broken, secret = SECRET, reason, message } of cases) {
    it(name, async () => {
      const request = broken(await deliver('push'));
      const isForm = headerValue(request.headers, 'content-type') !== 'application/json';
      const sdkAccepts = isForm
        ? await methodsVerify(request, secret)
        : (await middlewareStatus(request, secret)) === 200;
      assert.equal(sdkAccepts, reason === 'valid', 'the SDK decides as the table says');
      const verdict = github.verify(request, secret, Date.now());
      assert.equal(verdict.valid ? 'valid' : verdict.reason, reason);
      if (!verdict.valid && message !== undefined) assert.match(verdict.message, message);
    });
  }
});
