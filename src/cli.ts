import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { defineClear, defineList, defineListen, defineShow, defineUi } from './commands/program/capture.ts';
import { defineCheck } from './commands/program/check.ts';
import { configOption, defineConfig } from './commands/program/config.ts';
import { defineKeys } from './commands/program/keys.ts';
import { type ProgramParts, STORE_HELP } from './commands/program/parts.ts';
import { defineRelay } from './commands/program/relay.ts';
import {
  defineFixtures,
  defineReplay,
  defineRun,
  defineTrigger,
  defineVerify,
} from './commands/program/send.ts';
import { defineDoctor, defineTunnelInstall } from './commands/program/setup.ts';
import { processWorld, type World } from './commands/world.ts';
import { ExitCode, HookctlError } from './lib/errors.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The program: the root, then each command's flags and help from `commands/program/` (grouped as the
 * capabilities are). Command modules load lazily, on use, so `--help` starts fast.
 */
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

  const command = (name: string, description: string): Command =>
    program
      .command(name)
      .description(description)
      .addOption(new Option('--store <dir>', STORE_HELP).env('HOOKCTL_STORE'))
      .addOption(configOption())
      .option('--debug', 'print stack traces with errors');
  const action: ProgramParts['action'] = (load) =>
    async function (this: Command, ...args: unknown[]) {
      const { run } = await load();
      const positional = args.slice(0, -2).flatMap((value) => (Array.isArray(value) ? value : (value ?? [])));
      // The project file (hookctl.yaml) fills what flags and environment variables left to the defaults.
      if (this.name() !== 'config' && this.options.some((option) => option.attributeName() === 'config')) {
        const { withProjectFile } = await import('./commands/project.ts');
        const merged = await withProjectFile(this, positional as string[], world);
        setExitCode(await run(merged.positional, merged.opts, merged.world));
        return;
      }
      setExitCode(await run(positional as string[], this.opts(), world));
    };

  const parts: ProgramParts = { program, command, action };
  // The order of `hookctl --help`.
  for (const define of [
    defineListen,
    defineList,
    defineShow,
    defineReplay,
    defineTrigger,
    defineFixtures,
    defineVerify,
    defineCheck,
    defineKeys,
    defineUi,
    defineRelay,
    defineTunnelInstall,
    defineDoctor,
    defineRun,
    defineConfig,
    defineClear,
  ])
    define(parts);
  return program;
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
