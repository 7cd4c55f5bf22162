import { close, closeSync, fstatSync, open, openSync, readSync, writev, writevSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Capture, CaptureMeta, ForwardResult, HeaderPair } from './types.ts';

/*
 * One capture per file, binary safe, never re-serialized:
 *
 *   HKC1 <metaLen> <bodyLen>\n     ASCII header line, decimal lengths
 *   <meta JSON, metaLen bytes>\n
 *   <body, bodyLen bytes>          the raw body exactly as received
 *   \n<forward JSON>\n             zero or more trailers appended later; the last complete one wins
 *
 * A file shorter than header+meta+body was cut off by a kill mid-write ("torn"). A trailer without its
 * final newline is a torn append and is ignored, so appending never needs to rewrite anything.
 */

export const RECORD_EXT = '.hkc';
/** Forward response bodies are stored up to this many bytes, then cut with `bodyTruncated: true`. */
export const MAX_FORWARD_BODY = 1024 * 1024;
/** What `list` reads of each file; a meta longer than this costs a second read. */
const HEAD_CHUNK = 64 * 1024;
const MAX_HEADER_LINE = 40;
const NEWLINE = 0x0a;
const HEADER_LINE = /^HKC1 (\d{1,15}) (\d{1,15})$/;
const HEADER_PREFIX = /^(?:H(?:K(?:C(?:1(?: \d*(?: \d*)?)?)?)?)?)?$/;

/** Why a record file cannot be read. `torn` when the file is a cut-off prefix of a valid record. */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly torn: boolean,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

export interface RecordLayout {
  metaStart: number;
  metaEnd: number;
  bodyStart: number;
  bodyEnd: number;
}

/** Header line, meta JSON and its newline: everything `begin` writes before the body. */
export function encodeHead(meta: CaptureMeta): Buffer {
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const line = Buffer.from(`HKC1 ${json.length} ${meta.size}\n`, 'latin1');
  return Buffer.concat([line, json, Buffer.of(NEWLINE)]);
}

/** Cuts a forward response body at the store's cap. */
export function capForward(forward: ForwardResult): ForwardResult {
  if (forward.body === undefined || forward.body.length <= MAX_FORWARD_BODY) return forward;
  return { ...forward, body: forward.body.subarray(0, MAX_FORWARD_BODY), bodyTruncated: true };
}

export function encodeTrailer(forward: ForwardResult): Buffer {
  const capped = capForward(forward);
  // Small fields first, so the summary a person reads in a hex dump is at the start of the line.
  const json = JSON.stringify({
    url: capped.url,
    status: capped.status,
    durationMs: capped.durationMs,
    error: capped.error,
    headers: capped.headers,
    bodyBase64: capped.body?.toString('base64'),
    bodyTruncated: capped.bodyTruncated || undefined,
  });
  return Buffer.from(`\n${json}\n`, 'utf8');
}

/** A whole record as buffers to write in order; for tools that build stores without a server. */
export function encodeRecord(
  meta: CaptureMeta,
  body: Buffer,
  forward: ForwardResult | null = null,
): Buffer[] {
  const head = encodeHead({ ...meta, size: body.length });
  return forward === null ? [head, body] : [head, body, encodeTrailer(forward)];
}

/** Reads the header line; `head` is the start of a file of `fileSize` bytes. */
export function parseLayout(head: Buffer, fileSize: number): RecordLayout {
  const end = head.subarray(0, MAX_HEADER_LINE).indexOf(NEWLINE);
  if (end === -1) {
    const start = head.toString('latin1', 0, MAX_HEADER_LINE);
    if (fileSize < MAX_HEADER_LINE && HEADER_PREFIX.test(start)) {
      throw new RecordError(`torn: cut off in its header line at ${fileSize} bytes`, true);
    }
    throw new RecordError('not a hookctl capture (no HKC1 header line)', false);
  }
  const match = HEADER_LINE.exec(head.toString('latin1', 0, end));
  if (match === null) throw new RecordError('not a hookctl capture (bad HKC1 header line)', false);
  const metaStart = end + 1;
  const metaEnd = metaStart + Number(match[1]);
  const bodyStart = metaEnd + 1;
  const bodyEnd = bodyStart + Number(match[2]);
  if (fileSize < bodyEnd) {
    throw new RecordError(`torn: ${fileSize} of ${bodyEnd} bytes (the writer was stopped mid-write)`, true);
  }
  return { metaStart, metaEnd, bodyStart, bodyEnd };
}

/** `buf` holds at least the first `layout.bodyStart` bytes of the file. */
export function decodeMeta(buf: Buffer, layout: RecordLayout, id: string): CaptureMeta {
  if (buf[layout.metaEnd] !== NEWLINE)
    throw new RecordError('corrupt: no newline after the meta JSON', false);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8', layout.metaStart, layout.metaEnd));
  } catch (error) {
    throw new RecordError(`corrupt meta JSON (${(error as Error).message})`, false);
  }
  const meta = value as CaptureMeta;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('corrupt: meta is not a JSON object', false);
  }
  if (meta.id !== id)
    throw new RecordError(`corrupt: meta id ${String(meta.id)} does not match the file name`, false);
  if (typeof meta.method !== 'string' || typeof meta.path !== 'string' || !Array.isArray(meta.headers)) {
    throw new RecordError('corrupt: meta lacks method, path or headers', false);
  }
  meta.size = layout.bodyEnd - layout.bodyStart;
  return meta;
}

