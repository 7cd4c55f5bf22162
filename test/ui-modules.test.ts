import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import * as core from '../src/http/headers.ts';
import * as target from '../src/http/target.ts';
import * as terminalFormat from '../src/output/format.ts';
import { base64ToBytes, bytesToBase64 } from '../ui/bytes.js';
import { type CurlDetail, curlCommand, requestUrl, shellQuote } from '../ui/curl.js';
import { bodyForEditing, bodyFromEditing, editedReplay, headersToText, parseHeaderText } from '../ui/edit.js';
import {
  type Filter,
  type FilterableSummary,
  filterCaptures,
  filterWords,
  isFiltering,
  matches,
  NO_PROVIDER,
} from '../ui/filter.js';
import { formatDateTime, formatTime, statusClass, statusText } from '../ui/format.js';
import {
  classifyBody,
  decodeText,
  formFields,
  hexRows,
  isBinary,
  isJsonMime,
  jsonPieces,
  looksLikeJson,
  mimeType,
  prettyJsonPieces,
  tokenizeJson,
  trimIncompleteUtf8,
  utf8Length,
} from '../ui/shared/body.js';
import { formatDuration, formatSize } from '../ui/shared/format.js';
import {
  headerProblem,
  headerValue,
  isHeaderName,
  isHeaderValue,
  joinTargetPath,
} from '../ui/shared/http.js';

import { type Listener, startListen } from './helpers/listen.ts';
import { exchange } from './helpers/raw.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (...values: number[]): Uint8Array => Uint8Array.from(values);
const joined = (pieces: ReadonlyArray<{ text: string }>): string =>
  pieces.map((piece) => piece.text).join('');
/** Pieces as `kind:text`, leaving out the plain ones. */
const tokensOf = (pieces: ReadonlyArray<{ kind: string; text: string }>): string[] =>
  pieces.filter((piece) => piece.kind !== 'plain').map((piece) => `${piece.kind}:${piece.text}`);

describe('shared body: JSON tokens keep the source text', () => {
  const cases: Array<[string, string]> = [
    ['numbers as sent', '{"amount":1.0,"big":12345678901234567890123,"e":-1.5E+3}'],
    ['escapes as sent', '{"\\u00e9":"caf\\u00e9","url":"https:\\/\\/x\\/y","q":"a\\"b\\\\"}'],
    ['white space as sent', ' {\r\n\t"a" :  [ 1 ,\n2 ] ,"b":{ } }\n'],
    ['a byte order mark', '\uFEFF{"a":true}'],
    ['a bare scalar', '"just a string"'],
    ['literals', '[true,false,null]'],
  ];
  for (const [name, text] of cases) {
    it(`tokens and in-place pieces join back to the text: ${name}`, () => {
      assert.equal(joined(tokenizeJson(text)), text);
      assert.equal(joined(jsonPieces(text)), text);
    });
  }

  it('names each token', () => {
    const tokens = tokenizeJson('{"a": [1.0, "\\u00e9", true]}').map(
      (token) => `${token.kind}:${token.text}`,
    );
    assert.deepEqual(tokens, [
      'punct:{',
      'string:"a"',
      'punct::',
      'space: ',
      'punct:[',
      'number:1.0',
      'punct:,',
      'space: ',
      'string:"\\u00e9"',
      'punct:,',
      'space: ',
      'literal:true',
      'punct:]',
      'punct:}',
    ]);
    assert.throws(() => tokenizeJson('{"a": nope}'), /unexpected JSON character at 6/);
  });

  it('tells keys from string values, with white space before the colon', () => {
    assert.deepEqual(tokensOf(jsonPieces('{"k" : "v", "n":{"\\/":1.0}}')), [
      'key:"k"',
      'string:"v"',
      'key:"n"',
      'key:"\\/"',
      'number:1.0',
    ]);
  });

  const pretty: Array<[string, string, string]> = [
    ['flat object', '{"a":1.0,"b":"\\u00e9"}', '{\n  "a": 1.0,\n  "b": "\\u00e9"\n}'],
    ['empty containers stay on one line', '{"a":{ },"b":[\n]}', '{\n  "a": {},\n  "b": []\n}'],
    [
      'nested, white space dropped',
      ' [ 1 , {"c":[true,null]} ]\n',
      '[\n  1,\n  {\n    "c": [\n      true,\n      null\n    ]\n  }\n]',
    ],
    ['escaped slash and quote', '{"u":"a\\/b\\"c"}', '{\n  "u": "a\\/b\\"c"\n}'],
    ['a scalar', '12345678901234567890', '12345678901234567890'],
  ];
  for (const [name, text, expected] of pretty) {
    it(`re-indents with two spaces: ${name}`, () => assert.equal(joined(prettyJsonPieces(text)), expected));
  }

  it('colours the same tokens pretty and in place', () => {
    const text = '{"a": [1.0, "x", {"b": null}], "c": "\\u00e9"}';
    assert.deepEqual(tokensOf(prettyJsonPieces(text)), tokensOf(jsonPieces(text)));
  });

  it('runs plain text together, so the page makes few text nodes', () => {
    const pieces = prettyJsonPieces('{"a":[[{}]]}');
    for (let i = 1; i < pieces.length; i++) {
      assert.ok(!(pieces[i]?.kind === 'plain' && pieces[i - 1]?.kind === 'plain'), JSON.stringify(pieces));
    }
  });
});

