import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { HookctlError, usageError } from '../../lib/errors.ts';
import {
  type Capture,
  type CaptureMeta,
  type CaptureSummary,
  type ForwardResult,
  summarize,
} from '../types.ts';
import {
  type CaptureLoc,
  encodeCaptureHead,
  encodeForwardRecord,
  type ForwardLoc,
  RECORD_END,
  RecordError,
  readCapture,
  readForwardSync,
  readMetaSync,
  scanScratch,
} from './format.ts';
import { createIdGenerator, ID_LENGTH, isValidId, isValidIdPrefix } from './ids.ts';
import { isLegacy, readLegacyCapture, readLegacySummary } from './legacy.ts';
import {
  describe,
  errorCode,
  newestFirst,
  SHARD_CHARS,
  ShardTree,
  type ShardView,
  StoreIndex,
} from './shards.ts';
import { SegmentWriter } from './writer.ts';

export { MAX_FORWARD_BODY } from './format.ts';
export { ID_LENGTH, idTime, isValidId } from './ids.ts';
export { resolveStoreDir, type StoreDirInput } from './paths.ts';

const AMBIGUOUS_SHOWN = 5;
/** Summaries read synchronously between turns of the event loop, so a server using the store stays live. */
const YIELD_EVERY = 256;
/**
 * `captures/horizon` holds the oldest id `prune` kept: older records still in a segment with newer ones
 * are gone for every reader, and their segment is deleted once all its records are older.
 */
const HORIZON_FILE = 'horizon';

/** The meta of a new capture; the store assigns `id` when it is absent. */
export type CaptureMetaInput = Omit<CaptureMeta, 'id'> & { id?: string };

/** A capture whose request is safely stored and whose forward result is still to come. */
export interface PendingCapture {
  readonly id: string;
  readonly meta: CaptureMeta;
  /** The segment file that holds the request. */
  readonly file: string;
  /** Stores the forward result (if any). Idempotent: later calls return the first. */
  finish(forward: ForwardResult | null): Promise<void>;
}

export interface ListOptions {
  /** Default 20. */
  limit?: number;
  /** Matched case-insensitively. */
  provider?: string | null;
  event?: string | null;
}

export interface CaptureStore {
  /** The store directory (absolute). */
  readonly dir: string;
  newId(): string;
  /**
   * Stores the request; resolves once every byte is written (durable against SIGKILL, not power loss).
   * A `meta` with an id becomes the capture's meta (its `size` is set), so pass a fresh object.
   */
  begin(meta: CaptureMetaInput, body: Uint8Array): Promise<PendingCapture>;
  /**
   * Records the forward result of a capture already stored without one (a relay event whose forward a
   * crash cut off); the first result recorded is the one readers see.
   */
  recordForward(id: string, forward: ForwardResult): Promise<void>;
  /** One capture by full id; unknown → exit 2, torn or corrupt → exit 1. */
  get(id: string): Promise<Capture>;
  /** `last`, a full id or a unique prefix → the full id; anything else → exit 2. */
  resolve(ref: string): Promise<string>;
  /** Newest first. */
  list(options?: ListOptions): Promise<CaptureSummary[]>;
  count(): Promise<number>;
  /** Deletes all but the newest `keep` captures (0 keeps all); returns how many were deleted. */
  prune(keep: number): Promise<number>;
  /** Deletes every capture; returns how many. */
  clear(): Promise<number>;
  /** Closes the files this store writes to; it opens new ones if used again. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  dir: string;
  /** Told once per file and problem about damaged records that reading skipped. */
  warn?: (message: string) => void;
  /** The clock behind new ids. */
  now?: () => number;
  random?: (bytes: number) => Buffer;
}

