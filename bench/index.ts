/**
 * `npm run bench`: every benchmark, each figure next to a reference measured in the same run.
 * Results, with the command that produced them, go in BENCHMARKS.md.
 */
import { parseArgs } from 'node:util';
import { printFigures, runStoreBench } from './store.ts';
import { printTriggerFigures, runTriggerBench } from './trigger.ts';

const { values } = parseArgs({ options: { n: { type: 'string' }, runs: { type: 'string' } } });
const n = values.n === undefined ? 100_000 : Number(values.n);
const runs = values.runs === undefined ? 7 : Number(values.runs);

console.log(`# store (${n} captures, median of ${runs} runs)\n`);
printFigures(await runStoreBench({ n, runs }));

console.log(`\n# trigger end to end (median of ${runs} runs after a warm-up)\n`);
printTriggerFigures(await runTriggerBench(runs));
