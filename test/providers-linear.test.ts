import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { LinearWebhookClient } from '@linear/sdk/webhooks';
import { type HeaderPair, headerValue, setHeaders } from '../src/http/headers.ts';
import { linear } from '../src/providers/linear/index.ts';
import type { JsonObject } from '../src/providers/parse.ts';
import { startApp } from './helpers/app.ts';
import { seededContext, signedEvent } from './helpers/context.ts';
import { send } from './helpers/http.ts';
import { startListen } from './helpers/listen.ts';
import { runBin } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';
import { placeholders, typeCheck } from './helpers/type-oracle.ts';

const SECRET = 'lin_wh_4f1c2b7e9d3a8c6f0e5b1d7a2c9e4f8b3d6a0c5e';
const WRONG = 'lin_wh_0000000000000000000000000000000000000000';
const client = new LinearWebhookClient(SECRET);

const signature = (headers: readonly HeaderPair[]) => headerValue(headers, 'linear-signature') ?? '';
const accepts = (body: Buffer, headers: readonly HeaderPair[], secret = SECRET) => {
  try {
    return new LinearWebhookClient(secret).verify(body, signature(headers));
  } catch {
    return false;
  }
};
// Entity types Linear sends that the SDK's event map leaves out: typed by their GraphQL `data` type.
const UNMAPPED = ['ProjectLabel', 'Release', 'ReleaseNote'];
const sdkType = (type: string) =>
  UNMAPPED.includes(type)
    ? `EntityWebhookPayloadWithUnknownEntityData & { type: '${type}'; data: LinearDocument.${type}WebhookPayload }`
    : `LinearWebhookEventTypeMap['${type}']`;
const fresh = (event: string, nowMs = Date.now()) =>
  signedEvent(linear, event, SECRET, seededContext(nowMs, event));

describe('linear catalogue against @linear/sdk', async () => {
  const fixtures = await linear.fixtures();

  it('covers every event type of LinearWebhookEventType, and the entity types outside it', () => {
    const types = new Set(fixtures.map((f) => f.event.split('.')[0]));
    assert.equal(types.size, 20 + UNMAPPED.length);
    assert.equal(fixtures.length, 65);
    const notifications = fixtures.filter((f) => f.event.startsWith('AppUserNotification.'));
    assert.equal(notifications.length, 8);
  });

  it('every fixture: the SDK accepts it, and refuses it with a byte changed, another secret, or 61 s late', async () => {
    for (const { event } of fixtures) {
      const { body, headers } = await fresh(event);
      assert.equal(accepts(body, headers), true, event);
      const changed = Buffer.from(body);
      changed.writeUInt8(changed.readUInt8(changed.length - 2) ^ 1, changed.length - 2);
      assert.equal(accepts(changed, headers), false, `${event}: byte changed`);
      assert.equal(accepts(body, headers, WRONG), false, `${event}: wrong secret`);
      const stale = await fresh(event, Date.now() - 61_000);
      assert.equal(accepts(stale.body, stale.headers), false, `${event}: stale`);
      const parsed = client.parseData(body, signature(headers));
      assert.equal(`${parsed.type}.${parsed.action}`, event);
      assert.deepEqual(linear.verify({ headers, body }, SECRET, Date.now()), { valid: true });
    }
  });

  it("every fixture type-checks as the SDK's LinearWebhookEventTypeMap entry for its type", async () => {
    const values = [];
    for (const { event } of fixtures) {
      const payload = (await linear.payload(event, seededContext(0, event))) as JsonObject;
      values.push({
        label: event,
        type: sdkType(event.split('.')[0] ?? ''),
        initializer: JSON.stringify(payload),
      });
    }
    const imports = [
      "import type { EntityWebhookPayloadWithUnknownEntityData, LinearWebhookEventTypeMap } from '@linear/sdk/webhooks';",
      "import type { LinearDocument } from '@linear/sdk';",
    ];
    // The SDK types the DateTime scalar as Date (what its GraphQL client builds); a webhook carries ISO strings.
    const patches: Array<[string, RegExp, string]> = [
      ['/@linear/sdk/dist/index-D2pH4Pk9.d.mts', /\n {2}DateTime: Date;/, '\n  DateTime: string;'],
    ];
    assert.deepEqual(typeCheck('linear', imports, values, patches), {});
  });

  it('one organization and team, UUID ids, no placeholders, update events carry earlier values', async () => {
    const orgs = new Set<unknown>();
    const teams = new Set<string>();
    for (const { event } of fixtures) {
      const payload = (await linear.payload(event, seededContext(0, event))) as JsonObject;
      orgs.add(payload.organizationId);
      assert.deepEqual(placeholders(payload), [], event);
      const data = (payload.data ?? {}) as JsonObject;
      if (typeof data.id === 'string')
        assert.match(data.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (typeof data.teamId === 'string') teams.add(data.teamId);
      if (event.endsWith('.update')) {
        const from = payload.updatedFrom as JsonObject;
        assert.ok(Object.keys(from).length > 1, `${event} updatedFrom`);
        for (const [key, value] of Object.entries(from))
          assert.notDeepEqual(value, data[key], `${event}.${key}`);
      }
      if (event.endsWith('.remove')) assert.ok(data.archivedAt, `${event} archivedAt`);
    }
    assert.equal(orgs.size, 1);
    assert.equal(teams.size, 1);
  });
});

describe('linear detect and verify explain', () => {
  const now = 1_700_000_000_000;
  const signed = () => signedEvent(linear, 'Issue.update', SECRET, seededContext(now, 'explain'));

  it('detects by its headers and names the event Type.action', async () => {
    const { headers, body } = await signed();
    assert.deepEqual(linear.detect({ headers, body }), { provider: 'linear', event: 'Issue.update' });
    assert.equal(headerValue(headers, 'linear-event'), 'Issue');
    assert.equal(headerValue(headers, 'user-agent'), 'Linear-Webhook');
    assert.match(headerValue(headers, 'linear-delivery') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(linear.detect({ headers: [['Content-Type', 'application/json']], body }), null);
  });

  it('explains each failure, the body timestamp included', async () => {
    const { headers, body } = await signed();
    const reason = (h: readonly HeaderPair[], b = body, secret = SECRET, at = now) => {
      const verdict = linear.verify({ headers: h, body: b }, secret, at);
      return verdict.valid ? 'valid' : verdict.reason;
    };
    const resign = (b: Buffer) => linear.sign({ headers, body: b }, SECRET, seededContext(now, 'x'));
    assert.equal(reason(headers), 'valid');
    assert.equal(reason([]), 'missing-header');
    assert.equal(reason(headers, body, SECRET, now + 61_000), 'stale-timestamp');
    assert.match(
      (linear.verify({ headers, body }, SECRET, now + 61_000) as { message: string }).message,
      /inside the signed body/,
    );
    assert.equal(reason(headers, body, SECRET, now - 61_000), 'future-timestamp');
    assert.equal(
      reason(headers, Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))),
      'body-changed',
    );
    assert.equal(reason(headers, body, ` ${SECRET}`), 'secret-whitespace');
    assert.equal(reason(headers, body, WRONG), 'wrong-secret');
    const upper = setHeaders(headers, [['Linear-Signature', signature(headers).toUpperCase()]]);
    assert.equal(reason(upper), 'encoding-mixup');
    const seconds = Buffer.from(
      body.toString().replace(/"webhookTimestamp":\d+/, '"webhookTimestamp":1700000000'),
    );
    assert.equal(reason(resign(seconds), seconds), 'malformed-header');
    const none = Buffer.from(body.toString().replace(/,"webhookTimestamp":\d+/, ''));
    assert.equal(reason(resign(none), none), 'missing-header');
    assert.equal(createHmac('sha256', SECRET).update(body).digest('hex'), signature(headers));
  });
});

