// The detail view's sections: the request, its signature verdict and the forward target's answer.

import { bodyView, headersTable, pairsTable } from './bodies.js';
import { base64ToBytes } from './bytes.js';
import { statusBadge } from './cells.js';
import { h, visibleText } from './dom.js';
import { formatDuration, formatSize } from './format.js';
import { trimIncompleteUtf8 } from './shared/body.js';
import { headerValue } from './shared/http.js';

export function section(title, sub, ...content) {
  return h(
    'section',
    { class: 'sec', dataset: { section: title.toLowerCase() } },
    h('h2', {}, title, sub ? h('span', { class: 'sub' }, sub) : null),
    ...content,
  );
}

function field(name, ...value) {
  return [h('dt', {}, name), h('dd', {}, ...value)];
}

/** The request line, the headers in arrival order and the query string decoded. */
export function requestSection(detail) {
  const version = String(detail.httpVersion ?? '1.1');
  const requestLine = h(
    'pre',
    { class: 'code request-line' },
    h('span', { class: 'method', dataset: { method: detail.method } }, detail.method),
    ' ',
    visibleText(detail.path),
    ' ',
    h('span', { class: 'dim' }, version.startsWith('HTTP/') ? version : `HTTP/${version}`),
  );
  const query = detail.path.includes('?')
    ? [...new URLSearchParams(detail.path.slice(detail.path.indexOf('?') + 1))]
    : [];
  return section(
    'Request',
    `headers: ${detail.headers.length}, in arrival order`,
    requestLine,
    headersTable(detail.headers, 'request'),
    query.length > 0 ? [h('h3', {}, 'Query'), pairsTable(query)] : null,
  );
}

function signatureVerdict(detail) {
  if (detail.signature === 'valid') {
    return h(
      'p',
      { class: 'verdict sig-valid' },
      '✓ valid: the signature verified with the configured secret.',
    );
  }
  if (detail.signature === 'invalid') {
    return h(
      'p',
      { class: 'verdict sig-invalid' },
      '✗ invalid: ',
      visibleText(detail.signatureError ?? 'the signature did not verify.'),
    );
  }
  const provider = detail.provider ?? '<provider>';
  return h(
    'p',
    { class: 'verdict sig-unchecked' },
    '· unchecked. Check it with ',
    h('code', {}, `hookctl verify ${detail.id} --secret …`),
    ', or on arrival with ',
    h('code', {}, `hookctl listen --verify ${provider}`),
    '.',
  );
}

export function signatureSection(detail) {
  return section('Signature', null, signatureVerdict(detail));
}

/** What the forward target answered: status, time, headers and body (cut at the store's cap). */
export function forwardSection(detail) {
  const forward = detail.forward;
  if (forward === null) {
    const text =
      detail.forwardTo === null
        ? 'Not forwarded: captured only.'
        : `No result recorded for ${detail.forwardTo} (still under way or interrupted).`;
    return section('Response', null, h('p', { class: 'dim' }, text));
  }
  const facts = h(
    'dl',
    { class: 'facts' },
    field('URL', h('span', { class: 'mono' }, visibleText(forward.url))),
    field('Status', statusBadge(forward.status, '✗ no response')),
    field('Took', formatDuration(forward.durationMs)),
    forward.error === undefined
      ? null
      : field('Error', h('span', { class: 'err-text' }, visibleText(forward.error))),
    detail.route === undefined
      ? null
      : field('Route', h('span', { class: 'mono' }, visibleText(detail.route ?? 'none matched'))),
    // A fan-out route's other targets, each sent the same bytes.
    ...(forward.also ?? []).map((other) =>
      field(
        'Also',
        h('span', { class: 'mono' }, visibleText(other.url)),
        ' ',
        statusBadge(other.status, '✗ no response'),
        ` ${formatDuration(other.durationMs)}`,
      ),
    ),
  );
  const content = [facts];
  const headers = forward.headers ?? [];
  if (headers.length > 0)
    content.push(h('h3', {}, `Headers (${headers.length})`), headersTable(headers, 'response'));
  if (typeof forward.bodyBase64 === 'string') {
    let bytes = base64ToBytes(forward.bodyBase64);
    // A response body cut at the store's cap may end inside a UTF-8 sequence: drop that partial character.
    if (forward.bodyTruncated) bytes = trimIncompleteUtf8(bytes);
    content.push(h('h3', {}, 'Body'), bodyView(bytes, headerValue(headers, 'content-type'), 'response'));
    if (forward.bodyTruncated) {
      content.push(
        h('p', { class: 'dim' }, `… truncated: only the first ${formatSize(bytes.length)} were kept.`),
      );
    }
  }
  return section('Response', 'from the forward target', ...content);
}