describe('shared body: forms, hex and text', () => {
  const forms: Array<[string, string, Array<[string, string, boolean]>]> = [
    ['plus and %20 are spaces', 'text=hello+big%20world', [['text', 'hello big world', false]]],
    [
      'duplicates kept in order',
      'a=1&b=2&a=3',
      [
        ['a', '1', false],
        ['b', '2', false],
        ['a', '3', false],
      ],
    ],
    [
      'keys decoded, empty values',
      '%E2%82%AC=&flag',
      [
        ['€', '', false],
        ['flag', '', false],
      ],
    ],
    ['a JSON payload', 'payload=%7B%22a%22%3A%5B1.0%5D%7D', [['payload', '{"a":[1.0]}', true]]],
    ['JSON-looking but not JSON', 'payload=%7Bnope', [['payload', '{nope', false]]],
    ['surrounding white space trimmed', '\n a=1 \n', [['a', '1', false]]],
    ['nothing', '', []],
  ];
  for (const [name, text, expected] of forms) {
    it(`form fields: ${name}`, () => {
      const fields = formFields(text).map(({ name, value, json }) => [name, value, json]);
      assert.deepEqual(fields, expected);
    });
  }

  it('hex rows: offset, two groups of eight padded to 48, printable ASCII', () => {
    const data = Uint8Array.from({ length: 20 }, (_, i) => (i === 3 ? 0x41 : i));
    assert.deepEqual(hexRows(data, 4096), [
      {
        offset: '00000000',
        hex: '00 01 02 41 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f',
        ascii: '...A............',
      },
      { offset: '00000010', hex: '10 11 12 13'.padEnd(48), ascii: '....' },
    ]);
    assert.deepEqual(hexRows(bytes('hi'), 4096), [
      { offset: '00000000', hex: '68 69'.padEnd(48), ascii: 'hi' },
    ]);
    assert.equal(hexRows(data, 16).length, 1);
    assert.deepEqual(hexRows(data, -1), []);
    assert.deepEqual(hexRows(new Uint8Array(), 16), []);
  });

  const cuts: Array<[string, Uint8Array, string]> = [
    ['a 2-byte é cut after its first byte', hex(0x6f, 0x6b, 0x20, 0xc3), 'ok '],
    ['a 3-byte € cut after one byte', hex(0x61, 0xe2), 'a'],
    ['a 3-byte € cut after two bytes', hex(0x61, 0xe2, 0x82), 'a'],
    ['a 4-byte emoji cut after three bytes', hex(0x61, 0xf0, 0x9f, 0x98), 'a'],
    ['a whole é', bytes('ok é'), 'ok é'],
    ['a whole emoji', bytes('a😀'), 'a😀'],
    ['plain ASCII', bytes('abc'), 'abc'],
    ['nothing', new Uint8Array(), ''],
  ];
  for (const [name, input, expected] of cuts) {
    it(`incomplete UTF-8 at a cut: ${name}`, () => {
      assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(trimIncompleteUtf8(input)), expected);
    });
  }

  it('a multi-byte character cut at the limit is binary until trimmed, and a Buffer stays a Buffer', () => {
    const cut = Buffer.from('price: 5€').subarray(0, -1);
    assert.equal(isBinary(cut), true);
    const trimmed = trimIncompleteUtf8(cut);
    assert.ok(Buffer.isBuffer(trimmed));
    assert.equal(trimmed.toString(), 'price: 5');
    assert.equal(isBinary(trimmed), false);
  });

  const texts: Array<[string, Uint8Array, string | null]> = [
    ['UTF-8', bytes('héllo\n'), 'héllo\n'],
    ['a NUL byte', hex(0x61, 0x00, 0x62), null],
    ['invalid UTF-8', hex(0x61, 0xff), null],
    ['mostly control bytes', hex(1, 2, 3, 0x61), null],
    [
      'a few control bytes',
      bytes('\u001b[1mbold\u001b[0m and \u0007 more text here'),
      '\u001b[1mbold\u001b[0m and \u0007 more text here',
    ],
    ['a BOM, dropped', bytes('\uFEFFabc'), 'abc'],
  ];
  for (const [name, input, expected] of texts) {
    it(`decodes text: ${name}`, () => assert.equal(decodeText(input), expected));
  }

  it('keeps the BOM on request (the page shows bytes as sent)', () => {
    assert.equal(decodeText(bytes('\uFEFFabc'), { keepBom: true }), '\uFEFFabc');
  });

  const kinds: Array<[string, string | null, string]> = [
    ['', 'application/json', 'empty'],
    ['{"a":1}', 'application/json', 'json'],
    ['{"a":1}', 'Application/Vnd.API+JSON; charset=utf-8', 'json'],
    ['  [1, 2]', null, 'json'],
    ['{"a":', 'application/json', 'text'],
    ['1.0', 'text/plain', 'text'],
    ['1.0', 'application/json', 'json'],
    ['a=1&b=2', 'application/x-www-form-urlencoded; charset=utf-8', 'form'],
    ['{"a":1}', 'application/x-www-form-urlencoded', 'form'],
    ['\uFEFF{"a":1}', null, 'json'],
  ];
  for (const [text, contentType, kind] of kinds) {
    it(`classifies ${JSON.stringify(text)} (${contentType}) as ${kind}`, () => {
      const shown = classifyBody(bytes(text), contentType);
      assert.equal(shown.kind, kind);
    });
  }

  it('classifies binary bodies, with no text', () => {
    assert.deepEqual(classifyBody(hex(0, 1, 2), 'application/json'), { kind: 'binary', text: null });
  });

  it('reads content types and sizes', () => {
    assert.equal(mimeType('Text/JSON ; charset=utf-8'), 'text/json');
    assert.equal(mimeType(null), '');
    assert.equal(isJsonMime('application/cloudevents+json'), true);
    assert.equal(isJsonMime('application/jsonl'), false);
    assert.equal(looksLikeJson(' {"a":1}'), true);
    assert.equal(looksLikeJson('1'), false);
    assert.equal(utf8Length('é€😀'), 9);
  });
});