describe('linear end to end through the CLI', () => {
  it('trigger reaches an app verifying with the SDK; listen forwards it; replay --resign keeps the body timestamp', async (t) => {
    const store = await tempStore(t);
    const app = await startApp(t, (request) => {
      try {
        const parsed = client.parseData(request.body, String(request.headers['linear-signature']));
        return { body: JSON.stringify({ type: parsed.type }) };
      } catch {
        return { status: 400, body: '{"error":"invalid"}' };
      }
    });
    const env = { LINEAR_WEBHOOK_SECRET: SECRET };
    const direct = await runBin(['trigger', 'linear', 'Issue.create', '--to', app.url, '--json'], {
      store,
      env,
    });
    assert.equal(direct.code, 0, direct.stdout + direct.stderr);
    assert.equal(JSON.parse(direct.stdout).status, 200);

    const listener = await startListen(t, [app.url], { store });
    const through = await runBin(['trigger', 'linear', 'Comment.create', '--to', listener.url, '--json'], {
      store,
      env,
    });
    assert.equal(through.code, 0, through.stdout + through.stderr);
    const line = await listener.next();
    assert.equal(line.provider, 'linear');
    assert.equal(line.event, 'Comment.create');
    assert.equal((line.forward as { status: number }).status, 200);

    // Signed with another secret 2 minutes ago: a resign fixes the secret, but the body's timestamp stays old.
    const old = await signedEvent(linear, 'Issue.update', WRONG, seededContext(Date.now() - 120_000, 'old'));
    await send(`${listener.url}/linear`, {
      headers: old.headers.flat(),
      body: old.body.toString(),
    });
    const captured = await listener.next();
    const resigned = await runBin(['replay', captured.id as string, '--to', app.url, '--resign', '--json'], {
      store,
      env,
    });
    assert.equal(JSON.parse(resigned.stdout).status, 400, 'the SDK still refuses the old webhookTimestamp');
    const verdict = await runBin(['verify', captured.id as string, '--json'], { store, env });
    assert.equal(JSON.parse(verdict.stdout).reason, 'wrong-secret');
  });
});
