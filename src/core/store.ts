import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { HookctlError, usageError } from './errors.ts';
import { createIdGenerator, ID_LENGTH, isValidId, isValidIdPrefix } from './ids.ts';
import {
  closeFd,
  encodeHead,
  encodeTrailer,
  openFd,
  RecordError,
  readRecordFile,
  readRecordSummary,
  summaryScratch,
  writeAllAt,
} from './store-format.ts';
import { describe, errorCode, exists, isInFlight, newestFirst, ShardTree } from './store-shards.ts';
import {
  type Capture,
  type CaptureMeta,
  type CaptureSummary,
  type ForwardResult,
  summarize,
} from './types.ts';

export { MAX_FORWARD_BODY } from './store-format.ts';

/** How many captures `listen` keeps unless told otherwise. */
export const DEFAULT_KEEP = 10_000;
const AMBIGUOUS_SHOWN = 5;
/** Summaries read synchronously between turns of the event loop, so a server using the store stays live. */
const YIELD_EVERY = 256;

/** The meta of a new capture; the store assigns `id` when it is absent. */
export type CaptureMetaInput = Omit<CaptureMeta, 'id'> & { id?: string };

/** A capture whose request is safely stored and whose forward result is still to come. */
export interface PendingCapture {
  readonly id: string;
  readonly meta: CaptureMeta;
  readonly file: string;
  /** Appends the forward result (if any) and closes the file. Idempotent: later calls return the first. */
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
  /** Stores the request; resolves once every byte is written (durable against SIGKILL, not power loss). */
  begin(meta: CaptureMetaInput, body: Uint8Array): Promise<PendingCapture>;
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
}

export interface OpenStoreOptions {
  dir: string;
  /** Told once per file about torn or corrupt files that listing skipped. */
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
  private readonly warn: (message: string) => void;
  private readonly warned = new Set<string>();
  private readonly knownShards = new Set<string>();
  private readonly scratch = summaryScratch();

  constructor(options: OpenStoreOptions) {
    this.dir = path.resolve(options.dir);
    this.tree = new ShardTree(path.join(this.dir, 'captures'));
    this.newId = createIdGenerator(options.now, options.random);
    this.warn = options.warn ?? (() => {});
  }

  async begin(input: CaptureMetaInput, body: Uint8Array): Promise<PendingCapture> {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const { fd, meta, file } = await this.createRecord(input, bytes.length);
    let end: number;
    try {
      end = await writeAllAt(fd, [encodeHead(meta), bytes], 0);
    } catch (error) {
      await closeFd(fd).catch(() => {});
      await unlink(file).catch(() => {});
      throw new HookctlError(`could not write capture file ${file}: ${describe(error)}`, { cause: error });
    }
    let finishing: Promise<void> | undefined;
    const finish = async (forward: ForwardResult | null): Promise<void> => {
      try {
        if (forward !== null) await writeAllAt(fd, [encodeTrailer(forward)], end);
      } catch (error) {
        const message = `could not record the forward result in ${file}: ${describe(error)}`;
        throw new HookctlError(message, { cause: error });
      } finally {
        await closeFd(fd);
      }
    };
    return {
      id: meta.id,
      meta,
      file,
      finish(forward) {
        finishing ??= finish(forward);
        return finishing;
      },
    };
  }

  /** O_EXCL means two processes can never share a file, even if their ids collided. */
  private async createRecord(input: CaptureMetaInput, size: number) {
    for (let attempt = 1; ; attempt++) {
      const id = input.id ?? this.newId();
      if (!isValidId(id)) throw usageError(`invalid capture id "${id}"`, 'EBADID');
      const meta: CaptureMeta = { id, ...input, size };
      // `{ id: undefined }` from a caller must not overwrite the id; assigning keeps it first in the JSON.
      meta.id = id;
      const file = this.tree.recordPath(id);
      try {
        return { fd: await this.openExclusive(file), meta, file };
      } catch (error) {
        if (errorCode(error) === 'EEXIST' && input.id === undefined && attempt < 3) continue;
        throw new HookctlError(`could not create capture file ${file}: ${describe(error)}`, { cause: error });
      }
    }
  }

  private async openExclusive(file: string): Promise<number> {
    const shardDir = path.dirname(file);
    if (!this.knownShards.has(shardDir)) {
      await mkdir(shardDir, { recursive: true, mode: 0o700 });
      this.knownShards.add(shardDir);
    }
    try {
      return await openFd(file, 'wx', 0o600);
    } catch (error) {
      // Another process may have pruned the (then empty) shard since we created it.
      if (errorCode(error) !== 'ENOENT') throw error;
      await mkdir(shardDir, { recursive: true, mode: 0o700 });
      return await openFd(file, 'wx', 0o600);
    }
  }

