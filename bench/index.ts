/**
 * `npm run bench`: every benchmark, each figure next to a reference measured in the same run.
 * Results, with the command that produced them, go in BENCHMARKS.md.
 */
import { parseArgs } from 'node:util';
import { printListenFigures, runListenBench } from './listen.ts';
import { printRelayFigures, runRelayBench } from './relay.ts';
import { printSoakFigures, runSoakBench } from './soak.ts';
import { printFigures, runStoreBench } from './store.ts';
import { printTriggerFigures, runTriggerBench } from './trigger.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    runs: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    'relay-n': { type: 'string' },
    'relay-connections': { type: 'string' },
    sequential: { type: 'string' },
  },
});
const n = values.n === undefined ? 100_000 : Number(values.n);
const runs = values.runs === undefined ? 7 : Number(values.runs);

/**
 * `--only store|trigger|listen|soak|relay` runs one part. `--duration S` is the listen rounds' length (default
 * 8, over 7 `--rounds`) and the soak's sustained part (default 60). The relay part has its own sizes: `--relay-n` (default
 * 2000, not the store's `--n`), `--relay-connections` (10) and `--sequential` (300).
 */
const wanted = (part: string) => values.only === undefined || values.only === part;

if (wanted('store')) {
  console.log(`# store (${n} captures, median of ${runs} runs)\n`);
  printFigures(await runStoreBench({ n, runs }));
}

if (wanted('trigger')) {
  console.log(`\n# trigger end to end (median of ${runs} runs after a warm-up)\n`);
  printTriggerFigures(await runTriggerBench(runs));
}

if (wanted('listen')) {
  console.log('\n# listen: capture and forward under load, and a large body, against a bare Node hop\n');
  printListenFigures(
    await runListenBench({
      // Seven rounds of 8 s: the medians of three rounds swung ±15% between runs on this 2-core machine.
      durationS: values.duration === undefined ? 8 : Number(values.duration),
      rounds: values.rounds === undefined ? 7 : Number(values.rounds),
    }),
  );
}

if (wanted('soak')) {
  console.log('\n# soak: sustained load with bursts, then a slow and an unreachable forward target\n');
  const figures = await runSoakBench({
    durationS: values.duration === undefined ? 60 : Number(values.duration),
  });
  printSoakFigures(figures);
  // A dropped, duplicated or late request, or an fd leak: the run fails.
  if (figures.failed.length > 0) process.exitCode = 1;
}

if (wanted('relay')) {
  console.log('\n# relay: sender → relay dev (Miniflare) → listen --relay → app, against direct listen\n');
  const optional = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const figures = await runRelayBench({
    n: optional(values['relay-n']),
    connections: optional(values['relay-connections']),
    sequential: optional(values.sequential),
  });
  printRelayFigures(figures);
  // A lost or duplicated event, or a workerd left running: the run fails.
  if (figures.failed.length > 0) process.exitCode = 1;
}
