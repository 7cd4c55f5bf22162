// Keyboard shortcuts: / filter, j/k and arrows move, Enter opens, r replays, e edits, c copies as cURL.

import { copyCurl } from './actions.js';
import { openCapture } from './detail.js';
import { $ } from './dom.js';
import { toggleEditor } from './editor.js';
import { markRows } from './list.js';
import { replay } from './replay.js';
import { state } from './state.js';

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

/** Keys in a field: Escape leaves it; from the filter, Enter and the arrows go on to the list. */
function onKeyInField(event) {
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
}

/** Shortcuts that act on the open capture. */
const ON_CURRENT = { r: (current) => replay(current, {}), e: toggleEditor, c: copyCurl };

export function onKeyDown(event) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (isTyping(event.target)) {
    onKeyInField(event);
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
    case 'e':
    case 'c':
      if (current !== null) {
        event.preventDefault();
        ON_CURRENT[event.key](current);
      }
      break;
    case 'Escape':
      $('#editor')?.remove();
      break;
    default:
  }
}
