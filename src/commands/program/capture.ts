import { Option } from 'commander';
import { providerList } from '../../providers/manifest.ts';
import { DEFAULTS } from '../defaults.ts';
import { CA_FLAG, INSECURE_FLAG, type ProgramParts } from './parts.ts';

export function defineListen({ command, action }: ProgramParts): void {
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
    .option(
      '--route <rule>',
      "MATCH=ACTION, repeatable, first match wins: 'stripe:invoice.*=3000/billing', '/slack/*=capture', 'stripe=respond:500:4s'",
      (rule: string, rules: string[] = []) => [...rules, rule],
    )
    .option('--relay <url>', "receive a relay channel's webhooks instead of a tunnel (URL/<channel>)")
    .addOption(new Option('--relay-token <token>', "the relay's listener token").env('HOOKCTL_RELAY_TOKEN'))
    .option('--relay-name <name>', "this listener's cursor at the relay (default: user@host)")
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
    .option(...INSECURE_FLAG)
    .option(...CA_FLAG)
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
  $ hookctl listen 3000 --route 'stripe=3000/billing' --route 'github=4000'   one listen, two apps
  $ hookctl listen --route 'stripe:invoice.*=3000,4000' --route '*=capture'   fan-out; the rest kept only
  $ hookctl listen --route 'stripe=respond:500:4s'   watch Stripe retry a failing endpoint (via the tunnel)
  $ hookctl listen https://localhost:3443 --insecure   an app serving HTTPS, self-signed certificate
  $ hookctl listen https://localhost:3443 --ca ./certs/dev-ca.pem   trust that certificate instead
  $ hookctl listen 3000 --relay https://hookctl-relay.you.workers.dev/<channel>
                                                 drain and follow a relay channel (see hookctl relay)
  $ hookctl listen                                with a hookctl.yaml here or in a parent: its forward
                                                 target, options and routes (hookctl config shows them)

Senders get the target's answer; 502 when it is down (the request is still captured), 504 after
--forward-timeout, 413 over --max-body. Without a forward target every request gets 200, and
Slack's url_verification challenge is echoed; Zoom's endpoint.url_validation gets its encrypted
token when signed with $ZOOM_WEBHOOK_SECRET_TOKEN (or --secret with --verify zoom; else the development
one); Discord's PING gets {"type":1} when it verifies with $DISCORD_PUBLIC_KEY (else the development
key), and a badly signed Discord request 401.

HTTPS targets: --insecure accepts any certificate, but only from localhost, *.localhost, 127.0.0.0/8
and ::1; for any other host it has no effect and the certificate is still checked. --ca FILE trusts
a PEM certificate (a self-signed one, or the CA that signed it, e.g. mkcert's) on top of the usual
roots, for any host. A certificate that fails shows in the request's forward error, with the fix.

Public URL: a Cloudflare quick tunnel (no account) gives a new https://….trycloudflare.com URL each
run; quick tunnels allow 200 requests in flight, bodies up to 100 MB, and no server-sent events.
--tunnel-token runs a named tunnel whose hostname stays the same. cloudflared comes from the
cloudflared npm package (hookctl tunnel install) or $CLOUDFLARED_BIN; without it, listen receives
locally and says so. hookctl doctor checks the setup.

Routes: --route 'MATCH=ACTION', one rule a flag, the first that matches wins, [forward] is the
fallback (without it, an unmatched request is captured and answered as capture-only listen does).
MATCH is a provider (stripe), optionally with an event glob (stripe:invoice.*), and/or a path glob
starting with / (/slack/*; github/hooks/* is both; with an event, the path follows after a space:
'shopify:orders/* /shop/*'); * alone matches everything. ACTION is one or more targets separated by
commas (any form [forward] takes; each gets the same bytes, the sender gets the first one's answer,
every answer is recorded), capture (store, do not forward), or respond:STATUS[:DELAY] (answer that
status after the delay, e.g. respond:500 or respond:200:4s; with headers and a body:
respond:{"status":429,"delay":"2s","headers":{"Retry-After":"30"},"body":"later"}).

Relay: --relay URL/<channel> (token from --relay-token or $HOOKCTL_RELAY_TOKEN) takes the place of
the tunnel. Everything the relay kept while listen was away arrives first, oldest first, then live
events; each is captured and forwarded as a direct request would be, stored exactly once, and
acknowledged to the relay only once it is on disk. The connection comes back by itself after sleep or
a network change. Each --relay-name has its own cursor, so a team shares one channel.

Project file: hookctl.yaml (or --config FILE) holds these options in their own words (listen.port,
listen.max-body, listen.routes, …); flags and environment variables override it. See hookctl config --help.`,
    )
    .action(action(() => import('../listen.ts')));
}

export function defineList({ command, action }: ProgramParts): void {
  command('list', 'list captures, newest first')
    .option('-n, --limit <n>', 'how many', DEFAULTS.limit)
    .option('--provider <name>', `only this provider (${providerList()})`)
    .option('--event <name>', 'only this event type, e.g. payment_intent.succeeded')
    .option('--json', 'print a JSON array')
    .addHelpText(
      'after',
      '\nExamples:\n  $ hookctl list\n  $ hookctl list --provider stripe --limit 5 --json',
    )
    .action(action(() => import('../list.ts')));
}

export function defineShow({ command, action }: ProgramParts): void {
  command('show', 'show one capture in full')
    .argument('[id]', 'capture id, any unique prefix of one, or "last"', 'last')
    .option('--raw', 'write the exact body bytes and nothing else')
    .option('--json', 'print the record as JSON, the body as bodyBase64')
    .addHelpText('after', '\nExamples:\n  $ hookctl show last\n  $ hookctl show 01jf3k9x --raw > body.bin')
    .action(action(() => import('../show.ts')));
}

export function defineUi({ command, action }: ProgramParts): void {
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
    .action(action(() => import('../ui.ts')));
}

export function defineClear({ command, action }: ProgramParts): void {
  command('clear', 'delete every capture in the store')
    .option('--json', 'print {"removed": N}')
    .action(action(() => import('../clear.ts')));
}
