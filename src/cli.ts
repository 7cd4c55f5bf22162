import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULTS } from './commands/defaults.ts';
import { processWorld, type Command as Run, type World } from './commands/world.ts';
import { ExitCode, HookctlError } from './lib/errors.ts';
import { MANIFEST, providerList } from './providers/manifest.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const STORE_HELP = 'capture store directory (default: $HOOKCTL_STORE, else ~/.local/share/hookctl)';

/** Every command's flags and help. Command modules load lazily, on use, so `--help` starts fast. */
export function buildProgram(world: World, setExitCode: (code: number) => void): Command {
  const program = new Command('hookctl')
    .description('Capture, inspect, forward, replay and trigger webhooks: locally and in CI.')
    .version(pkg.version, '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  $ hookctl listen 3000                 capture webhooks and forward them to localhost:3000
  $ hookctl trigger stripe payment_intent.succeeded --to 3000   a signed event, offline
  $ hookctl list                        the newest captures
  $ hookctl show last                   one capture in full
  $ hookctl replay last --to 3000       send it again, byte for byte

Docs: README.md · exit codes: 0 ok, 1 the job failed, 2 bad usage or input`,
    );

  const command = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .addOption(new Option('--store <dir>', STORE_HELP).env('HOOKCTL_STORE'))
      .option('--debug', 'print stack traces with errors');
  const action = (load: () => Promise<{ run: Run }>) =>
    async function (this: Command, ...args: unknown[]) {
      const { run } = await load();
      const positional = args.slice(0, -2).flatMap((value) => (Array.isArray(value) ? value : (value ?? [])));
      setExitCode(await run(positional as string[], this.opts(), world));
    };

  command('listen', 'receive webhooks, keep every byte, forward them to your app')
    .argument('[forward]', 'where to forward: a port (3000), host:port, or a URL (http://localhost:3000/api)')
    .option('-p, --port <n>', 'local port to receive on (0 picks a free one)', DEFAULTS.port)
    .option('--host <addr>', 'address to receive on', DEFAULTS.host)
    .option('--no-tunnel', 'do not open a public tunnel (cloudflared)')
    .addOption(
      new Option('--tunnel-token <token>', 'run a named Cloudflare tunnel for a stable hostname').env(
        'HOOKCTL_TUNNEL_TOKEN',
      ),
    )
    .option('--ui-port <n>', 'port of the web inspector (0 picks a free one)', DEFAULTS.uiPort)
    .option('--no-ui', 'do not serve the web inspector')
    .option('--exit-after <n>', 'exit 0 after N requests (for CI)')
    .option('--timeout <duration>', 'exit 1 if this passes first, e.g. 30s, 2m (for CI)')
    .option('--max-body <size>', 'larger bodies get 413 and are not captured', DEFAULTS.maxBody)
    .option(
      '--forward-timeout <duration>',
      'how long the forward target may take to answer',
      DEFAULTS.forwardTimeout,
    )
    .option('--keep <n>', 'keep the newest N captures in the store, 0 keeps all', DEFAULTS.keep)
    .option('--verify <provider>', `check each signature on arrival: ${providerList()}`)
    .option('--secret <secret>', "the signing secret for --verify (default: the provider's env variable)")
    .option('--verbose', 'print headers and body under each request')
    .option('--json', 'NDJSON on stdout: a ready line, then one line per request')
    .addHelpText(
      'after',
      `
Examples:
  $ hookctl listen 3000                           forward to http://localhost:3000
  $ hookctl listen http://localhost:8080/api     /stripe arrives at /api/stripe
  $ hookctl listen --no-tunnel --port 0 --json   capture only, on a free port, NDJSON out
  $ hookctl listen 3000 --exit-after 1 --timeout 2m   in CI: wait for one webhook
  $ hookctl listen 3000 --verify stripe --secret whsec_…  mark each signature valid/invalid

Senders get the target's answer; 502 when it is down (the request is still captured), 504 after
--forward-timeout, 413 over --max-body. Without a forward target every request gets 200, and
Slack's url_verification challenge is echoed.

Public URL: a Cloudflare quick tunnel (no account) gives a new https://….trycloudflare.com URL each
run; quick tunnels allow 200 requests in flight, bodies up to 100 MB, and no server-sent events.
--tunnel-token runs a named tunnel whose hostname stays the same. cloudflared comes from the
cloudflared npm package (hookctl tunnel install) or $CLOUDFLARED_BIN; without it, listen receives
locally and says so. hookctl doctor checks the setup.`,
    )
    .action(action(() => import('./commands/listen.ts')));

  command('list', 'list captures, newest first')
    .option('-n, --limit <n>', 'how many', DEFAULTS.limit)
    .option('--provider <name>', `only this provider (${providerList()})`)
    .option('--event <name>', 'only this event type, e.g. payment_intent.succeeded')
    .option('--json', 'print a JSON array')
    .addHelpText(
      'after',
      '\nExamples:\n  $ hookctl list\n  $ hookctl list --provider stripe --limit 5 --json',
    )
    .action(action(() => import('./commands/list.ts')));

  command('show', 'show one capture in full')
    .argument('[id]', 'capture id, any unique prefix of one, or "last"', 'last')
    .option('--raw', 'write the exact body bytes and nothing else')
    .option('--json', 'print the record as JSON, the body as bodyBase64')
    .addHelpText('after', '\nExamples:\n  $ hookctl show last\n  $ hookctl show 01jf3k9x --raw > body.bin')
    .action(action(() => import('./commands/show.ts')));

  command('replay', 'send captures again, byte for byte (or re-signed)')
    .argument('[id...]', 'capture ids, unique prefixes or "last" (default: last)')
    .option('--to <url>', 'target: a port, host:port or URL (default: where the capture was forwarded)')
    .option(
      '--resign',
      'sign again with a fresh timestamp (Stripe and Slack reject signatures over 5 minutes old)',
    )
    .option('--secret <secret>', "the signing secret for --resign (default: the provider's env variable)")
    .option('--provider <name>', 'the provider to sign as, when it was not detected')
    .option('--timeout <duration>', 'how long each delivery may take', DEFAULTS.timeout)
    .option('--json', 'one JSON object per delivery')
    .addHelpText(
      'after',
      `
The captured path and query are appended to the target's path, as listen does.
Exit 1 if any delivery is not 2xx or cannot connect.

Examples:
  $ hookctl replay                            the newest capture, to where it went before
  $ hookctl replay 01jf3k9x --to 3000         to http://localhost:3000
  $ hookctl replay a1b2 c3d4 --json
  $ hookctl replay last --resign --secret whsec_…   an old Stripe capture, verifiable again`,
    )
    .action(action(() => import('./commands/replay.ts')));

  program
    .command('trigger')
    .description('send a realistic event, signed as the provider signs: offline')
    .argument('<provider>', providerList(' or '))
    .argument('<event>', "the provider's event name, e.g. payment_intent.succeeded (see hookctl fixtures)")
    .option('--to <url>', 'where to POST: a port, host:port or URL (default: $HOOKCTL_TRIGGER_TO)')
    .option(
      '--secret <secret>',
      'signing secret (default: the env variable below, else the development secret)',
    )
    .option(
      '--set <path=value>',
      'override a field by dotted path; JSON values keep their type (repeatable)',
      collect,
      [],
    )
    .option('--data <file>', 'a JSON file to send as the payload instead of the built-in fixture')
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
    .option('--json', 'with --print: {"method","url","headers","body"}; else NDJSON, one line per delivery')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', () => triggerHelp())
    .action(action(() => import('./commands/trigger.ts')));

  program
    .command('fixtures')
    .description('list the events trigger knows, per provider')
    .argument('[provider]', 'only this provider')
    .option('--json', 'print [{"provider","event","description"}]')
    .option('--debug', 'print stack traces with errors')
    .addHelpText('after', '\nExamples:\n  $ hookctl fixtures stripe\n  $ hookctl fixtures --json')
    .action(action(() => import('./commands/fixtures.ts')));

  command('verify', "check a capture's signature; say why it fails")
    .argument('[id]', 'capture id, unique prefix or "last"', 'last')
    .option('--provider <name>', 'the provider (default: the one detected from its headers)')
    .option(
      '--secret <secret>',
      "the signing secret (default: the provider's env variable, else the development secret)",
    )
    .option('--json', 'print {"id","provider","valid","reason","message"}')
    .addHelpText(
      'after',
      `
Reasons it names: header missing or malformed, prefix or encoding mix-up, timestamp too old,
body changed after signing (e.g. JSON parsed and re-serialized), secret with stray whitespace,
wrong secret. Exit 0 valid, 1 invalid.

Examples:
  $ hookctl verify last --secret whsec_…
  $ hookctl verify 01m8d4pr --provider github --secret "$GITHUB_WEBHOOK_SECRET" --json`,
    )
    .action(action(() => import('./commands/verify.ts')));

  command('ui', 'serve the web inspector over the store')
    .option('-p, --port <n>', 'port (0 picks a free one)', DEFAULTS.uiPort)
    .addHelpText(
      'after',
      `
The same inspector listen serves: every capture in the store, live as other hookctl processes add
them, each shown in full, replayable with or without edits. Bound to 127.0.0.1.

Examples:
  $ hookctl ui
  $ hookctl ui --port 0 --store ./captures`,
    )
    .action(action(() => import('./commands/ui.ts')));

  const tunnel = program.command('tunnel').description('install cloudflared, behind the public URL');
  tunnel
    .command('install')
    .description("download cloudflared with the cloudflared npm package's installer")
    .option('--debug', 'print stack traces with errors')
    .action(action(() => import('./commands/tunnel-install.ts')));

  program
    .command('doctor')
    .description('check cloudflared, its config, the network and the store')
    .addOption(new Option('--store <dir>', STORE_HELP).env('HOOKCTL_STORE'))
    .option('--json', 'print [{"check","ok","detail"}]')
    .option('--debug', 'print stack traces with errors')
    .action(action(() => import('./commands/doctor.ts')));

  command('run', 'run scenario files: ordered, repeated, shuffled webhooks with expectations (for CI)')
    .argument('<file...>', 'scenario files, YAML or JSON (schema/scenario.schema.json)')
    .option('--to <url>', "target for every step: a port, host:port or URL (default: the file's target)")
    .option('--seed <n>', 'seed for shuffle blocks, to replay an order (default: random, printed)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--timeout <duration>', 'how long each delivery may take', DEFAULTS.timeout)
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
  $ hookctl run out-of-order.yaml --seed 42 --json`,
    )
    .action(action(() => import('./commands/run.ts')));

  command('clear', 'delete every capture in the store')
    .option('--json', 'print {"removed": N}')
    .action(action(() => import('./commands/clear.ts')));

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The secrets and delivery policies trigger uses, from the manifest (so no provider module loads). */
function triggerHelp(): string {
  const pad = Math.max(...MANIFEST.map(({ name }) => name.length)) + 1;
  const variables = MANIFEST.map(({ secretEnv }) => secretEnv);
  const secrets = wrap(
    `Secrets: --secret, else ${variables.slice(0, -1).join(', ')} or ${variables.at(-1)}, else a fixed development secret per provider:`,
    100,
  );
  return `
${secrets}
${MANIFEST.map(({ name, devSecret }) => `  ${name.padEnd(pad)} ${devSecret}`).join('\n')}

Examples:
  $ hookctl trigger stripe payment_intent.succeeded --to 3000/webhooks
  $ hookctl trigger github pull_request.opened --to http://localhost:3000/api/github
  $ hookctl trigger slack slash_command --to 3000/slack --set text="deploy now"
  $ hookctl trigger stripe charge.refunded --to 3000 --set data.object.amount_refunded=5000
  $ hookctl trigger stripe invoice.paid --print          the exact signed request, nothing sent
  $ hookctl trigger stripe invoice.paid --to 3000 --repeat 3 --interval 1s   same evt_ id 3 times
  $ hookctl trigger slack app_mention --to 3000 --retry --time-scale 0.001   Slack's retries, in ms

Deadlines and retries (--retry; waits and deadlines scaled by --time-scale):
${MANIFEST.map(({ name, help }) => `  ${name.padEnd(pad)} ${help}`).join('\n')}
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

/**
 * Runs the CLI and returns the exit code; errors become one `✗` line on stderr. The world (streams,
 * environment, clock, signals) is built here once and passed to the command.
 */
export async function main(argv: string[], world: World = processWorld()): Promise<number> {
  // `hookctl list | head` closes our stdout early: that is the reader's choice, not an error.
  if (world.stdout === process.stdout) {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(ExitCode.ok);
      throw error;
    });
  }
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(world, (code) => {
    exitCode = code;
  });
  const debug = argv.includes('--debug');
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  // Commander's own output (help, --version, usage errors) goes to the world's streams too.
  const streams = {
    writeOut: (text: string) => void world.stdout.write(text),
    writeErr: (text: string) => void world.stderr.write(text),
  };
  for (const command of all(program)) command.exitOverride().configureOutput(streams);
  // Commander puts its suggestion on a second line; errors here are one line.
  const usageLine = (message: string) => `✗ ${message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`;
  program.configureOutput({ outputError: (message, write) => write(`${usageLine(message.trim())}\n`) });
  for (const sub of all(program).slice(1)) {
    sub.configureOutput({
      outputError: (message, write) =>
        write(`${usageLine(message.trim())} (see hookctl ${sub.name()} --help)\n`),
    });
  }
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof HookctlError) {
      world.stderr.write(`✗ ${error.message}\n`);
      if (debug && error.stack) world.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    world.stderr.write(`✗ unexpected error: ${message} (run again with --debug for details)\n`);
    if (debug && error instanceof Error && error.stack) world.stderr.write(`${error.stack}\n`);
    return ExitCode.failed;
  }
}
