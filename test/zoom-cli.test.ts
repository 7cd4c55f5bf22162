import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zoom } from '../src/providers/zoom/index.ts';
import { type AppRequest, startApp } from './helpers/app.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { type Scope, tempStore } from './helpers/scope.ts';
import { zoomDocsAccepts, zoomDocsValidation } from './helpers/zoom-oracle.ts';

// hookctl and Zoom end to end: trigger, listen (forwarding and the endpoint check in capture-only mode)
// and replay --resign, against an app written the way Zoom's docs and webhook sample write one.

const SECRET = 'qWsV3mxNRRWzUyT7cYQ9Ig';

/**
 * Zoom's sample handler (https://github.com/zoom/webhook-sample-node.js), on the raw body: answers the
 * endpoint check, refuses what its documented signature check refuses, and records what it accepts.
 */
async function startZoomApp(scope: Scope, secret = SECRET) {
  const accepted: string[] = [];
  const app = await startApp(scope, (request: AppRequest) => {
    if (!zoomDocsAccepts(request.headers, request.body, secret)) return { status: 401, body: 'unauthorized' };
    const body = JSON.parse(request.body.toString('utf8')) as {
      event: string;
      payload: { plainToken?: string };
    };
    accepted.push(body.event);
    if (body.event === 'endpoint.url_validation')
      return { body: JSON.stringify(zoomDocsValidation(String(body.payload.plainToken), secret)) };
    return { status: 204, body: '' };
  });
  return { ...app, accepted };
}

describe('zoom through the CLI', () => {
  it('trigger reaches an app that checks as Zoom documents; another secret is refused', async (t) => {
    const store = await tempStore(t);
    const app = await startZoomApp(t);
    for (const event of [
      'meeting.ended',
      'recording.completed',
      'phone.callee_missed',
      'team_chat.channel_message_posted',
    ]) {
      const ok = await runBin(['trigger', 'zoom', event, '--to', app.url, '--secret', SECRET, '--json'], {
        store,
      });
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.equal(JSON.parse(ok.stdout).event, event);
    }
    assert.deepEqual(app.accepted, [
      'meeting.ended',
      'recording.completed',
      'phone.callee_missed',
      'team_chat.channel_message_posted',
    ]);
    const wrong = await runHookctl(
      ['trigger', 'zoom', 'meeting.ended', '--to', app.url, '--secret', 'other'],
      { store },
    );
    assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
    assert.equal(app.accepted.length, 4);
    // $ZOOM_WEBHOOK_SECRET_TOKEN is the secret when --secret is not given.
    const fromEnv = await runHookctl(['trigger', 'zoom', 'webinar.started', '--to', app.url], {
      store,
      env: { ZOOM_WEBHOOK_SECRET_TOKEN: SECRET },
    });
    assert.equal(fromEnv.code, 0, fromEnv.stdout + fromEnv.stderr);
    assert.equal(app.accepted.at(-1), 'webinar.started');
  });

  it('capture-only listen answers a signed endpoint.url_validation with the secret it resolved', async (t) => {
    const store = await tempStore(t);
    const listener = await startListen(t, ['--verify', 'zoom', '--secret', SECRET], { store });
    const check = await signedEvent(
      zoom,
      'endpoint.url_validation',
      SECRET,
      seededContext(Date.now(), 'crc'),
    );
    const headers = check.headers.flat();
    const answer = await send(`${listener.url}/zoom/webhooks`, { headers, body: check.body });
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    const plainToken = String((check.payload.payload as { plainToken: string }).plainToken);
    assert.deepEqual(JSON.parse(answer.body.toString('utf8')), zoomDocsValidation(plainToken, SECRET));
    const line = await listener.next();
    assert.equal(line.provider, 'zoom');
    assert.equal(line.event, 'endpoint.url_validation');
    assert.equal(line.signature, 'valid');

    // A check signed with another secret is not answered with a token (Zoom would then fail the URL).
    const forged = await signedEvent(
      zoom,
      'endpoint.url_validation',
      'other',
      seededContext(Date.now(), 'x'),
    );
    const refused = await send(`${listener.url}/zoom/webhooks`, {
      headers: forged.headers.flat(),
      body: forged.body,
    });
    assert.doesNotMatch(refused.body.toString('utf8'), /encryptedToken/);
    assert.equal((await listener.next()).signature, 'invalid');
  });

  it('capture-only listen without --secret answers with $ZOOM_WEBHOOK_SECRET_TOKEN', async (t) => {
    const store = await tempStore(t);
    const listener = await startListen(t, [], { store, env: { ZOOM_WEBHOOK_SECRET_TOKEN: SECRET } });
    const check = await signedEvent(
      zoom,
      'endpoint.url_validation',
      SECRET,
      seededContext(Date.now(), 'env'),
    );
    const answer = await send(listener.url, {
      headers: check.headers.flat(),
      body: check.body,
    });
    const plainToken = String((check.payload.payload as { plainToken: string }).plainToken);
    assert.deepEqual(JSON.parse(answer.body.toString('utf8')), zoomDocsValidation(plainToken, SECRET));
  });

  it('listen forwards the exact bytes, so the app verifies; replay --resign fixes a capture signed with another secret', async (t) => {
    const store = await tempStore(t);
    const app = await startZoomApp(t);
    const listener = await startListen(t, [app.url], { store });
    const forwarded = await runHookctl(
      ['trigger', 'zoom', 'meeting.participant_joined', '--to', listener.url, '--secret', SECRET],
      { store },
    );
    assert.equal(forwarded.code, 0, forwarded.stdout + forwarded.stderr);
    assert.deepEqual(app.accepted, ['meeting.participant_joined']);
    const first = await listener.next();
    assert.equal(first.provider, 'zoom');
    assert.equal(first.event, 'meeting.participant_joined');

    // Signed with the development secret (no --secret): the app refuses it, and so does a plain replay.
    await runHookctl(['trigger', 'zoom', 'recording.completed', '--to', listener.url], { store });
    const capture = await listener.next();
    assert.deepEqual(app.accepted, ['meeting.participant_joined']);
    const id = capture.id as string;
    const plain = await runBin(['replay', id, '--to', app.url, '--json'], { store });
    assert.equal(plain.code, 1, plain.stdout + plain.stderr);
    const verdict = await runBin(['verify', id, '--secret', SECRET, '--json'], { store });
    assert.equal(JSON.parse(verdict.stdout).reason, 'wrong-secret');
    const resigned = await runBin(['replay', id, '--to', app.url, '--resign', '--secret', SECRET, '--json'], {
      store,
    });
    assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
    assert.deepEqual(app.accepted, ['meeting.participant_joined', 'recording.completed']);
  });
});