/** The last complete, parseable trailer after the body, or null. */
export function decodeTrailers(region: Buffer, withBody: boolean): ForwardResult | null {
  let result: ForwardResult | null = null;
  let start = 0;
  for (;;) {
    const end = region.indexOf(NEWLINE, start);
    // Whatever follows the last newline lacks its own: a torn append.
    if (end === -1) return result;
    if (end > start) result = parseForward(region.toString('utf8', start, end), withBody) ?? result;
    start = end + 1;
  }
}

function parseForward(line: string, withBody: boolean): ForwardResult | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { url, status, durationMs } = value;
  if (typeof url !== 'string' || typeof durationMs !== 'number') return null;
  if (status !== null && typeof status !== 'number') return null;
  const forward: ForwardResult = { url, status, durationMs };
  if (typeof value.error === 'string') forward.error = value.error;
  if (Array.isArray(value.headers)) forward.headers = value.headers as HeaderPair[];
  if (withBody && typeof value.bodyBase64 === 'string')
    forward.body = Buffer.from(value.bodyBase64, 'base64');
  if (value.bodyTruncated === true) forward.bodyTruncated = true;
  return forward;
}

/** A whole record file, parsed; the body is a view into the file's buffer, not a copy. */
export async function readRecordFile(file: string, id: string): Promise<Capture> {
  const buf = await readFile(file);
  const layout = parseLayout(buf, buf.length);
  const meta = decodeMeta(buf, layout, id);
  const body = buf.subarray(layout.bodyStart, layout.bodyEnd);
  return { ...meta, body, forward: decodeTrailers(buf.subarray(layout.bodyEnd), true) };
}

/** A reusable buffer for `readRecordSummary`: one per store, since summaries are read synchronously. */
export function summaryScratch(): Buffer {
  return Buffer.allocUnsafe(HEAD_CHUNK);
}

/**
 * Meta and forward summary of a record, reading its first chunk and the trailers but never the body.
 * Synchronous on purpose: at 100,000 files, open/read/close through fs.promises costs ~10x more than
 * the plain syscalls, and callers yield to the event loop between files instead.
 */
export function readRecordSummary(
  file: string,
  id: string,
  scratch: Buffer,
): { meta: CaptureMeta; forward: ForwardResult | null } {
  const fd = openSync(file, 'r');
  try {
    let head = scratch.subarray(0, readAt(fd, scratch, 0));
    // A short read means we hold the whole file and need no fstat for its size.
    const size = head.length < scratch.length ? head.length : fstatSync(fd).size;
    const layout = parseLayout(head, size);
    if (head.length < layout.bodyStart) {
      head = Buffer.allocUnsafe(layout.bodyStart);
      readAt(fd, head, 0);
    }
    const meta = decodeMeta(head, layout, id);
    if (size === layout.bodyEnd) return { meta, forward: null };
    let tail = head.subarray(layout.bodyEnd);
    if (size > head.length) {
      tail = Buffer.allocUnsafe(size - layout.bodyEnd);
      tail = tail.subarray(0, readAt(fd, tail, layout.bodyEnd));
    }
    return { meta, forward: decodeTrailers(tail, false) };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, buf: Buffer, position: number): number {
  let filled = 0;
  while (filled < buf.length) {
    const bytesRead = readSync(fd, buf, filled, buf.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/*
 * The capture hot path is open, write head and body, (forward), append the trailer, close: one file per
 * request. Through fs.promises' FileHandle that is four trips to the libuv pool, and on a small machine
 * each trip costs more CPU (thread wake-ups, context switches, promise bookkeeping) than the syscall it
 * carries: ~50 µs of CPU per 1 KB capture against ~29 µs here, on one core (BENCHMARKS.md). So:
 * - `open` and `close` go to the pool: creating a file takes the directory lock and can stall (ext4
 *   scanning for a free inode after mass deletions took ~0.8 ms per create in the benchmark; NFS flushes
 *   on close), and the event loop must not wait for that.
 * - writes of up to SYNC_WRITE_MAX bytes are synchronous: a write to an open file lands in the page cache
 *   in microseconds, less than the round trip. Larger ones (big bodies) go to the pool.
 * Plain fds, not FileHandle, so every caller closes in a `finally`.
 */

/** Writes up to this size are done synchronously (see above). */
export const SYNC_WRITE_MAX = 64 * 1024;

/** `open(2)` on the libuv pool; resolves to the fd. */
export function openFd(file: string, flags: string, mode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    open(file, flags, mode, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    close(fd, (error) => (error ? reject(error) : resolve()));
  });
}

function writevAt(fd: number, buffers: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writev(fd, buffers, position, (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)));
  });
}

/**
 * Writes every byte of `buffers` at `position` without joining them (bodies can be 25 MB+); resolves to
 * the number written. Synchronous up to SYNC_WRITE_MAX bytes, on the libuv pool above.
 */
export async function writeAllAt(fd: number, buffers: Buffer[], position: number): Promise<number> {
  let pending = buffers.filter((b) => b.length > 0);
  const total = pending.reduce((sum, b) => sum + b.length, 0);
  let offset = position;
  while (pending.length > 0) {
    const bytesWritten =
      total <= SYNC_WRITE_MAX ? writevSync(fd, pending, offset) : await writevAt(fd, pending, offset);
    if (bytesWritten === 0) throw new Error('write made no progress');
    offset += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const buf of pending) {
      if (skip >= buf.length) skip -= buf.length;
      else {
        rest.push(skip > 0 ? buf.subarray(skip) : buf);
        skip = 0;
      }
    }
    pending = rest;
  }
  return offset - position;
}
