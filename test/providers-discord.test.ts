import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyKey } from 'discord-interactions';
import { type HeaderPair, headerValue, setHeaders } from '../src/http/headers.ts';
import { discord, discordEvent, discordSignature, sdkHex } from '../src/providers/discord/index.ts';
import { detectProvider } from '../src/providers/registry.ts';
import type { FailureReason, InboundRequest } from '../src/providers/types.ts';
import { seededContext, signedEvent } from './helpers/context.ts';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const DEV_PRIVATE = discord.keys?.devPrivateKey ?? '';
const DEV_PUBLIC = discord.devSecret;

function newKeyPair(): { privatePem: string; publicKey: string } {
  const privatePem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return { privatePem, publicKey: discord.keys?.publicKey(privatePem) ?? '' };
}
const OTHER = newKeyPair();

/** discord-interactions 4.4's own check, over the raw bytes as its middleware passes them. */
function sdkAccepts({ headers, body }: InboundRequest, publicKey: string): Promise<boolean> {
  return verifyKey(
    body,
    headerValue(headers, 'x-signature-ed25519') ?? '',
    headerValue(headers, 'x-signature-timestamp') ?? '',
    publicKey,
  );
}

const signed = (event: string, key = DEV_PRIVATE, now = NOW) =>
  signedEvent(discord, event, key, seededContext(now, `discord:${event}`));

const flipByte = (body: Buffer) => {
  const copy = Buffer.from(body);
  copy[10] = (copy[10] ?? 0) ^ 0x01;
  return copy;
};

describe('discord signing', () => {
  it('known answer: RFC 8032 test 2 (message 0x72), split as timestamp "r" and an empty body', () => {
    const seed = Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex');
    // PKCS#8 of an Ed25519 seed: the fixed 16-byte prefix, then the 32 bytes.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.equal(
      discord.keys?.publicKey(pem),
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    );
    assert.equal(
      discordSignature(key, 'r', Buffer.alloc(0)),
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
        '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
  });

  it('the development public key is the one of the development private key, 64 lowercase hex', () => {
    assert.match(DEV_PUBLIC, /^[0-9a-f]{64}$/);
    assert.equal(discord.keys?.publicKey(DEV_PRIVATE), DEV_PUBLIC);
  });

  it('sets X-Signature-Ed25519 (128 hex) and X-Signature-Timestamp (unix seconds), replacing old ones', async () => {
    const { headers } = await signed('APPLICATION_COMMAND');
    assert.match(headerValue(headers, 'x-signature-ed25519') ?? '', /^[0-9a-f]{128}$/);
    assert.equal(headerValue(headers, 'x-signature-timestamp'), String(NOW / 1000));
    const again = discord.sign(
      { headers, body: Buffer.from('{}') },
      DEV_PRIVATE,
      seededContext(NOW + 60_000, 'x'),
    );
    assert.equal(again.filter(([name]) => /^x-signature-ed25519$/i.test(name)).length, 1);
    assert.equal(headerValue(again, 'x-signature-timestamp'), String(NOW / 1000 + 60));
  });
});

describe('discord-interactions is the oracle for every fixture', async () => {
  const fixtures = await discord.fixtures();

  it("has the 5 interaction types and the 10 webhook event types, in Discord's names", () => {
    assert.deepEqual(
      fixtures.map((fixture) => fixture.event),
      [
        'PING',
        'APPLICATION_COMMAND',
        'MESSAGE_COMPONENT',
        'APPLICATION_COMMAND_AUTOCOMPLETE',
        'MODAL_SUBMIT',
        'APPLICATION_AUTHORIZED',
        'APPLICATION_DEAUTHORIZED',
        'ENTITLEMENT_CREATE',
        'QUEST_USER_ENROLLMENT',
        'LOBBY_MESSAGE_CREATE',
        'LOBBY_MESSAGE_UPDATE',
        'LOBBY_MESSAGE_DELETE',
        'GAME_DIRECT_MESSAGE_CREATE',
        'GAME_DIRECT_MESSAGE_UPDATE',
        'GAME_DIRECT_MESSAGE_DELETE',
      ],
    );
  });

  for (const { event } of fixtures) {
    it(`${event}: accepted as signed; refused with a byte changed, with another key; detected by name`, async () => {
      const request = await signed(event);
      assert.equal(await sdkAccepts(request, DEV_PUBLIC), true, 'the SDK refuses the signed request');
      assert.deepEqual(discord.verify(request, DEV_PUBLIC, NOW), { valid: true });
      const tampered = { ...request, body: flipByte(request.body) };
      assert.equal(await sdkAccepts(tampered, DEV_PUBLIC), false, 'the SDK accepts a changed body');
      assert.equal(discord.verify(tampered, DEV_PUBLIC, NOW).valid, false);
      assert.equal(await sdkAccepts(request, OTHER.publicKey), false, 'the SDK accepts another key');
      assert.equal(discord.verify(request, OTHER.publicKey, NOW).valid, false);
      assert.deepEqual(detectProvider(request), { provider: 'discord', event });
    });
  }

  it('signs with --private-key as well: the SDK accepts it under that key only', async () => {
    const request = await signed('APPLICATION_COMMAND', OTHER.privatePem);
    assert.equal(await sdkAccepts(request, OTHER.publicKey), true);
    assert.equal(await sdkAccepts(request, DEV_PUBLIC), false);
    assert.deepEqual(discord.verify(request, OTHER.publicKey, NOW), { valid: true });
  });

  it('no timestamp window, as the SDK: a day-old and a future signature both verify', async () => {
    const old = await signed('PING', DEV_PRIVATE, NOW - 86_400_000);
    assert.equal(await sdkAccepts(old, DEV_PUBLIC), true);
    assert.deepEqual(discord.verify(old, DEV_PUBLIC, NOW), { valid: true });
    const future = await signed('PING', DEV_PRIVATE, NOW + 600_000);
    assert.deepEqual(discord.verify(future, DEV_PUBLIC, NOW), { valid: true });
  });

  it('reads hex as the SDK does: an uppercase key or signature is accepted by both', async () => {
    const request = await signed('PING');
    const upper = {
      ...request,
      headers: setHeaders(request.headers, [
        ['X-Signature-Ed25519', (headerValue(request.headers, 'x-signature-ed25519') ?? '').toUpperCase()],
      ]),
    };
    assert.equal(await sdkAccepts(upper, DEV_PUBLIC.toUpperCase()), true);
    assert.deepEqual(discord.verify(upper, DEV_PUBLIC.toUpperCase(), NOW), { valid: true });
    assert.deepEqual([...sdkHex('0aZz1')], [10, 0, 1]);
  });
});

