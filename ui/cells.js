// Small pieces the list, the detail and the replay result all show: signature marks, statuses, id links.

import { h } from './dom.js';
import { statusClass, statusText } from './format.js';

const SIGNATURE_MARK = {
  valid: ['✓', 'valid'],
  invalid: ['✗', 'invalid'],
  unchecked: ['·', 'unchecked'],
};

/** The signature state; `compact` (the list) shows the mark alone, the word stays in the tooltip. */
export function signatureCell(signature, compact = false) {
  const [mark, word] = SIGNATURE_MARK[signature] ?? SIGNATURE_MARK.unchecked;
  return h(
    'span',
    { class: `sig sig-${word}`, title: `signature ${word}`, 'aria-label': `signature ${word}` },
    compact ? mark : `${mark} ${word}`,
  );
}

/** A forward's status in the list: the number, `ERR` for no response, `—` when not forwarded. */
export function statusCell(forward) {
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

/** `200 OK` coloured by its class; `none` (default "no response") when there was no status. */
export function statusBadge(status, none = 'no response', props = {}) {
  return h(
    'span',
    { ...props, class: `status ${statusClass(status)}` },
    status === null ? none : statusText(status),
  );
}

export function linkTo(id) {
  return h('a', { href: `#${id}`, class: 'id-link', dataset: { id } }, id);
}
