import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signature } from '@hubspot/api-client';
import { WebhooksHelper } from 'square';
import { type AppRequest, startApp } from './helpers/app.ts';
import { startListen } from './helpers/listen.ts';
import { runBin, runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

// Square and HubSpot sign the URL they call, so an app behind a tunnel checks the public URL: end to end
// through the CLI, to a stand-in app verifying with each provider's own SDK against the URL it is given.
const SQUARE_KEY = 'Qm8tLx2Vd4Rk9Zp1Hs6Wn3';
const HUBSPOT_SECRET = '6a1f0e7c-3b2d-4c8e-9f4a-1d2c3b4a5e6f';
const header = (request: AppRequest, name: string) => String(request.headers[name] ?? '');

/** The app's verdict on one request, as its SDK judges it against `url`. */
async function sdkVerdict(request: AppRequest, url: string): Promise<boolean> {
  if (request.headers['x-square-hmacsha256-signature'] !== undefined) {
    return WebhooksHelper.verifySignature({
      requestBody: request.body.toString('utf8'),
      signatureHeader: header(request, 'x-square-hmacsha256-signature'),
      signatureKey: SQUARE_KEY,
      notificationUrl: url,
    });
  }
  try {
    return Signature.isValid({
      signatureVersion: 'v3',
      method: request.method,
      signature: header(request, 'x-hubspot-signature-v3'),
      clientSecret: HUBSPOT_SECRET,
      requestBody: request.body.toString('utf8'),
      url,
      timestamp: Number(header(request, 'x-hubspot-request-timestamp')),
    });
  } catch {
    return false;
  }
}

for (const [provider, event, secret] of [
  ['square', 'payment.updated', SQUARE_KEY],
  ['hubspot', 'deal.propertyChange', HUBSPOT_SECRET],
] as const) {
  describe(`${provider} through the CLI`, () => {
    it('trigger --public-url, listen forwarding, replay --resign --public-url, verify explaining a URL mismatch', async (t) => {
      const store = await tempStore(t);
      const publicBase = `https://quiet-cat-ladder.trycloudflare.com`;
      let expectedUrl = '';
      const app = await startApp(t, async (request) => ({
        status: (await sdkVerdict(request, expectedUrl)) ? 200 : 401,
      }));
      const publicUrl = `${publicBase}/${provider}/webhooks`;

      expectedUrl = publicUrl;
      const direct = await runHookctl(
        [
          'trigger',
          provider,
          event,
          '--to',
          `${app.url}/${provider}/webhooks`,
          '--public-url',
          publicUrl,
          '--secret',
          secret,
        ],
        { store },
      );
      assert.equal(direct.code, 0, direct.stdout + direct.stderr);
      const unsigned = await runHookctl(
        ['trigger', provider, event, '--to', `${app.url}/${provider}/webhooks`, '--secret', secret],
        { store },
      );
      assert.equal(unsigned.code, 1, 'signed for the local URL, the app checking the public one refuses it');

      const listener = await startListen(t, [app.url], { store });
      const forwarded = await runHookctl(
        [
          'trigger',
          provider,
          event,
          '--to',
          `${listener.url}/${provider}/webhooks`,
          '--public-url',
          publicUrl,
          '--secret',
          secret,
        ],
        { store },
      );
      assert.equal(forwarded.code, 0, forwarded.stdout + forwarded.stderr);
      const line = await listener.next();
      assert.equal(line.provider, provider);
      assert.equal(line.event, event);

      const otherBase = 'https://brave-owl-river.trycloudflare.com';
      expectedUrl = `${otherBase}/${provider}/webhooks`;
      const replayed = await runBin(
        [
          'replay',
          String(line.id),
          '--to',
          app.url,
          '--resign',
          '--public-url',
          otherBase,
          '--secret',
          secret,
          '--json',
        ],
        { store },
      );
      assert.equal(replayed.code, 0, replayed.stdout + replayed.stderr);

      // Sent straight to listen, signed for the URL it arrived at: checked against a public URL, it is the URL.
      const local = await runHookctl(
        ['trigger', provider, event, '--to', `${listener.url}/${provider}/webhooks`, '--secret', secret],
        { store },
      );
      assert.notEqual(local.code, 2, local.stderr);
      const localLine = await listener.next();
      const verdict = await runBin(
        ['verify', String(localLine.id), '--secret', secret, '--public-url', publicUrl, '--json'],
        { store },
      );
      const result = JSON.parse(verdict.stdout);
      assert.equal(result.reason, 'url-mismatch', verdict.stdout);
      assert.match(result.message, /127\.0\.0\.1/);
      const valid = await runBin(['verify', String(localLine.id), '--secret', secret, '--json'], { store });
      assert.equal(JSON.parse(valid.stdout).valid, true, valid.stdout);
    });
  });
}
