import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { EventName, Paddle } from '@paddle/paddle-node-sdk';
import { type HeaderPair, headerValue, setHeaders } from '../src/http/headers.ts';
import { paddle } from '../src/providers/paddle/index.ts';
import type { JsonObject } from '../src/providers/parse.ts';
import { startApp } from './helpers/app.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { runBin } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';
import { placeholders, typeCheck } from './helpers/type-oracle.ts';

const SECRET = 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_6h3qd3uFSi9YCD3OLYAShQI90XTI5vEI';
const WRONG = 'pdl_ntfset_01gkpjp8bkm3tm53kdgkx6sms7_0000000000000000000000000000000';
const sdk = new Paddle('pdl_sdbx_apikey_01gtgztp8fcvh9pbbw6ynrqczl_hookctl0test0key0000000_AAA');

const signature = (headers: readonly HeaderPair[]) => headerValue(headers, 'paddle-signature') ?? '';
const accepts = (body: Buffer, headers: readonly HeaderPair[], secret = SECRET) =>
  sdk.webhooks.isSignatureValid(body.toString('utf8'), secret, signature(headers));
const fresh = (event: string, nowMs = Date.now()) =>
  signedEvent(paddle, event, SECRET, seededContext(nowMs, event));

describe('paddle signing', () => {
  it('signs ts:body with the secret as text, as the docs describe', () => {
    const body = Buffer.from('{"event_id":"evt_01"}');
    const headers = paddle.sign({ headers: [], body }, SECRET, seededContext(1_671_552_777_000, 'kat'));
    const expected = createHmac('sha256', SECRET).update(`1671552777:${body}`).digest('hex');
    assert.equal(signature(headers), `ts=1671552777;h1=${expected}`);
  });
});

