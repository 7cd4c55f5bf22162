import assert from 'node:assert/strict';
import { timingSafeEqual } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { HeaderPair } from '../src/http/headers.ts';
import { gitlab } from '../src/providers/gitlab/index.ts';
import { type AppRequest, startApp } from './helpers/app.ts';
import { seededContext } from './helpers/context.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { type Scope, tempStore } from './helpers/scope.ts';

// End to end through bin/hookctl.js: trigger, listen forwarding and replay --resign reach an app that
// checks GitLab deliveries as GitLab's docs tell receivers to: X-Gitlab-Token against its secret token,
// or, when it has a signing token, the signature with the `standardwebhooks` SDK.

const TOKEN = 'glwt-cli-3e8a41d07b';
const SIGNING = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;

interface Verdict {
  proof: 'token' | 'signature' | 'both' | 'none';
  ok: boolean;
  hook: string;
}

/** Checks every proof the delivery carries: the token if it has one, the signature if it has one. */
function judge(request: AppRequest): Verdict {
  const hook = String(request.headers['x-gitlab-event'] ?? '');
  const token = request.headers['x-gitlab-token'];
  const signed = typeof request.headers['webhook-signature'] === 'string';
  const checks: boolean[] = [];
  if (typeof token === 'string') {
    const got = Buffer.from(token);
    const want = Buffer.from(TOKEN);
    checks.push(got.length === want.length && timingSafeEqual(got, want));
  }
  if (signed) {
    try {
      new Webhook(SIGNING).verify(request.body.toString('utf8'), request.headers as Record<string, string>);
      checks.push(true);
    } catch {
      checks.push(false);
    }
  }
  const proof = typeof token === 'string' ? (signed ? 'both' : 'token') : signed ? 'signature' : 'none';
  return { proof, ok: checks.length > 0 && checks.every(Boolean), hook };
}

/** The developer's app: 200 for a delivery it can prove came from GitLab, 401 otherwise. */
async function gitlabApp(scope: Scope) {
  const verdicts: Verdict[] = [];
  const app = await startApp(scope, (request) => {
    const verdict = judge(request);
    verdicts.push(verdict);
    return { status: verdict.ok ? 200 : 401, body: verdict.ok ? '{"ok":true}' : '{"error":"unauthorized"}' };
  });
  return { app, verdicts };
}

describe('gitlab end to end through the CLI', () => {
  const otherSigning = `whsec_${Buffer.alloc(32, 6).toString('base64')}`;
  for (const [mode, secret, wrong, proof] of [
    ['secret token', TOKEN, `${TOKEN}x`, 'token'],
    ['signing token', SIGNING, otherSigning, 'signature'],
    ['secret token and signing token', `${TOKEN} ${SIGNING}`, `${TOKEN} ${otherSigning}`, 'both'],
  ] as const) {
    it(`trigger with a ${mode} is accepted, and refused with another`, async (t) => {
      const store = await tempStore(t);
      const { app, verdicts } = await gitlabApp(t);
      const ok = await runBin(
        ['trigger', 'gitlab', 'merge_request.merge', '--to', app.url, '--secret', secret, '--json'],
        { store },
      );
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      const result = JSON.parse(ok.stdout);
      assert.equal(result.provider, 'gitlab');
      assert.equal(result.event, 'merge_request.merge');
      assert.equal(result.status, 200);
      assert.deepEqual(verdicts, [{ proof, ok: true, hook: 'Merge Request Hook' }]);
      const refused = await runBin(
        ['trigger', 'gitlab', 'merge_request.merge', '--to', app.url, '--secret', wrong],
        { store },
      );
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.deepEqual(verdicts.at(-1), { proof, ok: false, hook: 'Merge Request Hook' });
    });
  }

  it('listen forwards a signed delivery the app accepts; verify says a token checks no bytes', async (t) => {
    const store = await tempStore(t);
    const { app, verdicts } = await gitlabApp(t);
    const listener = await startListen(t, [app.url], { store });
    const sent = await runBin(['trigger', 'gitlab', 'pipeline', '--to', listener.url, '--secret', SIGNING], {
      store,
    });
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'gitlab');
    assert.equal(line.event, 'pipeline');
    assert.deepEqual(verdicts, [{ proof: 'signature', ok: true, hook: 'Pipeline Hook' }]);
    const valid = await runBin(['verify', line.id as string, '--secret', SIGNING, '--json'], { store });
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    assert.deepEqual(JSON.parse(valid.stdout), { id: line.id, provider: 'gitlab', valid: true });

    const byToken = await runBin(['trigger', 'gitlab', 'push', '--to', listener.url, '--secret', TOKEN], {
      store,
    });
    assert.equal(byToken.code, 0, byToken.stdout + byToken.stderr);
    const pushed = await listener.next();
    assert.equal(pushed.event, 'push');
    const human = await runBin(['verify', pushed.id as string, '--secret', TOKEN], { store });
    assert.equal(human.code, 0, human.stdout + human.stderr);
    assert.match(human.stdout, /valid GitLab signature/);
    assert.match(human.stdout, /GitLab signs nothing with a secret token.*a changed body passes as well/);
  });

  it('replay --resign makes an hour-old signed capture pass again; a plain replay is refused', async (t) => {
    const store = await tempStore(t);
    const { app, verdicts } = await gitlabApp(t);
    const listener = await startListen(t, [], { store });
    const hourAgo = seededContext(Date.now() - 3_600_000, 'gitlab-old');
    const payload = await gitlab.payload('release.create', hourAgo);
    assert.ok(payload);
    const request = gitlab.encode('release.create', payload, hourAgo);
    const headers = gitlab.sign(request, SIGNING, hourAgo);
    await send(listener.url, { headers: headers.flatMap((pair: HeaderPair) => pair), body: request.body });
    const { id } = await listener.next();

    const plain = await runBin(['replay', id as string, '--to', app.url, '--json'], { store });
    assert.equal(plain.code, 1, plain.stdout + plain.stderr);
    assert.equal(JSON.parse(plain.stdout).status, 401);
    const stale = await runHookctl(['verify', id as string, '--secret', SIGNING, '--json'], { store });
    assert.equal(JSON.parse(stale.stdout).reason, 'stale-timestamp');

    const resigned = await runBin(
      ['replay', id as string, '--to', app.url, '--resign', '--secret', SIGNING, '--json'],
      {
        store,
      },
    );
    assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
    assert.deepEqual(verdicts, [
      { proof: 'signature', ok: false, hook: 'Release Hook' },
      { proof: 'signature', ok: true, hook: 'Release Hook' },
    ]);
  });
});
