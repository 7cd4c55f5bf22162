import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  checkStripeCatalogue,
  KINDS,
  KNOWN_FILE,
  type Known,
  known,
  summary,
} from './helpers/stripe-oracle.ts';

// The ratchet: every event the catalogue carries, rendered as `trigger` sends it, checked against the
// `stripe` package's types and the rules in helpers/stripe-oracle.ts. What still fails is listed, with
// its reason, in fixtures/stripe-known.json; a new failure fails here, and so does a listed event that
// now passes, so the list only shrinks (`node --import tsx scripts/check-stripe-fixtures.ts --write`).
describe('stripe fixtures are true', async () => {
  const report = await checkStripeCatalogue();
  const now = known(report);
  const listed = JSON.parse(await readFile(KNOWN_FILE, 'utf8')) as Known;

  for (const kind of KINDS) {
    const failing = Object.keys(now[kind]);
    it(`${kind}: ${report.total - failing.length}/${report.total} events clean, the rest known`, (t) => {
      t.diagnostic(summary(report));
      const fresh = failing.filter((event) => !(event in listed[kind]));
      assert.deepEqual(
        fresh.map((event) => `${event}: ${now[kind][event]}`),
        [],
        `new ${kind} failures`,
      );
      const fixed = Object.keys(listed[kind]).filter((event) => !(event in now[kind]));
      assert.deepEqual(fixed, [], `${kind}: these pass now; take them off ${KNOWN_FILE.pathname}`);
    });
  }

  // How long the one compiler program took is a diagnostic, never an assertion: a loaded machine is slow.
  it('checks the whole catalogue in one compiler program', (t) => {
    assert.ok(report.total > 250, `${report.total} events`);
    t.diagnostic(`type-checked ${report.total} events in ${report.ms} ms`);
  });
});
