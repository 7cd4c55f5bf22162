import { statSync } from 'node:fs';
import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HookctlError } from './errors.ts';
import { ID_LENGTH, isValidId, isValidIdPrefix } from './ids.ts';
import { RECORD_EXT } from './store-format.ts';

/** Ids share a shard when their first 6 chars (the time in units of 2^20 ms, ~17 minutes) agree. */
export const SHARD_CHARS = 6;
/** Deletions in flight at once; enough to keep the libuv pool busy. */
export const IO_BATCH = 64;
/** A short file younger than this is most likely being written right now by another process. */
const IN_FLIGHT_MS = 5_000;

/**
 * The `captures/<shard>/<id>.hkc` tree. Only names that are valid ids (or shard prefixes) are ever
 * joined into a path, and anything else found in the tree is ignored as not ours.
 */
export class ShardTree {
  constructor(readonly root: string) {}

  recordPath(id: string): string {
    return path.join(this.root, id.slice(0, SHARD_CHARS), id + RECORD_EXT);
  }

  shardDir(shard: string): string {
    return path.join(this.root, shard);
  }

  /** Shard names, newest first. */
  async shards(): Promise<string[]> {
    const names = await readNames(this.root);
    return newestFirst(names.filter((name) => name.length === SHARD_CHARS && isValidIdPrefix(name)));
  }

  /** Ids of the record files in a shard, unsorted. */
  async idsIn(shard: string): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await readNames(this.shardDir(shard))) {
      if (name.length !== ID_LENGTH + RECORD_EXT.length || !name.endsWith(RECORD_EXT)) continue;
      const id = name.slice(0, ID_LENGTH);
      if (id.startsWith(shard) && isValidId(id)) ids.push(id);
    }
    return ids;
  }

  /** Every id, newest first, one shard directory read at a time. */
  async *newestFirst(): AsyncGenerator<string> {
    for (const shard of await this.shards()) yield* newestFirst(await this.idsIn(shard));
  }

  /** Up to `max` ids starting with `prefix`, newest first, reading only the shards it can be in. */
  async findByPrefix(prefix: string, max: number): Promise<string[]> {
    const shards =
      prefix.length >= SHARD_CHARS
        ? [prefix.slice(0, SHARD_CHARS)]
        : (await this.shards()).filter((shard) => shard.startsWith(prefix));
    const found: string[] = [];
    for (const shard of shards) {
      for (const id of newestFirst(await this.idsIn(shard))) {
        if (!id.startsWith(prefix)) continue;
        if (found.push(id) >= max) return found;
      }
    }
    return found;
  }

  /** Deletes these records; returns how many this call deleted (another process may beat us to some). */
  async removeAll(ids: string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < ids.length; i += IO_BATCH) {
      const chunk = ids.slice(i, i + IO_BATCH);
      const results = await Promise.all(chunk.map((id) => removeFile(this.recordPath(id))));
      removed += results.filter(Boolean).length;
    }
    return removed;
  }

  async removeShard(shard: string): Promise<void> {
    // Not empty: a foreign file, or another process just wrote a capture there. Both are fine.
    await rmdir(this.shardDir(shard)).catch(() => {});
  }
}

export function newestFirst(ids: string[]): string[] {
  return ids.sort().reverse();
}

async function readNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw new HookctlError(`cannot read the capture store folder ${dir}: ${describe(error)}`, {
      cause: error,
    });
  }
}

async function removeFile(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw new HookctlError(`cannot delete capture file ${file}: ${describe(error)}`, { cause: error });
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** True when a torn file is probably still being written by another process, not left by a kill. */
export function isInFlight(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < IN_FLIGHT_MS;
  } catch {
    return false;
  }
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
