import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import {
  anotherSecret,
  combineSignatures,
  reserializationTrap,
  tamperOneByte,
} from '../src/core/check/bytes.ts';
import { type CheckReport, representativeEvent } from '../src/core/check/index.ts';
import { type HeaderPair, headerValue } from '../src/http/headers.ts';
import { PROVIDER_NAMES } from '../src/providers/manifest.ts';
import { findProvider } from '../src/providers/registry.ts';
import type { InboundRequest, Provider } from '../src/providers/types.ts';
import { type AppRequest, startApp } from './helpers/app.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// `hookctl check` against small handlers, each with one known flaw, and a careful one. The handlers
// verify as each provider's SDK does (hookctl's verify, which the provider tests hold to the SDKs; the
// careful Stripe handler uses the `stripe` package itself), so a flaw is the only difference.

type Flaw =
  | 'careful'
  | 'no verification'
  | 're-serialized JSON'
  | 'no timestamp check'
  | 'slow acknowledgement'
  | '409 on duplicates'
  | 'only the first signature';

/** The checks each flaw must fail: its own, and for "no verification" every refusal check. */
const CAUGHT_BY: Record<Flaw, string[]> = {
  careful: [],
  'no verification': ['unsigned', 'wrong-secret', 'tampered', 'stale'],
  're-serialized JSON': ['raw-body'],
  'no timestamp check': ['stale'],
  'slow acknowledgement': ['deadline'],
  '409 on duplicates': ['duplicate'],
  'only the first signature': ['rotation'],
};

const pairs = (request: AppRequest): HeaderPair[] => {
  const out: HeaderPair[] = [];
  for (let at = 0; at < request.rawHeaders.length; at += 2)
    out.push([request.rawHeaders[at] as string, request.rawHeaders[at + 1] as string]);
  return out;
};

/** Keeps the first of several signatures in a header, as a handler that splits and takes [0] does. */
function firstSignatureOnly(provider: Provider, headers: HeaderPair[]): HeaderPair[] {
  return headers.map(([name, value]) => {
    if (provider.signatureList === ',' && /^t=/.test(value)) {
      const parts = value.split(',');
      return [
        name,
        [parts.find((part) => part.startsWith('t=')), parts.find((part) => part.startsWith('v1='))].join(','),
      ];
    }
    if (provider.signatureList === ' ' && /-signature$/i.test(name)) return [name, value.split(' ')[0] ?? ''];
    return [name, value];
  });
}

function handler(provider: Provider, secret: string, flaw: Flaw, url: () => string) {
  const seen = new Set<string>();
  return async (request: AppRequest) => {
    let headers = pairs(request);
    if (flaw === 'only the first signature') headers = firstSignatureOnly(provider, headers);
    let body = request.body;
    if (flaw === 're-serialized JSON') {
      try {
        body = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
      } catch {}
    }
    const inbound: InboundRequest = { headers, body, method: request.method, url: `${url()}${request.url}` };
    if (flaw !== 'no verification') {
      const verdict = provider.verify(inbound, secret, Date.now());
      const acceptable =
        verdict.valid || (flaw === 'no timestamp check' && verdict.reason === 'stale-timestamp');
      if (!acceptable) return { status: 401, body: verdict.valid ? '' : verdict.reason };
    }
    const id = provider.delivery.eventId({ headers, body: request.body });
    if (flaw === '409 on duplicates' && id !== null) {
      if (seen.has(id)) return { status: 409, body: 'duplicate' };
      seen.add(id);
    }
    if (flaw === 'slow acknowledgement') await sleep(300);
    return { status: 200, body: '{"received":true}' };
  };
}

async function check(t: Parameters<typeof startApp>[0], name: string, flaw: Flaw): Promise<CheckReport> {
  const provider = findProvider(name);
  assert.ok(provider);
  let base = '';
  const app = await startApp(
    t,
    handler(provider, provider.devSecret, flaw, () => base),
  );
  base = app.url;
  const store = await tempStore(t);
  // The slow handler is timed against a scaled deadline (never below 100 ms), on the checks that need an
  // answer: the others would only wait longer. The rest run at the providers' own deadlines.
  const scaled =
    flaw === 'slow acknowledgement'
      ? ['--time-scale', '0.005', '--only', 'valid,deadline,duplicate']
      : ['--skip', 'oversize'];
  const run = await runHookctl(['check', name, '--to', `${app.url}/hooks`, '--json', ...scaled], { store });
  assert.equal(run.stderr, '', 'nothing on stderr under --json');
  const report = JSON.parse(run.stdout) as CheckReport;
  assert.equal(run.code, report.failed === 0 ? 0 : 1);
  return report;
}

