import assert from 'node:assert/strict';
import { parse as parseQuery } from 'node:querystring';
import { describe, it } from 'node:test';
import twilioSdk from 'twilio';
import { type AppRequest, startApp } from './helpers/app.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { runBin } from './helpers/run.ts';
import { type Scope, tempStore } from './helpers/scope.ts';

// End to end through bin/hookctl.js: an app that checks X-Twilio-Signature with the twilio SDK, as Twilio's
// docs show it, against the public URL the test chose (the tunnel's), behind trigger, listen and replay.

const TOKEN = '9a8f0c2e4b6d1f3a5c7e9b0d2f4a6c8e';
const PUBLIC = 'https://example.trycloudflare.com/sms';
const ONE_BY_ONE = { concurrency: false };

interface Verdict {
  event: string | undefined;
  valid: boolean;
}

/** The app: express.urlencoded()'s parse of the body, then validateRequest for `urlOf(request)`. */
async function twilioApp(t: Scope, urlOf: (request: AppRequest) => string = () => PUBLIC) {
  const verdicts: Verdict[] = [];
  const app = await startApp(t, (request) => {
    const params = parseQuery(request.body.toString()) as Record<string, string>;
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    const valid = twilioSdk.validateRequest(TOKEN, signature, urlOf(request), params);
    verdicts.push({ event: params.MessageStatus ?? params.CallStatus, valid });
    return valid
      ? { status: 200, headers: ['Content-Type', 'text/xml'], body: '<Response/>' }
      : { status: 403, headers: ['Content-Type', 'text/plain'], body: 'Twilio Request Validation Failed.' };
  });
  return { app, verdicts };
}

const trigger = (event: string, to: string, store: string, ...more: string[]) =>
  runBin(['trigger', 'twilio', event, '--to', to, '--secret', TOKEN, ...more], { store });

describe('twilio end to end', ONE_BY_ONE, () => {
  it('trigger --public-url: the app checking the public URL accepts, one checking what it sees refuses', async (t) => {
    const store = await tempStore(t);
    const { app, verdicts } = await twilioApp(t);
    const sent = await trigger('message.status.delivered', `${app.url}/sms`, store, '--public-url', PUBLIC);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.deepEqual(verdicts, [{ event: 'delivered', valid: true }]);

    const { app: naive, verdicts: refused } = await twilioApp(t, (r) => `http://${r.headers.host}${r.url}`);
    const again = await trigger('call.status.completed', `${naive.url}/sms`, store, '--public-url', PUBLIC);
    assert.equal(again.code, 1, 'a 403 is a failed delivery');
    assert.deepEqual(refused, [{ event: 'completed', valid: false }]);
  });

  it('through listen: the app behind it accepts; verify names the URL the signature matches', async (t) => {
    const store = await tempStore(t);
    const { app, verdicts } = await twilioApp(t);
    const listener = await startListen(t, [app.url], { store });
    const sent = await trigger(
      'message.status.delivered',
      `${listener.url}/sms`,
      store,
      '--public-url',
      PUBLIC,
    );
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    assert.deepEqual(verdicts, [{ event: 'delivered', valid: true }]);
    const line = await listener.next();
    assert.equal(line.provider, 'twilio');
    assert.equal(line.event, 'message.status.delivered');
    const id = line.id as string;

    const verify = (...more: string[]) => runBin(['verify', id, '--secret', TOKEN, ...more], { store });
    const right = await verify('--public-url', PUBLIC);
    assert.equal(right.code, 0, right.stdout + right.stderr);
    assert.match(right.stdout, /valid Twilio signature/);

    const http = await verify('--public-url', 'http://example.trycloudflare.com/sms', '--json');
    assert.equal(http.code, 1);
    const verdict = JSON.parse(http.stdout);
    assert.equal(verdict.reason, 'url-mismatch');
    assert.match(
      verdict.message,
      /^The signature matches https:\/\/example\.trycloudflare\.com\/sms, not http:/,
    );
    assert.equal(verdict.message.split(/(?<=[.:;])\s+(?=[A-Z])/).length <= 2, true, verdict.message);

    // Checked against the URL it arrived at (listen's own), which is not the URL that was signed.
    const arrival = await verify('--json');
    assert.equal(arrival.code, 1);
    assert.match(JSON.parse(arrival.stdout).message, /--public-url/);
  });

  it('verify <id> alone: a proxy that kept the Host but not the scheme is explained as url-mismatch', async (t) => {
    const store = await tempStore(t);
    const listener = await startListen(t, [], { store });
    const printed = await runBin(
      [
        'trigger',
        'twilio',
        'message.incoming',
        '--print',
        '--json',
        '--secret',
        TOKEN,
        '--public-url',
        PUBLIC,
      ],
      { store },
    );
    const request = JSON.parse(printed.stdout) as { headers: Record<string, string>; body: string };
    const headers = Object.entries(request.headers)
      .filter(([name]) => name !== 'Host' && name !== 'Content-Length')
      .flat();
    // What cloudflared delivers to the origin: the public Host, and here no X-Forwarded-Proto.
    await send(`${listener.url}/sms`, {
      headers: [...headers, 'Host', 'example.trycloudflare.com'],
      body: request.body,
    });
    const line = await listener.next();
    assert.equal(line.event, 'message.incoming');
    const verdict = await runBin(['verify', line.id as string, '--secret', TOKEN], { store });
    assert.equal(verdict.code, 1);
    assert.match(
      verdict.stdout,
      /invalid Twilio signature on \S+: The signature matches https:\/\/example\.trycloudflare\.com\/sms, not http:\/\/example\.trycloudflare\.com\/sms \(https, not http\)/,
    );
    assert.match(verdict.stdout, /reason: url-mismatch/);
  });

  it('replay --resign --public-url signs the public base plus the captured path', async (t) => {
    const store = await tempStore(t);
    const listener = await startListen(t, [], { store });
    const sent = await trigger('call.status.ringing', `${listener.url}/sms`, store);
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const id = (await listener.next()).id as string;
    const { app, verdicts } = await twilioApp(t);

    const plain = await runBin(['replay', id, '--to', app.url, '--json'], { store });
    assert.equal(plain.code, 1, 'signed for listen’s URL, not the public one');
    const resigned = await runBin(
      [
        'replay',
        id,
        '--to',
        app.url,
        '--resign',
        '--secret',
        TOKEN,
        '--public-url',
        'https://example.trycloudflare.com',
      ],
      { store },
    );
    assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
    assert.deepEqual(verdicts, [
      { event: 'ringing', valid: false },
      { event: 'ringing', valid: true },
    ]);
  });
});
