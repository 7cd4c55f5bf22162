import { spawn } from 'node:child_process';
import { RELAY_RUNTIME } from './dev.ts';

// `hookctl relay deploy`: the relay goes to the user's own Cloudflare account with Cloudflare's own
// tooling (wrangler), never through a hookctl service. What is pure here (the config, the command, the
// URL in wrangler's output) is tested as tables; running wrangler is one spawn.

/** wrangler.jsonc for the relay: the bundle, its Durable Object (SQLite-backed: the free plan's kind). */
export function wranglerConfig(name: string): Record<string, unknown> {
  return {
    name,
    main: 'worker.js',
    compatibility_date: RELAY_RUNTIME.compatibilityDate,
    compatibility_flags: [...RELAY_RUNTIME.compatibilityFlags],
    workers_dev: true,
    // The bundle is built by hookctl (scripts/build-relay.mjs): wrangler uploads it as it is.
    no_bundle: true,
    durable_objects: { bindings: [{ name: RELAY_RUNTIME.binding, class_name: RELAY_RUNTIME.className }] },
    migrations: [{ tag: 'v1', new_sqlite_classes: [RELAY_RUNTIME.className] }],
  };
}

/**
 * The wrangler to run: `$HOOKCTL_WRANGLER` (a command line, e.g. `node_modules/.bin/wrangler`), else
 * wrangler 4 through npx: its newest release on Node 22 and later, 4.86.0 (the last for Node 20) before.
 */
export function wranglerCommand(env: NodeJS.ProcessEnv, nodeVersion: string): string[] {
  const given = env.HOOKCTL_WRANGLER?.trim();
  if (given) return given.split(/\s+/);
  const major = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  return ['npx', '--yes', major >= 22 ? 'wrangler@4' : 'wrangler@4.86.0'];
}

/** The workers.dev URL `wrangler deploy` prints (`https://<name>.<subdomain>.workers.dev`), or null. */
export function workersDevUrl(output: string, name: string): string | null {
  const pattern = new RegExp(
    `https://${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[a-z0-9-]+\\.workers\\.dev\\b`,
    'i',
  );
  return pattern.exec(output)?.[0] ?? null;
}

export interface WranglerRun {
  code: number;
  output: string;
}

/** Runs wrangler in `cwd`, echoing its output to `echo` (stderr), feeding `input` on stdin. */
export function runWrangler(
  command: string[],
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; echo: (text: string) => void },
): Promise<WranglerRun> {
  const [bin = 'npx', ...rest] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...rest, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      options.echo(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
    child.stdin.end(options.input ?? '');
  });
}
