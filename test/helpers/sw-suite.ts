// What every Standard Webhooks sender's test file checks, the sender's own SDK as the oracle: every fixture
// accepted as signed, refused with one body byte changed, with another secret and with a stale timestamp;
// `verify` judging as the SDK does; each explain reason; and the CLI end to end (trigger, listen
// forwarding, replay --resign) against a stand-in app verifying with that SDK.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type HeaderPair, headerValue } from '../../src/http/headers.ts';
import { findProvider } from '../../src/providers/registry.ts';
import type { Provider } from '../../src/providers/types.ts';
import { seededContext, signedEvent } from './context.ts';
import { send } from './http.ts';
import { startListen } from './listen.ts';
import { runBin, runHookctl } from './run.ts';
import { suiteScope, tempStore } from './scope.ts';
import { type SenderApp, startSenderApp } from './sw-app.ts';
import { type Oracle, oracles } from './sw-oracles.ts';

export type SenderName = keyof typeof oracles;

export const SECRETS: Record<SenderName, string> = {
  svix: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
  resend: `whsec_${Buffer.alloc(32, 2).toString('base64')}`,
  clerk: `whsec_${Buffer.alloc(32, 3).toString('base64')}`,
  openai: `whsec_${Buffer.alloc(32, 4).toString('base64')}`,
};
export const WRONG = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

export function sender(name: SenderName): Provider {
  const provider = findProvider(name);
  if (provider === null) throw new Error(`${name} is not registered`);
  return provider;
}

/** The body with one byte changed (the last character of the first string value). */
export function oneByteChanged(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  const at = copy.indexOf('":"') + 3;
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}

/** Every fixture through the SDK, and `verify` agreeing with it. */
export function oracleSuite(name: SenderName): void {
  const provider = sender(name);
  const oracle: Oracle = oracles[name];
  const secret = SECRETS[name];
  describe(`${name}: its own SDK is the oracle for every fixture`, () => {
    const each = async (check: (event: string) => Promise<string | null>) => {
      const problems: string[] = [];
      const fixtures = await provider.fixtures();
      assert.ok(fixtures.length > 0);
      for (const { event } of fixtures) {
        const problem = await check(event);
        if (problem !== null) problems.push(`${event}: ${problem}`);
      }
      assert.deepEqual(problems, []);
    };
    const signed = (event: string, nowMs = Date.now(), key = secret) =>
      signedEvent(provider, event, key, seededContext(nowMs, `${name}:${event}`));

    it('accepts each fixture as signed, and verify agrees', () =>
      each(async (event) => {
        const request = await signed(event);
        if (!(await oracle(request, secret))) return 'the SDK refused it';
        const verdict = provider.verify(request, secret, Date.now());
        return verdict.valid ? null : `verify says ${verdict.reason}`;
      }));
    it('refuses each fixture with one body byte changed, and verify agrees', () =>
      each(async (event) => {
        const request = await signed(event);
        const changed = { ...request, body: oneByteChanged(request.body) };
        if (changed.body.equals(request.body)) return 'no byte changed';
        if (await oracle(changed, secret)) return 'the SDK accepted a changed body';
        return provider.verify(changed, secret, Date.now()).valid ? 'verify accepted a changed body' : null;
      }));
    it('refuses each fixture signed with another secret, and verify says wrong-secret', () =>
      each(async (event) => {
        const request = await signed(event, Date.now(), WRONG);
        if (await oracle(request, secret)) return 'the SDK accepted another secret';
        const verdict = provider.verify(request, secret, Date.now());
        return verdict.valid || verdict.reason !== 'wrong-secret'
          ? `verify says ${JSON.stringify(verdict)}`
          : null;
      }));
    it('refuses each fixture signed 301 s ago, and verify says stale-timestamp', () =>
      each(async (event) => {
        const request = await signed(event, Date.now() - 301_000);
        if (await oracle(request, secret)) return 'the SDK accepted a stale timestamp';
        const verdict = provider.verify(request, secret, Date.now());
        return verdict.valid || verdict.reason !== 'stale-timestamp'
          ? `verify says ${JSON.stringify(verdict)}`
          : null;
      }));
    // Timestamps are whole seconds and the SDK reads its own clock a little later: a margin of a few
    // seconds either side of the 300 s window keeps the test off the rounding edge.
    it('accepts a fixture signed 298 s ago or 298 s ahead, refuses 303 s ahead (±300 s), as verify does', async () => {
      const [first] = await provider.fixtures();
      const event = first?.event ?? '';
      for (const [offset, expected] of [
        [-298_000, true],
        [298_000, true],
        [303_000, false],
      ] as const) {
        const request = await signed(event, Date.now() + offset);
        assert.equal(await oracle(request, secret), expected, `SDK at ${offset} ms`);
        assert.equal(provider.verify(request, secret, Date.now()).valid, expected, `verify at ${offset} ms`);
      }
    });
  });
}