const failing = (report: CheckReport) => report.checks.filter((c) => c.required && !c.ok).map((c) => c.name);

// Every provider: each flaw is tried wherever its scheme has the property in question (a timestamp, several
// signatures, a signed body).
const PROVIDERS = [...PROVIDER_NAMES];

/** Providers whose representative event survives JSON.parse then JSON.stringify byte for byte (or is a form). */
const COMPACT = new Set<string>();
for (const name of PROVIDERS) {
  const provider = findProvider(name) as Provider;
  const event = await representativeEvent(provider);
  const signing = provider.keys?.devPrivateKey ?? provider.devSecret;
  const { body } = await signedEvent(provider, event, signing, seededContext(Date.now(), name));
  let survives = true;
  try {
    survives = JSON.stringify(JSON.parse(body.toString('utf8'))) === body.toString('utf8');
  } catch {}
  if (survives) COMPACT.add(name);
}

describe('hookctl check: each flaw is caught by the check named for it', () => {
  for (const name of PROVIDERS) {
    describe(name, () => {
      for (const flaw of Object.keys(CAUGHT_BY) as Flaw[]) {
        const provider = findProvider(name) as Provider;
        // Where the real layout is not compact JSON (Stripe's indentation, SendGrid's line per event), a
        // handler that verifies re-serialized JSON refuses every delivery: `valid` and the checks that need
        // a 2xx fail with `raw-body`.
        const caught =
          flaw === 're-serialized JSON' && !COMPACT.has(name)
            ? ['valid', 'raw-body', 'deadline', 'duplicate', 'rotation']
            : CAUGHT_BY[flaw];
        const expected = caught.filter(
          (check) =>
            (check !== 'stale' || provider.toleranceSeconds !== null) &&
            // GitLab's secret token (its development secret) signs nothing: no tampering, layout or age to catch.
            !(
              ['stale', 'tampered', 'raw-body'].includes(check) &&
              provider.proofWithoutBody?.(provider.devSecret) === true
            ) &&
            (check !== 'rotation' || provider.signatureList !== undefined) &&
            // Twilio signs the decoded fields, so a handler that re-encodes them still verifies.
            !(check === 'raw-body' && name === 'twilio'),
        );
        if (flaw !== 'careful' && flaw !== 'no verification' && expected.length === 0) continue;
        it(flaw, async (t) => {
          const report = await check(t, name, flaw);
          assert.deepEqual(failing(report), expected, JSON.stringify(report.checks, null, 1));
        });
      }
    });
  }
});

