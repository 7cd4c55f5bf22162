import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { PROJECT_SCHEMA_FILE, projectSchema } from '../scripts/gen-project-schema.ts';
import { SCHEMA_FILE, scenarioSchema } from '../scripts/gen-scenario-schema.ts';
import { MANIFEST, PROVIDER_NAMES } from '../src/providers/manifest.ts';
import { detectProvider, providers } from '../src/providers/registry.ts';
import type { Provider } from '../src/providers/types.ts';
import { seededContext, signedEvent } from './helpers/context.ts';

// Every provider, walked the same way (after stripe-cli's triggers_consistency_test.go): what adding a
// provider must bring (a folder, its fixtures, one manifest line) is checked here, and a failure names
// the provider and the missing part.

const FIXTURES = new URL('../fixtures/', import.meta.url);
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const exists = (url: URL) =>
  access(url).then(
    () => true,
    () => false,
  );

describe('every provider is complete', () => {
  it('the manifest and the registry list the same providers, in the same (detection) order', () => {
    assert.deepEqual(
      providers.map((provider) => provider.name),
      [...PROVIDER_NAMES],
      'add the provider to src/providers/registry.ts and one line to src/providers/manifest.ts',
    );
    assert.equal(new Set(PROVIDER_NAMES).size, PROVIDER_NAMES.length, 'a name appears twice in the manifest');
  });

  it('the scenario schema lists the manifest (node --import tsx scripts/gen-scenario-schema.ts)', async () => {
    const text = await readFile(SCHEMA_FILE, 'utf8');
    assert.equal(text, scenarioSchema(text), 'schema/scenario.schema.json is out of date');
  });

  it('the project file schema lists the manifest (node --import tsx scripts/gen-project-schema.ts)', async () => {
    const text = await readFile(PROJECT_SCHEMA_FILE, 'utf8');
    assert.equal(text, projectSchema(text), 'schema/hookctl.schema.json is out of date');
  });

  it('the README documents every provider: its row names the secret variable and development secret', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const entry of MANIFEST) {
      // The provider table's row is the one that names the secret variable (the delivery table comes first).
      const row = readme
        .split('\n')
        .find((line) => line.startsWith(`| \`${entry.name}\` |`) && line.includes(`\`${entry.secretEnv}\``));
      assert.ok(row, `README.md "Providers" has no row for ${entry.name} naming ${entry.secretEnv}`);
      const secret = entry.signsWithKeyPair ? `hookctl keys ${entry.name}` : entry.devSecret;
      assert.ok(row.includes(secret), `${entry.name}: the row gives ${secret}`);
      const events = JSON.parse(await readFile(new URL(`${entry.name}/index.json`, FIXTURES), 'utf8')).length;
      assert.equal(row.split('|').at(-2)?.trim(), String(events), `${entry.name}: the row's event count`);
    }
  });

  for (const entry of MANIFEST) {
    describe(entry.name, () => {
      const provider = providers.find((candidate) => candidate.name === entry.name);
      // Key-pair schemes sign with the development private key and verify with its public key (the manifest's
      // development secret); shared-secret schemes use the development secret for both.
      const signing = provider?.keys?.devPrivateKey ?? entry.devSecret;
      const secret = entry.devSecret;
      const other = otherKey(provider?.keys, secret);

      it('is registered, with the manifest line as its name, title, secret variable and dev secret', () => {
        assert.ok(provider, `${entry.name} is in the manifest but not in src/providers/registry.ts`);
        const { name, title, secretEnv, devSecret } = provider;
        assert.deepEqual(
          { name, title, secretEnv, devSecret },
          {
            name: entry.name,
            title: entry.title,
            secretEnv: entry.secretEnv,
            devSecret: entry.devSecret,
          },
        );
        assert.match(entry.secretEnv, /^[A-Z][A-Z0-9_]*$/);
        assert.notEqual(entry.help.trim(), '', 'the manifest line needs a help line (deadline and retries)');
      });

      it('is a key-pair scheme exactly when the manifest says so, with the development public key as its secret', () => {
        assert.equal(entry.signsWithKeyPair === true, provider?.keys !== undefined);
        if (provider?.keys !== undefined) {
          assert.equal(provider.keys.publicKey(provider.keys.devPrivateKey), entry.devSecret);
        }
      });

      it('has a delivery policy of its own', () => {
        assert.equal(provider?.delivery.provider, entry.name);
        assert.ok((provider?.delivery.deadlineMs ?? 0) > 0, 'a deadline in milliseconds');
      });

      it(`has fixtures/${entry.name}/index.json, and every file it names exists`, async () => {
        const index = new URL(`${entry.name}/index.json`, FIXTURES);
        assert.ok(await exists(index), `fixtures/${entry.name}/index.json is missing`);
        const entries = JSON.parse(await readFile(index, 'utf8')) as Array<{ event: string; file: string }>;
        assert.ok(entries.length > 0, 'the catalogue is empty');
        const missing: string[] = [];
        for (const { file } of entries)
          if (!(await exists(new URL(`${entry.name}/${file}`, FIXTURES)))) missing.push(file);
        assert.deepEqual(missing, [], `files named in fixtures/${entry.name}/index.json are missing`);
        const fixtures = await provider?.fixtures();
        assert.deepEqual(
          fixtures?.map((fixture) => fixture.event),
          entries.map((fixture) => fixture.event),
        );
      });

      it('every fixture signs, verifies with the same secret, fails with another, and is detected as its own', async () => {
        assert.ok(provider);
        const problems: string[] = [];
        for (const { event } of await provider.fixtures()) {
          const context = seededContext(NOW, `${entry.name}:${event}`);
          const request = await signedEvent(provider, event, signing, context);
          const verdict = provider.verify(request, secret, NOW);
          if (!verdict.valid) problems.push(`${event}: does not verify (${verdict.message})`);
          if (provider.verify(request, other, NOW).valid)
            problems.push(`${event}: verifies with another secret`);
          const detected = detectProvider(request);
          if (detected?.provider !== entry.name) {
            problems.push(`${event}: detected as ${detected?.provider ?? 'nothing'}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    });
  }
});

/** Another secret: the development one with a character more, or for key pairs the public key of a new pair. */
function otherKey(keys: Provider['keys'], secret: string): string {
  if (keys === undefined) return `${secret}x`;
  const kind = /^[0-9a-f]{64}$/.test(secret) ? 'ed25519' : 'ec';
  const { privateKey } =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return keys.publicKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}
