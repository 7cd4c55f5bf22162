// Bodies and headers on the page: the pieces come from ui/shared/body.js (as in the terminal), this module
// only puts them into the DOM, captured text as text nodes.

import { h, visibleText } from './dom.js';
import { formatSize } from './format.js';
import {
  classifyBody,
  formFields,
  hexRows,
  jsonPieces,
  prettyJsonPieces,
  utf8Length,
} from './shared/body.js';

const HIGHLIGHT_MAX_CHARS = 500_000; // longer bodies are shown as plain text
const HEX_PAGE_BYTES = 64 * 1024;

const PIECE_CLASS = { key: 'j-key', string: 'j-str', number: 'j-num', literal: 'j-lit' };
const KIND_LABEL = { json: 'JSON', form: 'form', text: 'text', binary: 'binary', empty: 'empty' };

/** Pieces as a fragment: `plain` ones as text, the others in a span of their class. */
function piecesFragment(pieces, classes) {
  const frag = document.createDocumentFragment();
  for (const { kind, text } of pieces) {
    if (kind === 'plain') {
      frag.append(text);
      continue;
    }
    const span = document.createElement('span');
    span.className = classes[kind];
    span.append(visibleText(text));
    frag.append(span);
  }
  return frag;
}

function hexDump(bytes, limit) {
  const pieces = [];
  for (const { offset, hex, ascii } of hexRows(bytes, limit)) {
    pieces.push(
      { kind: 'offset', text: offset },
      { kind: 'plain', text: `  ${hex}  ` },
      { kind: 'ascii', text: `|${ascii}|` },
      { kind: 'plain', text: '\n' },
    );
  }
  return piecesFragment(pieces, { offset: 'hex-off', ascii: 'hex-ascii' });
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

/** JSON highlighted, every token exactly as sent: re-indented (`pretty`) or with its own white space. */
function jsonView(text, pretty) {
  if (text.length > HIGHLIGHT_MAX_CHARS) return textView(text);
  const pre = h('pre', { class: 'code json' });
  pre.append(piecesFragment(pretty ? prettyJsonPieces(text) : jsonPieces(text), PIECE_CLASS));
  return pre;
}

/** `key = value` in arrival order, duplicates kept; a value that is JSON (Slack's `payload=`) shown pretty. */
function formView(text) {
  const fields = formFields(text);
  if (fields.length === 0) return textView(text);
  const table = h('table', { class: 'kv form' });
  for (const { name, value, json } of fields) {
    const cell = h('td');
    if (json) {
      cell.append(
        h('span', { class: 'dim' }, `JSON, ${formatSize(utf8Length(value))}`),
        jsonView(value, true),
      );
    } else {
      cell.append(h('span', { class: 'form-value' }, visibleText(value)));
    }
    table.append(h('tr', {}, h('th', { scope: 'row' }, visibleText(name)), cell));
  }
  return table;
}

/**
 * A body with tabs: Pretty (JSON re-indented, forms decoded, binary as hex), Raw (the exact text) and Hex.
 * `name` tells tests and people which body this is (request or response).
 */
export function bodyView(bytes, contentType, name) {
  const body = classifyBody(bytes, contentType, { keepBom: true });
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

export function headersTable(headers, name) {
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

/** Name and value pairs (a query string) as a table, in order. */
export function pairsTable(pairs) {
  const table = h('table', { class: 'kv form' });
  for (const [key, value] of pairs)
    table.append(h('tr', {}, h('th', { scope: 'row' }, visibleText(key)), h('td', {}, visibleText(value))));
  return table;
}
