// Writes the provider list of schema/hookctl.schema.json (the names `secrets` may map) from
// src/providers/manifest.ts. Run after adding a provider:
//   node --import tsx scripts/gen-project-schema.ts
// test/providers-consistency.test.ts fails while the schema is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROVIDER_NAMES, providerList } from '../src/providers/manifest.ts';

export const PROJECT_SCHEMA_FILE = fileURLToPath(new URL('../schema/hookctl.schema.json', import.meta.url));

/** The schema's text with its `$defs.providers` line made from the manifest. */
export function projectSchema(text: string): string {
  const line = `"providers": { "enum": ${JSON.stringify(PROVIDER_NAMES).replaceAll(',', ', ')}, "description": "${providerList(' or ')}." }`;
  const updated = text.replace(/"providers": \{ "enum"[^\n]*\}/, line);
  if (!updated.includes(line)) throw new Error(`${PROJECT_SCHEMA_FILE} has no "providers" line to update`);
  return updated;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PROJECT_SCHEMA_FILE, projectSchema(readFileSync(PROJECT_SCHEMA_FILE, 'utf8')));
}
