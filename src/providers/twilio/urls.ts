import { type HeaderPair, headerValue } from '../../http/headers.ts';

/** A URL Twilio may have called instead of the one checked, and what differs, in words. */
export interface UrlCandidate {
  url: string;
  changes: string[];
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The URLs an app most often checks instead of the one Twilio signed, around `checked`: the other scheme
 * (TLS ends at the tunnel or proxy, so the app sees http), the public host from the proxy's headers or
 * another loopback name, with or without the port, with or without a trailing slash, and without the query
 * string. Fewest changes first, so the explanation names the nearest URL that matches.
 */
export function urlCandidates(checked: string, headers: readonly HeaderPair[]): UrlCandidate[] {
  let url: URL;
  try {
    url = new URL(checked);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const other = url.protocol === 'http:' ? 'https:' : 'http:';
  const schemes: Array<[string, string | null]> = [
    [url.protocol, null],
    [other, `${other.slice(0, -1)}, not ${url.protocol.slice(0, -1)}`],
  ];
  const hosts = hostChoices(url, headers);
  const paths = pathChoices(url.pathname);
  const queries: Array<[string, string | null]> = [[url.search, null]];
  if (url.search !== '') queries.push(['', `without the query string ${url.search}`]);

  const seen = new Set([checked, url.href]);
  const found: UrlCandidate[] = [];
  for (const [scheme, schemeChange] of schemes)
    for (const [host, hostChange] of hosts)
      for (const [path, pathChange] of paths)
        for (const [query, queryChange] of queries) {
          const candidate = `${scheme}//${host}${path}${query}`;
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          const changes = [schemeChange, hostChange, pathChange, queryChange].filter(
            (change): change is string => change !== null,
          );
          if (changes.length > 0) found.push({ url: candidate, changes });
        }
  return found.sort((a, b) => a.changes.length - b.changes.length);
}

function hostChoices(url: URL, headers: readonly HeaderPair[]): Array<[string, string | null]> {
  const choices: Array<[string, string | null]> = [[url.host, null]];
  const add = (host: string, change: string) => {
    if (host !== '' && !choices.some(([known]) => known === host)) choices.push([host, change]);
  };
  if (url.port !== '') add(url.hostname, `without the port :${url.port}`);
  // The host a tunnel or proxy was called at, when it passed it on.
  for (const name of ['x-forwarded-host', 'x-original-host', 'host']) {
    const host = headerValue(headers, name)?.split(',')[0]?.trim().toLowerCase() ?? '';
    add(host, `host ${host} (from the ${name} header), not ${url.host}`);
  }
  if (LOOPBACK.includes(url.hostname)) {
    const port = url.port === '' ? '' : `:${url.port}`;
    for (const name of LOOPBACK) add(`${name}${port}`, `host ${name}${port}, not ${url.host}`);
  }
  return choices;
}

function pathChoices(pathname: string): Array<[string, string | null]> {
  if (pathname === '/') return [['/', null]];
  return pathname.endsWith('/')
    ? [
        [pathname, null],
        [pathname.slice(0, -1), 'without the trailing slash'],
      ]
    : [
        [pathname, null],
        [`${pathname}/`, 'with a trailing slash'],
      ];
}
