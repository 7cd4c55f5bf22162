import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chalk } from 'chalk';
import type { Capture, CaptureSummary } from '../src/core/types.ts';
import { hexDump, isBinary, prettyJson, renderBody, trimIncompleteUtf8 } from '../src/output/body.ts';
import { renderCapture, renderVerbose } from '../src/output/capture-view.ts';
import {
  clipAnsi,
  displayWidth,
  formatDuration,
  formatSize,
  formatTimeOfDay,
  padEnd,
  printable,
  stripAnsi,
  truncate,
  truncateMiddle,
} from '../src/output/format.ts';
import { formatListHeader, formatRequestLine } from '../src/output/request-line.ts';
import { batchingOut } from '../src/output/terminal.ts';

const plain = new Chalk({ level: 0 });
const color = new Chalk({ level: 1 });
const ESC = '\u001b';
const localIso = (h: number, m: number, s: number): string => new Date(2024, 4, 1, h, m, s).toISOString();

describe('format helpers', () => {
  it('formats durations', () => {
    const cases = { 0: '0ms', 12: '12ms', 999.4: '999ms', 999.6: '1.0s', 1400: '1.4s', 12345: '12.3s' };
    const more = { 59949: '59.9s', 59960: '1m00s', 125000: '2m05s', 3600000: '1h00m', '-1': '-', NaN: '-' };
    for (const [ms, expected] of Object.entries({ ...cases, ...more })) {
      assert.equal(formatDuration(Number(ms)), expected, `${ms}ms`);
    }
  });

  it('formats sizes', () => {
    const cases = { 0: '0 B', 512: '512 B', 1023: '1023 B', 1024: '1.0 KB', 1229: '1.2 KB' };
    const more = { 524288: '512 KB', 1048269: '1.0 MB', 26214400: '25.0 MB', 3221225472: '3.0 GB' };
    for (const [bytes, expected] of Object.entries({ ...cases, ...more })) {
      assert.equal(formatSize(Number(bytes)), expected, `${bytes} bytes`);
    }
  });

  it('formats local time of day', () => {
    assert.equal(formatTimeOfDay(localIso(23, 41, 8)), '23:41:08');
    assert.equal(formatTimeOfDay(new Date(2024, 0, 2, 9, 5, 3)), '09:05:03');
    assert.equal(formatTimeOfDay('not a date'), '--:--:--');
  });

  it('measures and truncates by display width', () => {
    const cases: Array<[string, number, string, string]> = [
      ['hello', 10, 'hello', 'hello'],
      ['hello world', 5, 'hell…', 'he…ld'],
      ['/a/very/long/path', 9, '/a/very/…', '/a/v…path'],
      ['日本語テキスト', 5, '日本…', '日…ト'],
      ['abc', 0, '', ''],
    ];
    for (const [text, width, end, middle] of cases) {
      assert.equal(truncate(text, width), end, `truncate ${text} ${width}`);
      assert.equal(truncateMiddle(text, width), middle, `truncateMiddle ${text} ${width}`);
    }
    assert.equal(displayWidth('日本'), 4);
    assert.equal(displayWidth('e\u0301'), 1);
    assert.equal(displayWidth(color.red('ab')), 2);
    assert.equal(displayWidth(padEnd(color.red('ab'), 5)), 5);
  });

  it('clips coloured text without breaking the colour codes', () => {
    const clipped = clipAnsi(`${color.red('abcdef')}ghi`, 4);
    assert.equal(displayWidth(clipped), 4);
    assert.equal(stripAnsi(clipped), 'abc…');
    assert.ok(clipped.endsWith(`${ESC}[0m`));
  });

  it('escapes control characters a sender could use to drive the terminal', () => {
    assert.equal(printable(`${ESC}[2Jhi\u009b`), '\\x1b[2Jhi\\x9b');
    assert.equal(printable('a\r\nb\tc'), 'a\\r\\nb\\tc');
    assert.equal(printable('a\r\nb\tc\rd', { multiline: true }), 'a\nb\tc\\rd');
  });
});

