import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../src/core/store/index.ts';
import { findProvider } from '../src/providers/registry.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';
import { captureMeta } from './helpers/store.ts';

// `verify` judges a capture as of its arrival, then says when it would fail now: what to do about that
// depends on where the provider keeps the timestamp it checks.

const TEN_MINUTES_AGO = Date.now() - 10 * 60_000;

async function storeSigned(dir: string, name: string, event: string): Promise<void> {
  const provider = findProvider(name);
  assert.ok(provider);
  const context = seededContext(TEN_MINUTES_AGO, name);
  const { headers, body } = await signedEvent(provider, event, provider.devSecret, context);
  const store = await openStore({ dir });
  const pending = await store.begin(
    captureMeta({
      receivedAt: new Date(TEN_MINUTES_AGO).toISOString(),
      headers,
      provider: name,
      event,
      size: body.length,
    }),
    body,
  );
  await pending.finish(null);
}

describe('verify of a capture that would be refused now', () => {
  it('advises --resign where the timestamp is a header (Stripe)', async (t) => {
    const store = await tempStore(t);
    await storeSigned(store, 'stripe', 'invoice.paid');
    const run = await runHookctl(['verify', 'last'], { store });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /rejects signatures older than 5 minutes, so replay it with --resign/);
  });

  it('says --resign cannot help where the timestamp is in the signed body (Linear)', async (t) => {
    const store = await tempStore(t);
    await storeSigned(store, 'linear', 'Issue.create');
    const run = await runHookctl(['verify', 'last'], { store });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /in the signed body, which --resign cannot refresh: send a fresh one with `hookctl trigger linear`/,
    );
    assert.doesNotMatch(run.stdout, /so replay it with --resign/);
  });
});
