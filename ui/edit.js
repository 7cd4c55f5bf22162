// Edit and replay without the DOM: the editor's text from a capture, and the replay API's payload from
// what the editor holds. Pure, so the tests run it in Node.

import { base64ToBytes, bytesToBase64 } from './bytes.js';
import { decodeText } from './shared/body.js';
import { isHeaderName, isHeaderValue } from './shared/http.js';

/** `Name: value` lines, in order, duplicates kept. */
export function headersToText(headers) {
  return headers.map(([name, value]) => `${name}: ${value}`).join('\n');
}

/** `Name: value` lines back to pairs, in order, duplicates kept. Throws with the line that is wrong. */
export function parseHeaderText(text) {
  const headers = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim() === '') return;
    const colon = trimmed.indexOf(':');
    const name = colon === -1 ? '' : trimmed.slice(0, colon).trim();
    if (colon <= 0 || !isHeaderName(name)) {
      throw new Error(`header line ${index + 1} is not "Name: value": ${trimmed.slice(0, 60)}`);
    }
    const value = trimmed.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!isHeaderValue(value)) {
      throw new Error(
        `header line ${index + 1} (${name}) has a control character or a character above U+00FF in its value`,
      );
    }
    headers.push([name, value]);
  });
  return headers;
}

/**
 * How the editor shows a body: UTF-8 text as it is (`crlf` when every line ends in CRLF, which a textarea
 * would turn into LF), anything else as base64 (`binary`).
 */
export function bodyForEditing(bytes) {
  const text = decodeText(bytes, { keepBom: true });
  if (text === null) return { binary: true, crlf: false, text: bytesToBase64(bytes) };
  return { binary: false, crlf: text.includes('\r\n') && !/(^|[^\r])\n/.test(text), text };
}

/** The bytes an edited body field stands for, written as `bodyForEditing` showed them. */
export function bodyFromEditing(value, { binary, crlf }) {
  if (!binary) return new TextEncoder().encode(crlf ? value.replace(/\r?\n/g, '\r\n') : value);
  try {
    return base64ToBytes(value.replace(/\s+/g, ''));
  } catch {
    throw new Error('The body is not valid base64.');
  }
}

/**
 * The replay API's payload: only what was changed, Content-Length following the body. `original` holds
 * the capture (`detail`, `bytes`), how its body was shown (`shown`, from `bodyForEditing`) and what the
 * fields held at first (`initial.headers`, `initial.body`: a textarea turns CRLF into LF, so compare with
 * that, not with the text); `fields` holds `to`, `headers`, `body`, `resign`, `provider` and `secret` as
 * they are now. Throws an Error a person can act on.
 */
export function editedReplay(original, fields) {
  const { detail, bytes, shown, initial } = original;
  const payload = {};
  if (fields.to.trim() !== '') payload.to = fields.to.trim();
  else if (detail.forwardTo === null)
    throw new Error('This capture was not forwarded: say where to send it.');
  const bodyChanged = fields.body !== initial.body;
  let outBytes = bytes;
  if (bodyChanged) {
    outBytes = bodyFromEditing(fields.body, shown);
    payload.bodyBase64 = bytesToBase64(outBytes);
  }
  if (bodyChanged || fields.headers !== initial.headers) {
    const pairs = parseHeaderText(fields.headers);
    for (const pair of pairs)
      if (pair[0].toLowerCase() === 'content-length') pair[1] = String(outBytes.length);
    payload.headers = pairs;
  }
  if (fields.resign) {
    payload.resign = true;
    if (fields.provider !== '') payload.provider = fields.provider;
    if (fields.secret !== '') payload.secret = fields.secret;
  }
  return payload;
}
