import { createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { hasHeader, setHeaders } from '../../http/headers.ts';
import { fail, privateKeyOf, singleHeaders } from '../asymmetric.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { isJsonObject, parseJsonObject, stringField } from '../parse.ts';
import { bodyVariants } from '../signing.ts';
import type { InboundRequest, LocalAnswer, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { discordEncode, discordPayload } from './fixtures.ts';
import { keyFormatProblem, signatureProblem } from './keys.ts';

const MANIFEST_ENTRY = manifestEntry('discord');
/** The development public key (64 hex), from the manifest so `--help` needs no provider code. */
const DEV_PUBLIC_KEY = MANIFEST_ENTRY.devSecret;

/**
 * hookctl's development key pair. It signs whatever `trigger discord` sends without `--private-key`; its
 * public key is the manifest's development secret and what `hookctl keys discord` prints. It is public on
 * purpose: never configure a production app with it.
 */
const DEV_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPEq5rjHXl+Q7C88iQRInJv2xhw7ppfZhk5vuKevnrzR
-----END PRIVATE KEY-----
`;

const SIGNATURE = 'X-Signature-Ed25519';
const TIMESTAMP = 'X-Signature-Timestamp';

/** The public key as the Developer Portal shows it: the raw 32 bytes as 64 lowercase hex characters. */
export function discordPublicKey(privateKeyPem: string): string {
  const jwk = createPublicKey(privateKeyOf(privateKeyPem, 'ed25519')).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url').toString('hex');
}

/**
 * Discord signs `timestamp + body` with Ed25519 and sends the signature as hex
 * (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers).
 */
export function discordSignature(privateKey: KeyObject, timestamp: string, body: Buffer): string {
  return edSign(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), privateKey).toString('hex');
}

/**
 * Hex as discord-interactions 4.4 reads it (`valueToUint8Array(value, 'hex')`): pairs of characters, each
 * through parseInt base 16 into a byte (a pair that is not hex becomes 0; `.` skips newlines). `verify`
 * must judge exactly as the SDK does, so its leniency is copied in behaviour, not tightened.
 */
export function sdkHex(value: string): Buffer {
  const pairs = value.match(/.{1,2}/g) ?? [];
  return Buffer.from(pairs.map((pair) => Number.parseInt(pair, 16) & 0xff));
}

/** The Ed25519 public key of 32 raw bytes, or null when they are not one (the SDK's importKey fails). */
export function publicKeyFromRaw(raw: Buffer): KeyObject | null {
  if (raw.length !== 32) return null;
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}

function signedBy(key: KeyObject, timestamp: string, body: Buffer, signature: Buffer): boolean {
  try {
    return edVerify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, signature);
  } catch {
    return false;
  }
}

export const discord: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  // discord-interactions checks no timestamp window, and Discord documents none.
  toleranceSeconds: null,
  keys: { devPrivateKey: DEV_PRIVATE_KEY, publicKey: discordPublicKey },
  detect(request) {
    const ours =
      hasHeader(request.headers, 'x-signature-ed25519') ||
      hasHeader(request.headers, 'x-signature-timestamp');
    return ours ? { provider: 'discord', event: discordEvent(request.body) } : null;
  },
  challenge: discordChallenge,
  sign({ headers, body }, privateKeyPem, context) {
    const timestamp = String(Math.floor(context.now() / 1000));
    const signature = discordSignature(privateKeyOf(privateKeyPem, 'ed25519'), timestamp, body);
    return setHeaders(headers, [
      [SIGNATURE, signature],
      [TIMESTAMP, timestamp],
    ]);
  },
  verify: verifyDiscord,
  fixtures: () => listFixtures('discord'),
  payload: discordPayload,
  encode: (event, payload) => discordEncode(event, payload),
};

/** Interaction type numbers (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-type). */
export const INTERACTION_TYPES: Record<number, string> = {
  1: 'PING',
  2: 'APPLICATION_COMMAND',
  3: 'MESSAGE_COMPONENT',
  4: 'APPLICATION_COMMAND_AUTOCOMPLETE',
  5: 'MODAL_SUBMIT',
};

/**
 * Discord's own names: an interaction (it carries a `token`) by its type's name; an event webhook
 * (`{"version":1,"application_id","type":1,"event":{"type":…}}`) by `event.type`, its PING (type 0) as
 * `PING` (https://discord.com/developers/docs/events/webhook-events#webhook-types).
 */
export function discordEvent(body: Buffer): string | null {
  const payload = parseJsonObject(body);
  if (payload === null || typeof payload.type !== 'number') return null;
  if (typeof payload.token === 'string') return INTERACTION_TYPES[payload.type] ?? null;
  if (payload.type === 0) return 'PING';
  return payload.type === 1 && isJsonObject(payload.event) ? stringField(payload.event, 'type') : null;
}

const PONG: LocalAnswer = { status: 200, contentType: 'application/json', body: '{"type":1}' };
const REFUSED: LocalAnswer = {
  status: 401,
  contentType: 'text/plain; charset=utf-8',
  body: 'invalid request signature\n',
};

/**
 * What capture-only listen answers so the URL can be registered in the Developer Portal: a PING
 * interaction gets PONG (`{"type":1}`) and an event webhook PING a 204, but only when the signature
 * verifies with `publicKey`; anything badly signed gets 401, because Discord also sends badly signed
 * requests and removes an endpoint that accepts them
 * (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-acknowledging-ping-requests,
 * https://discord.com/developers/docs/events/webhook-events#preparing-for-events).
 */
function discordChallenge(request: InboundRequest, publicKey: string, nowMs: number): LocalAnswer | null {
  if (!verifyDiscord(request, publicKey, nowMs).valid) return REFUSED;
  const payload = parseJsonObject(request.body);
  if (payload === null) return null;
  if (typeof payload.token === 'string') return payload.type === 1 ? PONG : null;
  return payload.type === 0 ? { status: 204, contentType: 'application/json', body: '' } : null;
}

/**
 * Mirrors discord-interactions' `verifyKey` and its middleware: both headers present and non-empty, the key
 * and signature read as the SDK reads hex, Ed25519 over `timestamp + raw body`, no timestamp window.
 */
function verifyDiscord({ headers, body }: InboundRequest, publicKey: string, _nowMs: number): Verification {
  const found = singleHeaders(headers, [SIGNATURE, TIMESTAMP], 'Discord', '`hookctl trigger discord`');
  if ('failure' in found) return found.failure;
  const [signature = '', timestamp = ''] = found.values;
  const key = publicKeyFromRaw(sdkHex(publicKey));
  const signatureBytes = sdkHex(signature);
  if (key !== null && signedBy(key, timestamp, body, signatureBytes)) return { valid: true };

  if (key === null) return keyFormatProblem(publicKey);
  const badSignature = signatureProblem(signature);
  if (badSignature !== null) return badSignature;
  const variant = bodyVariants(body).find((candidate) =>
    signedBy(key, timestamp, candidate.body, signatureBytes),
  );
  if (variant !== undefined) {
    return fail(
      'body-changed',
      `The signature matches this body as ${variant.label}, not the bytes received: something re-encoded the ` +
        'body after Discord signed it. Verify the raw request bytes, before any body parser.',
    );
  }
  const devKey = publicKeyFromRaw(Buffer.from(DEV_PUBLIC_KEY, 'hex'));
  if (publicKey !== DEV_PUBLIC_KEY && devKey !== null && signedBy(devKey, timestamp, body, signatureBytes)) {
    return fail(
      'wrong-key',
      "This request was signed with hookctl's development key, not the key of the public key given: configure " +
        'the app with the key `hookctl keys discord` prints while testing, or trigger with --private-key FILE.',
    );
  }
  if (publicKey === DEV_PUBLIC_KEY) {
    return fail(
      'wrong-key',
      "The signature was made with another private key than hookctl's development key: check with the Public " +
        'Key of the application that sent it (--secret or $DISCORD_PUBLIC_KEY; Developer Portal → your app → ' +
        'General Information).',
    );
  }
  return fail(
    'wrong-key',
    'The signature was made with another private key than the one of this public key: use the Public Key of ' +
      "the application that sent it (Developer Portal → your app → General Information), not another app's.",
  );
}