  async get(id: string): Promise<Capture> {
    if (!isValidId(id)) throw invalidRef(id);
    const file = this.tree.recordPath(id);
    try {
      return await readRecordFile(file, id);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw this.notFound(id);
      const hint = error instanceof RecordError ? ' (delete the file if it stays so)' : '';
      throw new HookctlError(`cannot read capture file ${file}: ${describe(error)}${hint}`, {
        code: error instanceof RecordError ? 'ECORRUPT' : 'EHOOKCTL',
        cause: error,
      });
    }
  }

  async resolve(ref: string): Promise<string> {
    const wanted = ref.toLowerCase();
    if (wanted === 'last') return this.newest();
    if (!isValidIdPrefix(wanted)) throw invalidRef(ref);
    if (wanted.length === ID_LENGTH) {
      if (await exists(this.tree.recordPath(wanted))) return wanted;
      throw this.notFound(ref);
    }
    const matches = await this.tree.findByPrefix(wanted, AMBIGUOUS_SHOWN + 1);
    const [only] = matches;
    if (only === undefined) throw this.notFound(ref);
    if (matches.length === 1) return only;
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

    let read = 0;
    for await (const id of this.tree.newestFirst()) {
      if (++read % YIELD_EVERY === 0) await setImmediate();
      const record = this.summary(id);
      if (record === null) continue;
      if (provider !== null && record.meta.provider?.toLowerCase() !== provider) continue;
      if (event !== null && record.meta.event !== event) continue;
      if (found.push(summarize(record.meta, record.forward)) >= limit) break;
    }
    return found;
  }

  async count(): Promise<number> {
    let total = 0;
    for (const shard of await this.tree.shards()) total += (await this.tree.idsIn(shard)).length;
    return total;
  }

  async prune(keep: number): Promise<number> {
    if (!Number.isInteger(keep) || keep < 0) throw usageError(`invalid number of captures to keep: ${keep}`);
    if (keep === 0) return 0;
    let seen = 0;
    let removed = 0;
    for (const shard of await this.tree.shards()) {
      const ids = newestFirst(await this.tree.idsIn(shard));
      const keepHere = Math.max(0, keep - seen);
      seen += ids.length;
      if (keepHere >= ids.length) continue;
      removed += await this.tree.removeAll(ids.slice(keepHere));
      if (keepHere === 0) await this.removeShard(shard);
    }
    return removed;
  }

  async clear(): Promise<number> {
    let removed = 0;
    for (const shard of await this.tree.shards()) {
      removed += await this.tree.removeAll(await this.tree.idsIn(shard));
      await this.removeShard(shard);
    }
    return removed;
  }

  private notFound(ref: string): HookctlError {
    return usageError(`no capture ${ref} in ${this.dir} (see \`hookctl list\`)`, 'ENOCAPTURE');
  }

  private async newest(): Promise<string> {
    for await (const id of this.tree.newestFirst()) {
      if (this.summary(id) !== null) return id;
    }
    throw usageError(`no captures in ${this.dir} yet (run \`hookctl listen\` first)`, 'ENOCAPTURE');
  }

  /** A record's meta and forward, or null (after one warning) when it cannot be read. */
  private summary(id: string): { meta: CaptureMeta; forward: ForwardResult | null } | null {
    const file = this.tree.recordPath(id);
    try {
      return readRecordSummary(file, id, this.scratch);
    } catch (error) {
      // Gone: pruned or cleared by another process since we listed the shard.
      if (errorCode(error) === 'ENOENT') return null;
      if (error instanceof RecordError && error.torn && isInFlight(file)) return null;
      if (!this.warned.has(file)) {
        this.warned.add(file);
        this.warn(`skipped corrupt capture file ${file}: ${describe(error)}`);
      }
      return null;
    }
  }

  private async removeShard(shard: string): Promise<void> {
    this.knownShards.delete(this.tree.shardDir(shard));
    await this.tree.removeShard(shard);
  }
}

function invalidRef(ref: string): HookctlError {
  return usageError(
    `"${ref}" is not a capture id: use \`last\`, an id or a unique id prefix (0-9 and a-z without i, l, o, u; see \`hookctl list\`)`,
    'EBADID',
  );
}
