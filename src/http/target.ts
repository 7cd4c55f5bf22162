import { usageError } from '../lib/errors.ts';

/**
 * Parses the forward target of `listen [forward]`, `replay --to` and `trigger --to`: a port (`3000` means
 * `http://localhost:3000`, `3000/hooks` its `/hooks`), `host:port[/path]`, or a full http(s) URL.
 */
export function parseTarget(text: string, what = 'forward target'): URL {
  const trimmed = text.trim();
  let candidate = trimmed;
  // `3000` and `3000/webhooks` mean the local app on that port.
  if (/^\d+(\/|$)/.test(trimmed)) candidate = `http://localhost:${trimmed}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) candidate = `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw usageError(
      `${what} "${text}" is not a port, host:port or http(s) URL (try 3000 or http://localhost:3000/webhooks)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${what} "${text}" must be http or https, not ${url.protocol.slice(0, -1)}`);
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port < 1 || port > 65535) throw usageError(`${what} "${text}" has no valid port (1 to 65535)`);
  url.hash = '';
  return url;
}

/** Base `/api` + inbound `/stripe?x=1` → `/api/stripe?x=1`; the page joins captured paths the same way. */
export { joinTargetPath } from '../../ui/shared/http.js';

/** The request-target of an inbound request, made into a path: absolute-form targets keep only path+query. */
export function requestPath(rawTarget: string): string | null {
  if (rawTarget.startsWith('/')) return rawTarget;
  if (/^https?:\/\//i.test(rawTarget)) {
    try {
      const url = new URL(rawTarget);
      return url.pathname + url.search;
    } catch {
      return null;
    }
  }
  return null;
}
