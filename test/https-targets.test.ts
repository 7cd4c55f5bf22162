import assert from 'node:assert/strict';
import { lookup as dnsLookup } from 'node:dns';
import { writeFile } from 'node:fs/promises';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildConnector } from 'undici';
import { caCertificates, parseTlsFlags } from '../src/commands/tls-flags.ts';
import { describeNetworkError } from '../src/http/client.ts';
import { acceptsAnyCertificate, isLoopbackHost, tlsConnector } from '../src/http/tls.ts';
import { send } from './helpers/http.ts';
import { type Certificate, selfSignedCertificate, startHttpsApp } from './helpers/https.ts';
import { startListen } from './helpers/listen.ts';
import { runHookctl } from './helpers/run.ts';
import { suiteScope, tempStore } from './helpers/scope.ts';

/** Every byte value, some invalid UTF-8: what arrives must be these bytes, not a re-encoding of them. */
const BODY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from([0xff, 0xc3]),
]);

describe('which hosts --insecure relaxes', () => {
  const HOSTS: Array<[string, boolean]> = [
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['a.b.localhost', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['localhost.example.com', false],
    ['notlocalhost', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['::2', false],
    ['::ffff:10.0.0.1', false],
    ['example.com', false],
    ['', false],
  ];
  for (const [host, loopback] of HOSTS) {
    it(`${JSON.stringify(host)} is ${loopback ? '' : 'not '}loopback`, () => {
      assert.equal(isLoopbackHost(host), loopback);
    });
  }

  const DECISIONS: Array<[boolean, string, string, boolean]> = [
    [true, 'https:', 'localhost', true],
    [true, 'https:', '127.0.0.1', true],
    [true, 'https:', '::1', true],
    [true, 'https:', 'example.com', false],
    [true, 'https:', '192.168.1.20', false],
    [false, 'https:', 'localhost', false],
    [true, 'http:', 'localhost', false],
  ];
  for (const [insecure, protocol, hostname, accepts] of DECISIONS) {
    it(`insecure=${insecure} ${protocol}//${hostname}: ${accepts ? 'any certificate' : 'verified'}`, () => {
      assert.equal(acceptsAnyCertificate({ insecureLocalhost: insecure }, { protocol, hostname }), accepts);
    });
  }
});

describe('certificate errors say what to do', () => {
  const CASES: Array<[string, string, RegExp]> = [
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'https://localhost:3443',
      /^self-signed certificate at https:\/\/localhost:3443: pass --insecure \(localhost only\) or --ca FILE$/,
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'https://127.0.0.1:8443',
      /in the chain at .*--insecure \(localhost only\)/,
    ],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'https://api.example.com',
      /unknown authority at .*--ca FILE to trust it/,
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'https://dev.example.com',
      /--insecure applies to localhost targets only/,
    ],
    ['CERT_HAS_EXPIRED', 'https://localhost:3443', /^expired certificate at .*fix the certificate$/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'https://example.com', /another name at .*must serve a valid/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'https://localhost:3000', /^not HTTPS at .*use an http:\/\/ target$/],
    ['ECONNREFUSED', 'https://localhost:3443', /^ECONNREFUSED: connect ECONNREFUSED/],
  ];
  for (const [code, origin, expected] of CASES) {
    it(`${code} at ${origin}`, () => {
      const error = Object.assign(new Error(`connect ${code} 127.0.0.1:3443`), { code });
      assert.match(describeNetworkError(new AggregateError([error]), origin), expected);
    });
  }
});

