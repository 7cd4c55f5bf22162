// Run with: node --test examples/node-test/
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { check, receive, signatureHeaders, trigger } from 'hookctl';
import { notifyOrderShipped, startApp } from '../app.mjs';

const SECRET = 'whsec_example0secret0for0the0tests00000';

describe('the Stripe webhook handler', () => {
  let app;
  before(async () => {
    app = await startApp(SECRET);
  });
  after(() => app.close());

  it('takes a signed invoice.paid once, however often it is delivered', async () => {
    const summary = await trigger('stripe', 'invoice.paid', {
      to: `${app.url}/webhooks`,
      secret: SECRET,
      repeat: 3,
      set: { 'data.object.amount_paid': 4200 },
    });
    assert.deepEqual(summary.attempts.map((attempt) => attempt.status), [200, 200, 200]);
    assert.equal(app.events.filter((event) => event.type === 'invoice.paid').length, 1);
    assert.equal(app.events.at(-1).data.object.amount_paid, 4200);
  });

  it('passes every required check of hookctl check', async () => {
    const report = await check('stripe', { to: `${app.url}/webhooks`, secret: SECRET });
    assert.equal(report.failed, 0, JSON.stringify(report.checks.filter((c) => !c.ok)));
  });

  it('refuses a body signed with another secret', async () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid' });
    const headers = signatureHeaders('stripe', body, { secret: 'whsec_not0the0right0one0000000000000000' });
    const answer = await fetch(`${app.url}/webhooks`, { method: 'POST', headers, body });
    assert.equal(answer.status, 400);
  });
});

describe('an app that sends webhooks', () => {
  it('posts order.shipped to the URL it is given', async () => {
    const hooks = await receive();
    try {
      await notifyOrderShipped(`${hooks.url}/hooks`, { id: 'ord_1' });
      const capture = await hooks.next({ path: '/hooks' });
      assert.equal(JSON.parse(capture.body.toString()).order.id, 'ord_1');
    } finally {
      await hooks.close();
    }
  });
});
