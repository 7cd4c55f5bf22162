import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookctlError, usageError } from '../lib/errors.ts';
import { optionalString } from './common.ts';
import { type Deployment, keptValue, newChannel, newToken, relayConfigDir } from './relay-common.ts';
import type { World } from './world.ts';

export interface RelayDeployOptions {
  name: string;
  dir: string;
  newToken: boolean;
  dryRun: boolean;
  json: boolean;
}

export function parseRelayDeployOptions(
  raw: Record<string, unknown>,
  world: Pick<World, 'env' | 'home' | 'cwd'>,
): RelayDeployOptions {
  const name = optionalString(raw.name) ?? 'hookctl-relay';
  // Cloudflare's rule for Worker names (they become a DNS label of the workers.dev URL).
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
    throw usageError(`--name ${name}: a Worker name is lower-case letters, digits and dashes, at most 63`);
  }
  const dir = optionalString(raw.dir);
  return {
    name,
    dir:
      dir === undefined
        ? path.join(relayConfigDir(world.env, world.home), name)
        : path.resolve(world.cwd, dir),
    newToken: raw.newToken === true,
    dryRun: raw.dryRun === true,
    json: raw.json === true,
  };
}

export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const options = parseRelayDeployOptions(raw, world);
  const terminal = world.terminal({ json: options.json });
  const { wranglerCommand, wranglerConfig, workersDevUrl, runWrangler } = await import('../relay/deploy.ts');
  const { relayBundleFile } = await import('../relay/dev.ts');

  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const config = path.join(options.dir, 'wrangler.json');
  await writeFile(config, `${JSON.stringify(wranglerConfig(options.name), null, 2)}\n`);
  await copyFile(await relayBundleFile(), path.join(options.dir, 'worker.js'));
  const tokenFile = path.join(options.dir, 'listener-token');
  let token: string;
  if (options.newToken) {
    token = newToken(world.randomBytes);
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  } else {
    token = await keptValue(tokenFile, () => newToken(world.randomBytes));
  }
  const channel = await keptValue(path.join(options.dir, 'channel'), () => newChannel(world.randomBytes));
  const wrangler = wranglerCommand(world.env, process.version);
  const deployArgs = ['deploy', '--config', config];
  const secretArgs = ['secret', 'put', 'LISTENER_TOKEN', '--config', config];
  const progress = (text: string) => terminal.err(terminal.errColor.dim(text));

  if (options.dryRun) {
    progress(`  wrote ${config} and ${path.join(options.dir, 'worker.js')}`);
    progress(`  would run: ${[...wrangler, ...deployArgs].join(' ')}`);
    progress(`  then:      ${[...wrangler, ...secretArgs].join(' ')}  (the token on stdin)`);
    if (options.json)
      terminal.out(JSON.stringify({ url: null, channel, channelUrl: null, token, dir: options.dir }));
    return 0;
  }
  const echo = (text: string) => {
    for (const line of text.split('\n'))
      if (line.trim() !== '') terminal.err(terminal.errColor.dim(`  wrangler │ ${line}`));
  };
  const failed = (what: string, code: number) =>
    new HookctlError(
      `wrangler ${what} failed (exit ${code}): log in with \`npx wrangler login\` (or set $CLOUDFLARE_API_TOKEN) and run hookctl relay deploy again`,
    );
  progress(`  deploying the relay as ${options.name} with ${wrangler.join(' ')}…`);
  const deployed = await runWrangler(wrangler, deployArgs, { cwd: options.dir, env: world.env, echo }).catch(
    (error: Error) => {
      throw new HookctlError(
        `cannot run ${wrangler[0]}: ${error.message} (set $HOOKCTL_WRANGLER to your wrangler)`,
      );
    },
  );
  if (deployed.code !== 0) throw failed('deploy', deployed.code);
  const url = workersDevUrl(deployed.output, options.name);
  if (url === null) {
    throw new HookctlError(
      `wrangler deployed ${options.name} but printed no workers.dev URL: enable workers.dev for it in the Cloudflare dashboard, or route it yourself`,
    );
  }
  progress('  storing the listener token as the Worker secret LISTENER_TOKEN…');
  const secret = await runWrangler(wrangler, secretArgs, {
    cwd: options.dir,
    env: world.env,
    input: token,
    echo,
  });
  if (secret.code !== 0) throw failed('secret put', secret.code);
  const record: Deployment = {
    name: options.name,
    url,
    channel,
    deployedAt: new Date(world.now()).toISOString(),
  };
  await writeFile(path.join(options.dir, 'deployment.json'), `${JSON.stringify(record, null, 2)}\n`);

  const channelUrl = `${url}/${channel}`;
  if (options.json) {
    terminal.out(JSON.stringify({ url, channel, channelUrl, token, dir: options.dir }));
    return 0;
  }
  const { color } = terminal;
  terminal.out(`${color.green('✓')} relay deployed: ${color.bold(url)}`);
  terminal.out(
    `  ${color.bold('Webhook URL')}  ${color.bold.cyan(channelUrl)}/<path>   paste it into each provider once`,
  );
  terminal.out(`  ${color.bold('Token')}        ${token}   (kept in ${tokenFile})`);
  terminal.out(
    color.dim(`  listen:  HOOKCTL_RELAY_TOKEN=${token} hookctl listen 3000 --relay ${channelUrl}`),
  );
  terminal.out(color.dim(`  status:  hookctl relay status ${url}`));
  return 0;
}
