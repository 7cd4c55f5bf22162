// Checks the Stripe catalogue as test/fixtures-stripe.test.ts does and prints the counts; with
// `--write`, rewrites the test's known failures (test/fixtures/stripe-known.json) to what fails now.
// Run with `node --import tsx scripts/check-stripe-fixtures.ts [--write]`.
import { writeFile } from 'node:fs/promises';
import { checkStripeCatalogue, KNOWN_FILE, known, summary } from '../test/helpers/stripe-oracle.ts';

const report = await checkStripeCatalogue();
process.stdout.write(`${summary(report)}\n`);
if (process.argv.includes('--write')) {
  await writeFile(KNOWN_FILE, `${JSON.stringify(known(report), null, 2)}\n`);
  process.stdout.write(`wrote ${KNOWN_FILE.pathname}\n`);
} else {
  for (const [kind, events] of Object.entries(known(report))) {
    for (const [event, reason] of Object.entries(events))
      process.stdout.write(`${kind} ${event}: ${reason}\n`);
  }
}