describe('--insecure and --ca as flags', () => {
  const FLAGS: Array<[Record<string, unknown>, { insecure: boolean; caFile: string | undefined }]> = [
    [{}, { insecure: false, caFile: undefined }],
    [{ insecure: true }, { insecure: true, caFile: undefined }],
    [{ ca: 'c.pem' }, { insecure: false, caFile: 'c.pem' }],
    [
      { insecure: true, ca: './certs/ca.pem' },
      { insecure: true, caFile: './certs/ca.pem' },
    ],
  ];
  for (const [raw, expected] of FLAGS) {
    it(`parses ${JSON.stringify(raw)}`, () => assert.deepEqual(parseTlsFlags(raw), expected));
  }
  it('an empty --ca is a usage error', () => {
    assert.throws(() => parseTlsFlags({ ca: ' ' }), { exitCode: 2, message: /--ca takes a PEM/ });
  });

  const suite = suiteScope();
  let certificate: Certificate;
  before(async () => {
    certificate = await selfSignedCertificate(suite);
  });
  it('keeps the certificates of a PEM file and nothing else', () => {
    const pem = certificate.cert.trim();
    assert.equal(caCertificates('c.pem', `comment\n${pem}\n${certificate.key}`), `${pem}\n`);
    assert.equal(caCertificates('two.pem', `${pem}\n${pem}`), `${pem}\n${pem}\n`);
  });
  const BAD: Array<[string, () => string, RegExp]> = [
    ['a private key', () => certificate.key, /^--ca k\.pem holds a private key: pass the certificate/],
    ['no PEM at all', () => 'hello', /^--ca k\.pem holds no PEM certificate/],
    ['DER bytes read as text', () => '\u0030\u0082\u0001', /holds no PEM certificate/],
    [
      'a certificate block that does not parse',
      () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      /^--ca k\.pem: its certificate does not parse/,
    ],
  ];
  for (const [name, text, expected] of BAD) {
    it(`refuses ${name}, naming the file`, () => {
      assert.throws(() => caCertificates('k.pem', text()), { exitCode: 2, message: expected });
    });
  }
});

