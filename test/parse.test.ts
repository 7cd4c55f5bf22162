import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListenOptions } from '../src/commands/listen.ts';
import { parseReplayOptions } from '../src/commands/replay.ts';
import { endToEndHeaders } from '../src/http/headers.ts';
import { joinTargetPath, parseTarget, requestPath } from '../src/http/target.ts';
import { HookctlError } from '../src/lib/errors.ts';
import { parseDuration, parseInteger, parseSize } from '../src/lib/units.ts';
import { runHookctl } from './helpers/run.ts';
import { tempStore } from './helpers/scope.ts';

function usageFails(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof HookctlError);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('forward targets', () => {
  for (const [input, href] of [
    ['3000', 'http://localhost:3000/'],
    ['localhost:8080', 'http://localhost:8080/'],
    ['3000/webhooks/stripe', 'http://localhost:3000/webhooks/stripe'],
    ['127.0.0.1:9000/api', 'http://127.0.0.1:9000/api'],
    ['http://localhost:3000/api/', 'http://localhost:3000/api/'],
    ['https://example.test/hooks?token=1', 'https://example.test/hooks?token=1'],
    ['[::1]:3000', 'http://[::1]:3000/'],
  ]) {
    it(`${input} → ${href}`, () => assert.equal(parseTarget(input as string).href, href));
  }
  for (const bad of ['ftp://x', 'http://', '99999', 'http://localhost:0', 'exa mple:1']) {
    it(`rejects ${bad}`, () => usageFails(() => parseTarget(bad), /forward target|must be http/));
  }

  for (const [base, inbound, path] of [
    ['http://h/', '/', '/'],
    ['http://h/', '/stripe?x=1', '/stripe?x=1'],
    ['http://h/api', '/stripe?x=1', '/api/stripe?x=1'],
    ['http://h/api', '/', '/api'],
    ['http://h/api/', '/', '/api'],
    ['http://h/api', '/?x=1', '/api?x=1'],
    ['http://h/api?token=t', '/s?x=1', '/api/s?token=t&x=1'],
    ['http://h/api', '/a/../b/%2e%2E/c%20d', '/api/a/../b/%2e%2E/c%20d'],
  ]) {
    it(`${base} + ${inbound} → ${path}`, () =>
      assert.equal(joinTargetPath(new URL(base as string), inbound as string), path));
  }

  it('keeps origin-form request targets raw and reduces absolute-form ones to path and query', () => {
    assert.equal(requestPath('/a//b?c=%20'), '/a//b?c=%20');
    assert.equal(requestPath('http://evil.test/x?y=1'), '/x?y=1');
    assert.equal(requestPath('*'), null);
  });
});

describe('units', () => {
  for (const [text, ms] of [
    ['30s', 30_000],
    ['2m', 120_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['10', 10_000],
  ] as const) {
    it(`duration ${text} = ${ms} ms`, () => assert.equal(parseDuration(text, '--timeout'), ms));
  }
  for (const bad of ['', 'soon', '-1s', '0', '5 days']) {
    it(`duration "${bad}" is a usage error`, () =>
      usageFails(() => parseDuration(bad, '--timeout'), /--timeout takes a duration/));
  }
  for (const [text, bytes] of [
    ['25mb', 25 * 1024 * 1024],
    ['1kb', 1024],
    ['100', 100],
    ['1.5MB', 1.5 * 1024 * 1024],
  ] as const) {
    it(`size ${text} = ${bytes} bytes`, () => assert.equal(parseSize(text, '--max-body'), bytes));
  }
  it('size "lots" is a usage error', () =>
    usageFails(() => parseSize('lots', '--max-body'), /--max-body takes a size/));
  it('integers are bounded', () => {
    assert.equal(parseInteger('0', '--port', 0, 65535), 0);
    usageFails(() => parseInteger('65536', '--port', 0, 65535), /--port takes a whole number, 0 to 65535/);
    usageFails(() => parseInteger('1e3', '--limit', 1), /--limit/);
  });
});

describe('command options', () => {
  it('listen defaults follow the contract', () => {
    const options = parseListenOptions([], {});
    assert.equal(options.port, 4500);
    assert.equal(options.host, '127.0.0.1');
    assert.equal(options.maxBody, 25 * 1024 * 1024);
    assert.equal(options.forwardTimeoutMs, 30_000);
    assert.equal(options.forwardTo, null);
    assert.equal(options.tunnel, true);
    assert.equal(options.exitAfter, null);
    assert.equal(options.timeoutMs, null);
  });
  it('listen parses CI flags', () => {
    const options = parseListenOptions(['3000'], { exitAfter: '3', timeout: '2m', tunnel: false, port: '0' });
    assert.equal(options.forwardTo?.href, 'http://localhost:3000/');
    assert.equal(options.exitAfter, 3);
    assert.equal(options.timeoutMs, 120_000);
    assert.equal(options.tunnel, false);
    assert.equal(options.port, 0);
  });
  it('replay defaults to the newest capture', () => {
    assert.deepEqual(parseReplayOptions([], {}).refs, ['last']);
    assert.deepEqual(parseReplayOptions(['a', 'b'], { to: '3000' }).refs, ['a', 'b']);
  });
});

describe('hop-by-hop headers', () => {
  it('drops connection-specific headers and those named in Connection, keeping the rest in order', () => {
    const headers = endToEndHeaders([
      ['Host', 'x'],
      ['Connection', 'keep-alive, X-Private'],
      ['X-Private', '1'],
      ['Transfer-Encoding', 'chunked'],
      ['Expect', '100-continue'],
      ['X-B', '2'],
      ['x-b', '3'],
    ]);
    assert.deepEqual(headers, [
      ['Host', 'x'],
      ['X-B', '2'],
      ['x-b', '3'],
    ]);
  });
});

describe('help', () => {
  it('every command has --help with examples, on stdout, exit 0', async (t) => {
    const store = await tempStore(t);
    const top = await runHookctl(['--help'], { store });
    assert.equal(top.code, 0);
    for (const name of ['listen', 'list', 'show', 'replay', 'clear'])
      assert.match(top.stdout, new RegExp(`\\n  ${name} `));
    for (const name of ['listen', 'list', 'show', 'replay']) {
      const help = await runHookctl([name, '--help'], { store });
      assert.equal(help.code, 0, name);
      assert.match(help.stdout, /Examples:\n {2}\$ hookctl /, name);
      assert.match(help.stdout, /--store <dir>/, name);
    }
  });
});
