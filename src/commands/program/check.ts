import { providerList } from '../../providers/manifest.ts';
import { DEFAULTS } from '../defaults.ts';
import { CA_FLAG, INSECURE_FLAG, type ProgramParts } from './parts.ts';

export function defineCheck({ command, action }: ProgramParts): void {
  command('check', 'grade a running webhook handler against what providers really send (and forge)')
    .argument('<provider>', providerList(' or '))
    .requiredOption(
      '--to <url>',
      'the webhook endpoint: a port, host:port or URL (nothing is sent elsewhere)',
    )
    .option(
      '--secret <secret>',
      "the signing secret your handler uses (default: the provider's env variable, else the development secret)",
    )
    .option(
      '--private-key <file>',
      'for key-pair schemes (Discord, SendGrid): sign with this PEM private key',
    )
    .option(
      '--event <name>',
      "the event to send (default: a representative one, e.g. Stripe's payment_intent.succeeded)",
    )
    .option('--path <path>', 'appended to --to, e.g. /webhooks/stripe')
    .option(
      '--public-url <url>',
      'the URL the provider would call, for schemes that sign it (Twilio, Square, HubSpot)',
    )
    .option('--only <checks>', 'run only these checks, comma-separated (e.g. valid,raw-body)')
    .option('--skip <checks>', 'leave these checks out, comma-separated')
    .option('--timeout <duration>', 'how long each answer may take', DEFAULTS.timeout)
    .option('--time-scale <factor>', "multiply the provider's deadline, e.g. 0.1", DEFAULTS.timeScale)
    .option(...INSECURE_FLAG)
    .option(...CA_FLAG)
    .option('--junit <file>', 'write a JUnit XML report, a testcase per check')
    .option('--json', 'print {"provider","to","event","checks":[…],"passed","failed"}')
    .addHelpText(
      'after',
      `
Required checks (exit 1 if one fails):
  valid         a correctly signed, realistic event gets a 2xx
  raw-body      the same, in bytes a parse-then-JSON.stringify does not give back, gets a 2xx
  unsigned      the event without its signature header(s) is refused (4xx)
  wrong-secret  signed with another secret (or key) is refused
  tampered      one body byte changed after signing is refused
  stale         signed outside the provider's timestamp window is refused (timed schemes)
  deadline      a 2xx within the provider's deadline (Slack 3 s, GitHub 10 s, Shopify 5 s, …)
  duplicate     the same event again, then two copies at once: 2xx every time (not 409)
  rotation      an old and the current signature in one header, both orders: 2xx (Stripe, Standard Webhooks)
Informational (never fail the run): out-of-order, method (a GET to the URL), oversize (a body over
the provider's documented cap, GitHub's 25 MB).
A check that does not apply to the scheme is left out. Exit 2 for bad usage.

Examples:
  $ hookctl check stripe --to 3000/webhooks --secret "$STRIPE_WEBHOOK_SECRET"
  $ hookctl check github --to http://localhost:3000/api/github --only valid,raw-body,tampered
  $ hookctl check slack --to 3000/slack/events --json
  $ hookctl check stripe --to 3000/webhooks --junit check.xml          for CI`,
    )
    .action(action(() => import('../check.ts')));
}
