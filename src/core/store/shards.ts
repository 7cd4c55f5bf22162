import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { HookctlError } from '../../lib/errors.ts';
import { type CaptureLoc, type ForwardLoc, SEGMENT_EXT, type SegmentScan, scanSegment } from './format.ts';
import { ID_LENGTH, isValidId, isValidIdPrefix } from './ids.ts';
import { LEGACY_EXT, legacyLoc } from './legacy.ts';

/** Ids share a shard when their first 6 chars (the time in units of 2^20 ms, ~17 minutes) agree. */
export const SHARD_CHARS = 6;
/** Deletions in flight at once; enough to keep the libuv pool busy. */
export const IO_BATCH = 64;
/** A torn record in a file younger than this is most likely being written right now by another process. */
const IN_FLIGHT_MS = 5_000;

/**
 * The `captures/<shard>/` tree: segment files `<name>.hks` (the name is an id drawn when the segment was
 * started, so names sort by age) and legacy one-capture files `<id>.hkc`. Only names that are valid ids
 * (or shard prefixes) are ever joined into a path; anything else found in the tree is not ours and ignored.
 */
export class ShardTree {
  constructor(readonly root: string) {}

  shardDir(shard: string): string {
    return path.join(this.root, shard);
  }

  segmentPath(shard: string, name: string): string {
    return path.join(this.root, shard, name + SEGMENT_EXT);
  }

  /** Where a version 0.1 store kept capture `id`. */
  legacyPath(id: string): string {
    return path.join(this.root, id.slice(0, SHARD_CHARS), id + LEGACY_EXT);
  }

  /** Shard names, newest first. */
  async shards(): Promise<string[]> {
    const names = await readNames(this.root);
    return newestFirst(names.filter((name) => name.length === SHARD_CHARS && isValidIdPrefix(name)));
  }

  /** A shard's segment files (oldest first) and legacy capture ids. */
  async filesIn(shard: string): Promise<{ segments: string[]; legacy: string[] }> {
    const segments: string[] = [];
    const legacy: string[] = [];
    for (const name of await readNames(this.shardDir(shard))) {
      const id = name.slice(0, ID_LENGTH);
      if (name.length !== ID_LENGTH + SEGMENT_EXT.length || !isValidId(id)) continue;
      if (name.endsWith(SEGMENT_EXT)) segments.push(this.segmentPath(shard, id));
      else if (name.endsWith(LEGACY_EXT) && id.startsWith(shard)) legacy.push(id);
    }
    return { segments: segments.sort(), legacy };
  }

  /** Deletes these files; returns how many this call deleted (another process may beat us to some). */
  async removeFiles(files: string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < files.length; i += IO_BATCH) {
      const results = await Promise.all(files.slice(i, i + IO_BATCH).map(removeFile));
      removed += results.filter(Boolean).length;
    }
    return removed;
  }

  async removeShard(shard: string): Promise<void> {
    // Not empty: a foreign file, or another process just wrote a capture there. Both are fine.
    await rmdir(this.shardDir(shard)).catch(() => {});
  }
}

/** Every capture of one shard, and where each lives. */
export interface ShardView {
  shard: string;
  captures: Map<string, CaptureLoc>;
  /** The forward results of each capture that has any, oldest first (the last readable one counts). */
  forwards: Map<string, ForwardLoc[]>;
  /** Each file of the shard with the ids of the records in it (captures and forward results). */
  files: Map<string, string[]>;
}

/**
 * Reads shards into views, remembering how far each segment was read: segments only grow, so reading a
 * shard again reads only what was appended since (a long-running `listen` or `ui` asks often).
 */
export class StoreIndex {
  private readonly scanned = new Map<string, SegmentScan>();
  /** The last view of each shard, for looking one capture up without reading the folder again. */
  private readonly views = new Map<string, ShardView>();
  private readonly warned = new Set<string>();

