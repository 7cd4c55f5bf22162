import { Option } from 'commander';
import { providerList } from '../../providers/manifest.ts';
import type { ProgramParts } from './parts.ts';

const tokenOption = () =>
  new Option('--relay-token <token>', 'the listener token (relay deploy and relay dev print it)').env(
    'HOOKCTL_RELAY_TOKEN',
  );

export function defineRelay({ program, action }: ProgramParts): void {
  const relay = program
    .command('relay')
    .description('a stable URL on your own Cloudflare account that keeps webhooks while you are away')
    .addHelpText(
      'after',
      `
The relay is a Cloudflare Worker with a Durable Object a channel: providers send to
https://<worker>/<channel>/<path>, the relay stores each request and only then answers, and
\`hookctl listen --relay <worker>/<channel>\` receives what it kept, then live events. No hookctl
servers are involved; the Workers free plan is enough for webhook traffic.

Examples:
  $ hookctl relay dev                         the same relay locally (Miniflare), no account
  $ hookctl relay deploy                      deploy it to your Cloudflare account (wrangler)
  $ hookctl listen 3000 --relay https://hookctl-relay.you.workers.dev/<channel>
  $ hookctl relay status https://hookctl-relay.you.workers.dev`,
    );

  relay
    .command('dev')
    .description('run the relay locally on Miniflare (the Workers runtime), for trying it and for tests')
    .option('-p, --port <n>', 'port (0 picks a free one)', '8787')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--persist <dir>', 'keep channels in this directory across restarts (default: in memory)')
    .addOption(
      new Option('--token <token>', 'the listener token (default: a new one, kept in --persist DIR)').env(
        'HOOKCTL_RELAY_TOKEN',
      ),
    )
    .option('--json', 'print {"kind":"ready","url","token","channel","channelUrl"} when ready')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
Runs the relay Worker that relay deploy uploads, on workerd (the Workers runtime) through the
miniflare package, with Durable Object storage in memory or in --persist DIR. Miniflare is large and
optional: install it next to hookctl (npm install -g miniflare@4.20260415.0, the last release that
runs on Node 20) if relay dev says it is missing.

Examples:
  $ hookctl relay dev
  $ hookctl relay dev --port 0 --persist .relay --json
  $ curl -d '{}' http://127.0.0.1:8787/<channel>/webhooks   kept until a listener takes it`,
    )
    .action(action(() => import('../relay-dev.ts')));

  relay
    .command('deploy')
    .description("deploy the relay to your Cloudflare account with Cloudflare's wrangler")
    .option('--name <worker>', 'the Worker name (part of its workers.dev URL)', 'hookctl-relay')
    .option(
      '--dir <dir>',
      'where the deployment files and token are kept (default: ~/.config/hookctl/relay/<name>)',
    )
    .option('--new-token', 'make a new listener token (the old one stops working)')
    .option('--dry-run', 'write the deployment files and print what would run, without running it')
    .option('--json', 'print {"url","channel","channelUrl","token","dir"}')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
Runs \`wrangler deploy\` (Cloudflare's own tooling, through npx; $HOOKCTL_WRANGLER names another
command) on the relay bundle, then stores a listener token as the Worker secret LISTENER_TOKEN with
\`wrangler secret put\`, and prints the stable URL of a new, unguessable channel. Log in first with
\`npx wrangler login\` (or set $CLOUDFLARE_API_TOKEN). The token is kept, readable only by you, in
the deployment directory; deploying again keeps it unless --new-token.

Examples:
  $ npx wrangler login && hookctl relay deploy
  $ hookctl relay deploy --name team-webhooks --json
  $ hookctl relay deploy --dry-run`,
    )
    .action(action(() => import('../relay-deploy.ts')));

  relay
    .command('status')
    .description('show channels, their backlog and listeners')
    .argument('[url]', 'the relay (every channel) or one channel (URL/<channel>); default: the last deployed')
    .addOption(tokenOption())
    .option('--json', 'print {"channels":[…]}')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
Examples:
  $ hookctl relay status https://hookctl-relay.you.workers.dev
  $ hookctl relay status http://127.0.0.1:8787/<channel> --relay-token T --json`,
    )
    .action(action(() => import('../relay-status.ts')));

  relay
    .command('channel')
    .description('set how a channel answers, verifies and retains')
    .argument('<url>', 'the channel (URL/<channel>)')
    .addOption(tokenOption())
    .option('--verify <provider>', `refuse forgeries with 401 at the edge: ${providerList()} (none: off)`)
    .option('--secret <secret>', "the --verify provider's secret (or public key) for the relay")
    .option('--status <code>', 'what every stored webhook is answered with (default 200)')
    .option('--max-events <n>', 'keep at most N events (default 10000)')
    .option('--max-age <duration>', 'drop events older than this (default 7d)')
    .option('--json', 'print the channel status')
    .option('--debug', 'print stack traces with errors')
    .addHelpText(
      'after',
      `
Examples:
  $ hookctl relay channel $URL/$CHANNEL --verify stripe --secret whsec_…
  $ hookctl relay channel $URL/$CHANNEL --status 202 --max-age 2d
  $ hookctl relay channel $URL/$CHANNEL --verify none`,
    )
    .action(action(() => import('../relay-channel.ts')));
}
