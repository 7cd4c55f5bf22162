import { readFile } from 'node:fs/promises';
import { isJsonObject, type JsonObject } from './parse.ts';
import type { FixtureInfo } from './types.ts';

/**
 * Fixture catalogues are data under `fixtures/<provider>/`: `index.json` lists `[{event, description,
 * file}]`, and each `file` holds one template. From `dist/providers/` and `src/providers/` alike, the
 * package root is two folders up.
 */
const FIXTURES = new URL('../../fixtures/', import.meta.url);

interface IndexEntry extends FixtureInfo {
  file: string;
}

const indexes = new Map<string, Promise<IndexEntry[]>>();

function readIndex(provider: string): Promise<IndexEntry[]> {
  let index = indexes.get(provider);
  if (index === undefined) {
    index = readFile(new URL(`${provider}/index.json`, FIXTURES), 'utf8').then(
      (text) => JSON.parse(text) as IndexEntry[],
    );
    indexes.set(provider, index);
  }
  return index;
}

/** Every event of a provider's catalogue with its description. */
export async function listFixtures(provider: string): Promise<FixtureInfo[]> {
  return (await readIndex(provider)).map(({ event, description }) => ({ event, description }));
}

/**
 * The template of one event, or null when the catalogue does not have it. Only names listed in the
 * index are ever turned into paths, so an event name cannot reach outside the fixtures folder.
 */
export async function readFixture(provider: string, event: string): Promise<JsonObject | null> {
  const entry = (await readIndex(provider)).find((candidate) => candidate.event === event);
  if (entry === undefined) return null;
  const value: unknown = JSON.parse(await readFile(new URL(`${provider}/${entry.file}`, FIXTURES), 'utf8'));
  if (!isJsonObject(value)) throw new Error(`fixture ${provider}/${entry.file} is not a JSON object`);
  return value;
}
