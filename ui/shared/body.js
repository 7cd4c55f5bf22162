// How hookctl reads a captured body, for the terminal (src/output/body.ts) and the inspector page alike.
// Pure: no imports, no DOM, no Node APIs, so the page loads it as it is and Node imports it from dist/.
// It only finds the pieces (JSON tokens, form fields, hex rows); each side colours them its own way.

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictUtf8KeepBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * The body as UTF-8 text, or null when it is binary: invalid UTF-8, NUL bytes, or valid UTF-8 made mostly
 * of control bytes (a binary format that happens to decode, such as a protobuf). A leading BOM is dropped
 * unless `keepBom` (the page keeps it, so that Raw and cURL show the bytes as sent).
 */
export function decodeText(bytes, options = {}) {
  if (bytes.includes(0)) return null;
  let text;
  try {
    text = (options.keepBom ? strictUtf8KeepBom : strictUtf8).decode(bytes);
  } catch {
    return null;
  }
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 9 && code !== 10 && code !== 13 && code !== 12 && code !== 0x1b) controls++;
  }
  return controls > text.length / 10 ? null : text;
}

/** True when the bytes are not readable text: invalid UTF-8, NUL bytes, or mostly control characters. */
export function isBinary(bytes) {
  return bytes.length > 0 && decodeText(bytes) === null;
}

/**
 * Drops a UTF-8 sequence cut short at the end, as a body truncated at a byte cap usually is, so the rest
 * still shows as text instead of a hex dump. Returns the same kind of array it was given (a Buffer stays one).
 */
