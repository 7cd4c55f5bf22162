import type { ChalkInstance } from 'chalk';
import {
  classifyBody,
  formFields,
  hexRows,
  type JsonPiece,
  parsesAsJson,
  prettyJsonPieces,
  utf8Length,
} from '../../ui/shared/body.js';
import { displayWidth, formatSize, padEnd, printable } from './format.ts';

// What a body is and its pieces come from ui/shared/body.js, which the inspector page uses too; this file
// only colours them for the terminal.
export { isBinary, trimIncompleteUtf8 } from '../../ui/shared/body.js';

export interface BodyOptions {
  chalk: ChalkInstance;
  /** How much of a binary body the hex dump shows; default 4 KiB. Text is always shown whole. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 4096;
/** Longer form keys do not push every value to the right; they just break the alignment. */
const FORM_KEY_MAX_WIDTH = 24;

/** Renders a body for people: JSON pretty and highlighted, forms decoded, text as is, binary as hex. */
export function renderBody(body: Buffer, contentType: string | null, opts: BodyOptions): string {
  const { chalk } = opts;
  const shown = classifyBody(body, contentType);
  switch (shown.kind) {
    case 'empty':
      return chalk.dim('(empty body)');
    case 'binary':
      return hexDump(body, opts.maxBytes ?? DEFAULT_MAX_BYTES, chalk);
    case 'form':
      return renderForm(shown.text, chalk);
    case 'json':
      return colourJson(prettyJsonPieces(shown.text), chalk);
    default:
      return printable(shown.text.replace(/\r?\n$/, ''), { multiline: true });
  }
}

/**
 * Re-indents JSON text with two spaces and highlights it, working on the source tokens so that numbers and
 * escapes stay exactly as sent (`1.0`, `12345678901234567890`, `\u00e9`): JSON.parse→stringify would show
 * `1`, `12345678901234567000` and `é`, which is not what the provider sent. Null when the text is not JSON.
 */
export function prettyJson(text: string, chalk: ChalkInstance): string | null {
  return parsesAsJson(text) ? colourJson(prettyJsonPieces(text), chalk) : null;
}

/** Keys cyan, strings green, numbers yellow, literals magenta. */
function colourJson(pieces: readonly JsonPiece[], chalk: ChalkInstance): string {
  let out = '';
  for (const { kind, text } of pieces) {
    // C1 controls (U+0080–U+009F) may legally appear unescaped inside a JSON string.
    if (kind === 'key') out += chalk.cyan(printable(text));
    else if (kind === 'string') out += chalk.green(printable(text));
    else if (kind === 'number') out += chalk.yellow(text);
    else if (kind === 'literal') out += chalk.magenta(text);
    else out += text;
  }
  return out;
}

/**
 * `key = value` lines in arrival order, duplicates kept. Slack sends interactivity as `payload=<JSON>`, so a
 * value that is JSON is shown pretty underneath its key instead of as one long encoded line.
 */
function renderForm(text: string, chalk: ChalkInstance): string {
  const fields = formFields(text);
  if (fields.length === 0) return printable(text, { multiline: true });
  const keys = fields.map(({ name }) => printable(name));
  const keyWidth = Math.min(FORM_KEY_MAX_WIDTH, Math.max(...keys.map((key) => displayWidth(key))));
  const lines: string[] = [];
  for (const [i, { value, json }] of fields.entries()) {
    const label = `${padEnd(chalk.cyan(keys[i] ?? ''), keyWidth)} = `;
    if (json) {
      lines.push(label + chalk.dim(`(JSON, ${formatSize(utf8Length(value))})`));
      lines.push(indent(colourJson(prettyJsonPieces(value), chalk), '  '));
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
  const lines = hexRows(buf, maxBytes).map(
    ({ offset, hex, ascii }) => `${chalk.dim(offset)}  ${hex}  |${ascii}|`,
  );
  const rest = buf.length - buf.subarray(0, Math.max(0, maxBytes)).length;
  if (rest > 0) lines.push(chalk.dim(`… ${rest} more byte${rest === 1 ? '' : 's'}`));
  return lines.join('\n');
}
