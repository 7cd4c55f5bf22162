import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { type App, type AppRequest, type Handler, startApp } from './helpers/app.ts';
import { type InspectorPage, launchBrowser, openInspector } from './helpers/browser.ts';
import { send } from './helpers/http.ts';
import { type Listener, startListen } from './helpers/listen.ts';
import { runHookctl } from './helpers/run.ts';
import { onCleanup, type Scope, suiteScope, tempStore } from './helpers/scope.ts';

// Callbacks given to page.evaluate and friends run in Chromium. This program is typed for Node, without
// the DOM library, so here is the little of the page they use.
interface PageElement {
  id: string;
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  activeElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  fonts: { ready: Promise<unknown> };
  getAnimations(): unknown[];
};
declare const window: object;
declare const navigator: { clipboard: { readText(): Promise<string> } };

const TIMEOUT = { timeout: 30_000 };
const run = promisify(execFile);

/** Numbers JSON.parse would change, an escape it would decode, and markup that must stay text. */
const BODY =
  '{"id":"evt_ui_1","amount":1.0,"big":12345678901234567890123,"e":"\\u00e9","note":"<img src=x onerror=alert(1)><b>hi</b>"}';
const HEADERS = [
  'Content-Type',
  'application/json',
  'X-Order',
  'first',
  'x-order',
  'second',
  'X-Signature-Note',
  't=1,v1=abc',
];

/** Raw header pairs minus those a hop may legitimately change. */
function endToEnd(raw: readonly string[]): string[][] {
  const hop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);
  const out: string[][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!hop.has(name.toLowerCase())) out.push([name, raw[i + 1] as string]);
  }
  return out;
}

function headerOf(request: AppRequest, name: string): string | undefined {
  const index = request.rawHeaders.findIndex((key, i) => i % 2 === 0 && key.toLowerCase() === name);
  return index === -1 ? undefined : request.rawHeaders[index + 1];
}

/** The capture id listen names in its answer. */
function captureId(answer: { headers: Record<string, string | string[] | undefined> }): string {
  const id = answer.headers['x-hookctl-id'];
  assert.equal(typeof id, 'string', 'listen answers with X-Hookctl-Id');
  return id as string;
}

/** The list's rows, top to bottom, as their paths. */
function rowPaths(page: Page): Promise<string[]> {
  return page.$$eval('#rows tr', (rows) =>
    rows.map((row) => row.querySelector('.c-path')?.getAttribute('title') ?? ''),
  );
}

/** Waits until the list shows exactly these paths, top to bottom (the filter applies on input). */
async function waitForPaths(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (wanted) =>
        JSON.stringify(
          [...document.querySelectorAll('#rows tr')].map((row) =>
            row.querySelector('.c-path')?.getAttribute('title'),
          ),
        ) === JSON.stringify(wanted),
      expected,
      { timeout: 10_000 },
    )
    .catch(async (error: Error) => {
      assert.deepEqual(await rowPaths(page), expected, error.message);
    });
}

async function openRow(page: Page, id: string): Promise<void> {
  await page.click(`#rows tr[data-id="${id}"]`);
  await page.locator(`#detail .capture[data-id="${id}"]`).waitFor();
}

/** One Chromium for the file; each test opens its own context (openInspector). */
const browsers = suiteScope();
let browser: Browser;
before(async () => {
  browser = await launchBrowser();
  onCleanup(browsers, () => browser.close());
});

/**
 * A store, an app (when `handler` is given) that listen forwards to, and listen in-process, for a describe
 * block; all of it closed by the block's `after`.
 */
function inspectorSuite(handler?: Handler) {
  const suite = suiteScope();
  const setup = {} as { store: string; target: App; listener: Listener };
  before(async () => {
    setup.store = await tempStore(suite);
    if (handler !== undefined) setup.target = await startApp(suite, handler);
    setup.listener = await startListen(suite, handler === undefined ? [] : [setup.target.url], {
      store: setup.store,
    });
  });
  return { suite, setup };
}

/** Opens the inspector of `listener`, closed when `scope` ends. */
async function inspect(scope: Scope, listener: Listener): Promise<InspectorPage> {
  const inspector = await openInspector(browser, listener.ready.ui as string);
  onCleanup(scope, () => inspector.close());
  return inspector;
}

