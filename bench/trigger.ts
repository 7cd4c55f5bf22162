/**
 * `hookctl trigger` end to end as a whole process (start-up, fixture load, signing, one POST), next to
 * two references measured in the same run: `node -e 0`, and a bare Node script that signs a fixed Stripe
 * body with node:crypto and POSTs it with node:http: the least any tool can do for the same job.
 *
 *   npm run build && node --import tsx bench/trigger.ts [--runs 9]
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { medianOf, timeNodeProcess } from './timing.ts';

const BIN = fileURLToPath(new URL('../bin/hookctl.js', import.meta.url));

const BARE = `
const { createHmac } = require('node:crypto');
const http = require('node:http');
const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: {} } }, null, 2);
const t = Math.floor(Date.now() / 1000);
const sig = createHmac('sha256', 'whsec_x').update(t + '.' + body).digest('hex');
const req = http.request(process.argv[2], { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=' + t + ',v1=' + sig } }, (res) => { res.resume(); res.on('end', () => process.exit(res.statusCode === 200 ? 0 : 1)); });
req.end(body);
`;

export interface TriggerFigures {
  runs: number;
  nodeStartup: number;
  bare: number;
  rows: Array<{ name: string; ms: number }>;
}

export async function runTriggerBench(runs = 9): Promise<TriggerFigures> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  const bareFile = path.join(os.tmpdir(), `hookctl-bench-bare-${process.pid}.cjs`);
  await writeFile(bareFile, BARE);
  try {
    // One warm-up run: the page cache, not the program, is what a first run measures.
    const time = (args: string[]) => medianOf(runs, () => timeNodeProcess(args), 1);
    const figures: TriggerFigures = {
      runs,
      nodeStartup: await time(['-e', '0']),
      bare: await time([bareFile, url]),
      rows: [],
    };
    for (const [name, args] of [
      ['hookctl --version', [BIN, '--version']],
      ['hookctl --help', [BIN, '--help']],
      [
        'hookctl trigger stripe payment_intent.succeeded',
        [BIN, 'trigger', 'stripe', 'payment_intent.succeeded', '--to', url],
      ],
      [
        'hookctl trigger github pull_request.opened',
        [BIN, 'trigger', 'github', 'pull_request.opened', '--to', url],
      ],
      ['hookctl trigger slack slash_command', [BIN, 'trigger', 'slack', 'slash_command', '--to', url]],
      ['hookctl trigger stripe invoice.paid --print', [BIN, 'trigger', 'stripe', 'invoice.paid', '--print']],
    ] as const) {
      figures.rows.push({ name, ms: await time([...args]) });
    }
    return figures;
  } finally {
    server.close();
  }
}

export function printTriggerFigures(figures: TriggerFigures): void {
  const row = (name: string, ms: number) =>
    console.log(
      `${name.padEnd(52)}${`${ms.toFixed(1)} ms`.padStart(10)}${`${(ms / figures.nodeStartup).toFixed(2)}x`.padStart(14)}${`${(ms / figures.bare).toFixed(2)}x`.padStart(12)}`,
    );
  console.log(
    `${'command (whole process)'.padEnd(52)}${'median'.padStart(10)}${'vs node -e 0'.padStart(14)}${'vs bare'.padStart(12)}`,
  );
  row('node -e 0 (reference)', figures.nodeStartup);
  row('bare node:crypto + node:http sign-and-POST (reference)', figures.bare);
  for (const { name, ms } of figures.rows) row(name, ms);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  printTriggerFigures(await runTriggerBench(values.runs === undefined ? 9 : Number(values.runs)));
}
