import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { HookctlError } from '../src/lib/errors.ts';
import { findProviderOrThrow } from '../src/providers/lookup.ts';
import { resolveSecret, resolveSigningSecret } from '../src/providers/secret.ts';

// What signs and what checks, per kind of scheme: a table over the pure resolvers.

const discord = findProviderOrThrow('discord');
const stripe = findProviderOrThrow('stripe');
const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const env = { DISCORD_PUBLIC_KEY: 'ab'.repeat(32), STRIPE_WEBHOOK_SECRET: 'whsec_env' };

describe('resolveSigningSecret: a shared secret, or a private key for key-pair schemes', () => {
  const cases: Array<[string, () => unknown, { secret?: string; label?: RegExp; flag?: string } | RegExp]> = [
    [
      'stripe, --secret',
      () => resolveSigningSecret(stripe, { secret: 's' }, env),
      { secret: 's', flag: '--secret' },
    ],
    ['stripe, its variable', () => resolveSigningSecret(stripe, {}, env), { secret: 'whsec_env' }],
    [
      'stripe, --private-key',
      () => resolveSigningSecret(stripe, { privateKey: { file: 'k.pem', pem: ed25519 } }, env),
      /signs with a shared secret.*--secret/,
    ],
    // $DISCORD_PUBLIC_KEY is what checks, never what signs.
    [
      'discord, nothing',
      () => resolveSigningSecret(discord, {}, env),
      {
        secret: discord.keys?.devPrivateKey,
        label: /^the development key \(public key [0-9a-f]{64}\)$/,
        flag: '--private-key FILE',
      },
    ],
    [
      'discord, --private-key',
      () => resolveSigningSecret(discord, { privateKey: { file: 'k.pem', pem: ed25519 } }, env),
      { secret: ed25519, label: /^--private-key k\.pem$/ },
    ],
    [
      'discord, --secret',
      () => resolveSigningSecret(discord, { secret: 's' }, env),
      /signs with a key pair.*--private-key FILE/,
    ],
    [
      'discord, a P-256 key',
      () => resolveSigningSecret(discord, { privateKey: { file: 'k.pem', pem: p256 } }, env),
      /k\.pem is an EC key on prime256v1, not an Ed25519/,
    ],
    [
      'discord, not PEM',
      () => resolveSigningSecret(discord, { privateKey: { file: 'k.pem', pem: 'hello' } }, env),
      /k\.pem is not a PEM private key/,
    ],
    [
      'discord checks with its variable',
      () => resolveSecret(discord, undefined, env),
      { secret: 'ab'.repeat(32) },
    ],
    [
      'discord checks with the development public key',
      () => resolveSecret(discord, undefined, {}),
      { secret: discord.devSecret, label: /^the development public key/ },
    ],
  ];
  for (const [what, run, expected] of cases) {
    it(what, () => {
      if (expected instanceof RegExp) {
        assert.throws(
          run,
          (error: unknown) =>
            error instanceof HookctlError && error.exitCode === 2 && expected.test(error.message),
        );
        return;
      }
      const resolved = run() as { secret: string; label: string; flag: string };
      if (expected.secret !== undefined) assert.equal(resolved.secret, expected.secret);
      if (expected.label !== undefined) assert.match(resolved.label, expected.label);
      if (expected.flag !== undefined) assert.equal(resolved.flag, expected.flag);
    });
  }
});