describe('shared format: durations and sizes', () => {
  const durations: Array<[number, string]> = [
    [0, '0ms'],
    [12.4, '12ms'],
    [999.6, '1.0s'],
    [1234, '1.2s'],
    [59_960, '1m00s'],
    [3_725_000, '1h02m'],
    [-1, '-'],
    [Number.NaN, '-'],
  ];
  for (const [ms, expected] of durations) {
    it(`${ms} ms → ${expected}`, () => assert.equal(formatDuration(ms), expected));
  }
  const sizes: Array<[number, string]> = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [12 * 1024, '12.0 KB'],
    [1048000, '1023 KB'],
    [1048500, '1.0 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
    [Number.POSITIVE_INFINITY, '-'],
  ];
  for (const [size, expected] of sizes) {
    it(`${size} bytes → ${expected}`, () => assert.equal(formatSize(size), expected));
  }

  it('is what the terminal uses, not a copy', () => {
    assert.equal(terminalFormat.formatDuration, formatDuration);
    assert.equal(terminalFormat.formatSize, formatSize);
  });
});

describe('shared http: header checks and target joining', () => {
  const names: Array<[string, boolean]> = [
    ['Content-Type', true],
    ["X-!#$%&'*+-.^_`|~9", true],
    ['', false],
    ['X A', false],
    ['X-A:', false],
    ['X\r\nInjected', false],
    ['X-\u0000', false],
    ['Ünicode', false],
  ];
  for (const [name, valid] of names) {
    it(`header name ${JSON.stringify(name)} is ${valid ? 'valid' : 'refused'}`, () =>
      assert.equal(isHeaderName(name), valid));
  }
  const values: Array<[string, boolean]> = [
    ['', true],
    ['text/plain; q=0.5', true],
    ['tab\tinside', true],
    ['latin-1 \u00e9\u00ff', true],
    ['a\r\nX-Injected: yes', false],
    ['a\nb', false],
    ['a\u0000b', false],
    ['a\u007fb', false],
    ['euro €', false],
  ];
  for (const [value, valid] of values) {
    it(`header value ${JSON.stringify(value)} is ${valid ? 'valid' : 'refused'}`, () =>
      assert.equal(isHeaderValue(value), valid));
  }

  it('says which header cannot be sent', () => {
    assert.equal(headerProblem([['A', 'b']]), null);
    assert.match(headerProblem([['A b', 'v']]) ?? '', /header name "A b" is not a valid HTTP field name/);
    assert.match(headerProblem([['X-A', 'a\r\nb']]) ?? '', /header X-A has a CR, LF, NUL/);
    assert.equal(core.headerProblem, headerProblem, 'the server uses the shared check');
  });

  it('finds header values case-insensitively, the first one when repeated', () => {
    const headers: Array<[string, string]> = [
      ['Content-Type', 'a'],
      ['content-type', 'b'],
    ];
    assert.equal(headerValue(headers, 'CONTENT-TYPE'), 'a');
    assert.equal(headerValue(headers, 'accept'), null);
    assert.equal(headerValue(null, 'accept'), null);
  });

  const joins: Array<[string, string, string]> = [
    ['http://h/', '/', '/'],
    ['http://h/', '/stripe?x=1', '/stripe?x=1'],
    ['http://h/api', '/stripe?x=1', '/api/stripe?x=1'],
    ['http://h/api/', '/', '/api'],
    ['http://h/api', '/?x=1', '/api?x=1'],
    ['http://h/api?token=t', '/s?x=1', '/api/s?token=t&x=1'],
    ['http://h/api', '/a/../b/%2e%2E/c%20d', '/api/a/../b/%2e%2E/c%20d'],
  ];
  for (const [base, inbound, path] of joins) {
    it(`joins ${base} + ${inbound} → ${path}`, () => {
      assert.equal(joinTargetPath(new URL(base), inbound), path);
      assert.equal(
        joinTargetPath({ pathname: new URL(base).pathname, search: new URL(base).search }, inbound),
        path,
      );
    });
  }

  it('is what the server uses, not a copy', () => assert.equal(target.joinTargetPath, joinTargetPath));
});

