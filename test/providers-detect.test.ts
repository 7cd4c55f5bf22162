import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { type HeaderPair, headerValue, headerValues } from '../src/http/headers.ts';

import { detectProvider, findProvider, providers } from '../src/providers/registry.ts';

import { slackChallenge } from '../src/providers/slack/index.ts';

import type { Detection, InboundRequest } from '../src/providers/types.ts';

const request = (headers: HeaderPair[], body: string | Buffer = ''): InboundRequest => ({
  headers,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
});
const json = 'application/json';
const form = 'application/x-www-form-urlencoded';
const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x80, 0xc3, 0x28, 0x0a, 0x1f, 0x8b, 0x08]);

const stripeHeaders: HeaderPair[] = [
  ['Host', 'example.trycloudflare.com'],
  ['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'],
  ['Content-Type', 'application/json; charset=utf-8'],
  ['Stripe-Signature', 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd'],
];
const stripeEvent = `{
  "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
  "object": "event",
  "api_version": "2023-10-16",
  "created": 1686089970,
  "data": {
    "object": { "id": "pi_3NG8Dt2eZvKYlo2C0Z5Y7u8s", "object": "payment_intent", "amount": 2000 }
  },
  "livemode": false,
  "pending_webhooks": 1,
  "request": { "id": "req_7GpF4cZJ3oQ2Nq", "idempotency_key": null },
  "type": "payment_intent.succeeded"
}`;

const githubHeaders = (event: string, contentType = json): HeaderPair[] => [
  ['Host', 'example.trycloudflare.com'],
  ['User-Agent', 'GitHub-Hookshot/a3b1c2d'],
  ['Content-Type', contentType],
  ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
  ['X-GitHub-Event', event],
  ['X-GitHub-Hook-ID', '292430182'],
  ['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'],
];
const pullRequestOpened = JSON.stringify({
  action: 'opened',
  number: 2,
  pull_request: { id: 279147437, number: 2, state: 'open', title: 'Update the README with new information.' },
  repository: { id: 186853002, full_name: 'Codertocat/Hello-World' },
  sender: { login: 'Codertocat', type: 'User' },
});
const ping = JSON.stringify({
  zen: 'Design for failure.',
  hook_id: 292430182,
  hook: { type: 'Repository', id: 292430182, events: ['*'], active: true },
});

const slackHeaders = (contentType: string): HeaderPair[] => [
  ['Host', 'example.trycloudflare.com'],
  ['User-Agent', 'Slackbot 1.0 (+https://api.slack.com/robots)'],
  ['content-type', contentType],
  ['x-slack-request-timestamp', '1531420618'],
  ['x-slack-signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
];
// The slash command body from Slack's signing docs (https://api.slack.com/authentication/verifying-requests-from-slack).
const slashCommand =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const interactivity = (type: string) =>
  formBody({
    payload: JSON.stringify({
      type,
      team: { id: 'T9TK3CUKW', domain: 'example' },
      user: { id: 'UA8RXUSPL', username: 'jtorrance' },
      api_app_id: 'AABA1ABCD',
      trigger_id: '12466734323.1395872398',
      ...(type === 'block_actions'
        ? { actions: [{ action_id: 'WaXA', type: 'button', value: 'click_me' }] }
        : {}),
    }),
  });
const eventCallback = (event: Record<string, unknown>) =>
  JSON.stringify({
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: { ...event, event_ts: '1515449522000016' },
    type: 'event_callback',
    event_id: 'Ev123ABC456',
    event_time: 1515449522,
  });
const urlVerification = JSON.stringify({
  token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
  challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
  type: 'url_verification',
});

const standardHeaders: HeaderPair[] = [
  ['Content-Type', json],
  ['webhook-id', 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'],
  ['webhook-timestamp', '1674087231'],
  ['webhook-signature', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='],
];
const svixHeaders: HeaderPair[] = [
  ['Content-Type', json],
  ['Svix-Id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
  ['Svix-Timestamp', '1614265330'],
  [
    'Svix-Signature',
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo=',
  ],
];
const invoicePaid = JSON.stringify({
  type: 'invoice.paid',
  timestamp: '2022-11-03T20:26:10.344522Z',
  data: {},
});

const cases: Array<[string, InboundRequest, [provider: string, event: string | null] | null]> = [
  // Stripe
  ['stripe event', request(stripeHeaders, stripeEvent), ['stripe', 'payment_intent.succeeded']],
  [
    'stripe, lowercase header, type without object field',
    request([['stripe-signature', 't=1,v1=00']], '{"type":"customer.created"}'),
    ['stripe', 'customer.created'],
  ],
  ['stripe, type not a string', request(stripeHeaders, '{"object":"event","type":42}'), ['stripe', null]],
  ['stripe, JSON array body', request(stripeHeaders, `[${stripeEvent}]`), ['stripe', null]],
  ['stripe, truncated JSON', request(stripeHeaders, stripeEvent.slice(0, 80)), ['stripe', null]],
  ['stripe, binary garbage', request(stripeHeaders, garbage), ['stripe', null]],
  ['stripe, empty body', request(stripeHeaders), ['stripe', null]],
  // GitHub
  [
    'github pull_request.opened',
    request(githubHeaders('pull_request'), pullRequestOpened),
    ['github', 'pull_request.opened'],
  ],
  ['github ping stays ping', request(githubHeaders('ping'), ping), ['github', 'ping']],
  [
    'github push without action',
    request(githubHeaders('push'), '{"ref":"refs/heads/main","before":"0000","after":"6113"}'),
    ['github', 'push'],
  ],
  [
    'github form-encoded payload',
    request(githubHeaders('pull_request', form), formBody({ payload: pullRequestOpened })),
    ['github', 'pull_request.opened'],
  ],
  [
    'github form body without payload field',
    request(githubHeaders('issues', form), 'foo=bar'),
    ['github', 'issues'],
  ],
  [
    'github form payload is not JSON',
    request(githubHeaders('issues', form), 'payload=%7Bnope'),
    ['github', 'issues'],
  ],
  [
    'github duplicated event header, odd case: first value wins',
    request(
      [
        ['x-github-event', 'issues'],
        ['X-GITHUB-EVENT', 'push'],
      ],
      '{"action":"closed"}',
    ),
    ['github', 'issues.closed'],
  ],
  [
    'github action not a string',
    request(githubHeaders('issues'), '{"action":{"name":"x"}}'),
    ['github', 'issues'],
  ],
  ['github malformed JSON', request(githubHeaders('issues'), '{"action":'), ['github', 'issues']],
  ['github binary garbage', request(githubHeaders('push'), garbage), ['github', 'push']],
  ['github empty event header', request(githubHeaders(''), pullRequestOpened), ['github', null]],
  // Slack
  ['slack url_verification', request(slackHeaders(json), urlVerification), ['slack', 'url_verification']],
  [
    'slack event_callback app_mention',
    request(
      slackHeaders(json),
      eventCallback({ type: 'app_mention', user: 'U061F7AUR', text: '<@U0LAN0Z89> hi' }),
    ),
    ['slack', 'app_mention'],
  ],
  [
    'slack plain message',
    request(slackHeaders(json), eventCallback({ type: 'message', channel: 'C2147483705', text: 'Hello' })),
    ['slack', 'message'],
  ],
  [
    'slack message subtype',
    request(slackHeaders(json), eventCallback({ type: 'message', subtype: 'channel_join', user: 'W123' })),
    ['slack', 'message.channel_join'],
  ],
  [
    'slack subtype on a non-message event is ignored',
    request(slackHeaders(json), eventCallback({ type: 'app_mention', subtype: 'bot_message' })),
    ['slack', 'app_mention'],
  ],
  [
    'slack event_callback without inner event',
    request(slackHeaders(json), '{"type":"event_callback","event":"app_mention"}'),
    ['slack', null],
  ],
  [
    'slack other JSON type',
    request(slackHeaders(json), '{"type":"app_rate_limited","minute_rate_limited":1518467820}'),
    ['slack', null],
  ],
  ['slack slash command', request(slackHeaders(form), slashCommand), ['slack', 'slash_command']],
  [
    'slack block_actions',
    request(slackHeaders(form), interactivity('block_actions')),
    ['slack', 'block_actions'],
  ],
  [
    'slack view_submission, form type with charset',
    request(slackHeaders(`${form}; charset=utf-8`), interactivity('view_submission')),
    ['slack', 'view_submission'],
  ],
  ['slack shortcut', request(slackHeaders(form), interactivity('shortcut')), ['slack', 'shortcut']],
  [
    'slack interactivity payload is not JSON',
    request(slackHeaders(form), 'payload=%7B%22type%22%3A'),
    ['slack', null],
  ],
  ['slack form without command or payload', request(slackHeaders(form), 'a=1&b=2'), ['slack', null]],
  [
    'slack timestamp header alone',
    request([['X-Slack-Request-Timestamp', '1531420618']], urlVerification),
    ['slack', 'url_verification'],
  ],
  ['slack binary garbage', request(slackHeaders(json), garbage), ['slack', null]],
  ['slack empty body', request(slackHeaders(form)), ['slack', null]],
  // Standard Webhooks and Svix
  ['standard webhooks', request(standardHeaders, invoicePaid), ['standard-webhooks', 'invoice.paid']],
  ['svix headers, mixed case', request(svixHeaders, invoicePaid), ['standard-webhooks', 'invoice.paid']],
  ['standard webhooks, no type', request(standardHeaders, '{"data":{}}'), ['standard-webhooks', null]],
  ['standard webhooks, garbage', request(standardHeaders, garbage), ['standard-webhooks', null]],
  ['webhook-id without signature', request([['webhook-id', 'msg_1']], invoicePaid), null],
  [
    'webhook-id with svix-signature is neither scheme',
    request(
      [
        ['webhook-id', 'msg_1'],
        ['svix-signature', 'v1,abc'],
      ],
      invoicePaid,
    ),
    null,
  ],
  // Order and absence
  [
    'stripe wins over standard webhooks',
    request([...standardHeaders, ['Stripe-Signature', 't=1,v1=00']], stripeEvent),
    ['stripe', 'payment_intent.succeeded'],
  ],
  [
    'github wins over slack',
    request([...slackHeaders(json), ['X-GitHub-Event', 'ping']], ping),
    ['github', 'ping'],
  ],
  [
    'no provider headers',
    request(
      [
        ['Host', 'localhost:3000'],
        ['Content-Type', json],
        ['User-Agent', 'curl/8.5.0'],
      ],
      stripeEvent,
    ),
    null,
  ],
  ['no headers, empty body', request([]), null],
];

describe('detectProvider', () => {
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const before = Buffer.from(input.body);
      const detection: Detection | null = expected && { provider: expected[0], event: expected[1] };
      assert.deepEqual(detectProvider(input), detection);
      assert.ok(input.body.equals(before), 'the body bytes are unchanged');
    });
  }

  it('does not parse bodies of 1 MiB or more', () => {
    const padding = ' '.repeat(1024 * 1024);
    const big = request(stripeHeaders, `{"type":"charge.succeeded","pad":"${padding}"}`);
    assert.deepEqual(detectProvider(big), { provider: 'stripe', event: null });
    const justUnder = request(stripeHeaders, `{"type":"charge.succeeded"}${' '.repeat(1024 * 1024 - 28)}`);
    assert.equal(justUnder.body.length, 1024 * 1024 - 1);
    assert.deepEqual(detectProvider(justUnder), { provider: 'stripe', event: 'charge.succeeded' });
  });
});

describe('slackChallenge', () => {
  it('returns the challenge of a signed url_verification body', () => {
    assert.equal(
      slackChallenge(request(slackHeaders(json), urlVerification)),
      '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    );
  });
  it('is null for other Slack bodies, bad input, and requests without Slack headers', () => {
    assert.equal(slackChallenge(request(slackHeaders(json), eventCallback({ type: 'app_mention' }))), null);
    assert.equal(
      slackChallenge(request(slackHeaders(json), '{"type":"url_verification","challenge":7}')),
      null,
    );
    assert.equal(slackChallenge(request(slackHeaders(json), garbage)), null);
    assert.equal(slackChallenge(request([['Content-Type', json]], urlVerification)), null);
  });
});

describe('header helpers and registry', () => {
  const headers: HeaderPair[] = [
    ['Svix-Signature', 'v1,first'],
    ['content-type', json],
    ['svix-signature', 'v1,second'],
  ];
  it('looks headers up case-insensitively, keeping duplicates in order', () => {
    assert.equal(headerValue(headers, 'SVIX-SIGNATURE'), 'v1,first');
    assert.deepEqual(headerValues(headers, 'svix-signature'), ['v1,first', 'v1,second']);
    assert.equal(headerValue(headers, 'webhook-id'), null);
    assert.deepEqual(headerValues(headers, 'webhook-id'), []);
  });
  it('lists providers in detection order and finds them by name', () => {
    assert.deepEqual(
      providers.map((provider) => provider.name),
      ['stripe', 'github', 'slack', 'openai', 'clerk', 'resend', 'svix', 'standard-webhooks'],
    );
    assert.equal(findProvider('GitHub')?.title, 'GitHub');
    assert.equal(findProvider('standard-webhooks')?.title, 'Standard Webhooks');
    assert.equal(findProvider('shopify'), null);
  });
});
