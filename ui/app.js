// hookctl inspector. No framework and no build step: these modules are served as they are.
//
// Everything shown here was sent by strangers on the internet, so captured text only ever reaches the
// page as text nodes (`textContent`, `append(string)`), never as HTML; the page's CSP forbids inline
// script as a second line of defence.
//
// app.js starts the page; state.js holds what it knows; list.js, summaries.js and live.js keep the list;
// detail.js, sections.js and bodies.js show a capture; replay.js, editor.js and actions.js act on it;
// keys.js is the keyboard. format.js, filter.js, curl.js, edit.js, bytes.js and shared/ are pure, and the
// terminal shares shared/ too.

import { fetchProviders } from './api.js';
import { openCapture, refreshLinks } from './detail.js';
import { $, toast } from './dom.js';
import { onKeyDown } from './keys.js';
import { readFilter } from './list.js';
import { connectLive } from './live.js';
import { state } from './state.js';
import { loadList, onArrival, showMore } from './summaries.js';

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
  onArrival(refreshLinks);

  connectLive();
  loadList().catch((error) => {
    $('#empty').hidden = false;
    $('#empty').textContent = `Could not load the captures: ${error.message}`;
  });
  fetchProviders().then((providers) => {
    state.providers = providers;
  });
  const id = decodeURIComponent(location.hash.slice(1));
  if (id !== '') openCapture(id);
}

start();