describe('page: formatting and filtering', () => {
  it('writes statuses', () => {
    assert.equal(statusText(404), '404 Not Found');
    assert.equal(statusText(599), '599');
    assert.deepEqual(
      [null, 101, 200, 302, 404, 503].map((status) => statusClass(status)),
      ['s-err', 's-1xx', 's-2xx', 's-3xx', 's-4xx', 's-5xx'],
    );
  });

  it('writes times in local time: the time alone today, with the day otherwise', () => {
    const at = new Date(2024, 4, 1, 23, 41, 8, 7);
    assert.equal(formatTime(at.toISOString(), new Date(2024, 4, 1, 23, 59)), '23:41:08');
    assert.match(formatTime(at.toISOString(), new Date(2024, 4, 2, 0, 1)), / 23:41:08$/);
    assert.equal(formatDateTime(at.toISOString()), '2024-05-01 23:41:08.007');
    assert.equal(formatTime('not a time'), 'not a time');
  });

  const summary = (overrides: Partial<FilterableSummary>): FilterableSummary => ({
    id: '01aaa',
    method: 'POST',
    path: '/webhooks/stripe',
    provider: 'stripe',
    event: 'payment_intent.succeeded',
    signature: 'valid',
    forward: { status: 200, url: 'http://localhost:3000/webhooks/stripe' },
    ...overrides,
  });
  const captures = [
    summary({ id: 'c' }),
    summary({ id: 'b', provider: 'github', event: 'push', path: '/gh', forward: { status: 500 } }),
    summary({ id: 'a', provider: null, event: null, path: '/other', signature: 'unchecked', forward: null }),
    summary({ id: 'r', replayOf: 'c', forward: { status: null, error: 'ECONNREFUSED' } }),
  ];
  const filter = (overrides: Partial<Filter>): Filter => ({
    words: [],
    provider: '',
    event: '',
    status: '',
    ...overrides,
  });
  const cases: Array<[string, Partial<Filter>, string[]]> = [
    ['nothing', {}, ['c', 'b', 'a', 'r']],
    ['words, all of them, any case', { words: filterWords('  WEBHOOKS   Payment ') }, ['c', 'r']],
    ['a word in the forward URL', { words: ['localhost:3000'] }, ['c']],
    ['a word in the error', { words: ['econnrefused'] }, ['r']],
    ['"not forwarded"', { words: ['not', 'forwarded'] }, ['a']],
    ['a provider', { provider: 'github' }, ['b']],
    ['no provider', { provider: NO_PROVIDER }, ['a']],
    ['an event', { event: 'push' }, ['b']],
    ['2xx', { status: '2xx' }, ['c']],
    ['5xx', { status: '5xx' }, ['b']],
    ['no response', { status: 'failed' }, ['r']],
    ['not forwarded', { status: 'none' }, ['a']],
    ['replays', { status: 'replay' }, ['r']],
    ['a signature state', { status: 'sig:unchecked' }, ['a']],
    ['words and a status', { words: ['stripe'], status: 'replay' }, ['r']],
  ];
  for (const [name, wanted, ids] of cases) {
    it(`filters by ${name}`, () => {
      const chosen = filter(wanted);
      assert.deepEqual(
        filterCaptures(captures, chosen).map((capture) => capture.id),
        ids,
      );
      assert.equal(isFiltering(chosen), Object.keys(wanted).length > 0);
      for (const capture of captures) assert.equal(matches(capture, chosen), ids.includes(capture.id));
    });
  }

  it('copies the list when nothing is filtered', () => {
    const all = filterCaptures(captures, filter({}));
    assert.notEqual(all, captures);
    assert.deepEqual(all, captures);
  });
});

