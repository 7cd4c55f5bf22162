// hookctl inspector. No framework and no build step: this file is served as it is.
//
// Everything shown here was sent by strangers on the internet, so captured text only ever reaches the
// page as text nodes (`textContent`, `append(string)`), never as HTML; the page's CSP forbids inline
// script as a second line of defence.

const PAGE_SIZE = 500; // rows in the DOM at a time; "Show more" adds another page
const FETCH_LIMIT = 1000; // summaries asked for at start; "Show more" past them asks for more
const MAX_KEPT = 50_000; // summaries kept in memory
const DETAIL_CACHE = 50;
const HIGHLIGHT_MAX_CHARS = 500_000; // longer bodies are shown as plain text
const HEX_PAGE_BYTES = 64 * 1024;
const CURL_INLINE_BINARY_MAX = 64 * 1024;

const STATUS_TEXT = {
  100: 'Continue',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const state = {
  /** Summaries, newest first (ids sort by arrival time). */
  captures: [],
  byId: new Map(),
  /** The captures that pass the filter, newest first. */
  visible: [],
  /** How many of `visible` are rendered. */
  shown: PAGE_SIZE,
  rows: new Map(),
  cursorId: null,
  openId: null,
  details: new Map(),
  fetchLimit: FETCH_LIMIT,
  serverMayHaveMore: false,
  providers: [],
  knownProviders: new Set(),
  knownEvents: new Set(),
  filter: { words: [], provider: '', event: '', status: '' },
  pending: [],
  flushScheduled: false,
  /** The open capture's detail and its editor, for keyboard shortcuts. */
  current: null,
};

const $ = (selector) => document.querySelector(selector);

// ── DOM helpers ────────────────────────────────────────────────────────────────────────────────────

/** Creates an element. Children that are strings become text nodes: nothing is ever parsed as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') {
        for (const [name, data] of Object.entries(value))
          if (data !== undefined && data !== null) el.dataset[name] = data;
      } else if (key.startsWith('on') && typeof value === 'function')
        el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  appendAll(el, children);
  return el;
}

/** Replaces an element's content; null and false children are skipped, as in `h`. */
function fill(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}

function appendAll(el, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

// Control characters and bidirectional overrides would hide or disguise parts of what was sent; they are
// shown as visible escapes instead.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ALL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text as nodes, with invisible characters shown as `\xNN` / `\u{NNNN}` escapes in a dim span. */
function visibleText(text) {
  if (!INVISIBLE.test(text)) return document.createTextNode(text);
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(INVISIBLE_ALL)) {
    if (match.index > last) frag.append(text.slice(last, match.index));
    const code = match[0].charCodeAt(0);
    const shown = code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    frag.append(
      h('span', { class: 'ctl', title: `U+${code.toString(16).padStart(4, '0').toUpperCase()}` }, shown),
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 2500);
}

// ── Formatting ─────────────────────────────────────────────────────────────────────────────────────

const pad2 = (n) => String(n).padStart(2, '0');

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
  const today = new Date();
  if (date.toDateString() === today.toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${ms}`;
}

function formatDuration(ms) {
  if (typeof ms !== 'number') return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function statusText(status) {
  const reason = STATUS_TEXT[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}

function statusClass(status) {
  if (status === null || status === undefined) return 's-err';
  if (status >= 500) return 's-5xx';
  if (status >= 400) return 's-4xx';
  if (status >= 300) return 's-3xx';
  if (status >= 200) return 's-2xx';
  return 's-1xx';
}

// ── Bytes and text ─────────────────────────────────────────────────────────────────────────────────

function base64ToBytes(base64) {
  const binary = atob(base64 ?? '');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as UTF-8 text, or null when it is binary (invalid UTF-8, NUL bytes, mostly control bytes). */
function decodeText(bytes) {
  if (bytes.includes(0)) return null;
  let text;
  try {
    text = utf8.decode(bytes);
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

/** A response body cut at the store's cap may end inside a UTF-8 sequence: drop that partial character. */
function trimIncompleteUtf8(bytes) {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return bytes;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function headerValue(headers, name) {
  const wanted = name.toLowerCase();
  const pair = (headers ?? []).find(([key]) => key.toLowerCase() === wanted);
  return pair === undefined ? null : pair[1];
}

function mimeType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonMime(mime) {
  return mime === 'application/json' || mime === 'text/json' || mime.endsWith('+json');
}

function parsesAsJson(text) {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

/** What a body is, for choosing how to show it. */
function classifyBody(bytes, contentType) {
  if (bytes.length === 0) return { kind: 'empty', text: '' };
  const text = decodeText(bytes);
  if (text === null) return { kind: 'binary', text: null };
  const mime = mimeType(contentType);
  if (mime === 'application/x-www-form-urlencoded') return { kind: 'form', text };
  if ((isJsonMime(mime) || /^\s*[[{]/.test(text)) && parsesAsJson(text)) return { kind: 'json', text };
  return { kind: 'text', text };
}

// ── JSON highlighting over the source text ─────────────────────────────────────────────────────────
// JSON.parse→stringify would turn `1.0` into `1`, 12345678901234567890123 into 1.2345678901234568e+22
// and `\u00e9` into `é`: not what the sender sent. The tokenizer keeps every token's source text.

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function isJsonSpace(code) {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0xfeff;
}

/** Tokens of text that JSON.parse accepted: `{kind, text}` with kind p(unct), s(tring), n(umber), l(iteral), w(hitespace). */
function tokenizeJson(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isJsonSpace(code)) {
      let end = i + 1;
      while (end < text.length && isJsonSpace(text.charCodeAt(end))) end++;
      tokens.push({ kind: 'w', text: text.slice(i, end) });
      i = end;
    } else if ('{}[],:'.includes(text[i])) {
      tokens.push({ kind: 'p', text: text[i] });
      i++;
    } else if (code === 0x22) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      tokens.push({ kind: 's', text: text.slice(i, end + 1) });
      i = end + 1;
    } else {
      const pattern = code === 0x2d || (code >= 0x30 && code <= 0x39) ? NUMBER : LITERAL;
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match === null) throw new Error(`unexpected JSON character at ${i}`);
      tokens.push({ kind: pattern === NUMBER ? 'n' : 'l', text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Collects plain text and highlighted spans into a fragment with as few nodes as it can. */
function highlightWriter() {
  const frag = document.createDocumentFragment();
  let buffer = '';
  return {
    text(value) {
      buffer += value;
    },
    span(className, value) {
      if (buffer !== '') frag.append(buffer);
      buffer = '';
      const span = document.createElement('span');
      span.className = className;
      span.append(visibleText(value));
      frag.append(span);
    },
    done() {
      if (buffer !== '') frag.append(buffer);
      return frag;
    },
  };
}

const TOKEN_CLASS = { n: 'j-num', l: 'j-lit' };

/** JSON re-indented with two spaces, every token exactly as in the source. */
function prettyJson(text) {
  const tokens = tokenizeJson(text).filter((token) => token.kind !== 'w');
  const out = highlightWriter();
  const containers = [];
  let expectKey = false;
  const newline = () => `\n${'  '.repeat(containers.length)}`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'p') {
      if (token.text === '{' || token.text === '[') {
        const close = token.text === '{' ? '}' : ']';
        if (tokens[i + 1]?.text === close) {
          out.text(token.text + close);
          i++;
          continue;
        }
        containers.push(token.text);
        expectKey = token.text === '{';
        out.text(token.text + newline());
      } else if (token.text === '}' || token.text === ']') {
        containers.pop();
        out.text(newline() + token.text);
      } else if (token.text === ',') {
        expectKey = containers.at(-1) === '{';
        out.text(`,${newline()}`);
      } else {
        out.text(': ');
      }
    } else if (token.kind === 's') {
      out.span(expectKey ? 'j-key' : 'j-str', token.text);
      expectKey = false;
    } else {
      out.span(TOKEN_CLASS[token.kind], token.text);
    }
  }
  return out.done();
}

/** The JSON text exactly as sent, highlighted in place. */
function highlightJsonInPlace(text) {
  const tokens = tokenizeJson(text);
  const out = highlightWriter();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'p' || token.kind === 'w') out.text(token.text);
    else if (token.kind === 's') {
      let next = i + 1;
      while (tokens[next]?.kind === 'w') next++;
      out.span(tokens[next]?.text === ':' ? 'j-key' : 'j-str', token.text);
    } else out.span(TOKEN_CLASS[token.kind], token.text);
  }
  return out.done();
}

// ── Body views ─────────────────────────────────────────────────────────────────────────────────────

function hexDump(bytes, limit) {
  const shown = bytes.subarray(0, limit);
  const out = highlightWriter();
  for (let offset = 0; offset < shown.length; offset += 16) {
    const row = shown.subarray(offset, offset + 16);
    const hex = Array.from(row, (byte) => byte.toString(16).padStart(2, '0'));
    const groups = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.trimEnd().padEnd(48);
    const ascii = Array.from(row, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.'));
    out.span('hex-off', offset.toString(16).padStart(8, '0'));
    out.text(`  ${groups}  `);
    out.span('hex-ascii', `|${ascii.join('')}|`);
    out.text('\n');
  }
  return out.done();
}

function hexView(bytes) {
  const pre = h('pre', { class: 'code hex' });
  const render = (limit) => {
    pre.replaceChildren(hexDump(bytes, limit));
    if (bytes.length > limit) {
      const rest = bytes.length - limit;
      pre.append(
        h(
          'button',
          { type: 'button', class: 'btn small', onclick: () => render(bytes.length) },
          `Show the other ${formatSize(rest)}`,
        ),
      );
    }
  };
  render(HEX_PAGE_BYTES);
  return pre;
}

function textView(text) {
  const pre = h('pre', { class: 'code text' });
  pre.append(text.length > HIGHLIGHT_MAX_CHARS ? text : visibleText(text));
  return pre;
}

function jsonView(text, pretty) {
  if (text.length > HIGHLIGHT_MAX_CHARS) return textView(text);
  const pre = h('pre', { class: 'code json' });
  pre.append(pretty ? prettyJson(text) : highlightJsonInPlace(text));
  return pre;
}

/** `key = value` in arrival order, duplicates kept; a value that is JSON (Slack's `payload=`) shown pretty. */
function formView(text) {
  const fields = [...new URLSearchParams(text.trim())];
  if (fields.length === 0) return textView(text);
  const table = h('table', { class: 'kv form' });
  for (const [key, value] of fields) {
    const cell = h('td');
    if (/^\s*[[{]/.test(value) && parsesAsJson(value)) {
      cell.append(
        h('span', { class: 'dim' }, `JSON, ${formatSize(new TextEncoder().encode(value).length)}`),
        jsonView(value, true),
      );
    } else {
      cell.append(h('span', { class: 'form-value' }, visibleText(value)));
    }
    table.append(h('tr', {}, h('th', { scope: 'row' }, visibleText(key)), cell));
  }
  return table;
}

const KIND_LABEL = { json: 'JSON', form: 'form', text: 'text', binary: 'binary', empty: 'empty' };

/**
 * A body with tabs: Pretty (JSON re-indented, forms decoded, binary as hex), Raw (the exact text) and Hex.
 * `name` tells tests and people which body this is (request or response).
 */
function bodyView(bytes, contentType, name) {
  const body = classifyBody(bytes, contentType);
  if (body.kind === 'empty')
    return h('p', { class: 'dim body-empty', dataset: { body: name } }, '(empty body)');
  const views = [];
  if (body.kind === 'json') views.push(['Pretty', () => jsonView(body.text, true)]);
  if (body.kind === 'form') views.push(['Decoded', () => formView(body.text)]);
  if (body.kind === 'json') views.push(['Raw', () => jsonView(body.text, false)]);
  else if (body.text !== null) views.push(['Raw', () => textView(body.text)]);
  views.push(['Hex', () => hexView(bytes)]);

  const content = h('div', { class: 'body-content' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': `${name} body view` });
  const buttons = views.map(([label], index) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'tab',
        dataset: { view: label.toLowerCase() },
        onclick: () => select(index),
      },
      label,
    ),
  );
  function select(index) {
    for (const [i, button] of buttons.entries()) button.setAttribute('aria-selected', String(i === index));
    content.replaceChildren(views[index][1]());
  }
  tabs.append(...buttons);
  select(0);
  const meta = [KIND_LABEL[body.kind], formatSize(bytes.length)];
  if (contentType) meta.push(contentType);
  return h(
    'div',
    { class: 'body', dataset: { body: name, kind: body.kind } },
    h('div', { class: 'body-bar' }, tabs, h('span', { class: 'dim body-meta' }, meta.join(' · '))),
    content,
  );
}

function headersTable(headers, name) {
  if (headers.length === 0) return h('p', { class: 'dim' }, '(no headers)');
  const tbody = h('tbody');
  for (const [key, value] of headers) {
    tbody.append(
      h(
        'tr',
        {},
        h('th', { scope: 'row', class: 'h-name' }, visibleText(key)),
        h('td', { class: 'h-value' }, visibleText(value)),
      ),
    );
  }
  return h('table', { class: 'kv headers', dataset: { headers: name } }, tbody);
}

// ── Summaries, filtering and the list ──────────────────────────────────────────────────────────────

const haystacks = new WeakMap();

function haystack(capture) {
  let text = haystacks.get(capture);
  if (text === undefined) {
    const forward = capture.forward;
    text = [
      capture.id,
      capture.method,
      capture.path,
      capture.provider ?? '',
      capture.event ?? '',
      capture.signature,
      forward === null ? 'not forwarded' : String(forward.status ?? 'error'),
      forward?.url ?? '',
      forward?.error ?? '',
      capture.replayOf === undefined ? '' : `replay ${capture.replayOf}`,
    ]
      .join('\n')
      .toLowerCase();
    haystacks.set(capture, text);
  }
  return text;
}

function statusMatches(capture, wanted) {
  const forward = capture.forward;
  if (wanted.startsWith('sig:')) return capture.signature === wanted.slice(4);
  if (wanted === 'replay') return capture.replayOf !== undefined;
  if (wanted === 'none') return forward === null;
  if (forward === null) return false;
  if (wanted === 'failed') return forward.status === null;
  const status = forward.status;
  return status !== null && `${Math.floor(status / 100)}xx` === wanted;
}

function matches(capture) {
  const { words, provider, event, status } = state.filter;
  if (
    provider !== '' &&
    (provider === '\u0000none' ? capture.provider !== null : capture.provider !== provider)
  )
    return false;
  if (event !== '' && capture.event !== event) return false;
  if (status !== '' && !statusMatches(capture, status)) return false;
  if (words.length > 0) {
    const text = haystack(capture);
    for (const word of words) if (!text.includes(word)) return false;
  }
  return true;
}

const SIGNATURE_MARK = {
  valid: ['✓', 'valid'],
  invalid: ['✗', 'invalid'],
  unchecked: ['·', 'unchecked'],
};

/** The signature state; `compact` (the list) shows the mark alone, the word stays in the tooltip. */
function signatureCell(signature, compact = false) {
  const [mark, word] = SIGNATURE_MARK[signature] ?? SIGNATURE_MARK.unchecked;
  return h(
    'span',
    { class: `sig sig-${word}`, title: `signature ${word}`, 'aria-label': `signature ${word}` },
    compact ? mark : `${mark} ${word}`,
  );
}

function statusCell(forward) {
  if (forward === null) return h('span', { class: 'status s-none', title: 'not forwarded' }, '—');
  if (forward.status === null) {
    return h('span', { class: 'status s-err', title: forward.error ?? 'no response' }, 'ERR');
  }
  return h(
    'span',
    { class: `status ${statusClass(forward.status)}`, title: statusText(forward.status) },
    forward.status,
  );
}

function rowFor(capture) {
  const forward = capture.forward;
  const pathCell = h('td', { class: 'c-path', title: capture.path });
  if (capture.replayOf !== undefined) {
    pathCell.append(h('span', { class: 'replay-mark', title: `replay of ${capture.replayOf}` }, '↻'), ' ');
  }
  pathCell.append(visibleText(capture.path));
  const source = h('td', { class: 'c-source' });
  if (capture.provider !== null) source.append(h('span', { class: 'provider' }, capture.provider), ' ');
  if (capture.event !== null) source.append(h('span', { class: 'event' }, visibleText(capture.event)));
  if (capture.provider === null && capture.event === null) source.append(h('span', { class: 'dim' }, '—'));
  const tr = h(
    'tr',
    {
      id: `row-${capture.id}`,
      dataset: { id: capture.id, replayOf: capture.replayOf },
      'aria-selected': String(capture.id === state.cursorId),
    },
    h('td', { class: 'c-time', title: capture.receivedAt }, formatTime(capture.receivedAt)),
    h(
      'td',
      { class: 'c-method' },
      h('span', { class: 'method', dataset: { method: capture.method } }, capture.method),
    ),
    pathCell,
    source,
    h('td', { class: 'c-sig' }, signatureCell(capture.signature, true)),
    h('td', { class: 'c-status' }, statusCell(forward)),
    h('td', { class: 'c-took' }, forward === null ? '' : formatDuration(forward.durationMs)),
  );
  if (capture.id === state.cursorId) tr.classList.add('cursor');
  if (capture.id === state.openId) tr.classList.add('open');
  return tr;
}

function renderList() {
  state.rows.clear();
  const frag = document.createDocumentFragment();
  const count = Math.min(state.shown, state.visible.length);
  for (let i = 0; i < count; i++) {
    const capture = state.visible[i];
    const row = rowFor(capture);
    state.rows.set(capture.id, row);
    frag.append(row);
  }
  $('#rows').replaceChildren(frag);
  renderListFooter();
}

function renderListFooter() {
  const total = state.captures.length;
  const matching = state.visible.length;
  const filtered = isFiltering();
  const count = $('#count');
  if (filtered) count.textContent = `${matching} of ${total}${state.serverMayHaveMore ? '+' : ''} requests`;
  else count.textContent = `${total}${state.serverMayHaveMore ? '+' : ''} request${total === 1 ? '' : 's'}`;

  const empty = $('#empty');
  empty.hidden = matching > 0;
  if (total === 0) {
    empty.textContent =
      'Waiting for webhooks… Requests to hookctl listen show up here as they arrive. Try: hookctl trigger stripe payment_intent.succeeded --to <listen URL>';
  } else if (matching === 0) {
    empty.textContent = 'No requests match the filter.';
  }

  const more = $('#more');
  const hidden = matching - Math.min(state.shown, matching);
  if (hidden > 0) {
    more.hidden = false;
    more.textContent = `Show ${Math.min(PAGE_SIZE, hidden)} more (${hidden} not shown)`;
  } else if (state.serverMayHaveMore) {
    more.hidden = false;
    more.textContent = 'Load older requests';
  } else {
    more.hidden = true;
  }
}

function isFiltering() {
  const { words, provider, event, status } = state.filter;
  return words.length > 0 || provider !== '' || event !== '' || status !== '';
}

function applyFilter() {
  state.visible = isFiltering() ? state.captures.filter(matches) : state.captures.slice();
  state.shown = PAGE_SIZE;
  renderList();
}

function readFilter() {
  state.filter = {
    words: $('#filter').value.toLowerCase().split(/\s+/).filter(Boolean),
    provider: $('#filter-provider').value,
    event: $('#filter-event').value,
    status: $('#filter-status').value,
  };
  applyFilter();
}

function refreshFilterOptions() {
  fillSelect($('#filter-provider'), 'All providers', [...state.knownProviders].sort(), [
    ['\u0000none', '(none)'],
  ]);
  fillSelect($('#filter-event'), 'All events', [...state.knownEvents].sort(), []);
}

function fillSelect(select, allLabel, values, extra) {
  const current = select.value;
  const wanted = [['', allLabel], ...values.map((value) => [value, value]), ...extra];
  if (
    select.options.length === wanted.length &&
    wanted.every(([value], i) => select.options[i].value === value)
  ) {
    return;
  }
  select.replaceChildren(...wanted.map(([value, label]) => h('option', { value }, label)));
  select.value = current;
  if (select.value !== current) select.value = '';
}

function learn(capture) {
  let changed = false;
  if (capture.provider !== null && !state.knownProviders.has(capture.provider)) {
    state.knownProviders.add(capture.provider);
    changed = true;
  }
  if (capture.event !== null && !state.knownEvents.has(capture.event)) {
    state.knownEvents.add(capture.event);
    changed = true;
  }
  return changed;
}

/** Index at which a capture with this id belongs in the newest-first list. */
function insertionIndex(id) {
  let low = 0;
  let high = state.captures.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (state.captures[mid].id > id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Adds summaries (live or fetched); rendering happens once per frame, however many arrive. */
function addSummaries(summaries) {
  state.pending.push(...summaries);
  if (state.flushScheduled) return;
  state.flushScheduled = true;
  const flush = () => {
    if (!state.flushScheduled) return;
    state.flushScheduled = false;
    flushPending();
  };
  requestAnimationFrame(flush);
  setTimeout(flush, 100); // background tabs get no animation frames
}

function flushPending() {
  const incoming = state.pending.splice(0);
  const fresh = [];
  let reorder = false;
  let optionsChanged = false;
  for (const summary of incoming) {
    if (typeof summary?.id !== 'string') continue;
    const known = state.byId.get(summary.id);
    if (known !== undefined) {
      // The same capture again (a catch-up fetch after a reconnect): keep the newer information.
      if (JSON.stringify(known) !== JSON.stringify(summary)) {
        state.captures[state.captures.indexOf(known)] = summary;
        state.byId.set(summary.id, summary);
        reorder = true;
      }
      continue;
    }
    state.byId.set(summary.id, summary);
    optionsChanged = learn(summary) || optionsChanged;
    fresh.push(summary);
  }
  if (fresh.length === 0 && !reorder) return;
  fresh.sort((a, b) => (a.id < b.id ? 1 : -1));

  const top = state.captures[0];
  const allNewest = fresh.length > 0 && (top === undefined || fresh.at(-1).id > top.id);
  if (allNewest && !reorder) {
    state.captures.unshift(...fresh);
    const shownBefore = Math.min(state.shown, state.visible.length);
    const added = fresh.filter(matches);
    state.visible.unshift(...added);
    prependRows(added, shownBefore);
  } else {
    for (const summary of fresh) state.captures.splice(insertionIndex(summary.id), 0, summary);
    state.visible = isFiltering() ? state.captures.filter(matches) : state.captures.slice();
    renderList();
  }
  trimMemory();
  if (optionsChanged) refreshFilterOptions();
  refreshLinks(fresh);
}

/** New rows on top without re-rendering the rest; the list stays where the reader scrolled it. */
function prependRows(added, shownBefore) {
  if (added.length > 0) {
    const pane = $('#list-pane');
    const heightBefore = pane.scrollHeight;
    const frag = document.createDocumentFragment();
    for (const capture of added) {
      const row = rowFor(capture);
      row.classList.add('fresh');
      state.rows.set(capture.id, row);
      frag.append(row);
    }
    $('#rows').prepend(frag);
    // Keep the DOM to `shown` rows: drop the oldest rendered ones.
    const keep = Math.max(state.shown, shownBefore);
    const tbody = $('#rows');
    while (tbody.rows.length > keep) {
      const last = tbody.lastElementChild;
      state.rows.delete(last.dataset.id);
      last.remove();
    }
    if (pane.scrollTop > 0) pane.scrollTop += pane.scrollHeight - heightBefore;
  }
  renderListFooter();
}

function trimMemory() {
  if (state.captures.length <= MAX_KEPT) return;
  for (const dropped of state.captures.splice(MAX_KEPT)) state.byId.delete(dropped.id);
  state.serverMayHaveMore = true;
  state.visible = isFiltering() ? state.captures.filter(matches) : state.captures.slice();
  renderList();
}

async function showMore() {
  const hidden = state.visible.length - Math.min(state.shown, state.visible.length);
  if (hidden > 0) {
    // Only the next page is rendered; the rows already there stay as they are.
    const from = Math.min(state.shown, state.visible.length);
    state.shown += PAGE_SIZE;
    const frag = document.createDocumentFragment();
    for (const capture of state.visible.slice(from, state.shown)) {
      const row = rowFor(capture);
      state.rows.set(capture.id, row);
      frag.append(row);
    }
    $('#rows').append(frag);
    renderListFooter();
    return;
  }
  if (state.serverMayHaveMore) {
    state.fetchLimit *= 2;
    state.shown += PAGE_SIZE;
    await loadList();
  }
}

async function loadList() {
  const response = await fetch(`/api/captures?limit=${state.fetchLimit}`);
  if (!response.ok) throw new Error(await errorText(response));
  const summaries = await response.json();
  state.serverMayHaveMore = summaries.length >= state.fetchLimit;
  addSummaries(summaries);
  // A list fetched empty still needs its "waiting" message.
  if (summaries.length === 0) renderListFooter();
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (typeof body?.error === 'string') return body.error;
  } catch {
    // not JSON: fall through
  }
  return `${response.status} ${response.statusText}`.trim();
}

// ── Live updates ───────────────────────────────────────────────────────────────────────────────────

function setConnection(kind, text) {
  const el = $('#conn');
  el.dataset.state = kind;
  el.textContent = text;
}

function connectLive(attempt = 0) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/api/live`);
  let opened = false;
  socket.addEventListener('open', () => {
    opened = true;
    setConnection('live', 'live');
    // Whatever arrived while we were away.
    if (attempt > 0) loadList().catch(() => {});
  });
  socket.addEventListener('message', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message?.kind !== 'request') return;
    const { kind: _kind, ...summary } = message;
    addSummaries([summary]);
  });
  socket.addEventListener('close', () => {
    const next = opened ? 1 : attempt + 1;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(next, 6));
    setConnection('offline', `offline, retrying in ${Math.round(delay / 1000)} s`);
    setTimeout(() => connectLive(next), delay);
  });
}