describe('web inspector', () => {
  const { suite, setup } = inspectorSuite(() => ({}));
  let store: string;
  let target: App;
  let listener: Listener;
  let inspector: InspectorPage;
  let page: Page;
  /** The capture test 1 sends, which later tests open, replay and edit. */
  let id = '';
  let forwarded: AppRequest;

  before(async () => {
    ({ store, target, listener } = setup);
    assert.match(String(listener.ready.ui), /^http:\/\/127\.0\.0\.1:\d+$/);
    inspector = await inspect(suite, listener);
    page = inspector.page;
  });

  it('lists a request sent after the page loaded, without a reload', TIMEOUT, async () => {
    assert.equal(await page.locator('#rows tr').count(), 0);
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const answer = await send(`${listener.url}/hooks/orders?source=ui`, { headers: HEADERS, body: BODY });
    assert.equal(answer.status, 200);
    id = captureId(answer);
    forwarded = await target.next();

    const row = page.locator(`#rows tr[data-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.c-method').textContent(), 'POST');
    assert.equal(await row.locator('.c-path').textContent(), '/hooks/orders?source=ui');
    assert.equal(await row.locator('.c-status').textContent(), '200');
    assert.equal(await page.evaluate(() => 'sameDocument' in window), true);
  });

  it(
    'shows the body exactly as sent (1.0, big integers, escapes) and the headers in order',
    TIMEOUT,
    async () => {
      await openRow(page, id);
      const detail = page.locator('#detail .capture');
      const body = detail.locator('[data-body="request"]');
      const pretty = (await body.locator('.body-content').textContent()) ?? '';
      assert.match(pretty, /"amount": 1\.0,/);
      assert.match(pretty, /"big": 12345678901234567890123,/);
      assert.match(pretty, /"e": "\\u00e9",/);
      assert.ok(pretty.includes('"note": "<img src=x onerror=alert(1)><b>hi</b>"'), pretty);
      // Highlighted from the source tokens: the numbers are spans holding the text as sent.
      assert.deepEqual(await body.locator('.j-num').allTextContents(), ['1.0', '12345678901234567890123']);
      // Strangers' markup stays text.
      assert.equal(await page.locator('#detail img, #detail b').count(), 0);

      await body.locator('[data-view="raw"]').click();
      assert.equal(await body.locator('.body-content pre').textContent(), BODY);

      const shown = await detail
        .locator('[data-headers="request"] tr')
        .evaluateAll((rows) => rows.map((row) => [row.cells[0]?.textContent, row.cells[1]?.textContent]));
      const record = JSON.parse((await runHookctl(['show', id, '--json'], { store })).stdout) as {
        headers: string[][];
      };
      assert.deepEqual(shown, record.headers);
      assert.deepEqual(
        shown.filter(([name]) => name?.toLowerCase().startsWith('x-')),
        [
          ['X-Order', 'first'],
          ['x-order', 'second'],
          ['X-Signature-Note', 't=1,v1=abc'],
        ],
      );
      // The target's answer.
      const response = page.locator('[data-section="response"]');
      assert.match((await response.textContent()) ?? '', /200 OK/);
      assert.equal(await response.locator('[data-body="response"] [data-view="raw"]').count(), 1);
    },
  );

  it(
    'replays with one click: the target gets the same bytes, the result shows in place, linked both ways',
    TIMEOUT,
    async () => {
      await openRow(page, id);
      await page.click('#replay');
      const replayed = await target.next();
      assert.equal(replayed.method, 'POST');
      assert.equal(replayed.url, '/hooks/orders?source=ui');
      assert.deepEqual(replayed.body, Buffer.from(BODY));
      assert.deepEqual(endToEnd(replayed.rawHeaders), endToEnd(forwarded.rawHeaders));

      const result = page.locator('#replay-result.ok');
      await result.waitFor();
      assert.match(
        (await result.textContent()) ?? '',
        /Replayed to http:\/\/127\.0\.0\.1:\d+\/hooks\/orders\?source=ui → 200 OK/,
      );
      const replayId = await result.locator('a.id-link').getAttribute('data-id');
      assert.ok(replayId !== null && replayId !== id);

      // Listed (it came over the WebSocket), marked as a replay of the original.
      const replayRow = page.locator(`#rows tr[data-id="${replayId}"]`);
      await replayRow.waitFor();
      assert.equal(await replayRow.getAttribute('data-replay-of'), id);
      assert.equal(await page.locator('#rows tr').first().getAttribute('data-id'), replayId, 'newest on top');

      // The original names its replay; the replay names its original.
      const forward = page.locator(`#links .link-replays a[data-id="${replayId}"]`);
      await forward.waitFor();
      await forward.click();
      await page.locator(`#detail .capture[data-id="${replayId}"]`).waitFor();
      const back = page.locator(`#links .link-replay-of a[data-id="${id}"]`);
      await back.waitFor();
      await back.click();
      await page.locator(`#detail .capture[data-id="${id}"]`).waitFor();
    },
  );

  it('edits and replays: the target gets the edited body and header', TIMEOUT, async () => {
    await openRow(page, id);
    await page.click('#edit-replay');
    const edited = BODY.replace('1.0', '2.50').replace('evt_ui_1', 'evt_ui_edited_é');
    await page.fill('#edit-body', edited);
    const headers = await page.inputValue('#edit-headers');
    await page.fill('#edit-headers', `${headers}\nX-Edited: yes`);
    await page.click('#edit-send');

    const received = await target.next();
    assert.equal(received.url, '/hooks/orders?source=ui');
    assert.equal(received.body.toString('utf8'), edited);
    assert.equal(headerOf(received, 'content-length'), String(Buffer.byteLength(edited)));
    assert.deepEqual(endToEnd(received.rawHeaders).at(-1), ['X-Edited', 'yes']);

    const result = page.locator('#replay-result.ok');
    await result.waitFor();
    const replayId = (await result.locator('a.id-link').getAttribute('data-id')) as string;
    await page.locator(`#rows tr[data-id="${replayId}"][data-replay-of="${id}"]`).waitFor();
    await openRow(page, replayId);
    await page.locator('#detail [data-body="request"] [data-view="raw"]').click();
    assert.equal(await page.locator('#detail [data-body="request"] .body-content pre').textContent(), edited);
  });

  it('narrows the list by text, provider and status', TIMEOUT, async () => {
    for (const [provider, event] of [
      ['github', 'push'],
      ['stripe', 'payment_intent.succeeded'],
    ] as const) {
      const sent = await runHookctl(
        ['trigger', provider, event, '--to', `${listener.url}/webhooks/${provider}`],
        {
          store,
        },
      );
      assert.equal(sent.code, 0, sent.stderr);
      await target.next();
    }
    const orders = '/hooks/orders?source=ui';
    const all = ['/webhooks/stripe', '/webhooks/github', orders, orders, orders];
    await waitForPaths(page, all);

    await page.fill('#filter', 'github');
    await waitForPaths(page, ['/webhooks/github']);
    await page.fill('#filter', 'hooks/orders');
    await waitForPaths(page, [orders, orders, orders]);
    await page.fill('#filter', 'webhooks payment_intent');
    await waitForPaths(page, ['/webhooks/stripe']);
    await page.fill('#filter', 'no such thing');
    await waitForPaths(page, []);
    assert.equal(await page.locator('#empty').textContent(), 'No requests match the filter.');

    await page.fill('#filter', '');
    await page.selectOption('#filter-provider', 'stripe');
    await waitForPaths(page, ['/webhooks/stripe']);
    await page.selectOption('#filter-provider', '');
    await page.selectOption('#filter-status', 'replay');
    await waitForPaths(page, [orders, orders]);
    await page.selectOption('#filter-status', '');
    await waitForPaths(page, all);
  });

  it('works from the keyboard: / filters, j/k and arrows move, Enter opens, r replays', TIMEOUT, async () => {
    await page.locator('.brand').click(); // nothing focused
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter');
    await page.keyboard.type('webhooks');
    await waitForPaths(page, ['/webhooks/stripe', '/webhooks/github']);
    assert.equal(await page.inputValue('#filter'), 'webhooks', 'the "/" itself is not typed');
    await page.keyboard.press('Escape');
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'filter');

    const orders = '/hooks/orders?source=ui';
    const ids = await page.$$eval('#rows tr', (rows) => rows.map((row) => row.dataset.id));
    const cursor = () => page.$eval('#rows tr.cursor', (row) => row.dataset.id);
    await page.keyboard.press('j');
    assert.equal(await cursor(), ids[0]);
    await page.keyboard.press('j');
    assert.equal(await cursor(), ids[1]);
    await page.keyboard.press('k');
    assert.equal(await cursor(), ids[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await cursor(), ids[1]);
    await page.keyboard.press('Enter');
    await page.locator(`#detail .capture[data-id="${ids[1]}"]`).waitFor();
    assert.equal(await page.locator('#rows tr.open').getAttribute('data-id'), ids[1]);
    await page.keyboard.press('ArrowUp');
    assert.equal(await cursor(), ids[0]);
    assert.equal(await page.locator('#rows tr.open').getAttribute('data-id'), ids[1], 'moving does not open');

    // r replays what is open: the GitHub push.
    await page.keyboard.press('r');
    const replayed = await target.next();
    assert.equal(replayed.url, '/webhooks/github');
    assert.equal(headerOf(replayed, 'x-github-event'), 'push');
    await page.locator('#replay-result.ok').waitFor();

    await page.keyboard.press('/');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('#filter'), '');
    await waitForPaths(page, [
      '/webhooks/github',
      '/webhooks/stripe',
      '/webhooks/github',
      orders,
      orders,
      orders,
    ]);
  });

  it('copies a request as a cURL command that sends the same bytes, binary bodies too', TIMEOUT, async () => {
    const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
    const cases: Array<[string, Buffer, string[]]> = [
      ['/curl/json', Buffer.from(BODY), HEADERS],
      ['/curl/binary', binary, ['Content-Type', 'application/octet-stream', 'X-Quote', "it's"]],
      ['/curl/text', Buffer.from("line one\r\nit's $HOME `date` \\n\n"), ['Content-Type', 'text/plain']],
    ];
    for (const [path, bytes, headers] of cases) {
      const answer = await send(`${listener.url}${path}`, { headers, body: bytes });
      const captured = captureId(answer);
      const original = await target.next();
      await page.locator(`#rows tr[data-id="${captured}"]`).waitFor();
      await openRow(page, captured);
      await page.click('#copy-curl');
      await page.locator('#toast:not([hidden])').waitFor();
      const command = await page.evaluate(() => navigator.clipboard.readText());
      assert.ok(command.includes(`${target.url}${path}`), command);

      await run('bash', ['-c', `${command} --silent --show-error --output /dev/null`]);
      const again = await target.next();
      assert.equal(again.method, 'POST');
      assert.equal(again.url, path);
      assert.deepEqual(again.body, bytes, path);
      assert.deepEqual(endToEnd(again.rawHeaders), endToEnd(original.rawHeaders), path);
    }
  });

  it(
    'downloads the raw body and exports a JSON body as a fixture trigger --data accepts',
    TIMEOUT,
    async () => {
      const [row] = await page.$$eval('#rows tr', (rows) =>
        rows
          .filter((r) => r.querySelector('.c-path')?.getAttribute('title') === '/webhooks/stripe')
          .map((r) => r.dataset.id),
      );
      assert.ok(row);
      await openRow(page, row);
      const raw = (await runHookctl(['show', row, '--raw'], { store })).stdoutBytes;

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-raw')]);
      assert.equal(download.suggestedFilename(), `${row}.bin`);
      assert.deepEqual(await readFile((await download.path()) as string), raw);

      const [fixture] = await Promise.all([page.waitForEvent('download'), page.click('#export-fixture')]);
      assert.equal(fixture.suggestedFilename(), 'stripe-payment_intent.succeeded.json');
      const file = join(store, 'fixture.json');
      await fixture.saveAs(file);
      assert.deepEqual(await readFile(file), raw);
      const printed = await runHookctl(
        [
          'trigger',
          'stripe',
          'payment_intent.succeeded',
          '--data',
          file,
          '--print',
          '--json',
          '--to',
          '3000',
        ],
        { store },
      );
      assert.equal(printed.code, 0, printed.stderr);
      // trigger refreshes the ids; the rest of the payload is the file's.
      type Event = { type: string; data: { object: { amount: number; currency: string; status: string } } };
      const sent = JSON.parse((JSON.parse(printed.stdout) as { body: string }).body) as Event;
      const exported = JSON.parse(raw.toString()) as Event;
      assert.equal(sent.type, exported.type);
      const { amount, currency, status } = exported.data.object;
      assert.deepEqual(
        {
          amount: sent.data.object.amount,
          currency: sent.data.object.currency,
          status: sent.data.object.status,
        },
        { amount, currency, status },
      );

      // A form body is not a fixture.
      const slack = await runHookctl(['trigger', 'slack', 'slash_command', '--to', `${listener.url}/slack`], {
        store,
      });
      assert.equal(slack.code, 0, slack.stderr);
      await target.next();
      const slackRow = page.locator('#rows tr').filter({ hasText: 'slash_command' }).first();
      await slackRow.waitFor();
      await slackRow.click();
      await page.locator('#detail [data-body="request"][data-kind="form"]').waitFor();
      assert.equal(await page.locator('#export-fixture').count(), 0);
    },
  );

  it('stayed on its own origin and had no errors', TIMEOUT, async () => {
    const origin = new URL(listener.ready.ui as string).origin;
    const elsewhere = inspector.requests.filter(
      (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
    );
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(inspector.problems, []);
  });
});

describe('web inspector with many captures', () => {
  const { setup } = inspectorSuite();

  it(
    'keeps 500 rows in the page, shows more on request, and new ones still arrive on top',
    TIMEOUT,
    async (t) => {
      const { listener } = setup;
      const total = 620;
      for (let i = 0; i < total; i += 40) {
        await Promise.all(
          Array.from({ length: Math.min(40, total - i) }, (_, j) =>
            send(`${listener.url}/bulk/${i + j}`, {
              headers: ['Content-Type', 'application/json'],
              body: `{"n":${i + j}}`,
            }),
          ),
        );
      }
      const inspector = await inspect(t, listener);
      const { page } = inspector;
      await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 500);
      assert.equal(await page.locator('#count').textContent(), `${total} requests`);
      assert.equal(await page.locator('#more').textContent(), 'Show 120 more (120 not shown)');

      // New requests go on top; the page still holds 500 rows.
      await send(`${listener.url}/live/one`, { body: 'x' });
      await page.locator('#rows tr:first-child .c-path[title="/live/one"]').waitFor();
      assert.equal(await page.locator('#rows tr').count(), 500);

      await page.click('#more');
      await page.waitForFunction(
        (count) => document.querySelectorAll('#rows tr').length === count,
        total + 1,
      );
      assert.ok(await page.locator('#more').isHidden());
      const last = await page.locator('#rows tr').last().locator('.c-path').getAttribute('title');
      assert.match(last ?? '', /^\/bulk\/\d+$/);
      assert.deepEqual(inspector.problems, []);
    },
  );
});

