import { ExitCode, usageError } from '../lib/errors.ts';
import { findProviderOrThrow } from '../providers/lookup.ts';
import type { PrivateKeyFile } from '../providers/secret.ts';
import type { Provider } from '../providers/types.ts';
import { readPrivateKey } from './common.ts';
import type { World } from './world.ts';

export interface KeysOptions {
  provider: string;
  json: boolean;
}

export function parseKeysOptions(args: string[], raw: Record<string, unknown>): KeysOptions {
  return { provider: args[0] ?? '', json: raw.json === true };
}

/**
 * The public key to configure an app with, in the form the provider's dashboard shows it: of
 * `--private-key FILE`, else of hookctl's development key pair. Exit 2 for a provider that signs with a
 * shared secret (it has no public key) or a file that is not a private key of the provider's kind.
 */
export function publicKeyOf(provider: Provider, privateKey: PrivateKeyFile | undefined): string {
  const { keys } = provider;
  if (keys === undefined) {
    throw usageError(
      `${provider.title} signs with a shared secret ($${provider.secretEnv}), not a key pair: there is no public key to print`,
    );
  }
  if (privateKey === undefined) return keys.publicKey(keys.devPrivateKey);
  try {
    return keys.publicKey(privateKey.pem);
  } catch (error) {
    throw usageError(`--private-key ${privateKey.file} is ${(error as Error).message}`);
  }
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const options = parseKeysOptions(args, raw);
  const provider = findProviderOrThrow(options.provider);
  const privateKey = await readPrivateKey(raw.privateKey);
  const publicKey = publicKeyOf(provider, privateKey);
  const terminal = world.terminal({ json: options.json });
  if (options.json) {
    terminal.out(JSON.stringify({ provider: provider.name, publicKey }));
    return ExitCode.ok;
  }
  // The key alone on stdout, so `export DISCORD_PUBLIC_KEY=$(hookctl keys discord)` works; the rest on stderr.
  terminal.out(publicKey);
  const whose = privateKey === undefined ? "hookctl's development key pair" : privateKey.file;
  terminal.err(
    terminal.errColor.dim(
      `  ${provider.title} public key of ${whose}: give it to your app as $${provider.secretEnv}; ` +
        `\`hookctl trigger ${provider.name}\` signs with ${privateKey === undefined ? 'its private key' : `--private-key ${privateKey.file}`}`,
    ),
  );
  return ExitCode.ok;
}
