// Replaying a capture (as it was, or edited) and showing the outcome in place.

import { loadDetail, postReplay } from './api.js';
import { linkTo, statusBadge } from './cells.js';
import { $, fill, h, visibleText } from './dom.js';
import { formatDuration } from './format.js';
import { state } from './state.js';
import { addSummaries } from './summaries.js';

/** A capture's list summary from its full record (`show --json`), for a replay the WebSocket missed. */
function summaryOf(detail) {
  const { httpVersion, headers, remoteAddress, signatureError, forwardTo, bodyBase64, forward, ...summary } =
    detail;
  const forwardSummary =
    forward === null
      ? null
      : {
          url: forward.url,
          status: forward.status,
          durationMs: forward.durationMs,
          ...(forward.error === undefined ? {} : { error: forward.error }),
        };
  return { ...summary, forward: forwardSummary };
}

/** Sends the replay API `payload` for the capture `current` shows, and shows the outcome in place. */
export async function replay(current, payload) {
  const { detail } = current;
  const result = $('#replay-result');
  const busy = document.querySelectorAll('#replay, #edit-send');
  for (const button of busy) button.disabled = true;
  if (result !== null) {
    result.hidden = false;
    result.className = 'replay-result pending';
    result.replaceChildren('↻ Replaying…');
  }
  const outcome = await postReplay(detail.id, payload);
  for (const button of busy) button.disabled = false;
  // The new capture arrives over the WebSocket too; fetching it makes sure it is listed even without one.
  if (outcome.id !== undefined && !state.byId.has(outcome.id)) {
    loadDetail(outcome.id)
      .then((replayed) => addSummaries([summaryOf(replayed)]))
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
    statusBadge(outcome.status, 'no response', { dataset: { status: outcome.status } }),
    outcome.error === undefined ? null : [': ', h('span', { class: 'err-text' }, visibleText(outcome.error))],
    ` in ${formatDuration(outcome.durationMs)} · captured as `,
    linkTo(outcome.id),
  );
  return outcome;
}