describe('HTTPS targets with a self-signed certificate', { concurrency: true }, () => {
  const suite = suiteScope();
  let certificate: Certificate;
  before(async () => {
    certificate = await selfSignedCertificate(suite);
  });

  it('listen --insecure forwards to https://localhost, byte for byte', async (t) => {
    const app = await startHttpsApp(t, certificate);
    const listener = await startListen(t, [app.url, '--insecure'], { store: await tempStore(t) });
    const answer = await send(`${listener.url}/insecure?x=1`, { body: BODY });
    assert.equal(answer.status, 201, listener.describe());
    assert.equal(answer.body.toString(), `secure ${BODY.length}`);
    const line = await listener.next();
    assert.deepEqual(line.forward, {
      url: `${app.url}/insecure?x=1`,
      status: 201,
      durationMs: (line.forward as { durationMs: number }).durationMs,
    });
    const forwarded = await app.next();
    assert.equal(forwarded.url, '/insecure?x=1');
    assert.ok(forwarded.body.equals(BODY), 'the forwarded body differs');
  });

  it('listen --ca c.pem trusts that certificate without --insecure', async (t) => {
    const app = await startHttpsApp(t, certificate);
    const listener = await startListen(t, [app.url, '--ca', certificate.certFile], {
      store: await tempStore(t),
    });
    const answer = await send(`${listener.url}/ca`, { body: BODY });
    assert.equal(answer.status, 201, listener.describe());
    assert.equal((await listener.next()).forward !== null, true);
    assert.ok((await app.next()).body.equals(BODY));
  });

  it('without either, the sender gets 502 and the capture says why and what to pass', async (t) => {
    const store = await tempStore(t);
    const app = await startHttpsApp(t, certificate);
    const listener = await startListen(t, [app.url], { store });
    const answer = await send(`${listener.url}/refused`, { body: BODY });
    assert.equal(answer.status, 502);
    const expected = `self-signed certificate at ${app.url}: pass --insecure (localhost only) or --ca FILE`;
    const line = await listener.next();
    assert.equal((line.forward as { error: string }).error, expected);
    const shown = await runHookctl(['show', String(line.id), '--json'], { store });
    assert.equal(shown.code, 0, shown.stderr);
    const record = JSON.parse(shown.stdout);
    assert.equal(record.forward.status, null);
    assert.equal(record.forward.error, expected);

    // The same capture, replayed: refused without --insecure, delivered byte for byte with it.
    const refused = await runHookctl(['replay', 'last', '--to', `${app.url}/replayed`, '--json'], { store });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /self-signed certificate at/);
    const replay = await runHookctl(['replay', 'last', '--to', `${app.url}/replayed`, '--insecure'], {
      store,
    });
    assert.equal(replay.code, 0, replay.stdout + replay.stderr);
    const replayed = await app.next();
    assert.equal(replayed.url, '/replayed/refused');
    assert.ok(replayed.body.equals(BODY), 'the replayed body differs');
  });

  it('trigger --insecure reaches the HTTPS app; without it exit 1 with the hint', async (t) => {
    const store = await tempStore(t);
    const app = await startHttpsApp(t, certificate);
    const to = `${app.url}/trigger`;
    const refused = await runHookctl(['trigger', 'stripe', 'invoice.paid', '--to', to], { store });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout + refused.stderr, /pass --insecure \(localhost only\) or --ca FILE/);
    const sent = await runHookctl(['trigger', 'stripe', 'invoice.paid', '--to', to, '--insecure'], { store });
    assert.equal(sent.code, 0, sent.stdout + sent.stderr);
    const request = await app.next();
    assert.equal(request.url, '/trigger');
    assert.match(String(request.headers['stripe-signature']), /^t=\d+,v1=/);
  });

  it('run and check take --insecure too', async (t) => {
    const store = await tempStore(t);
    const app = await startHttpsApp(t, certificate);
    const scenario = join(await tempStore(t), 'one.yaml');
    await writeFile(scenario, 'name: one\nsteps:\n  - trigger: { provider: stripe, event: invoice.paid }\n');
    const ran = await runHookctl(['run', scenario, '--to', `${app.url}/run`, '--insecure'], { store });
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    assert.equal((await app.next()).url, '/run');
    const checked = await runHookctl(
      ['check', 'stripe', '--to', `${app.url}/check`, '--only', 'valid', '--insecure'],
      { store },
    );
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });

  it('an unusable --ca file is exit 2, one line naming it', async (t) => {
    const store = await tempStore(t);
    const app = await startHttpsApp(t, certificate);
    const missing = join(certificate.dir, 'missing.pem');
    const cases: Array<[string[], RegExp]> = [
      [
        ['trigger', 'stripe', 'invoice.paid', '--to', app.url, '--ca', missing],
        /cannot read --ca .*missing\.pem: ENOENT/,
      ],
      [['replay', '--to', app.url, '--ca', certificate.keyFile], /--ca .*k\.pem holds a private key/],
      [['listen', app.url, '--no-tunnel', '--no-ui', '--port', '0', '--ca', missing], /cannot read --ca/],
    ];
    for (const [args, expected] of cases) {
      const result = await runHookctl(args, { store });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('--insecure still verifies a host that is not loopback', async (t) => {
    const app = await startHttpsApp(t, certificate);
    // `remote.test` is not loopback by name, though this lookup leads it to the app on 127.0.0.1: the
    // connector must decide by the target's name, and verify.
    const lookup: LookupFunction = (hostname, options, callback) =>
      hostname === 'remote.test'
        ? options.all
          ? callback(null, [{ address: '127.0.0.1', family: 4 }])
          : callback(null, '127.0.0.1', 4)
        : dnsLookup(hostname, options, callback);
    const connect = await tlsConnector(buildConnector, { lookup }, { insecureLocalhost: true });
    const attempt = (hostname: string) =>
      new Promise<string>((resolve) => {
        connect({ hostname, protocol: 'https:', port: String(app.port) }, (error, socket) => {
          socket?.destroy();
          resolve(error === null ? 'connected' : String((error as NodeJS.ErrnoException).code));
        });
      });
    assert.equal(await attempt('localhost'), 'connected');
    assert.equal(await attempt('remote.test'), 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
