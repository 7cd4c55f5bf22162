// The detail view: one capture in full, its actions, and links to and from its replays.

import { copyCurl, exportFixture } from './actions.js';
import { loadDetail } from './api.js';
import { bodyView } from './bodies.js';
import { base64ToBytes } from './bytes.js';
import { linkTo, signatureCell, statusBadge } from './cells.js';
import { $, h, visibleText } from './dom.js';
import { toggleEditor } from './editor.js';
import { formatDateTime, formatDuration, formatSize, statusClass } from './format.js';
import { markRows } from './list.js';
import { replay } from './replay.js';
import { forwardSection, requestSection, section, signatureSection } from './sections.js';
import { classifyBody } from './shared/body.js';
import { headerValue } from './shared/http.js';
import { state } from './state.js';

/** Opens a capture in the detail pane (and the URL's hash), marking its row. */
export async function openCapture(id) {
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

/** New captures that replay the open one: add them to its links. */
export function refreshLinks(fresh) {
  const current = state.current;
  if (current === null) return;
  if (!fresh.some((capture) => capture.replayOf === current.detail.id)) return;
  const links = $('#links');
  if (links !== null) links.replaceChildren(...replayLinks(current.detail));
}

function button(id, props, label) {
  return h('button', { type: 'button', class: 'btn', id, ...props }, label);
}

function actions(current, body) {
  const { detail } = current;
  return h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Actions' },
    button(
      'replay',
      { class: 'btn primary', 'aria-keyshortcuts': 'r', onclick: () => replay(current, {}) },
      '↻ Replay',
    ),
    button(
      'edit-replay',
      { 'aria-keyshortcuts': 'e', onclick: () => toggleEditor(current) },
      'Edit & replay',
    ),
    button('copy-curl', { 'aria-keyshortcuts': 'c', onclick: () => copyCurl(current) }, 'Copy as cURL'),
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
      ? button(
          'export-fixture',
          {
            title: 'a JSON file for hookctl trigger <provider> <event> --data FILE',
            onclick: () => exportFixture(current),
          },
          'Export fixture',
        )
      : null,
  );
}

function stripItem(name, ...value) {
  return h('div', {}, h('dt', {}, name), h('dd', {}, ...value));
}

/** Received, from, size, what the app answered and how long it took. */
function strip(detail) {
  const forward = detail.forward;
  let outcome;
  if (forward === null)
    outcome = h('span', { class: 'dim' }, detail.forwardTo === null ? 'captured only' : 'pending');
  else outcome = statusBadge(forward.status);
  return h(
    'dl',
    { class: 'strip' },
    stripItem('Received', h('span', { title: detail.receivedAt }, formatDateTime(detail.receivedAt))),
    detail.remoteAddress ? stripItem('From', visibleText(detail.remoteAddress)) : null,
    stripItem('Size', h('span', { title: `${detail.size} bytes` }, formatSize(detail.size))),
    stripItem('Your app answered', outcome),
    forward === null ? null : stripItem('Took', formatDuration(forward.durationMs)),
  );
}

function renderDetail(current) {
  const { detail, bytes } = current;
  const contentType = headerValue(detail.headers, 'content-type');
  const source = [];
  if (detail.provider !== null) {
    const title = state.providers.find((p) => p.name === detail.provider)?.title ?? detail.provider;
    source.push(h('span', { class: 'provider', title }, detail.provider));
  }
  if (detail.event !== null) source.push(h('span', { class: 'event' }, visibleText(detail.event)));

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
      strip(detail),
    ),
    actions(current, classifyBody(bytes, contentType, { keepBom: true })),
    h('div', { id: 'replay-result', class: 'replay-result', role: 'status', hidden: true }),
    h('div', { id: 'editor-slot' }),
    section('Body', null, bodyView(bytes, contentType, 'request')),
    requestSection(detail),
    signatureSection(detail),
    forwardSection(detail),
  );
}
