import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeaderPair } from '../src/http/headers.ts';
import { detectProvider } from '../src/providers/registry.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { explainSuite } from './helpers/sw-explain.ts';
import { endToEndSuite, oracleSuite, SECRETS, sender } from './helpers/sw-suite.ts';

const resend = sender('resend');

oracleSuite('resend');
explainSuite('resend', 'email.bounced');
endToEndSuite('resend', 'email.delivered');

describe('resend: detection on arrival', () => {
  it('every fixture is detected as Resend with its own event name', async () => {
    for (const { event } of await resend.fixtures()) {
      const signed = await signedEvent(resend, event, SECRETS.resend, seededContext(Date.now(), event));
      assert.deepEqual(detectProvider(signed), { provider: 'resend', event });
    }
  });

  it("another Svix customer's event with the same headers stays with standard-webhooks", async () => {
    const signed = await signedEvent(resend, 'email.sent', SECRETS.resend, seededContext(Date.now(), 's'));
    const body = Buffer.from(
      '{"type":"invoice.paid","created_at":"2023-11-14T22:13:20.126Z","data":{"id":"in_1"}}',
    );
    assert.equal(detectProvider({ headers: signed.headers, body })?.provider, 'standard-webhooks');
  });

  it('without the Svix user agent a Resend-shaped body is not claimed (the rule needs both)', async () => {
    const signed = await signedEvent(resend, 'email.sent', SECRETS.resend, seededContext(Date.now(), 's'));
    const headers = signed.headers.filter(([name]) => name.toLowerCase() !== 'user-agent') as HeaderPair[];
    assert.equal(detectProvider({ headers, body: signed.body })?.provider, 'standard-webhooks');
  });

  it('a fresh email id each time, the event time now, the layout Resend sends', async () => {
    const now = Date.now();
    const a = await resend.payload('email.sent', seededContext(now, 'a'));
    const b = await resend.payload('email.sent', seededContext(now, 'b'));
    const emailId = (payload: typeof a) =>
      (payload?.data as { email_id: string } | undefined)?.email_id ?? '';
    assert.notEqual(emailId(a), emailId(b));
    assert.match(emailId(a), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(a?.created_at, new Date(now).toISOString());
    const { body } = resend.encode('email.sent', a ?? {}, seededContext(now, 'a'));
    assert.match(body.toString(), /^\{"type":"email\.sent","created_at":"[^"]+","data":\{/);
  });
});
