import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderPair } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { explainSuite } from './helpers/sw-explain.ts';
import { oracles } from './helpers/sw-oracles.ts';
import { endToEndSuite, oracleSuite, SECRETS, sender } from './helpers/sw-suite.ts';

const clerk = sender('clerk');
const toWebhook = (headers: readonly HeaderPair[]) =>
  headers.map(([name, value]): HeaderPair => [name.replace(/^svix-/i, 'webhook-'), value]);

oracleSuite('clerk');
explainSuite('clerk', 'user.created');
endToEndSuite('clerk', 'user.created');

describe('clerk: svix-* headers only, as @clerk/backend reads them', () => {
  it('signs with svix-* names and a msg_ id', async () => {
    const { headers } = await signedEvent(
      clerk,
      'user.created',
      SECRETS.clerk,
      seededContext(Date.now(), 'c'),
    );
    const names = headers.map(([name]) => name.toLowerCase());
    assert.ok(['svix-id', 'svix-timestamp', 'svix-signature'].every((name) => names.includes(name)));
    assert.ok(!names.some((name) => name.startsWith('webhook-')));
    assert.match(headers.find(([name]) => name === 'svix-id')?.[1] ?? '', /^msg_[0-9A-Za-z]{27}$/);
  });

  it('refuses the same request under webhook-* names, as verifyWebhook does, and says why', async () => {
    const signed = await signedEvent(clerk, 'user.created', SECRETS.clerk, seededContext(Date.now(), 'c'));
    const renamed = { ...signed, headers: toWebhook(signed.headers) };
    assert.equal(await oracles.clerk(renamed, SECRETS.clerk), false);
    assert.equal(await oracles.svix(renamed, SECRETS.clerk), true, 'the svix SDK takes webhook-* names');
    const verdict = clerk.verify(renamed, SECRETS.clerk, Date.now());
    assert.equal(verdict.valid, false);
    if (!verdict.valid) {
      assert.equal(verdict.reason, 'missing-header');
      assert.match(
        verdict.message,
        /svix-id is missing but webhook-id is there: Clerk's SDK reads only svix-\*/,
      );
    }
    // Not Clerk's on arrival either: Clerk never sends webhook-* names.
    assert.equal(detectProvider(renamed)?.provider, 'standard-webhooks');
  });

  it('is told apart on arrival by its instance_id, whatever the event', async () => {
    for (const { event } of await clerk.fixtures()) {
      const signed = await signedEvent(clerk, event, SECRETS.clerk, seededContext(Date.now(), event));
      assert.deepEqual(detectProvider(signed), { provider: 'clerk', event });
    }
  });

  it('a new resource on *.created, the same user on user.updated, times moved to now', async () => {
    const now = Date.now();
    const created = await clerk.payload('user.created', seededContext(now, 'a'));
    const again = await clerk.payload('user.created', seededContext(now, 'b'));
    const updated = await clerk.payload('user.updated', seededContext(now, 'a'));
    const id = (payload: typeof created) => (payload?.data as { id: string } | undefined)?.id;
    assert.notEqual(id(created), id(again));
    assert.equal(id(updated), 'user_2XgM9o0VJbE6rJqkXh3aUx5dNyT');
    assert.equal(created?.timestamp, now);
  });
});
