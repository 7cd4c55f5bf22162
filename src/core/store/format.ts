import { open } from 'node:fs/promises';
import type { HeaderPair } from '../../http/headers.ts';
import type { Capture, CaptureMeta, ForwardResult } from '../types.ts';
import { readAt } from './io.ts';

/*
 * Captures live in append-only segment files, `captures/<shard>/<name>.hks`, each written by one process
 * only. A segment is a run of records, binary safe, never re-serialized:
 *
 *   HKC2 <id> <metaLen> <bodyLen>\n<meta JSON>\n<body>\n    a captured request, its body exactly as received
 *   HKF2 <id> <jsonLen>\n<forward JSON>\n                   the forward result of capture <id>, appended later
 *
 * Lengths are decimal byte counts. A forward record is in a segment of its capture's shard, after the
 * capture; if there are several, the last one read wins. A record cut off at the end of a file was torn by
 * a kill mid-write (or is being written right now); damaged bytes in the middle are skipped up to the next
 * record header, so one bad record never hides the ones after it.
 */

export const SEGMENT_EXT = '.hks';
/** Forward response bodies are stored up to this many bytes, then cut with `bodyTruncated: true`. */
export const MAX_FORWARD_BODY = 1024 * 1024;
/** How much a scan reads at a time; most records fit many to a chunk. */
const CHUNK = 64 * 1024;
const MAX_HEADER_LINE = 64;
const NEWLINE = 0x0a;
/** What ends every record; shared, since writes never change it. */
export const RECORD_END = Buffer.of(NEWLINE);
const CAPTURE_LINE = /^HKC2 ([0-9a-hjkmnp-tv-z]{16}) (\d{1,15}) (\d{1,15})$/;
const FORWARD_LINE = /^HKF2 ([0-9a-hjkmnp-tv-z]{16}) (\d{1,15})$/;
/** Any start of a header line: at the very end of a file, a record being written or torn. */
const LINE_PREFIX = /^H(?:K(?:[CF](?:2(?: [0-9a-z]{0,16}(?: \d{0,15}(?: \d{0,15})?)?)?)?)?)?$/;
/** Where a resync may resume: a newline followed by a header's start. */
const RESYNC_MARKS = [Buffer.from('\nHKC2 '), Buffer.from('\nHKF2 ')];

/** Why a record cannot be read. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Where one capture's meta and body are. */
export interface CaptureLoc {
  id: string;
  file: string;
  metaStart: number;
  metaLength: number;
  bodyStart: number;
  bodyLength: number;
}

/** Where one forward result's JSON is. */
export interface ForwardLoc {
  id: string;
  file: string;
  start: number;
  length: number;
}

/** The meta JSON record head (header line, meta, newline): everything before the body. */
export function encodeCaptureHead(meta: CaptureMeta): Buffer {
  const json = JSON.stringify(meta);
  return Buffer.from(`HKC2 ${meta.id} ${Buffer.byteLength(json)} ${meta.size}\n${json}\n`, 'utf8');
}

/** A capture record as buffers to write in order (the body is not copied). */
export function encodeCaptureRecord(meta: CaptureMeta, body: Buffer): Buffer[] {
  return [encodeCaptureHead({ ...meta, size: body.length }), body, RECORD_END];
}

/** Cuts a forward response body at the store's cap. */
function capForward(forward: ForwardResult): ForwardResult {
  if (forward.body === undefined || forward.body.length <= MAX_FORWARD_BODY) return forward;
  return { ...forward, body: forward.body.subarray(0, MAX_FORWARD_BODY), bodyTruncated: true };
}

/** A forward result as the JSON the record holds (and, for fan-out, each other target's the same way). */
function forwardJson(forward: ForwardResult): Record<string, unknown> {
  const capped = capForward(forward);
  // Small fields first, so the summary a person reads in a hex dump is at the start of the line.
  return {
    url: capped.url,
    status: capped.status,
    durationMs: capped.durationMs,
    error: capped.error,
    canned: capped.canned || undefined,
    headers: capped.headers,
    bodyBase64: capped.body?.toString('base64'),
    bodyTruncated: capped.bodyTruncated || undefined,
    also: capped.also?.map(forwardJson),
  };
}

export function encodeForwardRecord(id: string, forward: ForwardResult): Buffer {
  const json = JSON.stringify(forwardJson(forward));
  return Buffer.from(`HKF2 ${id} ${Buffer.byteLength(json)}\n${json}\n`, 'utf8');
}

