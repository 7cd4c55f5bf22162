// A capture as a curl command that sends the same bytes. Pure (no DOM), so the tests run it in Node.

import { bytesToBase64 } from './bytes.js';
import { decodeText } from './shared/body.js';
import { headerValue, joinTargetPath } from './shared/http.js';

const CURL_INLINE_BINARY_MAX = 64 * 1024;

/** One POSIX shell word, single-quoted. */
export function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Where the capture went: the forward's URL, or the forward target joined with its path as listen does. */
export function requestUrl(detail) {
  if (detail.forward?.url) return detail.forward.url;
  if (detail.forwardTo) {
    const base = new URL(detail.forwardTo);
    return base.origin + joinTargetPath(base, detail.path);
  }
  return `http://127.0.0.1:4500${detail.path}`;
}

/** The request as a curl command: every header as captured, the body byte for byte. */
export function curlCommand(detail, bytes) {
  const lines = [`curl -X ${shellQuote(detail.method)} ${shellQuote(requestUrl(detail))}`];
  for (const [name, value] of detail.headers) {
    // `-H 'Name:'` would remove the header; `Name;` is curl's way of sending it empty.
    lines.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  // curl adds these on its own; the sender did not send them.
  if (headerValue(detail.headers, 'user-agent') === null) lines.push("-H 'User-Agent:'");
  if (headerValue(detail.headers, 'accept') === null) lines.push("-H 'Accept:'");
  const notes = [];
  if (bytes.length > 0) {
    const text = decodeText(bytes, { keepBom: true });
    if (text !== null) lines.push(`--data-binary ${shellQuote(text)}`);
    else if (bytes.length <= CURL_INLINE_BINARY_MAX) {
      lines.push(`--data-binary @<(printf %s ${shellQuote(bytesToBase64(bytes))} | base64 --decode)`);
      notes.push('# binary body, decoded from base64 (bash or zsh)');
    } else {
      lines.push(`--data-binary @${shellQuote(`${detail.id}.bin`)}`);
      notes.push(`# binary body: save it first with "Download body" as ${detail.id}.bin`);
    }
  }
  return [...notes, lines.join(' \\\n  ')].join('\n');
}
