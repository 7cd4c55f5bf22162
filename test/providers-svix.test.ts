import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderPair } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { explainSuite } from './helpers/sw-explain.ts';
import { oracles } from './helpers/sw-oracles.ts';
import { endToEndSuite, oracleSuite, SECRETS, sender } from './helpers/sw-suite.ts';

const svix = sender('svix');

oracleSuite('svix');
explainSuite('svix', 'message.attempt.exhausted');
endToEndSuite('svix', 'endpoint.disabled');

describe("svix: known answer from Svix's docs (https://docs.svix.com/receiving/verifying-payloads/how-manual)", () => {
  it('signs the docs message under svix-* names as the SDK expects', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = Buffer.from('{"test": 2432232314}');
    const context = { now: () => 1_614_265_330_000, randomBytes: (size: number) => Buffer.alloc(size) };
    const headers = svix.sign(
      { headers: [['svix-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek']], body },
      secret,
      context,
    );
    assert.deepEqual(headers, [
      ['svix-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['svix-timestamp', '1614265330'],
      ['svix-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ]);
  });
});

describe("svix: Svix's SDK reads svix-* first, then webhook-*, header by header", () => {
  it('verifies webhook-* names as the SDK does, and a capture re-signed keeps its names', async () => {
    const signed = await signedEvent(svix, 'endpoint.created', SECRETS.svix, seededContext(Date.now(), 'w'));
    const renamed = signed.headers.map(
      ([name, value]): HeaderPair => [name.replace(/^svix-/i, 'webhook-'), value],
    );
    const request = { headers: renamed, body: signed.body };
    assert.equal(await oracles.svix(request, SECRETS.svix), true);
    assert.equal(svix.verify(request, SECRETS.svix, Date.now()).valid, true);
    const resigned = svix.sign(request, SECRETS.svix, seededContext(Date.now(), 'r'));
    assert.ok(resigned.every(([name]) => !name.toLowerCase().startsWith('svix-')));
    assert.equal(await oracles.svix({ headers: resigned, body: signed.body }, SECRETS.svix), true);
  });

  it('every operational event is detected as Svix; a customer event with svix-* headers is not', async () => {
    for (const { event } of await svix.fixtures()) {
      const signed = await signedEvent(svix, event, SECRETS.svix, seededContext(Date.now(), event));
      assert.deepEqual(detectProvider(signed), { provider: 'svix', event });
    }
    const signed = await signedEvent(svix, 'endpoint.created', SECRETS.svix, seededContext(Date.now(), 'c'));
    const body = Buffer.from(
      '{"type":"endpoint.created","data":{"id":"ep_1"},"timestamp":"2023-11-14T22:13:20Z"}',
    );
    assert.equal(detectProvider({ headers: signed.headers, body })?.provider, 'standard-webhooks');
  });
});