/** The CLI end to end through bin/hookctl.js: trigger, listen forwarding and replay --resign. */
export function endToEndSuite(name: SenderName, event: string): void {
  describe(`${name}: end to end through the CLI against an app verifying with its SDK`, {
    concurrency: false,
  }, () => {
    const suite = suiteScope();
    const s = {} as { store: string; app: SenderApp };
    before(async () => {
      s.store = await tempStore(suite);
      s.app = await startSenderApp(suite, SECRETS);
    });
    const to = () => `${s.app.url}/${name}`;

    it(`hookctl trigger ${name} ${event} is accepted, and refused under another secret`, async () => {
      const before = s.app.received.length;
      const ok = await runBin(['trigger', name, event, '--to', to(), '--secret', SECRETS[name], '--json'], {
        store: s.store,
      });
      assert.equal(ok.code, 0, ok.stderr + ok.stdout);
      assert.equal(JSON.parse(ok.stdout).provider, name);
      assert.deepEqual(s.app.received.slice(before), [{ provider: name, event }]);
      const wrong = await runBin(['trigger', name, event, '--to', to(), '--secret', WRONG], {
        store: s.store,
      });
      assert.notEqual(wrong.code, 0);
      assert.equal(s.app.received.length, before + 1);
    });

    it('the development secret works without setup, from its variable too', async () => {
      const provider = sender(name);
      const printed = await runHookctl(['trigger', name, event, '--print', '--json'], { store: s.store });
      assert.equal(printed.code, 0, printed.stderr);
      const request = JSON.parse(printed.stdout) as { headers: Record<string, string>; body: string };
      const headers = Object.entries(request.headers) as HeaderPair[];
      assert.ok(await oracles[name]({ headers, body: Buffer.from(request.body) }, provider.devSecret));
      const env = { [provider.secretEnv]: SECRETS[name] };
      const fromEnv = await runHookctl(['trigger', name, event, '--to', to()], { store: s.store, env });
      assert.equal(fromEnv.code, 0, fromEnv.stderr + fromEnv.stdout);
    });

    it('listen forwards it to the app, detected as the sender, and --verify marks it valid', async (t) => {
      const listener = await startListen(t, [to(), '--verify', name, '--secret', SECRETS[name]], {
        store: s.store,
      });
      const before = s.app.received.length;
      const sent = await runHookctl(
        ['trigger', name, event, '--to', listener.url, '--secret', SECRETS[name]],
        {
          store: s.store,
        },
      );
      assert.equal(sent.code, 0, sent.stderr + sent.stdout);
      const line = await listener.next();
      assert.equal(line.provider, name);
      assert.equal(line.event, event);
      assert.equal(line.signature, 'valid');
      assert.deepEqual(s.app.received.slice(before), [{ provider: name, event }]);
    });

    it('replay --resign makes a capture signed 10 minutes ago verify again; verify says stale first', async (t) => {
      const provider = sender(name);
      const listener = await startListen(t, [], { store: s.store });
      const old = await signedEvent(
        provider,
        event,
        SECRETS[name],
        seededContext(Date.now() - 600_000, 'old'),
      );
      const headers = old.headers.flat();
      await send(`${listener.url}/${name}`, { headers, body: old.body });
      const id = (await listener.next()).id as string;
      // replay sends to the target plus the capture's own path (`/<name>`).
      const plain = await runBin(['replay', id, '--to', s.app.url, '--json'], { store: s.store });
      assert.equal(plain.code, 1);
      const verdict = await runBin(['verify', id, '--secret', SECRETS[name], '--json'], { store: s.store });
      assert.equal(JSON.parse(verdict.stdout).reason, 'stale-timestamp');
      const before = s.app.received.length;
      const resigned = await runBin(
        ['replay', id, '--to', s.app.url, '--resign', '--secret', SECRETS[name], '--json'],
        {
          store: s.store,
        },
      );
      assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
      assert.deepEqual(s.app.received.slice(before), [{ provider: name, event }]);
      assert.equal(headerValue(old.headers, 'content-type'), 'application/json');
    });
  });
}
