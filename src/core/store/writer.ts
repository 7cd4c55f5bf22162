import { fstatSync, ftruncateSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { HookctlError } from '../../lib/errors.ts';
import { closeFd, openFd, SYNC_WRITE_MAX, writeAllAt, writeAllSync } from './io.ts';
import { describe, errorCode, type ShardTree } from './shards.ts';

/** A segment takes no more records once it is this large or holds this many captures. */
const SEGMENT_BYTES = 4 * 1024 * 1024;
const SEGMENT_RECORDS = 1024;

export type RecordKind = 'capture' | 'forward';

/** A segment this process appends to. Only ever written synchronously, so appends never interleave. */
interface Segment {
  readonly shard: string;
  readonly file: string;
  readonly fd: number;
  end: number;
  records: number;
  /** No more appends: it is full, was deleted under us, or a write failed and could not be undone. */
  retired: boolean;
}

/**
 * The writing half of the store: appends records to this process's open segment of each shard, starts
 * new segments (O_EXCL, so no two writers ever share one), and gives large records files of their own.
 */
export class SegmentWriter {
  private readonly knownShards = new Set<string>();
  /** The segment each shard's new records go to, or its opening. */
  private readonly writing = new Map<string, Segment | Promise<Segment>>();
  private readonly closing = new Set<Promise<void>>();

  /** `newName`: ids for segment names, so names sort by age. */
  constructor(
    private readonly tree: ShardTree,
    private readonly newName: () => string,
  ) {}

  /**
   * Appends one record to the shard's segment; the file, once every byte is written. In the usual case
   * (the segment is open) the write is done before this returns, without a promise.
   */
  append(shard: string, buffers: Buffer[], record: RecordKind): string | Promise<string> {
    let total = 0;
    for (const buf of buffers) total += buf.length;
    if (total > SYNC_WRITE_MAX) return this.writeAlone(shard, buffers);
    const current = this.writing.get(shard);
    const file =
      current === undefined || current instanceof Promise
        ? null
        : this.writeTo(current, buffers, total, record);
    return file ?? this.appendOpening(shard, buffers, total, record);
  }

  private async appendOpening(
    shard: string,
    buffers: Buffer[],
    total: number,
    record: RecordKind,
  ): Promise<string> {
    for (let failures = 0; ; ) {
      const segment = await this.segmentFor(shard);
      // Filled by the appends that waited for it with us: take the next one (not a failure).
      if (segment.retired) continue;
      const file = this.writeTo(segment, buffers, total, record);
      if (file !== null) return file;
      if (++failures === 3) {
        throw new HookctlError(`capture files in ${this.tree.shardDir(shard)} keep disappearing`);
      }
    }
  }

  /** Writes the record at the segment's end; null when it must go to another segment instead. */
  private writeTo(segment: Segment, buffers: Buffer[], total: number, record: RecordKind): string | null {
    const start = segment.end;
    try {
      writeAllSync(segment.fd, buffers, start);
    } catch (error) {
      // Undo a partial write, so no torn record stays behind; if that fails too, stop using the file.
      let undone = true;
      try {
        ftruncateSync(segment.fd, start);
      } catch {
        undone = false;
      }
      // A segment that holds records is retired and the record tried once more in a new file, which may
      // have room (a file size limit) where this one had none; an empty one failing means no room at all
      // (a full disk): it stays, so refused requests do not leave empty files behind.
      if (!undone || start > 0) this.retire(segment);
      if (undone && start > 0) return null;
      throw new HookctlError(`could not write capture file ${segment.file}: ${describe(error)}`, {
        cause: error,
      });
    }
    segment.end = start + total;
    segment.records += 1;
    // Deleted under us (`clear`, or a prune in another process): the record is written again, elsewhere.
    // A capture is checked; its answer needs no check (one fstat less per request): it goes to the
    // segment taking the newest captures, which prune never deletes, and clear deletes the capture too.
    if (record === 'capture' && fstatSync(segment.fd).nlink === 0) {
      this.retire(segment);
      return null;
    }
    if (segment.end >= SEGMENT_BYTES || segment.records >= SEGMENT_RECORDS) this.retire(segment);
    return segment.file;
  }

  private segmentFor(shard: string): Segment | Promise<Segment> {
    const current = this.writing.get(shard);
    if (current !== undefined) return current;
    // Captures arrive in time order, so a new shard means the others are done with: keep one file open.
    for (const other of [...this.writing.values()]) if (!(other instanceof Promise)) this.retire(other);
    const opening: Promise<Segment> = this.createFile(shard).then(
      ({ file, fd }) => {
        const segment: Segment = { shard, file, fd, end: 0, records: 0, retired: false };
        if (this.writing.get(shard) === opening) this.writing.set(shard, segment);
        else segment.retired = true; // the store was closed or cleared meanwhile
        if (segment.retired) this.closeLater(fd);
        return segment;
      },
      (error: unknown) => {
        if (this.writing.get(shard) === opening) this.writing.delete(shard);
        throw error;
      },
    );
    this.writing.set(shard, opening);
    return opening;
  }

  private retire(segment: Segment): void {
    if (segment.retired) return;
    segment.retired = true;
    if (this.writing.get(segment.shard) === segment) this.writing.delete(segment.shard);
    this.closeLater(segment.fd);
  }

  private closeLater(fd: number): void {
    const closing = closeFd(fd).catch(() => {});
    this.closing.add(closing);
    closing.finally(() => this.closing.delete(closing));
  }

  /** A large record gets a segment of its own, written on the libuv pool so the event loop stays live. */
  private async writeAlone(shard: string, buffers: Buffer[]): Promise<string> {
    const { file, fd } = await this.createFile(shard);
    try {
      await writeAllAt(fd, buffers, 0);
    } catch (error) {
      await closeFd(fd).catch(() => {});
      await unlink(file).catch(() => {});
      throw new HookctlError(`could not write capture file ${file}: ${describe(error)}`, { cause: error });
    }
    await closeFd(fd);
    return file;
  }

  /** A new segment file, named by a fresh id so names sort by age; O_EXCL, so no two writers share one. */
  private async createFile(shard: string): Promise<{ file: string; fd: number }> {
    const dir = this.tree.shardDir(shard);
    for (let attempt = 1; ; attempt++) {
      const file = this.tree.segmentPath(shard, this.newName());
      try {
        if (!this.knownShards.has(dir)) {
          await mkdir(dir, { recursive: true, mode: 0o700 });
          this.knownShards.add(dir);
        }
        return { file, fd: await openFd(file, 'wx', 0o600) };
      } catch (error) {
        const code = errorCode(error);
        // ENOENT: another process pruned the (then empty) shard since we made it.
        if (code === 'ENOENT') this.knownShards.delete(dir);
        if ((code === 'EEXIST' || code === 'ENOENT') && attempt < 3) continue;
        throw new HookctlError(`could not create capture file ${file}: ${describe(error)}`, { cause: error });
      }
    }
  }

  /** Closes the open segments; a later append opens a new one. */
  async close(): Promise<void> {
    for (const entry of [...this.writing.values()]) {
      if (entry instanceof Promise)
        await entry.then(
          (segment) => this.retire(segment),
          () => {},
        );
      else this.retire(entry);
    }
    this.writing.clear();
    await Promise.all([...this.closing]);
  }

  /** Stops writing to any of these files: they are about to be deleted. */
  release(files: string[]): void {
    for (const segment of this.writing.values()) {
      if (!(segment instanceof Promise) && files.includes(segment.file)) this.retire(segment);
    }
  }

  /** Forgets that a shard's folder exists: it was removed, and the next segment there recreates it. */
  forgetShard(shard: string): void {
    this.knownShards.delete(this.tree.shardDir(shard));
  }
}