describe('hookctl check against a handler built on the stripe SDK', () => {
  it('passes every required check; the JSON names every check of the contract that applies', async (t) => {
    const stripe = new Stripe('sk_test_hookctl');
    const secret = 'whsec_check0secret0for0the0stripe0sdk000';
    const app = await startApp(t, (request) => {
      try {
        stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, secret);
        return { status: 200 };
      } catch {
        return { status: 400 };
      }
    });
    const store = await tempStore(t);
    const run = await runBin(
      ['check', 'stripe', '--to', app.url, '--path', '/webhooks', '--secret', secret, '--json'],
      { store },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as CheckReport;
    assert.deepEqual(
      report.checks.map((c) => c.name),
      [
        'valid',
        'raw-body',
        'unsigned',
        'wrong-secret',
        'tampered',
        'stale',
        'deadline',
        'duplicate',
        'rotation',
        'out-of-order',
        'method',
      ],
    );
    assert.equal(report.to, `${app.url}/webhooks`);
    assert.equal(report.event, 'payment_intent.succeeded');
    assert.deepEqual([report.passed, report.failed], [9, 0]);
    for (const key of ['name', 'required', 'ok', 'sent', 'status', 'durationMs', 'message']) {
      assert.ok(
        report.checks.every((c) => key in c),
        key,
      );
    }
    assert.ok(
      app.received.every((request) => request.url.startsWith('/webhooks')),
      'nothing sent elsewhere',
    );
  });

  it('a report card on a terminal, --only and --skip, exit 2 for an unknown check', async (t) => {
    const app = await startApp(t, () => ({ status: 200 }));
    const store = await tempStore(t);
    const run = await runHookctl(['check', 'github', '--to', app.url, '--only', 'valid,unsigned'], { store });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✓ valid/);
    assert.match(run.stdout, /✗ unsigned .*does not verify signatures/);
    assert.match(run.stdout, /fix: verify every request/);
    assert.match(run.stdout, /1\/2 required checks passed/);
    const skipped = await runHookctl(
      ['check', 'github', '--to', app.url, '--skip', 'unsigned,wrong-secret,tampered', '--json'],
      { store },
    );
    assert.deepEqual(
      (JSON.parse(skipped.stdout) as CheckReport).checks.map((c) => c.name),
      ['valid', 'raw-body', 'deadline', 'duplicate', 'out-of-order', 'method', 'oversize'],
      'GitHub is not timed and carries one signature: no stale, no rotation',
    );
    const junit = path.join(store, 'check.xml');
    const withJunit = await runHookctl(
      ['check', 'github', '--to', app.url, '--only', 'valid,unsigned', '--junit', junit],
      { store },
    );
    assert.equal(withJunit.code, 1);
    const xml = await readFile(junit, 'utf8');
    assert.match(xml, /<testcase name="valid" classname="hookctl check github" time="[\d.]+"\/>/);
    assert.match(
      xml,
      /<testcase name="unsigned"[^>]*>\s*<failure message="answered 200 to an event with no signature/,
    );
    const bad = await runHookctl(['check', 'github', '--to', app.url, '--only', 'vaild'], { store });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown check "vaild"/);
    const noTarget = await runHookctl(['check', 'github'], { store });
    assert.equal(noTarget.code, 2);
  });
});

describe('the forged deliveries', () => {
  it('a re-serialization trap keeps the value and changes the bytes JSON.stringify gives back', () => {
    const cases: Array<[string, string | null]> = [
      ['{"url":"https://x.test/a","name":"é"}', '{"url":"https:\\/\\/x.test\\/a","name":"\\u00e9"}'],
      ['{"a":1}', '{\n  "a": 1\n}'],
      ['text=hello+world&x=1', 'text=hello%20world&x=1'],
      ['text=hello&x=1', null],
      ['not json', null],
    ];
    for (const [input, output] of cases) {
      const media = input.includes('=') ? 'application/x-www-form-urlencoded' : 'application/json';
      const trap = reserializationTrap(Buffer.from(input), media);
      assert.equal(trap?.toString() ?? null, output, input);
      if (trap !== null && media === 'application/json') {
        assert.deepEqual(JSON.parse(trap.toString()), JSON.parse(input));
        assert.notEqual(JSON.stringify(JSON.parse(trap.toString())), trap.toString());
      }
    }
  });

  it('one byte changed inside a string keeps the JSON parseable', () => {
    const body = Buffer.from('{"id":"evt_1","type":"invoice.paid","amount":100,"paid":true}');
    const changed = tamperOneByte(body);
    assert.equal(changed.length, body.length);
    assert.equal([...changed].filter((byte, at) => byte !== body[at]).length, 1);
    assert.doesNotThrow(() => JSON.parse(changed.toString()));
  });

  it('another secret has the same shape and prefix', () => {
    assert.equal(anotherSecret('whsec_abc9Z='), 'whsec_bcd0A=');
    assert.equal(anotherSecret('pdl_ntfset_01ab'), 'pdl_ntfset_12bc');
    assert.notEqual(anotherSecret('s3cret'), 's3cret');
  });

  it('several signings become one header in the given order', () => {
    const a: HeaderPair[] = [
      ['Stripe-Signature', 't=1,v1=aa'],
      ['X', 'same'],
    ];
    const b: HeaderPair[] = [
      ['Stripe-Signature', 't=1,v1=bb'],
      ['X', 'same'],
    ];
    assert.equal(headerValue(combineSignatures([a, b], ','), 'stripe-signature'), 't=1,v1=aa,v1=bb');
    assert.equal(headerValue(combineSignatures([b, a], ','), 'stripe-signature'), 't=1,v1=bb,v1=aa');
    const c: HeaderPair[] = [['webhook-signature', 'v1,AA']];
    const d: HeaderPair[] = [['webhook-signature', 'v1,BB']];
    assert.equal(headerValue(combineSignatures([c, d], ' '), 'webhook-signature'), 'v1,AA v1,BB');
  });
});
