import { spawn } from 'node:child_process';

/** Wall time of one whole `node ARGS` process, start-up included; rejects when it exits non-zero. */
export function timeNodeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** The median of `runs` samples (the upper middle for an even count), after `warmup` uncounted ones. */
export async function medianOf(runs: number, sample: () => Promise<number>, warmup = 0): Promise<number> {
  for (let i = 0; i < warmup; i++) await sample();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await sample());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
