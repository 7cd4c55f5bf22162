import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, HookctlError } from './core/errors.ts';

/** Every command: raw commander options in, exit code out. Modules load lazily so `--help` starts fast. */
type Run = (args: string[], options: Record<string, unknown>) => Promise<number>;

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const STORE_HELP = 'capture store directory (default: $HOOKCTL_STORE, else ~/.local/share/hookctl)';

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('hookctl')
    .description('Capture, inspect, forward, replay and trigger webhooks: locally and in CI.')
    .version(pkg.version, '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  $ hookctl listen 3000                 capture webhooks and forward them to localhost:3000
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
      setExitCode(await run(positional as string[], this.opts()));
    };

  command('listen', 'receive webhooks, store every byte, forward them and print a line per request')
    .argument('[forward]', 'where to forward: a port (3000), host:port, or a URL (http://localhost:3000/api)')
    .option('-p, --port <n>', 'local port to receive on (0 picks a free one)', '4500')
    .option('--host <addr>', 'address to receive on', '127.0.0.1')
    .option('--no-tunnel', 'do not open a public tunnel')
    .option('--no-ui', 'do not serve the web inspector (the inspector is not in this version yet)')
    .option('--exit-after <n>', 'exit 0 after N requests (for CI)')
    .option('--timeout <duration>', 'exit 1 if this passes first, e.g. 30s, 2m (for CI)')
    .option('--max-body <size>', 'larger bodies get 413 and are not captured', '25mb')
    .option('--forward-timeout <duration>', 'how long the forward target may take to answer', '30s')
    .option('--keep <n>', 'keep the newest N captures in the store, 0 keeps all', '10000')
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

Senders get the target's answer; 502 when it is down (the request is still captured), 504 after
--forward-timeout, 413 over --max-body. Without a forward target every request gets 200, and
Slack's url_verification challenge is echoed.`,
    )
    .action(action(() => import('./commands/listen.ts')));

  command('list', 'list captures, newest first')
    .option('-n, --limit <n>', 'how many', '20')
    .option('--provider <name>', 'only this provider (stripe, github, slack, standard-webhooks)')
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

  command('replay', 'send captured requests again, byte for byte')
    .argument('[id...]', 'capture ids, unique prefixes or "last" (default: last)')
    .option('--to <url>', 'target: a port, host:port or URL (default: where the capture was forwarded)')
    .option('--timeout <duration>', 'how long each delivery may take', '30s')
    .option('--json', 'one JSON object per delivery')
    .addHelpText(
      'after',
      `
The captured path and query are appended to the target's path, as listen does.
Exit 1 if any delivery is not 2xx or cannot connect.

Examples:
  $ hookctl replay                            the newest capture, to where it went before
  $ hookctl replay 01jf3k9x --to 3000         to http://localhost:3000
  $ hookctl replay a1b2 c3d4 --json`,
    )
    .action(action(() => import('./commands/replay.ts')));

  command('clear', 'delete every capture in the store')
    .option('--json', 'print {"removed": N}')
    .action(action(() => import('./commands/clear.ts')));

  return program;
}

/** Runs the CLI and returns the exit code; errors become one `✗` line on stderr. */
export async function main(argv: string[]): Promise<number> {
  // `hookctl list | head` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    throw error;
  });
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  const debug = argv.includes('--debug');
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  // Commander puts its suggestion on a second line; errors here are one line.
  const usageLine = (message: string) => `✗ ${message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`;
  program.configureOutput({ outputError: (message, write) => write(`${usageLine(message.trim())}\n`) });
  for (const sub of program.commands) {
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
      process.stderr.write(`✗ ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`✗ unexpected error: ${message} (run again with --debug for details)\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return ExitCode.failed;
  }
}