/** Opens (creating if needed) the store at `dir`. Any number of processes may share one store. */
export async function openStore(options: OpenStoreOptions): Promise<CaptureStore> {
  const store = new FileStore(options);
  try {
    await mkdir(store.tree.root, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw usageError(
      `cannot create the capture store ${store.tree.root}: ${describe(error)} (choose another with --store DIR or $HOOKCTL_STORE)`,
      'ESTORE',
    );
  }
  return store;
}

class FileStore implements CaptureStore {
  readonly dir: string;
  readonly tree: ShardTree;
  readonly newId: () => string;
  private readonly writer: SegmentWriter;
  private readonly index: StoreIndex;
  private readonly scratch = scanScratch();

  constructor(options: OpenStoreOptions) {
    this.dir = path.resolve(options.dir);
    this.tree = new ShardTree(path.join(this.dir, 'captures'));
    this.newId = createIdGenerator(options.now, options.random);
    // Segment names: ids from the real clock, so they sort by age whatever clock the capture ids use.
    this.writer = new SegmentWriter(this.tree, createIdGenerator(Date.now, options.random));
    this.index = new StoreIndex(this.tree, this.scratch, options.warn ?? (() => {}));
  }

  async begin(input: CaptureMetaInput, body: Uint8Array): Promise<PendingCapture> {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const id = input.id ?? this.newId();
    if (!isValidId(id)) throw usageError(`invalid capture id "${id}"`, 'EBADID');
    // With an id (the capture server's case) the meta is taken over, not copied: an object spread of it
    // per request showed in listen's profile. Without one, a copy, so a caller may reuse its object.
    const meta = (input.id === undefined ? { id, ...input } : input) as CaptureMeta;
    // `{ id: undefined }` from a caller must not overwrite the id; assigning keeps it first in the JSON.
    meta.id = id;
    meta.size = bytes.length;
    const shard = id.slice(0, SHARD_CHARS);
    const file = await this.writer.append(shard, [encodeCaptureHead(meta), bytes, RECORD_END], 'capture');
    let finishing: Promise<void> | undefined;
    const finish = async (forward: ForwardResult | null): Promise<void> => {
      if (forward === null) return;
      try {
        await this.writer.append(shard, [encodeForwardRecord(id, forward)], 'forward');
      } catch (error) {
        throw new HookctlError(`could not record the forward result of ${id}: ${describe(error)}`, {
          cause: error,
        });
      }
    };
    return {
      id,
      meta,
      file,
      finish(forward) {
        finishing ??= finish(forward);
        return finishing;
      },
    };
  }

  async recordForward(id: string, forward: ForwardResult): Promise<void> {
    if (!isValidId(id)) throw usageError(`invalid capture id "${id}"`, 'EBADID');
    await this.writer.append(id.slice(0, SHARD_CHARS), [encodeForwardRecord(id, forward)], 'forward');
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  async get(id: string): Promise<Capture> {
    if (!isValidId(id)) throw invalidRef(id);
    if (id < this.horizon()) throw this.notFound(id);
    for (let fresh = false; ; fresh = true) {
      const shard = id.slice(0, SHARD_CHARS);
      const view = fresh ? await this.index.shard(shard, false) : await this.index.lookup(id);
      const loc = view.captures.get(id);
      if (loc === undefined) throw this.notFound(id);
      try {
        if (isLegacy(loc)) return await readLegacyCapture(loc.file, id);
        return await readCapture(loc, view.forwards.get(id));
      } catch (error) {
        // Gone: pruned or cleared by another process since the shard was read; a fresh look tells.
        if (errorCode(error) !== 'ENOENT') throw unreadable(id, loc.file, error);
        if (fresh) throw this.notFound(id);
      }
    }
  }

  async resolve(ref: string): Promise<string> {
    const wanted = ref.toLowerCase();
    if (wanted === 'last') return this.newest();
    if (!isValidIdPrefix(wanted)) throw invalidRef(ref);
    const horizon = this.horizon();
    const shards =
      wanted.length >= SHARD_CHARS
        ? [wanted.slice(0, SHARD_CHARS)]
        : (await this.tree.shards()).filter((shard) => shard.startsWith(wanted));
    const matches: string[] = [];
    for (const shard of shards) {
      const view = await this.index.shard(shard, false);
      for (const id of visibleIds(view, horizon)) {
        if (id.startsWith(wanted) && matches.push(id) > AMBIGUOUS_SHOWN) break;
      }
      if (matches.length > AMBIGUOUS_SHOWN) break;
    }
    const [only] = matches;
    if (only === undefined) throw this.notFound(ref);
    if (matches.length === 1 || wanted.length === ID_LENGTH) return only;
    const shown = matches.slice(0, AMBIGUOUS_SHOWN).join(', ');
    const more = matches.length > AMBIGUOUS_SHOWN ? `more than ${AMBIGUOUS_SHOWN}` : String(matches.length);
    throw usageError(
      `capture id prefix "${ref}" is ambiguous: it matches ${more} captures (${shown}); type more characters`,
      'EAMBIGUOUS',
    );
  }

  async list(options: ListOptions = {}): Promise<CaptureSummary[]> {
    const limit = options.limit ?? 20;
    const provider = options.provider?.toLowerCase() ?? null;
    const event = options.event ?? null;
    const found: CaptureSummary[] = [];
    if (!(limit > 0)) return found;
    const horizon = this.horizon();
    let read = 0;
    const files = new OpenFiles();
    try {
      for (const shard of await this.tree.shards()) {
        const view = await this.index.shard(shard);
        for (const id of visibleIds(view, horizon)) {
          if (++read % YIELD_EVERY === 0) await setImmediate();
          const record = this.summary(view, id, files);
          if (record === null) continue;
          if (provider !== null && record.meta.provider?.toLowerCase() !== provider) continue;
          if (event !== null && record.meta.event !== event) continue;
          if (found.push(summarize(record.meta, record.forward)) >= limit) return found;
        }
        files.closeAll();
      }
    } finally {
      files.closeAll();
    }
    return found;
  }

  async count(): Promise<number> {
    const horizon = this.horizon();
    let total = 0;
    for (const shard of await this.tree.shards()) {
      total += visibleIds(await this.index.shard(shard), horizon).length;
    }
    return total;
  }

  async prune(keep: number): Promise<number> {
    if (!Number.isInteger(keep) || keep < 0) throw usageError(`invalid number of captures to keep: ${keep}`);
    if (keep === 0) return 0;
    const horizon = this.horizon();
    const views: ShardView[] = [];
    let seen = 0;
    let oldestKept: string | undefined;
    for (const shard of await this.tree.shards()) {
      const view = await this.index.shard(shard);
      views.push(view);
      const ids = visibleIds(view, horizon);
      if (oldestKept === undefined && seen + ids.length >= keep) oldestKept = ids[keep - seen - 1];
      seen += ids.length;
    }
    if (oldestKept === undefined || seen <= keep) return 0;
    // First the horizon (from now on every reader skips the older records), then the files it emptied.
    await this.setHorizon(oldestKept);
    for (const view of views) {
      const doomed: string[] = [];
      for (const [file, ids] of view.files) {
        if (ids.length > 0 && ids.every((id) => id < oldestKept)) doomed.push(file);
      }
      // A segment of ours among them: stop writing to it first (a write racing the delete is redone anyway).
      this.writer.release(doomed);
      await this.tree.removeFiles(doomed);
      for (const file of doomed) this.index.forget(file);
      if (doomed.length === view.files.size) await this.removeShard(view.shard);
    }
    return seen - keep;
  }

  async clear(): Promise<number> {
    await this.close();
    const horizon = this.horizon();
    let removed = 0;
    for (const shard of await this.tree.shards()) {
      const view = await this.index.shard(shard);
      removed += visibleIds(view, horizon).length;
      const files = [...view.files.keys()];
      await this.tree.removeFiles(files);
      for (const file of files) this.index.forget(file);
      await this.removeShard(shard);
    }
    await unlink(this.horizonPath()).catch(() => {});
    return removed;
  }

  private notFound(ref: string): HookctlError {
    return usageError(`no capture ${ref} in ${this.dir} (see \`hookctl list\`)`, 'ENOCAPTURE');
  }

  private async newest(): Promise<string> {
    const horizon = this.horizon();
    const files = new OpenFiles();
    try {
      for (const shard of await this.tree.shards()) {
        const view = await this.index.shard(shard);
        for (const id of visibleIds(view, horizon)) {
          if (this.summary(view, id, files) !== null) return id;
        }
        files.closeAll();
      }
    } finally {
      files.closeAll();
    }
    throw usageError(`no captures in ${this.dir} yet (run \`hookctl listen\` first)`, 'ENOCAPTURE');
  }

  /** A capture's meta and forward summary, or null (after one warning) when it cannot be read. */
  private summary(
    view: ShardView,
    id: string,
    files: OpenFiles,
  ): { meta: CaptureMeta; forward: ForwardResult | null } | null {
    const loc = view.captures.get(id) as CaptureLoc;
    try {
      if (isLegacy(loc)) return readLegacySummary(loc.file, id);
      const meta = readMetaSync(files.fd(loc.file), loc, this.scratch);
      const forwards = view.forwards.get(id) ?? [];
      let forward: ForwardResult | null = null;
      for (let i = forwards.length - 1; i >= 0 && forward === null; i--) {
        const at = forwards[i] as ForwardLoc;
        forward = readForwardSync(files.fd(at.file), at, this.scratch, false);
      }
      return { meta, forward };
    } catch (error) {
      // Gone: pruned or cleared by another process since we read the shard.
      if (errorCode(error) === 'ENOENT') return null;
      this.index.warnOnce(loc.file, `capture ${id} (${describe(error)})`);
      return null;
    }
  }

  private horizonPath(): string {
    return path.join(this.tree.root, HORIZON_FILE);
  }

  /** The oldest id still kept; '' when nothing was ever pruned. */
  private horizon(): string {
    try {
      const id = readFileSync(this.horizonPath(), 'latin1').trim();
      return isValidId(id) ? id : '';
    } catch {
      return '';
    }
  }

  private async setHorizon(id: string): Promise<void> {
    if (id <= this.horizon()) return;
    // Written aside and renamed: a reader sees the old horizon or the new one, never half of one.
    const aside = `${this.horizonPath()}.${process.pid}`;
    await writeFile(aside, `${id}\n`, { mode: 0o600 });
    await rename(aside, this.horizonPath());
  }

  private async removeShard(shard: string): Promise<void> {
    this.writer.forgetShard(shard);
    await this.tree.removeShard(shard);
  }
}

/** A shard's captures that the horizon has not removed, newest first. */
function visibleIds(view: ShardView, horizon: string): string[] {
  const ids = newestFirst([...view.captures.keys()]);
  if (horizon === '') return ids;
  const cut = ids.findIndex((id) => id < horizon);
  return cut === -1 ? ids : ids.slice(0, cut);
}

/**
 * Segment files held open while one shard's summaries are read: a segment holds up to 1,024 captures,
 * and an open and a close per capture cost about as much as reading it.
 */
class OpenFiles {
  private readonly open = new Map<string, number>();

  fd(file: string): number {
    let fd = this.open.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'r');
      this.open.set(file, fd);
    }
    return fd;
  }

  closeAll(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}

function unreadable(id: string, file: string, error: unknown): HookctlError {
  const hint = error instanceof RecordError ? ' (delete the file if it stays so)' : '';
  return new HookctlError(`cannot read capture ${id} in ${file}: ${describe(error)}${hint}`, {
    code: error instanceof RecordError ? 'ECORRUPT' : 'EHOOKCTL',
    cause: error,
  });
}

function invalidRef(ref: string): HookctlError {
  return usageError(
    `"${ref}" is not a capture id: use \`last\`, an id or a unique id prefix (0-9 and a-z without i, l, o, u; see \`hookctl list\`)`,
    'EBADID',
  );
}
