// How the page writes times and statuses. Pure (no DOM), so the tests run it in Node. Durations and sizes
// are the terminal's, from ui/shared/format.js.

export { formatDuration, formatSize } from './shared/format.js';

const STATUS_TEXT = {
  100: 'Continue',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const pad2 = (n) => String(n).padStart(2, '0');

/** `23:41:08` today, `May 1 23:41:08` on other days (local time); the input as it is when unparseable. */
export function formatTime(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/** `2024-05-01 23:41:08.123`, local time; the input as it is when unparseable. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${ms}`;
}

/** `404 Not Found`; the bare number for a status without a known reason phrase. */
export function statusText(status) {
  const reason = STATUS_TEXT[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}

/** The CSS class that colours a status: `s-2xx` … `s-5xx`, `s-err` for no response. */
export function statusClass(status) {
  if (status === null || status === undefined) return 's-err';
  if (status >= 500) return 's-5xx';
  if (status >= 400) return 's-4xx';
  if (status >= 300) return 's-3xx';
  if (status >= 200) return 's-2xx';
  return 's-1xx';
}
