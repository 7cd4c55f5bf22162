// The list of captures: its rows, its footer and the filter controls above it.

import { signatureCell, statusCell } from './cells.js';
import { $, h, visibleText } from './dom.js';
import { filterCaptures, filterWords, isFiltering, matches, NO_PROVIDER } from './filter.js';
import { formatDuration, formatTime } from './format.js';
import { PAGE_SIZE, state } from './state.js';

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

/** Rows for these captures, remembered in `state.rows`; `fresh` ones get the arrival highlight. */
function rowsFor(captures, fresh = false) {
  const frag = document.createDocumentFragment();
  for (const capture of captures) {
    const row = rowFor(capture);
    if (fresh) row.classList.add('fresh');
    state.rows.set(capture.id, row);
    frag.append(row);
  }
  return frag;
}

export function renderList() {
  state.rows.clear();
  $('#rows').replaceChildren(rowsFor(state.visible.slice(0, state.shown)));
  renderListFooter();
}

/** The next page of rows, below the ones already there. */
export function appendRows(captures) {
  $('#rows').append(rowsFor(captures));
  renderListFooter();
}

/** New rows on top without re-rendering the rest; the list stays where the reader scrolled it. */
export function prependRows(added, shownBefore) {
  if (added.length > 0) {
    const pane = $('#list-pane');
    const heightBefore = pane.scrollHeight;
    const tbody = $('#rows');
    tbody.prepend(rowsFor(added, true));
    // Keep the DOM to `shown` rows: drop the oldest rendered ones.
    const keep = Math.max(state.shown, shownBefore);
    while (tbody.rows.length > keep) {
      const last = tbody.lastElementChild;
      state.rows.delete(last.dataset.id);
      last.remove();
    }
    if (pane.scrollTop > 0) pane.scrollTop += pane.scrollHeight - heightBefore;
  }
  renderListFooter();
}

export function renderListFooter() {
  const total = state.captures.length;
  const matching = state.visible.length;
  const more = state.serverMayHaveMore ? '+' : '';
  $('#count').textContent = isFiltering(state.filter)
    ? `${matching} of ${total}${more} requests`
    : `${total}${more} request${total === 1 ? '' : 's'}`;

  const empty = $('#empty');
  empty.hidden = matching > 0;
  if (total === 0) {
    empty.textContent =
      'Waiting for webhooks… Requests to hookctl listen show up here as they arrive. Try: hookctl trigger stripe payment_intent.succeeded --to <listen URL>';
  } else if (matching === 0) {
    empty.textContent = 'No requests match the filter.';
  }

  const button = $('#more');
  const hidden = matching - Math.min(state.shown, matching);
  if (hidden > 0) {
    button.hidden = false;
    button.textContent = `Show ${Math.min(PAGE_SIZE, hidden)} more (${hidden} not shown)`;
  } else if (state.serverMayHaveMore) {
    button.hidden = false;
    button.textContent = 'Load older requests';
  } else {
    button.hidden = true;
  }
}

/** Recomputes which captures pass the filter and renders them from the top. */
export function refilter() {
  state.visible = filterCaptures(state.captures, state.filter);
  renderList();
}

/** Whether a new capture passes the current filter. */
export function isVisible(capture) {
  return matches(capture, state.filter);
}

export function readFilter() {
  state.filter = {
    words: filterWords($('#filter').value),
    provider: $('#filter-provider').value,
    event: $('#filter-event').value,
    status: $('#filter-status').value,
  };
  state.shown = PAGE_SIZE;
  refilter();
}

export function refreshFilterOptions() {
  fillSelect($('#filter-provider'), 'All providers', [...state.knownProviders].sort(), [
    [NO_PROVIDER, '(none)'],
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

/** Marks the open row and the keyboard cursor's row. */
export function markRows() {
  for (const [id, row] of state.rows) {
    row.classList.toggle('open', id === state.openId);
    const cursor = id === state.cursorId;
    row.classList.toggle('cursor', cursor);
    row.setAttribute('aria-selected', String(cursor));
  }
}