export function trimIncompleteUtf8(bytes) {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return bytes;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/** UTF-8 bytes a string takes. */
export function utf8Length(text) {
  return encoder.encode(text).length;
}

/** `application/json` from `Application/JSON; charset=utf-8`; empty for none. */
export function mimeType(contentType) {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isJsonMime(mime) {
  return mime === 'application/json' || mime === 'text/json' || mime.endsWith('+json');
}

/** Whether JSON.parse accepts the text (a leading BOM allowed). */
export function parsesAsJson(text) {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** Text that starts like a JSON object or array and is one: how a form value or an unlabelled body is tried. */
export function looksLikeJson(text) {
  return /^\s*[[{]/.test(text) && parsesAsJson(text);
}

/**
 * What a body is, for choosing how to show it: `empty`, `binary` (text null), `form` (a urlencoded
 * content type), `json` (a JSON content type, or text that starts with `{` or `[`, that parses) or `text`.
 */
export function classifyBody(bytes, contentType, options = {}) {
  if (bytes.length === 0) return { kind: 'empty', text: '' };
  const text = decodeText(bytes, options);
  if (text === null) return { kind: 'binary', text: null };
  const mime = mimeType(contentType);
  if (mime === 'application/x-www-form-urlencoded') return { kind: 'form', text };
  if ((isJsonMime(mime) || /^\s*[[{]/.test(text)) && parsesAsJson(text)) return { kind: 'json', text };
  return { kind: 'text', text };
}

// ── JSON over the source text ──────────────────────────────────────────────────────────────────────
// JSON.parse→stringify would turn `1.0` into `1`, 12345678901234567890123 into 1.2345678901234568e+22
// and `\u00e9` into `é`: not what the sender sent. The tokenizer keeps every token's source text.

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function isJsonSpace(code) {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/**
 * Tokens of text that JSON.parse accepted, every one with its exact source text; together they are the
 * text again. Throws on a character no JSON token starts with.
 */
export function tokenizeJson(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isJsonSpace(code)) {
      let end = i + 1;
      while (end < text.length && isJsonSpace(text.charCodeAt(end))) end++;
      tokens.push({ kind: 'space', text: text.slice(i, end) });
      i = end;
    } else if ('{}[],:'.includes(text[i])) {
      tokens.push({ kind: 'punct', text: text[i] });
      i++;
    } else if (code === 0x22) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      tokens.push({ kind: 'string', text: text.slice(i, end + 1) });
      i = end + 1;
    } else {
      const pattern = code === 0x2d || (code >= 0x30 && code <= 0x39) ? NUMBER : LITERAL;
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match === null) throw new Error(`unexpected JSON character at ${i}`);
      tokens.push({ kind: pattern === NUMBER ? 'number' : 'literal', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Collects pieces, running `plain` text together. */
function pieceList() {
  const pieces = [];
  let plain = '';
  return {
    plain(text) {
      plain += text;
    },
    token(kind, text) {
      if (plain !== '') pieces.push({ kind: 'plain', text: plain });
      plain = '';
      pieces.push({ kind, text });
    },
    done() {
      if (plain !== '') pieces.push({ kind: 'plain', text: plain });
      return pieces;
    },
  };
}

/** The index of the first token after `index` that is not white space. */
function nextSolid(tokens, index) {
  let next = index + 1;
  while (tokens[next]?.kind === 'space') next++;
  return next;
}

/** A string token is an object key when the next token that is not white space is `:`. */
function stringKind(tokens, index) {
  return tokens[nextSolid(tokens, index)]?.text === ':' ? 'key' : 'string';
}

/**
 * JSON text as sent, in pieces to colour: `key`, `string`, `number` and `literal` tokens with their
 * source text, and `plain` for the punctuation and white space between them, kept as it was.
 */
export function jsonPieces(text) {
  const tokens = tokenizeJson(text);
  const out = pieceList();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'punct' || token.kind === 'space') out.plain(token.text);
    else out.token(token.kind === 'string' ? stringKind(tokens, i) : token.kind, token.text);
  }
  return out.done();
}

/**
 * The same pieces re-indented with two spaces (`{}` and `[]` stay on one line), every token still exactly
 * as in the source (`1.0`, `12345678901234567890`, `\u00e9`, `\/`).
 */
export function prettyJsonPieces(text) {
  const tokens = tokenizeJson(text);
  const out = pieceList();
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'space') continue;
    if (token.kind !== 'punct') {
      out.token(token.kind === 'string' ? stringKind(tokens, i) : token.kind, token.text);
    } else if (token.text === '{' || token.text === '[') {
      const next = nextSolid(tokens, i);
      if (tokens[next]?.text === (token.text === '{' ? '}' : ']')) {
        out.plain(token.text + tokens[next].text);
        i = next;
      } else {
        depth++;
        out.plain(token.text + newline());
      }
    } else if (token.text === '}' || token.text === ']') {
      depth--;
      out.plain(newline() + token.text);
    } else if (token.text === ',') {
      out.plain(`,${newline()}`);
    } else {
      out.plain(': ');
    }
  }
  return out.done();
}

// ── Forms and hex ──────────────────────────────────────────────────────────────────────────────────

/**
 * The fields of a urlencoded body in arrival order, duplicates kept, `+` and `%20` decoded to spaces.
 * `json` marks a value that is JSON (Slack sends interactivity as `payload=<JSON>`).
 */
export function formFields(text) {
  return Array.from(new URLSearchParams(text.trim()), ([name, value]) => ({
    name,
    value,
    json: looksLikeJson(value),
  }));
}

/**
 * `hexdump -C` rows of the first `limit` bytes: `offset` (8 hex digits), `hex` (16 bytes in two groups of
 * 8, padded to 48 characters) and `ascii` (printable ASCII, `.` for the rest).
 */
export function hexRows(bytes, limit) {
  const shown = bytes.subarray(0, Math.max(0, limit));
  const rows = [];
  for (let offset = 0; offset < shown.length; offset += 16) {
    const row = shown.subarray(offset, offset + 16);
    const hex = Array.from(row, (byte) => byte.toString(16).padStart(2, '0'));
    rows.push({
      offset: offset.toString(16).padStart(8, '0'),
      hex: `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.trimEnd().padEnd(48),
      ascii: Array.from(row, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join(
        '',
      ),
    });
  }
  return rows;
}
