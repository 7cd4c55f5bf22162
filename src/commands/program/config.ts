import { Option } from 'commander';
import { CONFIG_HELP, type ProgramParts } from './parts.ts';

/** `--config FILE` / `$HOOKCTL_CONFIG`: on every command the project file fills. */
export function configOption(): Option {
  return new Option('--config <file>', CONFIG_HELP).env('HOOKCTL_CONFIG');
}

export function defineConfig({ program, action }: ProgramParts): void {
  program
    .command('config')
    .description(
      'print the settings in force from hookctl.yaml, flags and defaults, and where each comes from',
    )
    .addOption(configOption())
    .option('--json', 'print {"file": path|null, "values": [{"key","value","source"}]}')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
The project file, hookctl.yaml (or hookctl.yml) in this directory or the nearest parent, holds
listen's options and routes, the default --to of trigger and run, the store, and which variable
holds each provider's secret, so a team commits one file and everyone runs \`hookctl listen\`.
A flag beats an environment variable, which beats the file, which beats the default. Sources:
flag, env NAME, file hookctl.yaml:LINE, default. A bad file is exit 2 with its line and key.

  # hookctl.yaml  (schema/hookctl.schema.json for editor completion)
  listen:
    forward: 3000
    port: 4500
    routes:
      - stripe:invoice.*=3000/billing
      - { match: github, to: [3000, 4000] }
      - { match: /slack/*, capture: true }
  secrets:
    stripe: MY_STRIPE_SECRET
  trigger:
    to: 3000/webhooks

Examples:
  $ hookctl config                          the table: key, value, source
  $ hookctl config --json
  $ hookctl config --config ci/hookctl.yaml`,
    )
    .action(action(() => import('../config.ts')));
}