describe('paddle catalogue against @paddle/paddle-node-sdk', async () => {
  const fixtures = await paddle.fixtures();
  const names = Object.values(EventName) as string[];

  it('has every EventName of the SDK, and nothing else', () => {
    assert.deepEqual(fixtures.map((f) => f.event).sort(), [...names].sort());
    assert.equal(fixtures.length, 56);
  });

  it('every fixture: the SDK accepts it, and refuses it with a byte changed, another secret, or 6 s late', async () => {
    for (const { event } of fixtures) {
      const { body, headers } = await fresh(event);
      assert.equal(await accepts(body, headers), true, event);
      const changed = Buffer.from(body);
      changed.writeUInt8(changed.readUInt8(changed.length - 2) ^ 1, changed.length - 2);
      assert.equal(await accepts(changed, headers), false, `${event}: byte changed`);
      assert.equal(await accepts(body, headers, WRONG), false, `${event}: wrong secret`);
      const stale = await fresh(event, Date.now() - 6000);
      assert.equal(await accepts(stale.body, stale.headers), false, `${event}: stale`);
      assert.equal(
        paddle.verify({ headers: stale.headers, body: stale.body }, SECRET, Date.now()).valid,
        false,
      );
      assert.deepEqual(paddle.verify({ headers, body }, SECRET, Date.now()), { valid: true }, event);
    }
  });

  it('every fixture unmarshals into its own event class, keeping the data it was sent', async () => {
    for (const { event } of fixtures) {
      const { body, headers, payload } = await fresh(event);
      const parsed = await sdk.webhooks.unmarshal(body.toString('utf8'), SECRET, signature(headers));
      assert.equal(parsed.eventType, event);
      assert.notEqual(parsed.constructor.name, 'GenericEvent', event);
      assert.equal(parsed.eventId, payload.event_id);
      assert.equal(parsed.notificationId, payload.notification_id);
      assert.equal((parsed.data as { id?: string }).id, (payload.data as JsonObject).id, event);
    }
  });

  it("every fixture type-checks as the SDK's IEvents member for its event_type", async () => {
    const keys = Object.fromEntries(Object.entries(EventName).map(([key, value]) => [value, key]));
    const values = [];
    for (const { event } of fixtures) {
      const payload = (await paddle.payload(event, seededContext(0, event))) as JsonObject;
      const { event_type: _type, ...rest } = payload;
      const json = JSON.stringify(rest);
      values.push({
        label: event,
        type: `Extract<IEvents, { event_type: EventName.${keys[event]} }>`,
        initializer: `{ ...${json}, event_type: EventName.${keys[event]} }`,
      });
    }
    const imports = ["import { EventName, type IEvents } from '@paddle/paddle-node-sdk';"];
    assert.deepEqual(typeCheck('paddle', imports, values), {});
  });

  it('ids are Paddle ids, one seller throughout, no placeholders, states match the names', async () => {
    const customers = new Set<string>();
    for (const { event } of fixtures) {
      const payload = (await paddle.payload(event, seededContext(0, event))) as JsonObject;
      const data = payload.data as JsonObject;
      assert.match(String(payload.event_id), /^evt_[a-z\d]{26}$/);
      assert.match(String(payload.notification_id), /^ntf_[a-z\d]{26}$/);
      assert.match(String(data.id), /^[a-z]+_[a-z\d]{26}$/, event);
      if (typeof data.customer_id === 'string') customers.add(data.customer_id);
      assert.deepEqual(placeholders(payload), [], event);
      const action = event.slice(event.lastIndexOf('.') + 1);
      // A status-named action carries that status (the SDK's status unions name them), with its timestamp.
      if (
        [
          'completed',
          'paid',
          'billed',
          'canceled',
          'past_due',
          'paused',
          'trialing',
          'revoked',
          'expired',
        ].includes(action)
      ) {
        assert.equal(data.status, action, `${event} status`);
      }
      if (event === 'subscription.canceled') assert.ok(data.canceled_at, 'canceled_at');
      if (event === 'subscription.paused') assert.ok(data.paused_at, 'paused_at');
      if (event === 'transaction.billed') assert.ok(data.billed_at, 'billed_at');
      if (event === 'client_token.revoked') assert.ok(data.revoked_at, 'revoked_at');
      if (event.endsWith('.imported')) assert.ok(data.import_meta, 'import_meta');
      if (['subscription.activated', 'subscription.resumed', 'subscription.created'].includes(event)) {
        assert.equal(data.status, 'active', event);
      }
    }
    assert.equal(customers.size, 1, 'one customer across the catalogue');
  });
});

