/**
 * Small display helpers shared by the terminal renderers. Everything here is pure: sizes and colours come in
 * as arguments so the same code renders for a TTY, a pipe and the tests.
 */

// Durations and sizes read the same in the terminal and the inspector page: one definition, in ui/shared.
export { formatDuration, formatSize } from '../../ui/shared/format.js';

/** Local wall-clock time, `23:41:08`. Unparseable input gives `--:--:--` rather than `NaN:NaN:NaN`. */
export function formatTimeOfDay(time: string | Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) return '--:--:--';
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Local date and time, `2024-05-01 23:41:08`, for places that also show the UTC ISO string. */
export function formatLocalDateTime(time: string | Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) return '----------';
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  return `${day} ${formatTimeOfDay(date)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: recognising ANSI escape sequences is the point.
const ANSI_PATTERN = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;
/** East Asian Wide and Fullwidth blocks: terminals give these two cells. */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

/**
 * Terminal cells taken by one code point. An approximation of wcwidth (no dependency for it): good for
 * Latin, CJK, combining marks and emoji, which is what paths, event names and headers contain.
 */
export function charWidth(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  if (EMOJI_PRESENTATION.test(char)) return 2;
  for (const [start, end] of WIDE_RANGES) if (cp >= start && cp <= end) return 2;
  return 1;
}

/** Cells the text takes on screen, ignoring ANSI colour codes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) width += charWidth(char);
  return width;
}

/** The longest prefix of plain `text` that fits in `width` cells. */
export function sliceToWidth(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) break;
    used += w;
    end += char.length;
  }
  return text.slice(0, end);
}

/** The longest suffix of plain `text` that fits in `width` cells. */
function sliceEndToWidth(text: string, width: number): string {
  const chars = Array.from(text);
  let used = 0;
  let start = chars.length;
  while (start > 0) {
    const w = charWidth(chars[start - 1] ?? '');
    if (used + w > width) break;
    used += w;
    start--;
  }
  return chars.slice(start).join('');
}

/** Fits plain `text` into `width` cells, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  return `${sliceToWidth(text, width - 1)}…`;
}

/** Like `truncate` but cuts the middle, so both the start and the end of a long path stay visible. */
export function truncateMiddle(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 2) return truncate(text, width);
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${sliceToWidth(text, head)}…${sliceEndToWidth(text, tail)}`;
}

/**
 * Cuts text that may contain ANSI codes to `width` cells, keeping the codes and resetting colour at the cut.
 * The last line of defence for the "never wider than the terminal" rule.
 */
export function clipAnsi(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let sawAnsi = false;
  let last = 0;
  const flushPlain = (plain: string): boolean => {
    for (const char of plain) {
      const w = charWidth(char);
      if (used + w > width - 1) return false;
      used += w;
      out += char;
    }
    return true;
  };
  for (const match of text.matchAll(ANSI_PATTERN)) {
    if (!flushPlain(text.slice(last, match.index))) return `${out}…${sawAnsi ? '\u001b[0m' : ''}`;
    out += match[0];
    sawAnsi = true;
    last = match.index + match[0].length;
  }
  flushPlain(text.slice(last));
  return `${out}…${sawAnsi ? '\u001b[0m' : ''}`;
}

/** Pads to `width` cells on the right; text already wider is returned unchanged. ANSI-aware. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Pads to `width` cells on the left; ANSI-aware. */
export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

const SHORT_ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/**
 * Makes untrusted text safe to print: a webhook sender controls paths, headers and bodies, and a raw ESC or
 * C1 byte in them would let it drive the terminal. Controls become visible escapes (`\x1b`, `\n`).
 * `multiline` keeps newlines and tabs (bodies); CRLF becomes LF so Windows text does not show `\r`.
 */
export function printable(text: string, options: { multiline?: boolean } = {}): string {
  const multiline = options.multiline ?? false;
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (!isControl) continue;
    if (multiline && (code === 10 || code === 9)) continue;
    if (multiline && code === 13 && text.charCodeAt(i + 1) === 10) {
      out += text.slice(start, i);
      start = i + 1;
      continue;
    }
    out += text.slice(start, i) + (SHORT_ESCAPES[code] ?? `\\x${code.toString(16).padStart(2, '0')}`);
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}
