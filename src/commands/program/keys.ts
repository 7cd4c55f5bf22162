import { MANIFEST } from '../../providers/manifest.ts';
import type { ProgramParts } from './parts.ts';

export function defineKeys({ program, action }: ProgramParts): void {
  const asymmetric = MANIFEST.filter((entry) => entry.signsWithKeyPair === true);
  program
    .command('keys')
    .description('print the public key of a provider that signs with a key pair (Discord, SendGrid)')
    .argument('<provider>', asymmetric.map(({ name }) => name).join(' or '))
    .option(
      '--private-key <file>',
      "a PEM private key: print its public key instead of the development key's",
    )
    .option('--json', 'print {"provider","publicKey"}')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
The key is printed as the provider's dashboard shows it (Discord: 64 hex characters; SendGrid:
base64 SPKI DER). Give it to the app under test; trigger, replay --resign and scenarios sign with
the matching private key (--private-key FILE, else hookctl's development key, which is public:
never use it in production). verify and listen --verify check with the public key
(--secret, else the variable below, else the development public key).
${asymmetric.map(({ name, secretEnv }) => `  ${name.padEnd(9)} $${secretEnv}`).join('\n')}

Examples:
  $ hookctl keys discord                            the development public key
  $ export DISCORD_PUBLIC_KEY=$(hookctl keys discord)
  $ hookctl keys sendgrid --json
  $ openssl genpkey -algorithm ed25519 -out discord.pem
  $ hookctl keys discord --private-key discord.pem  its public key
  $ hookctl trigger discord APPLICATION_COMMAND --to 3000 --private-key discord.pem`,
    )
    .action(action(() => import('../keys.ts')));
}