describe('paddle detect and verify explain', () => {
  const now = 1_700_000_000_000;
  const signed = () => signedEvent(paddle, 'transaction.completed', SECRET, seededContext(now, 'explain'));

  it('detects by Paddle-Signature and names the event_type', async () => {
    const { headers, body } = await signed();
    assert.deepEqual(paddle.detect({ headers, body }), {
      provider: 'paddle',
      event: 'transaction.completed',
    });
    assert.equal(paddle.detect({ headers: [['Content-Type', 'application/json']], body }), null);
  });

  it('explains each failure', async () => {
    const { headers, body } = await signed();
    const reason = (h: readonly HeaderPair[], b = body, secret = SECRET, at = now) => {
      const verdict = paddle.verify({ headers: h, body: b }, secret, at);
      return verdict.valid ? 'valid' : verdict.reason;
    };
    const [, h1] = signature(headers).split(';h1=');
    assert.equal(reason(headers), 'valid');
    assert.equal(reason(headers, body, SECRET, now + 4000), 'valid');
    assert.equal(reason(headers, body, SECRET, now - 600_000), 'valid', 'a future ts passes, as in the SDK');
    assert.equal(reason([]), 'missing-header');
    assert.equal(
      reason(setHeaders(headers, [['Paddle-Signature', `ts=1700000000; h1=${h1}`]])),
      'malformed-header',
    );
    assert.equal(reason(headers, body, SECRET, now + 6000), 'stale-timestamp');
    assert.equal(
      reason(headers, Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))),
      'body-changed',
    );
    assert.equal(reason(headers, body, `${SECRET}\n`), 'secret-whitespace');
    assert.equal(reason(headers, body, WRONG), 'wrong-secret');
    assert.equal(
      reason(setHeaders(headers, [['Paddle-Signature', `ts=1700000000;h1=${h1?.toUpperCase()}`]])),
      'encoding-mixup',
    );
  });

  it('with several h1= (a rotation) judges the last one, as the SDK does, and says so', async () => {
    const { headers, body } = await fresh('transaction.completed');
    const [ts, h1] = signature(headers).slice(3).split(';h1=');
    const other = createHmac('sha256', WRONG).update(`${ts}:${body}`).digest('hex');
    const rightLast = setHeaders(headers, [['Paddle-Signature', `ts=${ts};h1=${other};h1=${h1}`]]);
    const rightFirst = setHeaders(headers, [['Paddle-Signature', `ts=${ts};h1=${h1};h1=${other}`]]);
    const at = Number(ts) * 1000 + 1000;
    // The SDK keeps the last h1: the right signature first is refused.
    assert.equal(await accepts(body, rightLast), true);
    assert.equal(await accepts(body, rightFirst), false);
    assert.deepEqual(paddle.verify({ headers: rightLast, body }, SECRET, at), { valid: true });
    const verdict = paddle.verify({ headers: rightFirst, body }, SECRET, at);
    assert.equal(verdict.valid, false);
    assert.match(verdict.valid ? '' : verdict.message, /checks only the last/);
  });
});

describe('paddle end to end through the CLI', () => {
  /** An app that verifies with the SDK, as a Paddle integration does. */
  const sdkApp = (t: Parameters<typeof startApp>[0]) =>
    startApp(t, async (request) => {
      try {
        const event = await sdk.webhooks.unmarshal(
          request.body.toString('utf8'),
          SECRET,
          String(request.headers['paddle-signature']),
        );
        return { body: JSON.stringify({ event: event.eventType }) };
      } catch {
        return { status: 400, body: '{"error":"signature"}' };
      }
    });

  it('trigger reaches an app verifying with the SDK; listen forwards it; replay --resign signs again', async (t) => {
    const store = await tempStore(t);
    const app = await sdkApp(t);
    const env = { PADDLE_WEBHOOK_SECRET: SECRET };
    const direct = await runBin(['trigger', 'paddle', 'subscription.canceled', '--to', app.url, '--json'], {
      store,
      env,
    });
    assert.equal(direct.code, 0, direct.stdout + direct.stderr);
    assert.equal(JSON.parse(direct.stdout).status, 200);

    const listener = await startListen(t, [app.url], { store });
    const through = await runBin(
      ['trigger', 'paddle', 'transaction.completed', '--to', listener.url, '--json'],
      { store, env },
    );
    assert.equal(through.code, 0, through.stdout + through.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'paddle');
    assert.equal(line.event, 'transaction.completed');
    assert.equal((line.forward as { status: number }).status, 200);

    // A capture signed 10 s ago: the SDK refuses it as it is, and accepts it signed again.
    const old = await signedEvent(
      paddle,
      'transaction.paid',
      SECRET,
      seededContext(Date.now() - 10_000, 'old'),
    );
    const flat = old.headers.flat();
    await send(`${listener.url}/paddle`, { headers: flat, body: old.body.toString() });
    const captured = await listener.next();
    const plain = await runBin(['replay', captured.id as string, '--to', app.url, '--json'], { store });
    assert.equal(JSON.parse(plain.stdout).status, 400);
    const resigned = await runBin(['replay', captured.id as string, '--to', app.url, '--resign', '--json'], {
      store,
      env,
    });
    assert.equal(resigned.code, 0, resigned.stdout + resigned.stderr);
    assert.equal(JSON.parse(resigned.stdout).status, 200);
  });
});
