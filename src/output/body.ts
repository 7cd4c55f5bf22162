import type { ChalkInstance } from 'chalk';
import { displayWidth, formatSize, padEnd, printable } from './format.ts';

export interface BodyOptions {
  chalk: ChalkInstance;
  /** How much of a binary body the hex dump shows; default 4 KiB. Text is always shown whole. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 4096;
/** Longer form keys do not push every value to the right; they just break the alignment. */
const FORM_KEY_MAX_WIDTH = 24;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 text, or null when it is not valid UTF-8 or looks like binary data. */
function decodeText(buf: Uint8Array): string | null {
  if (buf.includes(0)) return null;
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    return null;
  }
  // Valid UTF-8 made mostly of control bytes is a binary format that happens to decode (e.g. a protobuf).
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12 && code !== 0x1b) controls++;
  }
  return controls > text.length / 10 ? null : text;
}

/** True when the bytes are not readable text: invalid UTF-8, NUL bytes, or mostly control characters. */
export function isBinary(buf: Uint8Array): boolean {
  return buf.length > 0 && decodeText(buf) === null;
}

/**
 * Drops a UTF-8 sequence cut short at the end, as a body truncated at a byte cap usually is, so the rest
 * still shows as text instead of a hex dump.
 */
export function trimIncompleteUtf8(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return buf;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}

function mimeType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime === 'text/json' || mime.endsWith('+json');
}

/** Renders a body for people: JSON pretty and highlighted, forms decoded, text as is, binary as hex. */
export function renderBody(body: Buffer, contentType: string | null, opts: BodyOptions): string {
  const { chalk } = opts;
  if (body.length === 0) return chalk.dim('(empty body)');
  const text = decodeText(body);
  if (text === null) return hexDump(body, opts.maxBytes ?? DEFAULT_MAX_BYTES, chalk);
  const mime = mimeType(contentType);
  if (mime === 'application/x-www-form-urlencoded') return renderForm(text, chalk);
  const json = isJsonMime(mime) || /^\s*[[{]/.test(text) ? prettyJson(text, chalk) : null;
  return json ?? printable(text.replace(/\r?\n$/, ''), { multiline: true });
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

type TokenKind = 'punct' | 'string' | 'number' | 'literal';
interface Token {
  kind: TokenKind;
  text: string;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/** Splits JSON text into tokens, keeping each token's source text exactly. Assumes JSON.parse accepted it. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\uFEFF') {
      i++;
    } else if ('{}[],:'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      i++;
    } else if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: text.slice(i, end + 1) });
      i = end + 1;
    } else {
      const pattern = char === '-' || (char >= '0' && char <= '9') ? NUMBER : LITERAL;
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match === null) throw new Error(`unexpected JSON character at ${i}`);
      tokens.push({ kind: pattern === NUMBER ? 'number' : 'literal', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/**
 * Re-indents JSON text with two spaces and highlights it, working on the source tokens so that numbers and
 * escapes stay exactly as sent (`1.0`, `12345678901234567890`, `\u00e9`): JSON.parse→stringify would show
 * `1`, `12345678901234567000` and `é`, which is not what the provider sent. Null when the text is not JSON.
 */
export function prettyJson(text: string, chalk: ChalkInstance): string | null {
  if (!parsesAsJson(text.replace(/^\uFEFF/, ''))) return null;
  const tokens = tokenize(text);
  const containers: string[] = [];
  let out = '';
  let expectKey = false;
  const newline = (): string => `\n${'  '.repeat(containers.length)}`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'punct') {
      if (token.text === '{' || token.text === '[') {
        const close = token.text === '{' ? '}' : ']';
        if (tokens[i + 1]?.text === close) {
          out += token.text + close;
          i++;
          continue;
        }
        containers.push(token.text);
        expectKey = token.text === '{';
        out += token.text + newline();
      } else if (token.text === '}' || token.text === ']') {
        containers.pop();
        out += newline() + token.text;
      } else if (token.text === ',') {
        expectKey = containers.at(-1) === '{';
        out += `,${newline()}`;
      } else {
        out += ': ';
      }
    } else if (token.kind === 'string') {
      // C1 controls (U+0080–U+009F) may legally appear unescaped inside a JSON string.
      const shown = printable(token.text);
      out += expectKey ? chalk.cyan(shown) : chalk.green(shown);
      expectKey = false;
    } else {
      out += token.kind === 'number' ? chalk.yellow(token.text) : chalk.magenta(token.text);
    }
  }
  return out;
}

/**
 * `key = value` lines in arrival order, duplicates kept. Slack sends interactivity as `payload=<JSON>`, so a
 * value that is JSON is shown pretty underneath its key instead of as one long encoded line.
 */
function renderForm(text: string, chalk: ChalkInstance): string {
  const fields = [...new URLSearchParams(text.trim())].map(
    ([key, value]) => [printable(key), value] as const,
  );
  if (fields.length === 0) return printable(text, { multiline: true });
  const keyWidth = Math.min(FORM_KEY_MAX_WIDTH, Math.max(...fields.map(([key]) => displayWidth(key))));
  const lines: string[] = [];
  for (const [key, value] of fields) {
    const label = `${padEnd(chalk.cyan(key), keyWidth)} = `;
    const json = /^\s*[[{]/.test(value) ? prettyJson(value, chalk) : null;
    if (json !== null) {
      lines.push(label + chalk.dim(`(JSON, ${formatSize(Buffer.byteLength(value))})`));
      lines.push(indent(json, '  '));
      continue;
    }
    // Multi-line values (a Slack message text) continue under the value, not under the key.
    const continuation = ' '.repeat(displayWidth(label));
    lines.push(label + printable(value, { multiline: true }).split('\n').join(`\n${continuation}`));
  }
  return lines.join('\n');
}

export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/** `hexdump -C` layout: offset, 16 bytes in two groups of 8, then the printable ASCII. */
export function hexDump(buf: Uint8Array, maxBytes: number, chalk: ChalkInstance): string {
  const shown = buf.subarray(0, Math.max(0, maxBytes));
  const lines: string[] = [];
  for (let offset = 0; offset < shown.length; offset += 16) {
    const row = shown.subarray(offset, offset + 16);
    const hex = Array.from(row, (byte) => byte.toString(16).padStart(2, '0'));
    const groups = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.trimEnd().padEnd(48);
    const ascii = Array.from(row, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.'));
    lines.push(`${chalk.dim(offset.toString(16).padStart(8, '0'))}  ${groups}  |${ascii.join('')}|`);
  }
  const rest = buf.length - shown.length;
  if (rest > 0) lines.push(chalk.dim(`… ${rest} more byte${rest === 1 ? '' : 's'}`));
  return lines.join('\n');
}