  constructor(
    readonly tree: ShardTree,
    private readonly scratch: Buffer,
    private readonly warn: (message: string) => void,
  ) {}

  /** `report`: warn about damage found (listing does; looking up one capture does not talk about others). */
  async shard(shard: string, report = true): Promise<ShardView> {
    const { segments, legacy } = await this.tree.filesIn(shard);
    const view: ShardView = { shard, captures: new Map(), forwards: new Map(), files: new Map() };
    for (const file of segments) {
      const scan = this.scan(file);
      if (scan === null) continue;
      if (report) this.report(file, scan);
      const ids: string[] = [];
      for (const loc of scan.captures) {
        if (!loc.id.startsWith(shard)) {
          if (report) this.warnOnce(file, `a record of capture ${loc.id}, which belongs in another folder`);
        } else if (!view.captures.has(loc.id)) view.captures.set(loc.id, loc);
        ids.push(loc.id);
      }
      for (const loc of scan.forwards) {
        const known = view.forwards.get(loc.id);
        if (known === undefined) view.forwards.set(loc.id, [loc]);
        else known.push(loc);
        ids.push(loc.id);
      }
      view.files.set(file, ids);
      if (scan.captures.length > 256) await setImmediate();
    }
    for (const id of legacy) {
      const file = this.tree.legacyPath(id);
      if (!view.captures.has(id)) view.captures.set(id, legacyLoc(file, id));
      view.files.set(file, [id]);
    }
    this.views.set(shard, view);
    const dir = this.tree.shardDir(shard) + path.sep;
    for (const file of this.scanned.keys()) {
      if (file.startsWith(dir) && !view.files.has(file)) this.scanned.delete(file);
    }
    return view;
  }

  /**
   * A view of the shard that holds `id` with its forward result: the last one when it has both (reading
   * many captures one by one then costs no folder reads), else a fresh one. A forward result once seen
   * is final: `finish` writes one per capture.
   */
  async lookup(id: string): Promise<ShardView> {
    const shard = id.slice(0, SHARD_CHARS);
    const known = this.views.get(shard);
    if (known?.captures.has(id) && known.forwards.has(id)) return known;
    return this.shard(shard, false);
  }

  /** Says once per file and problem what a scan skipped. */
  warnOnce(file: string, message: string): void {
    const key = `${file}\n${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(`skipped ${message} in capture file ${file}`);
  }

  /** Forgets a file this process deleted. */
  forget(file: string): void {
    this.scanned.delete(file);
    this.views.clear();
  }

  /** The segment read up to its current end, continuing an earlier read; null when it is gone. */
  private scan(file: string): SegmentScan | null {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new HookctlError(`cannot read capture file ${file}: ${describe(error)}`, { cause: error });
    }
    let scan: SegmentScan;
    try {
      const size = fstatSync(fd).size;
      const before = this.scanned.get(file);
      if (before !== undefined && before.end === size && before.tornAt === null) return before;
      if (before === undefined || size < before.end) scan = scanSegment(fd, file, 0, size, this.scratch);
      else {
        const more = scanSegment(fd, file, before.end, size, this.scratch);
        scan = {
          captures: before.captures.concat(more.captures),
          forwards: before.forwards.concat(more.forwards),
          end: more.end,
          tornAt: more.tornAt,
          damage: before.damage.concat(more.damage),
        };
      }
    } finally {
      closeSync(fd);
    }
    this.scanned.set(file, scan);
    return scan;
  }

  private report(file: string, scan: SegmentScan): void {
    for (const damage of scan.damage) this.warnOnce(file, damage);
    if (scan.tornAt !== null && !isInFlight(file)) {
      this.warnOnce(file, `a torn record at byte ${scan.tornAt} (the writer was stopped mid-write)`);
    }
  }
}

export function newestFirst(ids: string[]): string[] {
  return ids.sort().reverse();
}

async function readNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
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

/** True when a file was written to in the last few seconds: a torn end is probably a write under way. */
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
