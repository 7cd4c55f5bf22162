import { MANIFEST, providerList } from '../../providers/manifest.ts';
import { DEFAULTS } from '../defaults.ts';
import { configOption } from './config.ts';
import { CA_FLAG, INSECURE_FLAG, type ProgramParts } from './parts.ts';

export function defineReplay({ command, action }: ProgramParts): void {
  command('replay', 'send captures again, byte for byte (or re-signed)')
    .argument('[id...]', 'capture ids, unique prefixes or "last" (default: last)')
    .option('--to <url>', 'target: a port, host:port or URL (default: where the capture was forwarded)')
    .option(
      '--resign',
      'sign again with a fresh timestamp (Stripe and Slack reject signatures over 5 minutes old)',
    )
    .option('--secret <secret>', "the signing secret for --resign (default: the provider's env variable)")
    .option(
      '--private-key <file>',
      'with --resign, for key-pair schemes (Discord, SendGrid): a PEM private key (default: the development key)',
    )
    .option('--provider <name>', 'the provider to sign as, when it was not detected')
    .option(
      '--public-url <url>',
      'with --resign: the base URL the provider called, for schemes that sign it (Twilio, Square, HubSpot)',
    )
    .option('--timeout <duration>', 'how long each delivery may take', DEFAULTS.timeout)
    .option(...INSECURE_FLAG)
    .option(...CA_FLAG)
    .option('--json', 'one JSON object per delivery')
    .addHelpText(
      'after',
      `
The captured path and query are appended to the target's path, as listen does.
--insecure accepts a self-signed certificate from a localhost target only (other hosts are still
verified); --ca FILE trusts a PEM certificate for any host.
Exit 1 if any delivery is not 2xx or cannot connect.

Examples:
  $ hookctl replay                            the newest capture, to where it went before
  $ hookctl replay 01jf3k9x --to 3000         to http://localhost:3000
  $ hookctl replay a1b2 c3d4 --json
  $ hookctl replay last --resign --secret whsec_…   an old Stripe capture, verifiable again
  $ hookctl replay --to https://localhost:3443 --insecure   an app with a self-signed certificate`,
    )
    .action(action(() => import('../replay.ts')));
}

export function defineTrigger({ program, action }: ProgramParts): void {
  program
    .command('trigger')
    .description('send a realistic event, signed as the provider signs: offline')
    .argument('<provider>', providerList(' or '))
    .argument('<event>', "the provider's event name, e.g. payment_intent.succeeded (see hookctl fixtures)")
    .option(
      '--to <url>',
      'where to POST: a port, host:port or URL (default: $HOOKCTL_TRIGGER_TO, else trigger.to of hookctl.yaml)',
    )
    .addOption(configOption())
    .option(
      '--secret <secret>',
      'signing secret (default: the env variable below, else the development secret)',
    )
    .option(
      '--private-key <file>',
      'for key-pair schemes (Discord, SendGrid): sign with this PEM private key (default: the development key)',
    )
    .option(
      '--set <path=value>',
      'override a field by dotted path; JSON values keep their type (repeatable)',
      collect,
      [],
    )
    .option('--data <file>', 'a JSON file to send as the payload instead of the built-in fixture')
    .option(
      '--public-url <url>',
      'the URL the provider would have called, for schemes that sign it (default: --to)',
    )
    .option('--print', 'print the exact signed HTTP request and send nothing')
    .option('--timeout <duration>', 'how long the target may take', DEFAULTS.timeout)
    .option('--repeat <n>', 'deliver the same event (same id) N times, re-signed each time', DEFAULTS.repeat)
    .option('--interval <duration>', 'wait between deliveries, e.g. 500ms, 2s')
    .option('--concurrency <n>', 'deliveries under way at once', DEFAULTS.concurrency)
    .option(
      '--retry',
      "redeliver failures (non-2xx, no connection, over the deadline) on the provider's schedule",
    )
    .option('--time-scale <factor>', 'multiply every wait and the deadline, e.g. 0.001', DEFAULTS.timeScale)
    .option(...INSECURE_FLAG)
    .option(...CA_FLAG)
    .option('--json', 'with --print: {"method","url","headers","body"}; else NDJSON, one line per delivery')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', () => triggerHelp())
    .action(action(() => import('../trigger.ts')));
}

export function defineFixtures({ program, action }: ProgramParts): void {
  program
    .command('fixtures')
    .description('list the events trigger knows, per provider')
    .argument('[provider]', 'only this provider')
    .option('--json', 'print [{"provider","event","description"}]')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', '\nExamples:\n  $ hookctl fixtures stripe\n  $ hookctl fixtures --json')
    .action(action(() => import('../fixtures.ts')));
}