describe('page: cURL commands', () => {
  const detail: CurlDetail = {
    id: '01abc',
    method: 'POST',
    path: '/hooks?x=1',
    headers: [
      ['Content-Type', 'text/plain'],
      ['X-Empty', ''],
      ['X-Quote', "it's"],
    ],
    forwardTo: null,
    forward: null,
  };

  it('quotes for the shell', () => {
    assert.equal(shellQuote("it's $HOME `x`"), `'it'\\''s $HOME \`x\`'`);
  });

  const urls: Array<[string, Partial<CurlDetail>, string]> = [
    [
      'the forward URL',
      { forward: { url: 'http://app:3000/api/hooks?x=1' } },
      'http://app:3000/api/hooks?x=1',
    ],
    [
      'the target joined as listen does',
      { forwardTo: 'http://app:3000/api?t=1' },
      'http://app:3000/api/hooks?t=1&x=1',
    ],
    [
      'a target with a trailing slash',
      { forwardTo: 'http://app:3000/api/', path: '/' },
      'http://app:3000/api',
    ],
    ['the default listen port', {}, 'http://127.0.0.1:4500/hooks?x=1'],
  ];
  for (const [name, overrides, url] of urls) {
    it(`sends to ${name}`, () => assert.equal(requestUrl({ ...detail, ...overrides }), url));
  }

  it('sends every header as captured, an empty one with `;`, and the text body as it is', () => {
    const command = curlCommand(detail, bytes("line one\r\nit's\n"));
    assert.equal(
      command,
      [
        "curl -X 'POST' 'http://127.0.0.1:4500/hooks?x=1'",
        "-H 'Content-Type: text/plain'",
        "-H 'X-Empty;'",
        `-H 'X-Quote: it'\\''s'`,
        "-H 'User-Agent:'",
        "-H 'Accept:'",
        `--data-binary 'line one\r\nit'\\''s\n'`,
      ].join(' \\\n  '),
    );
  });

  it('decodes a small binary body from base64, and names the file for a large one', () => {
    const small = curlCommand(detail, hex(0, 1, 2, 0xff));
    assert.match(small, /^# binary body, decoded from base64/);
    assert.ok(small.endsWith(`--data-binary @<(printf %s 'AAEC/w==' | base64 --decode)`), small);
    const large = curlCommand(detail, new Uint8Array(64 * 1024 + 1));
    assert.match(large, /^# binary body: save it first with "Download body" as 01abc\.bin/);
    assert.ok(large.endsWith("--data-binary @'01abc.bin'"), large);
  });

  it('keeps a byte order mark, so curl sends the bytes as captured', () => {
    assert.ok(curlCommand(detail, bytes('\uFEFF{}')).endsWith("--data-binary '\uFEFF{}'"));
  });
});

describe('page: edit and replay without the DOM', () => {
  it('round-trips base64', () => {
    const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    assert.deepEqual(base64ToBytes(bytesToBase64(data)), data);
    assert.deepEqual(base64ToBytes(null), new Uint8Array());
  });

  it('turns headers into lines and back, in order, duplicates kept', () => {
    const headers: Array<[string, string]> = [
      ['X-Order', 'first'],
      ['x-order', 'second'],
      ['X-Empty', ''],
    ];
    assert.equal(headersToText(headers), 'X-Order: first\nx-order: second\nX-Empty: ');
    assert.deepEqual(parseHeaderText(headersToText(headers)), headers);
    assert.deepEqual(parseHeaderText('\r\nA:  b c \t\r\n\nB:x:y\n'), [
      ['A', 'b c'],
      ['B', 'x:y'],
    ]);
  });

  const badLines: Array<[string, RegExp]> = [
    ['no colon', /header line 2 is not "Name: value": no colon/],
    [': no name', /header line 2 is not "Name: value"/],
    ['Bad Name: v', /header line 2 is not "Name: value"/],
    ['X-A: a\rb', /header line 2 \(X-A\) has a control character/],
    ['X-A: a\u0000b', /header line 2 \(X-A\) has a control character/],
  ];
  for (const [line, pattern] of badLines) {
    it(`refuses the header line ${JSON.stringify(line)}`, () =>
      assert.throws(() => parseHeaderText(`Ok: 1\n${line}`), pattern));
  }

  const shownBodies: Array<[string, Uint8Array, { binary: boolean; crlf: boolean; text: string }]> = [
    ['LF text', bytes('a\nb'), { binary: false, crlf: false, text: 'a\nb' }],
    ['CRLF text', bytes('a\r\nb\r\n'), { binary: false, crlf: true, text: 'a\r\nb\r\n' }],
    ['mixed line ends', bytes('a\r\nb\n'), { binary: false, crlf: false, text: 'a\r\nb\n' }],
    ['binary', hex(0, 0xff), { binary: true, crlf: false, text: 'AP8=' }],
  ];
  for (const [name, input, expected] of shownBodies) {
    it(`shows a body for editing: ${name}`, () => assert.deepEqual(bodyForEditing(input), expected));
  }

  it('reads an edited body back the way it was shown', () => {
    assert.deepEqual(bodyFromEditing('a\nb', { binary: false, crlf: true }), bytes('a\r\nb'));
    assert.deepEqual(bodyFromEditing('a\nb', { binary: false, crlf: false }), bytes('a\nb'));
    assert.deepEqual(bodyFromEditing(' AP8 =\n', { binary: true, crlf: false }), hex(0, 0xff));
    assert.throws(() => bodyFromEditing('not base64!', { binary: true, crlf: false }), /not valid base64/);
  });

  const original = (forwardTo: string | null) => {
    const data = bytes('{"a":1}');
    const detail = { forwardTo };
    const shown = bodyForEditing(data);
    const headers = headersToText([
      ['Content-Type', 'application/json'],
      ['Content-Length', '7'],
    ]);
    return { detail, bytes: data, shown, initial: { headers, body: shown.text } };
  };
  const fields = (start: ReturnType<typeof original>, overrides: Record<string, unknown> = {}) => ({
    to: '',
    headers: start.initial.headers,
    body: start.initial.body,
    resign: false,
    provider: '',
    secret: '',
    ...overrides,
  });

  it('sends nothing but what changed', () => {
    const start = original('http://localhost:3000/');
    assert.deepEqual(editedReplay(start, fields(start)), {});
    assert.deepEqual(editedReplay(start, fields(start, { to: ' 4000 ' })), { to: '4000' });
    assert.deepEqual(editedReplay(start, fields(start, { resign: true, provider: 'stripe' })), {
      resign: true,
      provider: 'stripe',
    });
  });

  it('makes Content-Length follow an edited body', () => {
    const start = original('http://localhost:3000/');
    const payload = editedReplay(start, fields(start, { body: '{"a":"é"}' }));
    assert.equal(Buffer.from(payload.bodyBase64 ?? '', 'base64').toString(), '{"a":"é"}');
    assert.deepEqual(payload.headers, [
      ['Content-Type', 'application/json'],
      ['Content-Length', '10'],
    ]);
  });

  it('sends edited headers as they are written', () => {
    const start = original('http://localhost:3000/');
    const payload = editedReplay(
      start,
      fields(start, { headers: `${start.initial.headers}\nX-Edited: yes` }),
    );
    assert.equal(payload.bodyBase64, undefined);
    assert.deepEqual(payload.headers?.at(-1), ['X-Edited', 'yes']);
  });

  it('asks where to send a capture that was not forwarded, and for headers that can be sent', () => {
    const start = original(null);
    assert.throws(() => editedReplay(start, fields(start)), /not forwarded: say where to send it/);
    assert.deepEqual(editedReplay(start, fields(start, { to: '3000' })), { to: '3000' });
    assert.throws(
      () => editedReplay(start, fields(start, { to: '3000', headers: 'X-A\r\nX-B: 1' })),
      /header line 1 is not "Name: value"/,
    );
  });
});

describe('the page is plain ES modules', () => {
  it('every module in ui/ and ui/shared/ imports only its siblings, and shared/ imports nothing', async () => {
    for (const dir of ['ui/', 'ui/shared/']) {
      const folder = new URL(`../${dir}`, import.meta.url);
      for (const name of (await readdir(folder)).filter((file) => file.endsWith('.js'))) {
        const source = await readFile(new URL(name, folder), 'utf8');
        const imports = [...source.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
        for (const specifier of imports) assert.match(specifier ?? '', /^\.\/[a-z-]+(\/[a-z-]+)?\.js$/, name);
        if (dir === 'ui/shared/') assert.deepEqual(imports, [], `${dir}${name} imports nothing`);
        assert.doesNotMatch(source, /\binnerHTML\b|\bouterHTML\b|insertAdjacentHTML|document\.write/, name);
      }
    }
  });
});

describe('the inspector serves the page modules and nothing else', { timeout: 30_000 }, () => {
  const suite = suiteScope();
  let listener: Listener;
  let ui: URL;

  before(async () => {
    listener = await startListen(suite, [], { store: await tempStore(suite) });
    ui = new URL(listener.ready.ui as string);
  });

  /** One GET with exactly this request-target, as a browser on this machine would send it. */
  async function get(path: string): Promise<{ status: number; head: string; body: Buffer }> {
    const { bytes: reply } = await exchange(Number(ui.port), [
      `GET ${path} HTTP/1.1\r\nHost: ${ui.host}\r\nConnection: close\r\n\r\n`,
    ]);
    const end = reply.indexOf('\r\n\r\n');
    const head = reply.subarray(0, end).toString('latin1');
    return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), head, body: reply.subarray(end + 4) };
  }

  it('every ES module in ui/ and ui/shared/, as JavaScript under the CSP', async () => {
    for (const dir of ['', 'shared/']) {
      const folder = new URL(`../ui/${dir}`, import.meta.url);
      for (const name of (await readdir(folder)).filter((file) => file.endsWith('.js'))) {
        const reply = await get(`/${dir}${name}`);
        assert.equal(reply.status, 200, `/${dir}${name}`);
        assert.match(reply.head, /\r\ncontent-type: text\/javascript; charset=utf-8\r\n/i);
        assert.match(reply.head, /\r\ncontent-security-policy: [^\r]*script-src 'self'/i);
        assert.match(reply.head, /\r\nx-content-type-options: nosniff\r\n/i);
        assert.ok(reply.body.includes(await readFile(new URL(name, folder))), `/${dir}${name} as it is`);
      }
    }
  });

  it('no type declarations, folders, other files or paths that climb out', async () => {
    for (const path of [
      '/shared/body.d.ts',
      '/format.d.ts',
      '/shared/',
      '/shared',
      '/index.html',
      '/app.js/',
      '/APP.JS',
      '/%2e%2e/package.json',
      '/shared/%2e%2e%2fapp.js',
      '/..%2fpackage.json',
      '/ui/app.js',
      '/shared/../../package.json',
    ]) {
      const reply = await get(path);
      assert.equal(reply.status, 404, `${path}: ${reply.head}`);
    }
    // `..` segments are folded by URL parsing before the lookup, so they land on a listed file or nowhere.
    assert.equal((await get('/shared/../app.js')).status, 200);
  });
});