const longId = '01hx3k9q7vax8m2n';
function summary(overrides: Partial<CaptureSummary> = {}): CaptureSummary {
  return {
    id: longId,
    receivedAt: localIso(23, 41, 8),
    method: 'POST',
    path: '/webhooks/stripe',
    provider: 'stripe',
    event: 'payment_intent.succeeded',
    signature: 'valid',
    size: 3120,
    forward: { url: 'http://localhost:3000/webhooks/stripe', status: 200, durationMs: 42 },
    ...overrides,
  };
}

const row = (item: CaptureSummary, columns: number, chalk = plain, pending = false): string =>
  formatRequestLine(item, { chalk, columns, pending });

describe('formatRequestLine', () => {
  const hard = [
    summary(),
    summary({ path: `/hooks/${'segment/'.repeat(40)}end?query=${'x'.repeat(60)}`, event: 'e'.repeat(80) }),
    summary({ method: 'OPTIONS', provider: null, event: null, signature: 'unchecked', forward: null }),
    summary({
      signature: 'invalid',
      forward: { url: 'http://x', status: null, durationMs: 30_000, error: 'connect ECONNREFUSED ::1:3000' },
    }),
    summary({ path: '/日本語/パス/'.repeat(20), size: 25 * 1024 * 1024 }),
  ];

  it('never exceeds the terminal width and keeps columns aligned', () => {
    for (const columns of [40, 60, 80, 100, 120, 200]) {
      const forwardOffsets = new Set<number>();
      for (const item of hard) {
        const colored = row(item, columns, color);
        assert.ok(displayWidth(colored) <= columns, `${displayWidth(colored)} > ${columns}: ${colored}`);
        const line = row(item, columns);
        if (columns >= 60) assert.equal(displayWidth(line), columns, line);
        const offset = line.search(/→|captured/);
        forwardOffsets.add(displayWidth(line.slice(0, offset)));
      }
      if (columns >= 60) assert.equal(forwardOffsets.size, 1, `forward column moves at ${columns}`);
    }
  });

  it('shows every column when there is room', () => {
    const expected =
      /^23:41:08 POST {3}\/webhooks\/stripe +stripe payment_intent\.succeeded +✓ valid +→ 200 +42ms/;
    assert.match(row(summary(), 200), new RegExp(`${expected.source} +3\\.0 KB ${longId}$`));
  });

  it('drops size, then the provider, then shortens the id as the terminal narrows', () => {
    const at100 = row(summary(), 100);
    assert.ok(
      !at100.includes('KB') && at100.includes(' stripe payment_inte') && at100.endsWith(longId),
      at100,
    );
    const at80 = row(summary(), 80);
    assert.ok(
      !at80.includes('payment') && at80.includes(' /webhooks/stripe ') && at80.endsWith(longId),
      at80,
    );
    const at60 = row(summary(), 60);
    assert.ok(at60.endsWith(` ${longId.slice(0, 12)}`) && at60.includes('→ 200'), at60);
  });

  it('truncates long paths in the middle', () => {
    const path = `/start/${'middle/'.repeat(30)}the-end?x=1`;
    assert.match(row(summary({ path }), 140), / \/start\/mid\S*…\S*the-end\?x=1 /);
  });

  it('renders each forward state', () => {
    assert.match(row(summary({ forward: null }), 200), / captured /);
    assert.match(row(summary({ forward: null }), 200, plain, true), / → … /);
    assert.match(row(hard[3] as CaptureSummary, 200), /✗ invalid +→ ✗ ECONNREFUSED +30\.0s /);
    assert.match(row(summary({ provider: null, event: null }), 200), /\/webhooks\/stripe +- +✓ valid/);
  });

  it('has no ANSI at colour level 0 and colours states at level 1', () => {
    for (const item of hard) assert.ok(!row(item, 120).includes(ESC));
    const status = (code: number): string =>
      row(summary({ forward: { url: 'u', status: code, durationMs: 1 } }), 200, color);
    assert.ok(status(200).includes(`${ESC}[32m→ 200`));
    assert.ok(status(301).includes(`${ESC}[36m→ 301`));
    assert.ok(status(404).includes(`${ESC}[33m→ 404`));
    assert.ok(status(503).includes(`${ESC}[31m→ 503`));
    assert.ok(status(200).includes(`${ESC}[32m✓ valid`));
    assert.ok(row(hard[3] as CaptureSummary, 200, color).includes(`${ESC}[31m✗ invalid`));
  });

  it('aligns the list header with the rows', () => {
    for (const columns of [60, 100, 200]) {
      const header = formatListHeader({ chalk: plain, columns, idWidth: longId.length });
      const line = row(summary(), columns);
      assert.equal(header.indexOf('FORWARD'), line.indexOf('→ 200'), `${columns}: \n${header}\n${line}`);
      assert.equal(header.indexOf('METHOD'), line.indexOf('POST'));
      assert.ok(displayWidth(header) <= columns);
    }
    assert.ok(formatListHeader({ chalk: color, columns: 100 }).startsWith(`${ESC}[2m`));
  });
});