export function defineVerify({ command, action }: ProgramParts): void {
  command('verify', "check a capture's signature; say why it fails")
    .argument('[id]', 'capture id, unique prefix or "last"', 'last')
    .option('--provider <name>', 'the provider (default: the one detected from its headers)')
    .option(
      '--secret <secret>',
      "the signing secret, or the public key for Discord and SendGrid (default: the provider's env variable, else the development one)",
    )
    .option(
      '--public-url <url>',
      'the URL the provider called, for schemes that sign it (default: the URL the capture arrived at)',
    )
    .option('--json', 'print {"id","provider","valid","reason","message"}')
    .addHelpText(
      'after',
      `
Reasons it names: header missing or malformed, prefix or encoding mix-up, timestamp too old,
body changed after signing (e.g. JSON parsed and re-serialized), secret with stray whitespace,
wrong secret, and for schemes that sign the URL, a signature made for another URL (an app behind a
tunnel checking the URL it sees); for key-pair schemes (Discord, SendGrid), a request signed by
another private key, or a public key in the wrong form. Exit 0 valid, 1 invalid.

Examples:
  $ hookctl verify last --secret whsec_…
  $ hookctl verify 01m8d4pr --provider github --secret "$GITHUB_WEBHOOK_SECRET" --json`,
    )
    .action(action(() => import('../verify.ts')));
}

export function defineRun({ command, action }: ProgramParts): void {
  command('run', 'run scenario files: ordered, repeated, shuffled webhooks with expectations (for CI)')
    .argument('<file...>', 'scenario files, YAML or JSON (schema/scenario.schema.json)')
    .option(
      '--to <url>',
      "target for every step: a port, host:port or URL (default: the file's target, else run.to of hookctl.yaml)",
    )
    .option('--seed <n>', 'seed for shuffle blocks, to replay an order (default: random, printed)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--timeout <duration>', 'how long each delivery may take', DEFAULTS.timeout)
    .option(...INSECURE_FLAG)
    .option(...CA_FLAG)
    .option('--json', 'NDJSON: one line per delivery, then a summary line')
    .addHelpText(
      'after',
      `
A scenario has a target, shared vars ({{customer}}) and steps: trigger (with set, data, path,
secret, repeat, expect: status/bodyContains/within), wait, shuffle and order. Exit 1 if an
expectation fails, 2 for a malformed file (the message names the file and the JSON path).

Examples:
  $ hookctl run fixtures/scenarios/stripe-checkout-to-subscription.yaml --to 3000
  $ hookctl run scenarios/*.yaml --to http://localhost:3000 --junit report.xml
  $ hookctl run out-of-order.yaml --seed 42 --json
  $ hookctl run checkout.yaml                   scenarios without a target go to run.to of hookctl.yaml`,
    )
    .action(action(() => import('../run.ts')));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The secrets and delivery policies trigger uses, from the manifest (so no provider module loads). */
function triggerHelp(): string {
  const pad = Math.max(...MANIFEST.map(({ name }) => name.length)) + 1;
  const shared = MANIFEST.filter((entry) => entry.signsWithKeyPair !== true);
  const keyPairs = MANIFEST.filter((entry) => entry.signsWithKeyPair === true);
  const variables = shared.map(({ secretEnv }) => secretEnv);
  const secrets = wrap(
    `Secrets: --secret, else ${variables.slice(0, -1).join(', ')} or ${variables.at(-1)}, else a fixed development secret per provider:`,
    100,
  );
  const keys = wrap(
    `${keyPairs.map(({ title }) => title).join(' and ')} sign with a key pair: --private-key FILE (PEM), else hookctl's development key, whose public key \`hookctl keys <provider>\` prints:`,
    100,
  );
  return `
${secrets}
${shared.map(({ name, devSecret }) => `  ${name.padEnd(pad)} ${devSecret}`).join('\n')}
${keys}
${keyPairs.map(({ name, devSecret }) => `  ${name.padEnd(pad)} ${devSecret}`).join('\n')}

Examples:
  $ hookctl trigger stripe payment_intent.succeeded --to 3000/webhooks
  $ hookctl trigger github pull_request.opened --to http://localhost:3000/api/github
  $ hookctl trigger slack slash_command --to 3000/slack --set text="deploy now"
  $ hookctl trigger stripe charge.refunded --to 3000 --set data.object.amount_refunded=5000
  $ hookctl trigger shopify orders/create --to 3000/webhooks --secret "$SHOPIFY_API_SECRET"
  $ hookctl trigger twilio message.status.delivered --to 3000/sms --public-url https://x.trycloudflare.com/sms
  $ hookctl trigger stripe invoice.paid --print          the exact signed request, nothing sent
  $ hookctl trigger stripe invoice.paid                  to trigger.to of hookctl.yaml (hookctl config)
  $ hookctl trigger stripe invoice.paid --to 3000 --repeat 3 --interval 1s   same evt_ id 3 times
  $ hookctl trigger slack app_mention --to 3000 --retry --time-scale 0.001   Slack's retries, in ms
  $ hookctl trigger discord APPLICATION_COMMAND --to 3000/interactions   app checks $(hookctl keys discord)
  $ hookctl trigger stripe invoice.paid --to https://localhost:3443 --insecure   self-signed HTTPS app

Deadlines and retries (--retry; waits and deadlines scaled by --time-scale):
${MANIFEST.map(({ name, help }) => `  ${name.padEnd(pad)} ${help}`).join('\n')}
Your own providers: one file each in .hookctl/providers/ (or $HOOKCTL_PROVIDERS) describes an HMAC
scheme; see "Your own providers" in the README.
--insecure accepts a self-signed certificate from a localhost target only (other hosts are still
verified); --ca FILE trusts a PEM certificate for any host.
Exit 1 if a delivery never got a 2xx (in time, with --retry) or the target cannot be reached;
2 for an unknown provider or event.`;
}

/** Greedy word wrap at `width` columns. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}
