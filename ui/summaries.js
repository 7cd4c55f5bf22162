// The summaries the page knows: fetched at start and on "Show more", pushed live, kept newest first.

import { fetchSummaries } from './api.js';
import {
  appendRows,
  isVisible,
  prependRows,
  refilter,
  refreshFilterOptions,
  renderListFooter,
} from './list.js';
import { MAX_KEPT, PAGE_SIZE, state } from './state.js';

const arrivalListeners = [];

/** Calls `listener(fresh)` with the captures each batch adds (the detail view links new replays). */
export function onArrival(listener) {
  arrivalListeners.push(listener);
}

/** Adds summaries (live or fetched); rendering happens once per frame, however many arrive. */
export function addSummaries(summaries) {
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
    const added = fresh.filter(isVisible);
    state.visible.unshift(...added);
    prependRows(added, shownBefore);
  } else {
    for (const summary of fresh) state.captures.splice(insertionIndex(summary.id), 0, summary);
    refilter();
  }
  trimMemory();
  if (optionsChanged) refreshFilterOptions();
  for (const listener of arrivalListeners) listener(fresh);
}

function trimMemory() {
  if (state.captures.length <= MAX_KEPT) return;
  for (const dropped of state.captures.splice(MAX_KEPT)) state.byId.delete(dropped.id);
  state.serverMayHaveMore = true;
  refilter();
}

/** The next page of rows, or older summaries from the server once every one known is shown. */
export async function showMore() {
  const hidden = state.visible.length - Math.min(state.shown, state.visible.length);
  if (hidden > 0) {
    // Only the next page is rendered; the rows already there stay as they are.
    const from = Math.min(state.shown, state.visible.length);
    state.shown += PAGE_SIZE;
    appendRows(state.visible.slice(from, state.shown));
    return;
  }
  if (state.serverMayHaveMore) {
    state.fetchLimit *= 2;
    state.shown += PAGE_SIZE;
    await loadList();
  }
}

export async function loadList() {
  const summaries = await fetchSummaries(state.fetchLimit);
  state.serverMayHaveMore = summaries.length >= state.fetchLimit;
  addSummaries(summaries);
  // A list fetched empty still needs its "waiting" message.
  if (summaries.length === 0) renderListFooter();
}