const body = (text: string, contentType: string | null = null, chalk = plain): string =>
  renderBody(Buffer.from(text), contentType, { chalk });

describe('renderBody', () => {
  it('pretty-prints JSON from its source text, keeping numbers and escapes as sent', () => {
    const source = '{"amount":1.0,"big":12345678901234567890,"name":"Ren\\u00e9 é","url":"a\\/b","exp":1E+2}';
    assert.equal(
      body(source, 'application/json'),
      '{\n  "amount": 1.0,\n  "big": 12345678901234567890,\n  "name": "Ren\\u00e9 é",\n  "url": "a\\/b",\n  "exp": 1E+2\n}',
    );
  });

  it('indents nested containers and keeps empty ones on one line', () => {
    assert.equal(
      body('{"a":[1,[2,{}],[]],"b":{"c":null,"d":true}}', 'application/vnd.github+json'),
      '{\n  "a": [\n    1,\n    [\n      2,\n      {}\n    ],\n    []\n  ],\n  "b": {\n    "c": null,\n    "d": true\n  }\n}',
    );
    assert.equal(body('{}', 'application/json'), '{}');
    assert.equal(body(' [ ] \n', null), '[]');
  });

  it('highlights keys, strings, numbers and literals', () => {
    const out = body('{"k":"v","n":-1.5e3,"t":false}', 'application/json', color);
    assert.ok(out.includes(`${ESC}[36m"k"${ESC}[39m: ${ESC}[32m"v"`), out);
    assert.ok(out.includes(`${ESC}[33m-1.5e3`), out);
    assert.ok(out.includes(`${ESC}[35mfalse`), out);
  });

  it('sniffs JSON without a content type and falls back to text when it does not parse', () => {
    assert.equal(body('{"a":1}', 'text/plain'), '{\n  "a": 1\n}');
    assert.equal(body('{"a":1,}', 'application/json'), '{"a":1,}');
    assert.equal(body('[not json\n', null), '[not json');
    assert.equal(prettyJson('{"a":', plain), null);
  });

  it('decodes form bodies into aligned key = value lines', () => {
    const form = 'text=hello+world&channel_name=%23general&empty=&user%20name=J%C3%B6rg&text=two%0Alines';
    const out = body(form, 'application/x-www-form-urlencoded; charset=utf-8').split('\n');
    assert.deepEqual(out, [
      'text         = hello world',
      'channel_name = #general',
      'empty        = ',
      'user name    = Jörg',
      'text         = two',
      '               lines',
    ]);
  });

  it('shows a JSON form field (Slack payload=) pretty below its key', () => {
    const payload = JSON.stringify({ type: 'block_actions', actions: [{ value: 'a+b' }] });
    const out = body(`payload=${encodeURIComponent(payload)}`, 'application/x-www-form-urlencoded');
    const lines = out.split('\n');
    assert.match(lines[0] ?? '', /^payload = \(JSON, \d+ B\)$/);
    assert.equal(
      lines.slice(1).join('\n'),
      '  {\n    "type": "block_actions",\n    "actions": [\n      {\n        "value": "a+b"\n      }\n    ]\n  }',
    );
  });

  it('shows text as is, minus control characters', () => {
    assert.equal(body('héllo wörld\n', 'text/plain'), 'héllo wörld');
    assert.equal(body(`line1\r\nline2 ${ESC}[2J`, null), 'line1\nline2 \\x1b[2J');
    assert.equal(body('', 'application/json'), '(empty body)');
  });

  it('dumps binary and invalid UTF-8 as hex, up to maxBytes', () => {
    const binary = Buffer.from([0x7b, 0x22, 0x61, 0x00, 0xff, 0x41, 0x42, 0x43, 0x44, 0x45]);
    assert.equal(isBinary(binary), true);
    assert.equal(
      renderBody(binary, 'application/json', { chalk: plain }),
      `00000000  7b 22 61 00 ff 41 42 43  44 45${' '.repeat(18)}  |{"a..ABCDE|`,
    );
    const invalid = Buffer.from([0x68, 0x69, 0xc3, 0x28]);
    assert.equal(isBinary(invalid), true);
    assert.match(
      renderBody(invalid, 'text/plain', { chalk: plain }),
      /^00000000 {2}68 69 c3 28 .*\|hi.\(\|$/,
    );
    assert.equal(isBinary(Buffer.from('plain ascii')), false);
    assert.equal(isBinary(Buffer.alloc(0)), false);
    const big = Buffer.alloc(100, 0x01);
    const dump = renderBody(big, null, { chalk: plain, maxBytes: 32 }).split('\n');
    assert.equal(dump.length, 3);
    assert.equal(dump[1]?.slice(0, 8), '00000010');
    assert.equal(dump[2], '… 68 more bytes');
    assert.equal(hexDump(Buffer.from('hi'), 4096, plain), `00000000  68 69${' '.repeat(43)}  |hi|`);
  });

  it('trims a multi-byte character cut at a byte cap', () => {
    const cut = Buffer.from('ok é').subarray(0, 4);
    assert.equal(isBinary(cut), true);
    assert.equal(trimIncompleteUtf8(cut).toString(), 'ok ');
    assert.equal(trimIncompleteUtf8(Buffer.from('ok é')).toString(), 'ok é');
  });
});

function capture(overrides: Partial<Capture> = {}): Capture {
  const json = Buffer.from('{\n  "id": "evt_1",\n  "amount": 2000.0\n}');
  return {
    id: longId,
    receivedAt: '2024-05-01T21:41:08.123Z',
    method: 'POST',
    path: '/webhooks/stripe?source=cli',
    httpVersion: '1.1',
    headers: [
      ['Host', 'localhost:4500'],
      ['X-Forwarded-For', '203.0.113.7'],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['x-forwarded-for', '10.0.0.1'],
      ['Stripe-Signature', 't=1714600868,v1=abc'],
    ],
    remoteAddress: '127.0.0.1',
    provider: 'stripe',
    event: 'payment_intent.succeeded',
    signature: 'valid',
    size: json.length,
    forwardTo: 'http://localhost:3000',
    body: json,
    forward: {
      url: 'http://localhost:3000/webhooks/stripe?source=cli',
      status: 200,
      durationMs: 42,
      headers: [['content-type', 'application/json']],
      body: Buffer.from('{"received":true}'),
    },
    ...overrides,
  };
}

const view = (item: Capture, columns = 100, chalk = plain): string => renderCapture(item, { chalk, columns });

describe('renderCapture', () => {
  it('shows title, request line, headers as captured, body and forward', () => {
    const out = view(capture(), 200);
    assert.ok(!out.includes(ESC));
    const title = out.split('\n')[0] ?? '';
    for (const part of [
      longId,
      '2024-05-01T21:41:08.123Z',
      'local)',
      'stripe payment_intent.succeeded',
      '✓ valid',
    ]) {
      assert.ok(title.includes(part), `title lacks ${part}: ${title}`);
    }
    assert.ok(
      out.includes('\nPOST /webhooks/stripe?source=cli HTTP/1.1\nHost:             localhost:4500\n'),
    );
    const first = out.indexOf('X-Forwarded-For:  203.0.113.7');
    const second = out.indexOf('x-forwarded-for:  10.0.0.1');
    assert.ok(first > 0 && second > first, 'duplicate headers keep their case and order');
    assert.ok(out.includes('\n\n{\n  "id": "evt_1",\n  "amount": 2000.0\n}\n'));
    assert.match(
      out,
      /── Forward ─+\nURL +http:\/\/localhost:3000\/webhooks\/stripe\?source=cli\nStatus +200 OK\nDuration +42ms\n/,
    );
    assert.ok(out.endsWith('content-type: application/json\n\n{\n  "received": true\n}'));
  });

  it('wraps the title instead of running past the terminal', () => {
    const head = view(capture(), 60).split('\n').slice(0, 3);
    assert.ok(
      head.every((line) => displayWidth(line) <= 60),
      head.join('\n'),
    );
    assert.equal(head[2], 'stripe payment_intent.succeeded  ✓ valid');
  });

  it('shows failures, truncation and captures that were not forwarded', () => {
    const error = 'connect ECONNREFUSED 127.0.0.1:3000';
    const failed = view(
      capture({ forward: { url: 'http://localhost:3000/x', status: null, durationMs: 3, error } }),
    );
    assert.match(
      failed,
      /Status +✗ no response\nDuration +3ms\nError +connect ECONNREFUSED 127\.0\.0\.1:3000$/,
    );
    const cut = Buffer.from('oops é').subarray(0, 6);
    const truncated = view(
      capture({ forward: { url: 'u', status: 500, durationMs: 1, body: cut, bodyTruncated: true } }),
    );
    assert.match(
      truncated,
      /Status +500 Internal Server Error\n[\s\S]*\noops \n… response truncated: only the first 6 B/,
    );
    assert.ok(view(capture({ forward: null, forwardTo: null })).endsWith('not forwarded (captured only)'));
    assert.ok(view(capture(), 100, color).includes(`${ESC}[32m200 OK`));
  });

  it('renders headers and body under a gutter for listen --verbose', () => {
    const out = renderVerbose(capture(), { chalk: plain, columns: 100 });
    const lines = out.split('\n');
    assert.ok(
      lines.every((line) => line.startsWith('  │')),
      out,
    );
    assert.equal(lines[0], '  │ Host:             localhost:4500');
    const expected =
      '  │ x-forwarded-for:  10.0.0.1\n  │ Stripe-Signature: t=1714600868,v1=abc\n  │\n  │ {\n  │   "id"';
    assert.ok(out.includes(expected), out);
    assert.ok(!out.includes(longId) && !out.includes('── Forward'));
  });
});

describe('batchingOut', () => {
  function recording() {
    const writes: string[] = [];
    const terminal = batchingOut({
      out: (text) => writes.push(text),
      err: () => {},
      color: new Chalk({ level: 0 }),
      errColor: new Chalk({ level: 0 }),
      columns: 120,
      isTTY: false,
    });
    return { writes, terminal };
  }

  it('sends the lines of a burst in one write, in order, soon after the first', async () => {
    const { writes, terminal } = recording();
    for (let i = 0; i < 50; i++) terminal.out(`line ${i}`);
    assert.deepEqual(writes, []);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(writes, [Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n')]);
    terminal.out('later');
    terminal.flush();
    assert.deepEqual(writes.at(-1), 'later');
    terminal.flush();
    assert.equal(writes.length, 2);
  });

  it('writes at once when 64 KB are waiting', () => {
    const { writes, terminal } = recording();
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 64; i++) terminal.out(line);
    assert.equal(writes.length, 1);
    assert.equal(writes[0], Array.from({ length: 64 }, () => line).join('\n'));
  });
});
