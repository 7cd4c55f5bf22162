// Live updates: the WebSocket that pushes each new capture's summary, reconnecting with back-off.

import { $ } from './dom.js';
import { addSummaries, loadList } from './summaries.js';

function setConnection(kind, text) {
  const el = $('#conn');
  el.dataset.state = kind;
  el.textContent = text;
}

/** listen --relay: whether the relay is connected and how many events wait there. */
function showRelay(state) {
  const el = $('#relay');
  el.hidden = false;
  el.dataset.state = state.state === 'connected' ? 'live' : 'offline';
  el.title = state.url;
  const waiting = state.backlog > 0 ? ` · ${state.backlog} waiting` : '';
  const dropped = state.dropped > 0 ? ` · ${state.dropped} dropped by retention` : '';
  el.textContent =
    state.state === 'connected'
      ? `relay connected${waiting}${dropped}`
      : state.state === 'connecting'
        ? 'relay connecting…'
        : `relay offline, retrying in ${Math.max(1, Math.round((state.retryInMs ?? 0) / 1000))} s`;
}

export function connectLive(attempt = 0) {
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
    if (message?.kind === 'relay') return showRelay(message);
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