describe('web inspector screenshot', () => {
  // An app that fails one kind of event, as apps under development do.
  const { setup } = inspectorSuite((request) =>
    request.body.includes('invoice.payment_failed')
      ? {
          status: 500,
          headers: ['Content-Type', 'text/plain'],
          body: 'TypeError: invoice.customer is null',
        }
      : {},
  );

  it(
    'renders a few realistic captures without errors (HOOKCTL_UPDATE_SCREENSHOT=1 saves docs/inspector.png)',
    TIMEOUT,
    async (t) => {
      const { store, target, listener } = setup;
      const inspector = await inspect(t, listener);
      const { page } = inspector;
      const events: Array<[string, string, string]> = [
        ['github', 'pull_request.opened', '/webhooks/github'],
        ['stripe', 'customer.subscription.created', '/webhooks/stripe'],
        ['slack', 'app_mention', '/slack/events'],
        ['stripe', 'invoice.payment_failed', '/webhooks/stripe'],
        ['github', 'workflow_run.completed', '/webhooks/github'],
        ['slack', 'slash_command', '/slack/commands'],
        ['stripe', 'checkout.session.completed', '/webhooks/stripe'],
        ['github', 'push', '/webhooks/github'],
        ['stripe', 'payment_intent.succeeded', '/webhooks/stripe'],
      ];
      for (const [provider, event, path] of events) {
        const sent = await runHookctl(['trigger', provider, event, '--to', `${listener.url}${path}`], {
          store,
        });
        assert.equal(sent.code, event === 'invoice.payment_failed' ? 1 : 0, sent.stderr);
        await target.next();
      }
      await page.waitForFunction(
        (count) => document.querySelectorAll('#rows tr').length === count,
        events.length,
      );
      const top = page.locator('#rows tr').first();
      await top.click();
      await page.locator('#detail .capture').waitFor();
      await page.click('#replay');
      await target.next();
      await page.locator('#replay-result.ok').waitFor();
      await page.locator('#rows tr[data-replay-of]').waitFor();
      await page.locator('#links .link-replays a').waitFor();
      await page.mouse.move(0, 0);
      await page.evaluate(() => document.fonts.ready);
      await page.waitForFunction(
        () => document.querySelector('#rows tr.fresh') === null || document.getAnimations().length === 0,
      );

      // README's picture is refreshed on request (HOOKCTL_UPDATE_SCREENSHOT=1), not by every test run.
      const docs = process.env.HOOKCTL_UPDATE_SCREENSHOT
        ? fileURLToPath(new URL('../docs/', import.meta.url))
        : store;
      await mkdir(docs, { recursive: true });
      const png = await page.screenshot({ path: join(docs, 'inspector.png') });
      assert.ok(
        png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
        'not a PNG',
      );
      assert.deepEqual(inspector.problems, []);
    },
  );
});
