import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAttempts } from '../src/core/send/deliveries.ts';
import { type HeaderPair, setHeaders } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { explainSuite } from './helpers/sw-explain.ts';
import { oracles } from './helpers/sw-oracles.ts';
import { endToEndSuite, oracleSuite, SECRETS, sender } from './helpers/sw-suite.ts';

const openai = sender('openai');

oracleSuite('openai');
explainSuite('openai', 'response.completed');
endToEndSuite('openai', 'response.completed');

const HOUR = 3_600_000;

describe("openai: openai-node's reading of the scheme", () => {
  it('a secret without whsec_ is used as its UTF-8 bytes, by the SDK and by hookctl', async () => {
    const raw = 'my-openai-project-secret';
    const signed = await signedEvent(openai, 'batch.completed', raw, seededContext(Date.now(), 'raw'));
    assert.equal(await oracles.openai(signed, raw), true);
    assert.equal(openai.verify(signed, raw, Date.now()).valid, true);
    // The standardwebhooks reading (base64) of the same string is another key.
    assert.equal(await oracles.svix(signed, raw), false);
  });

  it('a whsec_ secret given without its prefix is explained: the SDK then uses the UTF-8 bytes', async () => {
    const signed = await signedEvent(
      openai,
      'batch.completed',
      SECRETS.openai,
      seededContext(Date.now(), 'p'),
    );
    const stripped = SECRETS.openai.slice('whsec_'.length);
    assert.equal(await oracles.openai(signed, stripped), false);
    const verdict = openai.verify(signed, stripped, Date.now());
    assert.equal(verdict.valid, false);
    if (!verdict.valid) {
      assert.equal(verdict.reason, 'encoding-mixup');
      assert.match(verdict.message, /lacks its `whsec_` prefix/);
    }
  });

  it('a bare base64 signature (no v1,) passes, as openai-node strips the prefix only where present', async () => {
    const signed = await signedEvent(
      openai,
      'response.failed',
      SECRETS.openai,
      seededContext(Date.now(), 'b'),
    );
    const value = signed.headers.find(([name]) => name === 'webhook-signature')?.[1] ?? '';
    const bare = { ...signed, headers: setHeaders(signed.headers, [['webhook-signature', value.slice(3)]]) };
    assert.equal(await oracles.openai(bare, SECRETS.openai), true);
    assert.equal(openai.verify(bare, SECRETS.openai, Date.now()).valid, true);
    assert.equal(await oracles.svix(bare, SECRETS.openai), false, 'standardwebhooks wants v1,');
  });

  it('refuses svix-* names, as the SDK does, and says why', async () => {
    const signed = await signedEvent(
      openai,
      'response.completed',
      SECRETS.openai,
      seededContext(Date.now(), 's'),
    );
    const renamed = signed.headers.map(
      ([name, value]): HeaderPair => [name.replace(/^webhook-/i, 'svix-'), value],
    );
    const request = { headers: renamed, body: signed.body };
    assert.equal(await oracles.openai(request, SECRETS.openai), false);
    const verdict = openai.verify(request, SECRETS.openai, Date.now());
    assert.ok(
      !verdict.valid && verdict.reason === 'missing-header' && /reads only webhook-\*/.test(verdict.message),
    );
  });

  it('is detected by its user agent, or without it by its event shape', async () => {
    for (const { event } of await openai.fixtures()) {
      const signed = await signedEvent(openai, event, SECRETS.openai, seededContext(Date.now(), event));
      assert.deepEqual(detectProvider(signed), { provider: 'openai', event });
      const headers = signed.headers.filter(([name]) => name.toLowerCase() !== 'user-agent');
      assert.deepEqual(detectProvider({ headers, body: signed.body }), { provider: 'openai', event });
    }
  });

  it('a fresh evt_ id each time, a wh_ delivery id, the layout OpenAI sends', async () => {
    const now = Date.now();
    const a = await openai.payload('response.completed', seededContext(now, 'a'));
    const b = await openai.payload('response.completed', seededContext(now, 'b'));
    assert.notEqual(a?.id, b?.id);
    assert.match(String(a?.id), /^evt_[0-9a-f]{32}$/);
    assert.equal(a?.created_at, Math.floor(now / 1000));
    const { headers, body } = openai.encode('response.completed', a ?? {}, seededContext(now, 'a'));
    assert.match(
      body.toString(),
      /^\{"object":"event","id":"evt_[0-9a-f]{32}","type":"response\.completed",/,
    );
    assert.match(headers.find(([name]) => name === 'webhook-id')?.[1] ?? '', /^wh_[0-9a-f]{32}$/);
  });

  it('retries with backoff within 72 hours, labelled approximate', () => {
    const plan = planAttempts(openai.delivery, { retry: true, timeScale: 1 });
    const total = plan.reduce((sum, attempt) => sum + attempt.delayMs, 0);
    assert.ok(total <= 72 * HOUR && total > 48 * HOUR, `${total / HOUR} h`);
    assert.equal(openai.delivery.approximate, true);
  });
});