// ── The detail view ────────────────────────────────────────────────────────────────────────────────

async function loadDetail(id) {
  const cached = state.details.get(id);
  if (cached !== undefined) return cached;
  const response = await fetch(`/api/captures/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(await errorText(response));
  const detail = await response.json();
  // A forward still under way will have a result later: only complete records are cached.
  if (detail.forward !== null || detail.forwardTo === null) {
    state.details.set(id, detail);
    if (state.details.size > DETAIL_CACHE) state.details.delete(state.details.keys().next().value);
  }
  return detail;
}

function markRows() {
  for (const [id, row] of state.rows) {
    row.classList.toggle('open', id === state.openId);
    const cursor = id === state.cursorId;
    row.classList.toggle('cursor', cursor);
    row.setAttribute('aria-selected', String(cursor));
  }
}

async function openCapture(id) {
  state.openId = id;
  state.cursorId = id;
  markRows();
  if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
  const pane = $('#detail');
  if (state.current?.detail.id !== id) {
    state.current = null; // no shortcut acts on the previous capture meanwhile
    pane.replaceChildren(h('div', { class: 'placeholder' }, h('p', {}, 'Loading…')));
  }
  let detail;
  try {
    detail = await loadDetail(id);
  } catch (error) {
    if (state.openId !== id) return;
    state.current = null;
    pane.replaceChildren(
      h('div', { class: 'placeholder error' }, h('p', {}, `Could not load ${id}: ${error.message}`)),
    );
    return;
  }
  if (state.openId !== id) return;
  state.current = { detail, bytes: base64ToBytes(detail.bodyBase64) };
  pane.replaceChildren(renderDetail(state.current));
  pane.scrollTop = 0;
}

function linkTo(id) {
  return h('a', { href: `#${id}`, class: 'id-link', dataset: { id } }, id);
}

/** "replay of X" and "replayed as Y, Z": links both ways between a capture and its replays. */
function replayLinks(detail) {
  const parts = [];
  if (detail.replayOf !== undefined) {
    parts.push(h('span', { class: 'link-replay-of' }, '↻ replay of ', linkTo(detail.replayOf)));
  }
  const replays = state.captures.filter((capture) => capture.replayOf === detail.id).reverse();
  if (replays.length > 0) {
    const list = h('span', { class: 'link-replays' }, `replayed ${replays.length}× as `);
    replays.forEach((replay, i) => {
      if (i > 0) list.append(', ');
      list.append(linkTo(replay.id));
      if (replay.forward !== null) {
        const status = replay.forward.status;
        list.append(
          ' ',
          h('span', { class: `status ${statusClass(status)}` }, status === null ? 'ERR' : status),
        );
      }
    });
    parts.push(list);
  }
  return parts;
}

function refreshLinks(fresh) {
  const current = state.current;
  if (current === null) return;
  if (!fresh.some((capture) => capture.replayOf === current.detail.id)) return;
  const links = $('#links');
  if (links !== null) links.replaceChildren(...replayLinks(current.detail));
}

function section(title, sub, ...content) {
  return h(
    'section',
    { class: 'sec', dataset: { section: title.toLowerCase() } },
    h('h2', {}, title, sub ? h('span', { class: 'sub' }, sub) : null),
    ...content,
  );
}

function field(name, ...value) {
  return [h('dt', {}, name), h('dd', {}, ...value)];
}

function signatureVerdict(detail) {
  if (detail.signature === 'valid') {
    return h(
      'p',
      { class: 'verdict sig-valid' },
      '✓ valid: the signature verified with the configured secret.',
    );
  }
  if (detail.signature === 'invalid') {
    return h(
      'p',
      { class: 'verdict sig-invalid' },
      '✗ invalid: ',
      visibleText(detail.signatureError ?? 'the signature did not verify.'),
    );
  }
  const provider = detail.provider ?? '<provider>';
  return h(
    'p',
    { class: 'verdict sig-unchecked' },
    '· unchecked. Check it with ',
    h('code', {}, `hookctl verify ${detail.id} --secret …`),
    ', or on arrival with ',
    h('code', {}, `hookctl listen --verify ${provider}`),
    '.',
  );
}

function forwardSection(detail) {
  const forward = detail.forward;
  if (forward === null) {
    const text =
      detail.forwardTo === null
        ? 'Not forwarded: captured only.'
        : `No result recorded for ${detail.forwardTo} (still under way or interrupted).`;
    return section('Response', null, h('p', { class: 'dim' }, text));
  }
  const status =
    forward.status === null
      ? h('span', { class: 'status s-err' }, '✗ no response')
      : h('span', { class: `status ${statusClass(forward.status)}` }, statusText(forward.status));
  const facts = h(
    'dl',
    { class: 'facts' },
    field('URL', h('span', { class: 'mono' }, visibleText(forward.url))),
    field('Status', status),
    field('Took', formatDuration(forward.durationMs)),
    forward.error === undefined
      ? null
      : field('Error', h('span', { class: 'err-text' }, visibleText(forward.error))),
  );
  const content = [facts];
  const headers = forward.headers ?? [];
  if (headers.length > 0)
    content.push(h('h3', {}, `Headers (${headers.length})`), headersTable(headers, 'response'));
  if (typeof forward.bodyBase64 === 'string') {
    let bytes = base64ToBytes(forward.bodyBase64);
    if (forward.bodyTruncated) bytes = trimIncompleteUtf8(bytes);
    content.push(h('h3', {}, 'Body'), bodyView(bytes, headerValue(headers, 'content-type'), 'response'));
    if (forward.bodyTruncated) {
      content.push(
        h('p', { class: 'dim' }, `… truncated: only the first ${formatSize(bytes.length)} were kept.`),
      );
    }
  }
  return section('Response', 'from the forward target', ...content);
}

function renderDetail(current) {
  const { detail, bytes } = current;
  const contentType = headerValue(detail.headers, 'content-type');
  const body = classifyBody(bytes, contentType);
  const version = String(detail.httpVersion ?? '1.1');
  const requestLine = h(
    'pre',
    { class: 'code request-line' },
    h('span', { class: 'method', dataset: { method: detail.method } }, detail.method),
    ' ',
    visibleText(detail.path),
    ' ',
    h('span', { class: 'dim' }, version.startsWith('HTTP/') ? version : `HTTP/${version}`),
  );

  const source = [];
  if (detail.provider !== null) {
    const title = state.providers.find((p) => p.name === detail.provider)?.title ?? detail.provider;
    source.push(h('span', { class: 'provider', title }, detail.provider));
  }
  if (detail.event !== null) source.push(h('span', { class: 'event' }, visibleText(detail.event)));

  const actions = h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn primary',
        id: 'replay',
        'aria-keyshortcuts': 'r',
        onclick: () => replay(current, {}),
      },
      '↻ Replay',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        id: 'edit-replay',
        'aria-keyshortcuts': 'e',
        onclick: () => toggleEditor(current),
      },
      'Edit & replay',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        id: 'copy-curl',
        'aria-keyshortcuts': 'c',
        onclick: () => copyCurl(current),
      },
      'Copy as cURL',
    ),
    h(
      'a',
      {
        class: 'btn',
        id: 'download-raw',
        href: `/api/captures/${encodeURIComponent(detail.id)}/raw`,
        download: `${detail.id}.bin`,
      },
      'Download body',
    ),
    body.kind === 'json' && /^\s*\{/.test(body.text)
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn',
            id: 'export-fixture',
            title: 'a JSON file for hookctl trigger <provider> <event> --data FILE',
            onclick: () => exportFixture(current),
          },
          'Export fixture',
        )
      : null,
  );

  const forward = detail.forward;
  let outcome;
  if (forward === null)
    outcome = h('span', { class: 'dim' }, detail.forwardTo === null ? 'captured only' : 'pending');
  else if (forward.status === null) outcome = h('span', { class: 'status s-err' }, 'no response');
  else outcome = h('span', { class: `status ${statusClass(forward.status)}` }, statusText(forward.status));
  const strip = h(
    'dl',
    { class: 'strip' },
    stripItem('Received', h('span', { title: detail.receivedAt }, formatDateTime(detail.receivedAt))),
    detail.remoteAddress ? stripItem('From', visibleText(detail.remoteAddress)) : null,
    stripItem('Size', h('span', { title: `${detail.size} bytes` }, formatSize(detail.size))),
    stripItem('Your app answered', outcome),
    forward === null ? null : stripItem('Took', formatDuration(forward.durationMs)),
  );

  const query = detail.path.includes('?')
    ? [...new URLSearchParams(detail.path.slice(detail.path.indexOf('?') + 1))]
    : [];

  return h(
    'article',
    { class: 'capture', dataset: { id: detail.id } },
    h(
      'header',
      { class: 'd-head' },
      h(
        'div',
        { class: 'd-title' },
        h('span', { class: 'method', dataset: { method: detail.method } }, detail.method),
        ' ',
        h('span', { class: 'd-path' }, visibleText(detail.path)),
      ),
      h(
        'div',
        { class: 'd-meta' },
        ...source,
        signatureCell(detail.signature),
        h('code', { class: 'd-id', title: 'capture id' }, detail.id),
      ),
      h('div', { id: 'links', class: 'links' }, ...replayLinks(detail)),
      strip,
    ),
    actions,
    h('div', { id: 'replay-result', class: 'replay-result', role: 'status', hidden: true }),
    h('div', { id: 'editor-slot' }),
    section('Body', null, bodyView(bytes, contentType, 'request')),
    section(
      'Request',
      `headers: ${detail.headers.length}, in arrival order`,
      requestLine,
      headersTable(detail.headers, 'request'),
      query.length > 0 ? [h('h3', {}, 'Query'), formTable(query)] : null,
    ),
    section('Signature', null, signatureVerdict(detail)),
    forwardSection(detail),
  );
}