/** A capture's meta from its JSON text; `size` is set from the record's body length. */
export function parseMeta(text: string, id: string, size: number): CaptureMeta {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordError(`corrupt meta JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('corrupt: meta is not a JSON object');
  }
  const meta = value as CaptureMeta;
  if (meta.id !== id) throw new RecordError(`corrupt: meta id ${String(meta.id)} does not match ${id}`);
  if (typeof meta.method !== 'string' || typeof meta.path !== 'string' || !Array.isArray(meta.headers)) {
    throw new RecordError('corrupt: meta lacks method, path or headers');
  }
  meta.size = size;
  return meta;
}

/** A forward result from its JSON text, or null when it is not one. */
export function parseForward(text: string, withBody: boolean): ForwardResult | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return forwardFromJson(value, withBody);
}

function forwardFromJson(value: Record<string, unknown>, withBody: boolean): ForwardResult | null {
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
  if (value.canned === true) forward.canned = true;
  if (Array.isArray(value.also)) {
    forward.also = value.also.flatMap(
      (other) => forwardFromJson(other as Record<string, unknown>, withBody) ?? [],
    );
  }
  return forward;
}

/** What a scan of one segment found. */
export interface SegmentScan {
  captures: CaptureLoc[];
  forwards: ForwardLoc[];
  /** Where the next scan starts: the file's end, or a record still being written (or torn). */
  end: number;
  /** The offset of a record cut off at the end of the file, or null. */
  tornAt: number | null;
  /** Damage skipped in the middle, in plain words. */
  damage: string[];
}

/** A reusable buffer for scans and summaries: one per store, since they are read synchronously. */
export function scanScratch(): Buffer {
  return Buffer.allocUnsafe(CHUNK);
}

/**
 * Reads a segment's record headers from `from` up to `size`, skipping over metas and bodies. Synchronous on
 * purpose: at 100,000 records, promise round trips cost many times the reads; callers yield to the event
 * loop between segments instead.
 */
export function scanSegment(
  fd: number,
  file: string,
  from: number,
  size: number,
  scratch: Buffer,
): SegmentScan {
  const scan: SegmentScan = { captures: [], forwards: [], end: from, tornAt: null, damage: [] };
  let chunkStart = 0;
  let chunkEnd = 0;
  const load = (at: number) => {
    chunkStart = at;
    chunkEnd = at + readAt(fd, scratch.subarray(0, Math.min(scratch.length, size - at)), at);
  };
  const byteAt = (at: number): number => {
    if (at < chunkStart || at >= chunkEnd) load(at);
    return at < chunkEnd ? (scratch[at - chunkStart] as number) : -1;
  };
  let pos = from;
  while (pos < size) {
    if (pos < chunkStart || (pos + MAX_HEADER_LINE > chunkEnd && chunkEnd < size)) load(pos);
    const window = scratch.subarray(
      pos - chunkStart,
      Math.min(chunkEnd - chunkStart, pos - chunkStart + MAX_HEADER_LINE),
    );
    const record = window.length === 0 ? null : parseHeader(window, pos, file);
    let end = -1;
    if (record !== null) {
      end = record.end;
      if (
        end <= size &&
        byteAt(end - 1) === NEWLINE &&
        (record.kind === 'forward' || byteAt(record.loc.metaStart + record.loc.metaLength) === NEWLINE)
      ) {
        if (record.kind === 'capture') scan.captures.push(record.loc);
        else scan.forwards.push(record.loc);
        pos = end;
        continue;
      }
    }
    // Not a whole record here: the next record header after this point tells damage from a torn end.
    const next = findNextHeader(fd, pos + 1, size, scratch);
    chunkEnd = chunkStart; // the search reused the scratch buffer
    if (next === -1) {
      const cutOff =
        record !== null
          ? end > size
          : window.indexOf(NEWLINE) === -1 &&
            pos + window.length >= size &&
            LINE_PREFIX.test(window.toString('latin1'));
      if (cutOff) scan.tornAt = pos;
      else scan.damage.push(`corrupt bytes ${pos}-${size} at the end of the file`);
      pos = cutOff ? pos : size;
      break;
    }
    scan.damage.push(`corrupt bytes ${pos}-${next} skipped`);
    pos = next;
  }
  scan.end = pos;
  return scan;
}

type ParsedHeader =
  | { kind: 'capture'; loc: CaptureLoc; end: number }
  | { kind: 'forward'; loc: ForwardLoc; end: number };

function parseHeader(window: Buffer, pos: number, file: string): ParsedHeader | null {
  const newline = window.indexOf(NEWLINE);
  if (newline === -1) return null;
  const line = window.toString('latin1', 0, newline);
  const start = pos + newline + 1;
  const capture = CAPTURE_LINE.exec(line);
  if (capture !== null) {
    const metaLength = Number(capture[2]);
    const bodyLength = Number(capture[3]);
    const bodyStart = start + metaLength + 1;
    const loc = { id: capture[1] as string, file, metaStart: start, metaLength, bodyStart, bodyLength };
    return { kind: 'capture', loc, end: bodyStart + bodyLength + 1 };
  }
  const forward = FORWARD_LINE.exec(line);
  if (forward === null) return null;
  const length = Number(forward[2]);
  return { kind: 'forward', loc: { id: forward[1] as string, file, start, length }, end: start + length + 1 };
}

/** The offset of the next record header at or after `from`, or -1. */
function findNextHeader(fd: number, from: number, size: number, scratch: Buffer): number {
  const overlap = (RESYNC_MARKS[0] as Buffer).length;
  // Back up one byte, so a header right at `from` (after a newline at from-1) is found too.
  for (let at = from - 1; at < size; at += scratch.length - overlap) {
    const chunk = scratch.subarray(
      0,
      readAt(fd, scratch.subarray(0, Math.min(scratch.length, size - at)), at),
    );
    let best = -1;
    for (const mark of RESYNC_MARKS) {
      const found = chunk.indexOf(mark);
      if (found !== -1 && (best === -1 || found < best)) best = found;
    }
    if (best !== -1) return at + best + 1;
    if (chunk.length < scratch.length) return -1;
  }
  return -1;
}

/** A capture's meta, read synchronously (`scratch` when it fits). */
export function readMetaSync(fd: number, loc: CaptureLoc, scratch: Buffer): CaptureMeta {
  const buf =
    loc.metaLength <= scratch.length
      ? scratch.subarray(0, loc.metaLength)
      : Buffer.allocUnsafe(loc.metaLength);
  if (readAt(fd, buf, loc.metaStart) < loc.metaLength)
    throw new RecordError('torn: the file is shorter than its record');
  return parseMeta(buf.toString('utf8'), loc.id, loc.bodyLength);
}

/** A forward result, read synchronously; null when unreadable. */
export function readForwardSync(
  fd: number,
  loc: ForwardLoc,
  scratch: Buffer,
  withBody: boolean,
): ForwardResult | null {
  const buf = loc.length <= scratch.length ? scratch.subarray(0, loc.length) : Buffer.allocUnsafe(loc.length);
  if (readAt(fd, buf, loc.start) < loc.length) return null;
  return parseForward(buf.toString('utf8'), withBody);
}

/** One whole capture: meta, body (read into its own buffer) and its last readable forward result. */
export async function readCapture(loc: CaptureLoc, forwards: ForwardLoc[] = []): Promise<Capture> {
  const { meta, body } = await withFile(loc.file, async (handle) => {
    const metaText = Buffer.allocUnsafe(loc.metaLength);
    await readFully(handle, metaText, loc.metaStart);
    const body = Buffer.allocUnsafe(loc.bodyLength);
    await readFully(handle, body, loc.bodyStart);
    return { meta: parseMeta(metaText.toString('utf8'), loc.id, loc.bodyLength), body };
  });
  let forward: ForwardResult | null = null;
  for (let i = forwards.length - 1; i >= 0 && forward === null; i--) {
    const at = forwards[i] as ForwardLoc;
    forward = await withFile(at.file, async (handle) => {
      const json = Buffer.allocUnsafe(at.length);
      await readFully(handle, json, at.start);
      return parseForward(json.toString('utf8'), true);
    });
  }
  return { ...meta, body, forward };
}

type Handle = Awaited<ReturnType<typeof open>>;

async function withFile<T>(file: string, fn: (handle: Handle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function readFully(handle: Handle, buf: Buffer, position: number): Promise<void> {
  let filled = 0;
  while (filled < buf.length) {
    const { bytesRead } = await handle.read(buf, filled, buf.length - filled, position + filled);
    if (bytesRead === 0) throw new RecordError('torn: the file is shorter than its record');
    filled += bytesRead;
  }
}
