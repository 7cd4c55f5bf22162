// The edit-and-replay form: target, headers and body as text, optional re-signing.

import { $, h } from './dom.js';
import { bodyForEditing, editedReplay, headersToText } from './edit.js';
import { replay } from './replay.js';
import { state } from './state.js';

/** Opens the editor under the actions, or closes it when it is open. */
export function toggleEditor(current) {
  const slot = $('#editor-slot');
  if (slot === null) return;
  if (slot.firstChild !== null) {
    slot.replaceChildren();
    return;
  }
  slot.append(renderEditor(current));
  $('#edit-body')?.focus();
}

/** The providers to sign as: the server's list, or at least the capture's own. */
function providerSelect(detail) {
  const select = h('select', { id: 'edit-provider', name: 'provider', 'aria-label': 'Provider to sign as' });
  const names =
    state.providers.length > 0
      ? state.providers
      : detail.provider
        ? [{ name: detail.provider, title: detail.provider }]
        : [];
  for (const p of names) select.append(h('option', { value: p.name }, p.title ?? p.name));
  if (detail.provider !== null) select.value = detail.provider;
  return select;
}

/** A one-line field of the form, `edit-<name>`, that the browser neither fills in nor spell-checks. */
function input(name, props) {
  return h('input', { id: `edit-${name}`, name, spellcheck: 'false', autocomplete: 'off', ...props });
}

function bodyHint(shown) {
  if (shown.binary) return 'binary: edit it as base64';
  return shown.crlf ? 'sent with CRLF line endings' : 'sent as UTF-8, exactly as written';
}

function renderEditor(current) {
  const { detail, bytes } = current;
  const shown = bodyForEditing(bytes);

  const to = input('to', {
    type: 'text',
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
  const body = h('textarea', { id: 'edit-body', name: 'body', rows: 12, spellcheck: 'false' });
  body.value = shown.text;
  // Textareas turn CRLF into LF: compare with what the fields hold, not with the original text.
  const initial = { headers: headers.value, body: body.value };

  const resign = h('input', { id: 'edit-resign', type: 'checkbox', name: 'resign' });
  const provider = providerSelect(detail);
  const secret = input('secret', {
    type: 'password',
    placeholder: "secret (default: the provider's environment variable or development secret)",
    'aria-label': 'Signing secret',
  });
  const syncSign = () => {
    provider.disabled = !resign.checked;
    secret.disabled = !resign.checked;
  };
  resign.addEventListener('change', syncSign);
  syncSign();

  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const reset = () => {
    headers.value = initial.headers;
    body.value = shown.text;
    to.value = '';
    resign.checked = false;
    syncSign();
  };

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
    h('label', { for: 'edit-body' }, 'Body ', h('span', { class: 'dim' }, bodyHint(shown))),
    body,
    h(
      'div',
      { class: 'check' },
      resign,
      h('label', { for: 'edit-resign' }, 'Re-sign with the provider secret (fresh timestamp)'),
    ),
    h('div', { class: 'sign-row' }, provider, secret),
    h(
      'p',
      { class: 'dim hint' },
      'Content-Length follows the body. The replay is captured and linked to this request.',
    ),
    error,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary', id: 'edit-send' }, 'Send'),
      h('button', { type: 'button', class: 'btn', onclick: () => form.remove() }, 'Cancel'),
      h('button', { type: 'button', class: 'btn', onclick: reset }, 'Reset'),
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
      payload = editedReplay(
        { detail, bytes, shown, initial },
        {
          to: to.value,
          headers: headers.value,
          body: body.value,
          resign: resign.checked,
          provider: provider.value,
          secret: secret.value,
        },
      );
    } catch (problem) {
      error.textContent = problem.message;
      error.hidden = false;
      return;
    }
    replay(current, payload);
  });

  return form;
}
