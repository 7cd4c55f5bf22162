import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Terminal } from '../output/terminal.ts';
import { cloudflaredBin, isExecutable } from '../tunnel/cloudflared.ts';
import { openStoreFor } from './common.ts';
import type { World } from './world.ts';

interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** Each check says what it found and, when it fails, what to do. */
async function checks(raw: Record<string, unknown>, terminal: Terminal, world: World): Promise<Check[]> {
  const results: Check[] = [];
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  results.push({
    check: 'node',
    ok: major > 20 || (major === 20 && minor >= 19),
    detail: `Node.js ${process.versions.node} (hookctl needs 20.19 or newer)`,
  });

  const bin = await cloudflaredBin(world.env);
  const present = await isExecutable(bin);
  results.push({
    check: 'cloudflared',
    ok: present,
    detail: present ? bin : `not found at ${bin}: run \`hookctl tunnel install\`, or set CLOUDFLARED_BIN`,
  });
  if (present) {
    const version = await promisify(execFile)(bin, ['--version'], { timeout: 5000 }).then(
      ({ stdout, stderr }) => (stdout || stderr).trim().split('\n')[0] ?? '',
      (error: Error) => `failed: ${error.message}`,
    );
    results.push({ check: 'cloudflared version', ok: !version.startsWith('failed'), detail: version });
  }

  const hijack = [];
  const configFiles = ['config.yml', 'config.yaml'].map((name) =>
    path.join(world.home, '.cloudflared', name),
  );
  for (const file of configFiles) {
    if (
      await access(file, constants.F_OK).then(
        () => true,
        () => false,
      )
    )
      hijack.push(file);
  }
  results.push({
    check: 'cloudflared config',
    ok: true,
    detail:
      hijack.length === 0
        ? 'no ~/.cloudflared/config.yml'
        : `${hijack.join(', ')} exists: plain \`cloudflared tunnel --url\` would follow its ingress rules instead; hookctl runs cloudflared with an empty config, so it is not affected`,
  });

  const network = await lookup('api.trycloudflare.com').then(
    ({ address }) => ({ ok: true, detail: `api.trycloudflare.com resolves (${address})` }),
    (error: NodeJS.ErrnoException) => ({
      ok: false,
      detail: `cannot resolve api.trycloudflare.com (${error.code}): no quick tunnel without network; listen still works locally`,
    }),
  );
  results.push({ check: 'network', ...network });

  const store = await openStoreFor(raw, terminal, world).then(
    async (opened) => ({ ok: true, detail: `${opened.dir} (${await opened.count()} captures)` }),
    (error: Error) => ({ ok: false, detail: error.message }),
  );
  results.push({ check: 'store', ...store });
  return results;
}

export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const json = raw.json === true;
  const terminal = world.terminal({ json });
  const results = await checks(raw, terminal, world);
  if (json) terminal.out(JSON.stringify(results, null, 2));
  else {
    const { color } = terminal;
    const width = Math.max(...results.map((result) => result.check.length));
    for (const result of results) {
      terminal.out(
        `${result.ok ? color.green('✓') : color.red('✗')} ${result.check.padEnd(width)}  ${result.detail}`,
      );
    }
  }
  return results.every((result) => result.ok) ? 0 : 1;
}
