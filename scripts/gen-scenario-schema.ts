// Writes the provider list of schema/scenario.schema.json from src/providers/manifest.ts, so editors
// complete and check `trigger.provider`. Run after adding a provider:
//   node --import tsx scripts/gen-scenario-schema.ts
// test/providers-consistency.test.ts fails while the schema is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROVIDER_NAMES, providerList } from '../src/providers/manifest.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));

/** The schema's text with its `trigger.provider` line made from the manifest. */
export function scenarioSchema(text: string): string {
  const line = `"provider": { "type": "string", "enum": ${JSON.stringify(PROVIDER_NAMES).replaceAll(',', ', ')}, "description": "${providerList(' or ')}." }`;
  const updated = text.replace(/"provider": \{ "type": "string"[^\n]*\}/, line);
  if (!updated.includes(line)) throw new Error(`${SCHEMA_FILE} has no "provider" line to update`);
  return updated;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, scenarioSchema(readFileSync(SCHEMA_FILE, 'utf8')));
}
