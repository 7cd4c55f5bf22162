import { Option } from 'commander';
import { type ProgramParts, STORE_HELP } from './parts.ts';

export function defineTunnelInstall({ program, action }: ProgramParts): void {
  const tunnel = program.command('tunnel').description('install cloudflared, behind the public URL');
  tunnel
    .command('install')
    .description("download cloudflared with the cloudflared npm package's installer")
    .option('--debug', 'print stack traces with errors')
    .action(action(() => import('../tunnel-install.ts')));
}

export function defineDoctor({ program, action }: ProgramParts): void {
  program
    .command('doctor')
    .description('check cloudflared, its config, the network and the store')
    .addOption(new Option('--store <dir>', STORE_HELP).env('HOOKCTL_STORE'))
    .option('--json', 'print [{"check","ok","detail"}]')
    .option('--debug', 'print stack traces with errors')
    .action(action(() => import('../doctor.ts')));
}