describe('discord explains why a signature fails', async () => {
  const request = await signed('APPLICATION_COMMAND');
  const withHeaders = (headers: HeaderPair[]) => ({ ...request, headers });
  const signature = headerValue(request.headers, 'x-signature-ed25519') ?? '';
  const reason = (req: InboundRequest, key = DEV_PUBLIC): FailureReason | null => {
    const verdict = discord.verify(req, key, NOW);
    return verdict.valid ? null : verdict.reason;
  };
  const message = (req: InboundRequest, key = DEV_PUBLIC) => {
    const verdict = discord.verify(req, key, NOW);
    return verdict.valid ? '' : verdict.message;
  };

  const cases: Array<[string, InboundRequest, string, FailureReason, RegExp]> = [
    [
      'a missing signature header',
      withHeaders(request.headers.filter(([name]) => !/ed25519/i.test(name))),
      DEV_PUBLIC,
      'missing-header',
      /X-Signature-Ed25519 is missing/,
    ],
    [
      'a repeated timestamp header',
      withHeaders([...request.headers, ['X-Signature-Timestamp', '1700000000']]),
      DEV_PUBLIC,
      'malformed-header',
      /arrived 2 times/,
    ],
    [
      'a signature cut short',
      withHeaders(setHeaders(request.headers, [['X-Signature-Ed25519', signature.slice(0, 100)]])),
      DEV_PUBLIC,
      'malformed-header',
      /not 128 hex characters/,
    ],
    [
      'a base64 signature',
      withHeaders(
        setHeaders(request.headers, [
          ['X-Signature-Ed25519', Buffer.from(signature, 'hex').toString('base64')],
        ]),
      ),
      DEV_PUBLIC,
      'encoding-mixup',
      /base64/,
    ],
    [
      'a body parsed and pretty-printed',
      { ...request, body: Buffer.from(JSON.stringify(JSON.parse(request.body.toString()), null, 2)) },
      DEV_PUBLIC,
      'body-changed',
      /compact JSON/,
    ],
    ['a key with a space in front', request, ` ${DEV_PUBLIC}`, 'secret-whitespace', /remove them/],
    ['the Application ID', request, '1118468057828795059', 'key-format', /Application ID/],
    ['a PEM private key', request, DEV_PRIVATE, 'key-format', /PEM private key/],
    [
      'the key as base64',
      request,
      Buffer.from(DEV_PUBLIC, 'hex').toString('base64'),
      'key-format',
      /base64, not hex/,
    ],
    ['a Client Secret', request, 'Jk3vQ8yZ1mN6pR2tW9xB4cF7hL0sD5gA', 'key-format', /Client Secret/],
    ['a request signed by another key', request, OTHER.publicKey, 'wrong-key', /development key/],
  ];
  for (const [what, req, key, expected, pattern] of cases) {
    it(`${what}: ${expected}`, () => {
      assert.equal(reason(req, key), expected);
      assert.match(message(req, key), pattern);
    });
  }

  it('wrong-key when neither the given key nor the development key signed it, in one or two sentences', async () => {
    const foreign = await signed('APPLICATION_COMMAND', newKeyPair().privatePem);
    assert.equal(reason(foreign, OTHER.publicKey), 'wrong-key');
    const text = message(foreign, OTHER.publicKey);
    assert.match(text, /another private key/);
    assert.ok(text.split(/\.\s/).length <= 2, text);
  });
});

describe('discord event names', () => {
  const name = (value: unknown) => discordEvent(Buffer.from(JSON.stringify(value)));
  const cases: Array<[unknown, string | null]> = [
    [{ type: 1, token: 't', id: '1', application_id: '2', version: 1 }, 'PING'],
    [{ type: 2, token: 't' }, 'APPLICATION_COMMAND'],
    [{ type: 5, token: 't' }, 'MODAL_SUBMIT'],
    [{ type: 9, token: 't' }, null],
    [{ version: 1, application_id: '2', type: 0 }, 'PING'],
    [
      { version: 1, application_id: '2', type: 1, event: { type: 'ENTITLEMENT_CREATE' } },
      'ENTITLEMENT_CREATE',
    ],
    [{ version: 1, type: 1 }, null],
    [[{ event: 'processed' }], null],
  ];
  for (const [body, expected] of cases) {
    it(`${JSON.stringify(body)} → ${expected}`, () => assert.equal(name(body), expected));
  }
});
