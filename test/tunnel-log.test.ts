import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogLine } from '../src/tunnel/log.ts';

const T = '2026-11-27T00:00:00Z';

describe("cloudflared's log lines", () => {
  const cases: Array<[string, string, unknown]> = [
    [
      'the quick tunnel box',
      `${T} INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |`,
      { kind: 'url', url: 'https://seasonal-deck-organisms-sf.trycloudflare.com' },
    ],
    [
      'the banner line before it',
      `${T} INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |`,
      null,
    ],
    ['requesting a quick tunnel', `${T} INF Requesting new quick Tunnel on trycloudflare.com...`, null],
    [
      'the rate limit (429), whose text names api.trycloudflare.com',
      `${T} ERR Error unmarshaling QuickTunnel response: error code: 1015 error="invalid character 'e' looking for beginning of value" status_code="429 Too Many Requests"`,
      { kind: 'rate-limited' },
    ],
    [
      'api.trycloudflare.com in an error is never the URL',
      `${T} ERR failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host`,
      {
        kind: 'error',
        message:
          'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com: no such host',
      },
    ],
    [
      'a registered connection',
      `${T} INF Registered tunnel connection connIndex=0 connection=5e8e7f7a-1c1c-4d7e-9d1a-0e6c1f2b3a4d event=0 ip=198.41.200.13 location=ams01 protocol=quic`,
      { kind: 'registered', location: 'ams01' },
    ],
    [
      "a named tunnel's ingress",
      `${T} INF Updated to new configuration config="{\\"ingress\\":[{\\"hostname\\":\\"hooks.example.com\\", \\"service\\":\\"http://localhost:4500\\"}, {\\"service\\":\\"http_status:404\\"}], \\"warp-routing\\":{\\"enabled\\":false}}" version=1`,
      { kind: 'hostname', hostname: 'hooks.example.com', service: 'http://localhost:4500' },
    ],
    [
      'an ingress rule with a path before its service',
      `${T} INF Updated to new configuration config="{\\"ingress\\":[{\\"hostname\\":\\"a.example.com\\",\\"path\\":\\"/hooks\\",\\"service\\":\\"http://localhost:4501\\"}]}" version=2`,
      { kind: 'hostname', hostname: 'a.example.com', service: 'http://localhost:4501' },
    ],
    ['the version', `${T} INF Version 2026.11.0 (Checksum abc)`, { kind: 'version', version: '2026.11.0' }],
    [
      'a fatal error',
      `${T} FTL unable to start tunnel`,
      { kind: 'error', message: 'unable to start tunnel' },
    ],
    ['an unrelated info line', `${T} INF Starting metrics server on 127.0.0.1:20241/metrics`, null],
  ];
  for (const [name, line, expected] of cases) {
    it(name, () => assert.deepEqual(parseLogLine(line), expected));
  }
});
