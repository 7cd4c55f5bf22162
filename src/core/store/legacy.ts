import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Capture, CaptureMeta, ForwardResult } from '../types.ts';
import { type CaptureLoc, parseForward, parseMeta, RecordError } from './format.ts';

/*
 * Stores written before segments (hookctl 0.1) kept one file per capture, `captures/<shard>/<id>.hkc`:
 *
 *   HKC1 <metaLen> <bodyLen>\n<meta JSON>\n<body>      then zero or more "\n<forward JSON>\n" trailers
 *
 * They are still read, listed, pruned and cleared, never written: nothing captured is lost by an upgrade.
 */

export const LEGACY_EXT = '.hkc';
const HEADER_LINE = /^HKC1 (\d{1,15}) (\d{1,15})$/;
const NEWLINE = 0x0a;

/** A legacy file's capture, as a location whose offsets point into the file. */
export function legacyLoc(file: string, id: string): CaptureLoc {
  return { id, file, metaStart: -1, metaLength: 0, bodyStart: -1, bodyLength: 0 };
}

export function isLegacy(loc: CaptureLoc): boolean {
  return loc.metaStart === -1;
}

/** A whole legacy record (every byte of it is already in `buf`). */
function parse(buf: Buffer, id: string, withBody: boolean): Capture {
  const end = buf.subarray(0, 40).indexOf(NEWLINE);
  const match = end === -1 ? null : HEADER_LINE.exec(buf.toString('latin1', 0, end));
  if (match === null) throw new RecordError('not a hookctl capture (no HKC1 header line)');
  const metaStart = end + 1;
  const metaEnd = metaStart + Number(match[1]);
  const bodyStart = metaEnd + 1;
  const bodyEnd = bodyStart + Number(match[2]);
  if (buf.length < bodyEnd) throw new RecordError(`torn: ${buf.length} of ${bodyEnd} bytes`);
  if (buf[metaEnd] !== NEWLINE) throw new RecordError('corrupt: no newline after the meta JSON');
  const meta = parseMeta(buf.toString('utf8', metaStart, metaEnd), id, bodyEnd - bodyStart);
  let forward: ForwardResult | null = null;
  let start = bodyEnd;
  for (;;) {
    const lineEnd = buf.indexOf(NEWLINE, start);
    // Whatever follows the last newline lacks its own: a torn append.
    if (lineEnd === -1) break;
    if (lineEnd > start) forward = parseForward(buf.toString('utf8', start, lineEnd), withBody) ?? forward;
    start = lineEnd + 1;
  }
  return { ...meta, body: buf.subarray(bodyStart, bodyEnd), forward };
}

export async function readLegacyCapture(file: string, id: string): Promise<Capture> {
  return parse(await readFile(file), id, true);
}

export function readLegacySummary(
  file: string,
  id: string,
): { meta: CaptureMeta; forward: ForwardResult | null } {
  const { body: _body, forward, ...meta } = parse(readFileSync(file), id, false);
  return { meta, forward };
}

/** A whole legacy record as buffers to write in order: for tests of stores made by older versions. */
export function encodeLegacyRecord(
  meta: CaptureMeta,
  body: Buffer,
  forward: ForwardResult | null = null,
): Buffer[] {
  const json = Buffer.from(JSON.stringify({ ...meta, size: body.length }), 'utf8');
  const head = Buffer.from(`HKC1 ${json.length} ${body.length}\n`, 'latin1');
  const parts = [head, json, Buffer.of(NEWLINE), body];
  if (forward !== null)
    parts.push(
      Buffer.from(
        `\n${JSON.stringify({ url: forward.url, status: forward.status, durationMs: forward.durationMs, error: forward.error })}\n`,
      ),
    );
  return parts;
}