function stripItem(name, ...value) {
  return h('div', {}, h('dt', {}, name), h('dd', {}, ...value));
}

function formTable(fields) {
  const table = h('table', { class: 'kv form' });
  for (const [key, value] of fields)
    table.append(h('tr', {}, h('th', { scope: 'row' }, visibleText(key)), h('td', {}, visibleText(value))));
  return table;
}

// ── Replay and edit-and-replay ─────────────────────────────────────────────────────────────────────

async function replay(current, payload) {
  const { detail } = current;
  const result = $('#replay-result');
  const busy = document.querySelectorAll('#replay, #edit-send');
  for (const button of busy) button.disabled = true;
  if (result !== null) {
    result.hidden = false;
    result.className = 'replay-result pending';
    result.replaceChildren('↻ Replaying…');
  }
  let outcome;
  try {
    const response = await fetch(`/api/captures/${encodeURIComponent(detail.id)}/replay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    outcome = response.ok ? await response.json() : { failed: await errorText(response) };
  } catch (error) {
    outcome = { failed: error.message };
  }
  for (const button of busy) button.disabled = false;
  // The new capture arrives over the WebSocket too; fetching it makes sure it is listed even without one.
  if (outcome.id !== undefined && !state.byId.has(outcome.id)) {
    loadDetail(outcome.id)
      .then(
        ({
          httpVersion,
          headers,
          remoteAddress,
          signatureError,
          forwardTo,
          bodyBase64,
          forward,
          ...summary
        }) => {
          const forwardSummary =
            forward === null
              ? null
              : {
                  url: forward.url,
                  status: forward.status,
                  durationMs: forward.durationMs,
                  ...(forward.error === undefined ? {} : { error: forward.error }),
                };
          addSummaries([{ ...summary, forward: forwardSummary }]);
        },
      )
      .catch(() => {});
  }
  if (state.current?.detail.id !== detail.id) return outcome;
  const el = $('#replay-result');
  if (el === null) return outcome;
  el.hidden = false;
  el.scrollIntoView({ block: 'nearest' });
  if (outcome.failed !== undefined) {
    el.className = 'replay-result failed';
    fill(el, '✗ Replay failed: ', visibleText(outcome.failed));
    return outcome;
  }
  const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
  el.className = `replay-result ${ok ? 'ok' : 'failed'}`;
  fill(
    el,
    ok ? '✓ ' : '✗ ',
    'Replayed to ',
    h('span', { class: 'mono' }, visibleText(String(outcome.to))),
    ' → ',
    outcome.status === null
      ? h('span', { class: 'status s-err' }, 'no response')
      : h(
          'span',
          { class: `status ${statusClass(outcome.status)}`, dataset: { status: outcome.status } },
          statusText(outcome.status),
        ),
    outcome.error === undefined ? null : [': ', h('span', { class: 'err-text' }, visibleText(outcome.error))],
    ` in ${formatDuration(outcome.durationMs)} · captured as `,
    linkTo(outcome.id),
  );
  return outcome;
}

function headersToText(headers) {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `Name: value` lines back to pairs, in order, duplicates kept. Throws with the line that is wrong. */
function parseHeaderText(text) {
  const headers = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim() === '') return;
    const colon = trimmed.indexOf(':');
    const name = colon === -1 ? '' : trimmed.slice(0, colon).trim();
    if (colon <= 0 || !TOKEN.test(name)) {
      throw new Error(`header line ${index + 1} is not "Name: value": ${trimmed.slice(0, 60)}`);
    }
    headers.push([name, trimmed.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  });
  return headers;
}

function toggleEditor(current) {
  const slot = $('#editor-slot');
  if (slot === null) return;
  if (slot.firstChild !== null) {
    slot.replaceChildren();
    return;
  }
  slot.append(renderEditor(current));
  $('#edit-body')?.focus();
}

function renderEditor(current) {
  const { detail, bytes } = current;
  const text = decodeText(bytes);
  const binary = text === null;
  const crlf = !binary && text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  const initialBody = binary ? bytesToBase64(bytes) : text;

  const to = h('input', {
    id: 'edit-to',
    name: 'to',
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: detail.forwardTo ?? 'a port, host:port or URL (required: this capture was not forwarded)',
  });
  const headers = h('textarea', {
    id: 'edit-headers',
    name: 'headers',
    rows: Math.min(14, detail.headers.length + 1),
    spellcheck: 'false',
    wrap: 'off',
  });
  headers.value = headersToText(detail.headers);
  const initialHeaders = headers.value;
  const body = h('textarea', { id: 'edit-body', name: 'body', rows: 12, spellcheck: 'false' });
  body.value = initialBody;
  // Textareas turn CRLF into LF: compare with what the field holds, not with the original text.
  const initialBodyValue = body.value;

  const resign = h('input', { id: 'edit-resign', type: 'checkbox', name: 'resign' });
  const provider = h('select', {
    id: 'edit-provider',
    name: 'provider',
    'aria-label': 'Provider to sign as',
  });
  const names =
    state.providers.length > 0
      ? state.providers
      : detail.provider
        ? [{ name: detail.provider, title: detail.provider }]
        : [];
  for (const p of names) provider.append(h('option', { value: p.name }, p.title ?? p.name));
  if (detail.provider !== null) provider.value = detail.provider;
  const secret = h('input', {
    id: 'edit-secret',
    name: 'secret',
    type: 'password',
    autocomplete: 'off',
    placeholder: "secret (default: the provider's environment variable or development secret)",
    'aria-label': 'Signing secret',
  });
  const signRow = h('div', { class: 'sign-row' }, provider, secret);
  const syncSign = () => {
    provider.disabled = !resign.checked;
    secret.disabled = !resign.checked;
  };
  resign.addEventListener('change', syncSign);
  syncSign();

  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const send = h('button', { type: 'submit', class: 'btn primary', id: 'edit-send' }, 'Send');

  const form = h(
    'form',
    { class: 'editor', id: 'editor', 'aria-label': 'Edit and replay' },
    h('h2', {}, 'Edit and replay'),
    h('label', { for: 'edit-to' }, 'Send to'),
    to,
    h(
      'label',
      { for: 'edit-headers' },
      'Headers ',
      h('span', { class: 'dim' }, 'one "Name: value" per line, in order'),
    ),
    headers,
    h(
      'label',
      { for: 'edit-body' },
      'Body ',
      h(
        'span',
        { class: 'dim' },
        binary
          ? 'binary: edit it as base64'
          : crlf
            ? 'sent with CRLF line endings'
            : 'sent as UTF-8, exactly as written',
      ),
    ),
    body,
    h(
      'div',
      { class: 'check' },
      resign,
      h('label', { for: 'edit-resign' }, 'Re-sign with the provider secret (fresh timestamp)'),
    ),
    signRow,
    h(
      'p',
      { class: 'dim hint' },
      'Content-Length follows the body. The replay is captured and linked to this request.',
    ),
    error,
    h(
      'div',
      { class: 'form-actions' },
      send,
      h('button', { type: 'button', class: 'btn', onclick: () => form.remove() }, 'Cancel'),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: () => {
            headers.value = initialHeaders;
            body.value = initialBody;
            to.value = '';
            resign.checked = false;
            syncSign();
          },
        },
        'Reset',
      ),
    ),
  );

  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    let payload;
    try {
      payload = editedReplay();
    } catch (problem) {
      error.textContent = problem.message;
      error.hidden = false;
      return;
    }
    replay(current, payload);
  });

  function editedReplay() {
    const payload = {};
    if (to.value.trim() !== '') payload.to = to.value.trim();
    else if (detail.forwardTo === null)
      throw new Error('This capture was not forwarded: say where to send it.');
    const bodyChanged = body.value !== initialBodyValue;
    let outBytes = bytes;
    if (bodyChanged) {
      if (binary) {
        try {
          outBytes = base64ToBytes(body.value.replace(/\s+/g, ''));
        } catch {
          throw new Error('The body is not valid base64.');
        }
      } else {
        outBytes = new TextEncoder().encode(crlf ? body.value.replace(/\r?\n/g, '\r\n') : body.value);
      }
      payload.bodyBase64 = bytesToBase64(outBytes);
    }
    const headersChanged = headers.value !== initialHeaders;
    if (headersChanged || bodyChanged) {
      const pairs = parseHeaderText(headers.value);
      for (const pair of pairs)
        if (pair[0].toLowerCase() === 'content-length') pair[1] = String(outBytes.length);
      payload.headers = pairs;
    }
    if (resign.checked) {
      payload.resign = true;
      if (provider.value !== '') payload.provider = provider.value;
      if (secret.value !== '') payload.secret = secret.value;
    }
    return payload;
  }

  return form;
}

// ── cURL, raw body, fixture ────────────────────────────────────────────────────────────────────────

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function joinTarget(base, path) {
  const url = new URL(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  const rest = basePath !== '' && (path === '/' || path.startsWith('/?')) ? path.slice(1) : path;
  return url.origin + basePath + rest;
}

/** The request as a curl command: every header as captured, the body byte for byte. */
function curlCommand(detail, bytes) {
  let url;
  if (detail.forward?.url) url = detail.forward.url;
  else if (detail.forwardTo) url = joinTarget(detail.forwardTo, detail.path);
  else url = `http://127.0.0.1:4500${detail.path}`;
  const lines = [`curl -X ${shellQuote(detail.method)} ${shellQuote(url)}`];
  for (const [name, value] of detail.headers) {
    // `-H 'Name:'` would remove the header; `Name;` is curl's way of sending it empty.
    lines.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  // curl adds these on its own; the sender did not send them.
  if (headerValue(detail.headers, 'user-agent') === null) lines.push("-H 'User-Agent:'");
  if (headerValue(detail.headers, 'accept') === null) lines.push("-H 'Accept:'");
  const notes = [];
  if (bytes.length > 0) {
    const text = decodeText(bytes);
    if (text !== null) lines.push(`--data-binary ${shellQuote(text)}`);
    else if (bytes.length <= CURL_INLINE_BINARY_MAX) {
      lines.push(`--data-binary @<(printf %s ${shellQuote(bytesToBase64(bytes))} | base64 --decode)`);
      notes.push('# binary body, decoded from base64 (bash or zsh)');
    } else {
      lines.push(`--data-binary @${shellQuote(`${detail.id}.bin`)}`);
      notes.push(`# binary body: save it first with "Download body" as ${detail.id}.bin`);
    }
  }
  return [...notes, lines.join(' \\\n  ')].join('\n');
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

async function copyCurl(current) {
  const command = curlCommand(current.detail, current.bytes);
  const slot = $('#editor-slot');
  if (await copyText(command)) {
    toast('cURL command copied');
    return;
  }
  // No clipboard (permissions): show it, selected, to copy by hand.
  const area = h('textarea', { class: 'curl-out', readonly: true, rows: 8, 'aria-label': 'cURL command' });
  area.value = command;
  slot?.replaceChildren(area);
  area.select();
  toast('Press Ctrl-C to copy the cURL command');
}

function downloadBlob(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = h('a', { href: url, download: name, class: 'offscreen' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function safeName(text) {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
}

/** The JSON body, byte for byte, as a file for `hookctl trigger <provider> <event> --data FILE`. */
function exportFixture(current) {
  const { detail, bytes } = current;
  const name = [detail.provider, detail.event].filter((part) => part !== null).join('-') || detail.id;
  downloadBlob(bytes, `${safeName(name)}.json`, 'application/json');
  toast(
    `Saved ${safeName(name)}.json: use it with hookctl trigger ${detail.provider ?? '<provider>'} ${detail.event ?? '<event>'} --data FILE`,
  );
}

// ── Keyboard ───────────────────────────────────────────────────────────────────────────────────────

function moveCursor(delta) {
  const count = Math.min(state.shown, state.visible.length);
  if (count === 0) return;
  let index = state.visible.findIndex((capture) => capture.id === (state.cursorId ?? state.openId));
  if (index === -1 || index >= count) index = delta > 0 ? 0 : count - 1;
  else index = Math.max(0, Math.min(count - 1, index + delta));
  setCursor(state.visible[index].id);
}

function setCursor(id) {
  state.cursorId = id;
  markRows();
  state.rows.get(id)?.scrollIntoView({ block: 'nearest' });
}

function isTyping(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (isTyping(event.target)) {
    if (event.key === 'Escape') {
      // Leave the field and keep what it says (a search field would clear itself, without an input event).
      event.preventDefault();
      event.target.blur();
    } else if (event.key === 'Enter' && event.target.id === 'filter') {
      // From the filter straight to the first match.
      event.preventDefault();
      event.target.blur();
      moveCursor(1);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && event.target.id === 'filter') {
      event.preventDefault();
      event.target.blur();
      moveCursor(event.key === 'ArrowDown' ? 1 : -1);
    }
    return;
  }
  const current = state.current;
  switch (event.key) {
    case '/':
      event.preventDefault();
      $('#filter').focus();
      $('#filter').select();
      break;
    case 'j':
    case 'ArrowDown':
      event.preventDefault();
      moveCursor(1);
      break;
    case 'k':
    case 'ArrowUp':
      event.preventDefault();
      moveCursor(-1);
      break;
    case 'Home':
    case 'g':
      event.preventDefault();
      if (state.visible.length > 0) setCursor(state.visible[0].id);
      break;
    case 'End':
    case 'G':
      event.preventDefault();
      if (state.visible.length > 0)
        setCursor(state.visible[Math.min(state.shown, state.visible.length) - 1].id);
      break;
    case 'Enter':
      if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
      if (state.cursorId !== null) {
        event.preventDefault();
        openCapture(state.cursorId);
      }
      break;
    case 'r':
      if (current !== null) {
        event.preventDefault();
        replay(current, {});
      }
      break;
    case 'e':
      if (current !== null) {
        event.preventDefault();
        toggleEditor(current);
      }
      break;
    case 'c':
      if (current !== null) {
        event.preventDefault();
        copyCurl(current);
      }
      break;
    case 'Escape':
      if ($('#editor') !== null) $('#editor').remove();
      break;
    default:
  }
}

// ── Start ──────────────────────────────────────────────────────────────────────────────────────────

function start() {
  $('#filter').addEventListener('input', readFilter);
  $('#filter').addEventListener('search', readFilter); // its clear button
  for (const id of ['#filter-provider', '#filter-event', '#filter-status'])
    $(id).addEventListener('change', readFilter);
  $('#more').addEventListener('click', () => {
    showMore().catch((error) => toast(`Could not load more: ${error.message}`));
  });
  $('#rows').addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-id]');
    if (row !== null) openCapture(row.dataset.id);
  });
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('hashchange', () => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id !== '' && id !== state.openId) openCapture(id);
  });

  connectLive();
  loadList().catch((error) => {
    $('#empty').hidden = false;
    $('#empty').textContent = `Could not load the captures: ${error.message}`;
  });
  fetch('/api/providers')
    .then((response) => (response.ok ? response.json() : []))
    .then((providers) => {
      if (Array.isArray(providers)) state.providers = providers;
    })
    .catch(() => {});
  const id = decodeURIComponent(location.hash.slice(1));
  if (id !== '') openCapture(id);
}

start();
