// HTTP rules the server (src/core) and the inspector page both apply. Pure: no imports, no DOM, no Node APIs.

/** RFC 9110 §5.6.2: the characters a header name (a token) is made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: visible characters, spaces, tabs and obs-text; never CR, LF, NUL or other controls. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function isHeaderName(name) {
  return TOKEN.test(name);
}

export function isHeaderValue(value) {
  return FIELD_VALUE.test(value);
}

/**
 * Why these headers cannot go on the wire, or null when they can. A CR or LF in a name or value would let
 * an edited replay smuggle extra headers or a second request; a NUL is refused by every server.
 */
export function headerProblem(headers) {
  for (const [name, value] of headers) {
    if (!isHeaderName(name)) {
      return `header name ${JSON.stringify(name)} is not a valid HTTP field name (letters, digits and !#$%&'*+-.^_\`|~ only)`;
    }
    if (!isHeaderValue(value)) {
      return `header ${name} has a CR, LF, NUL or other control character in its value`;
    }
  }
  return null;
}

/** The first value of a header, compared case-insensitively (captures keep the sender's case); null for none. */
export function headerValue(headers, name) {
  const wanted = name.toLowerCase();
  const pair = (headers ?? []).find(([key]) => key.toLowerCase() === wanted);
  return pair === undefined ? null : pair[1];
}

/**
 * Appends an inbound request-target (raw path and query, never normalized) to a base URL's path, as the
 * contract says: base `/api` + `/stripe?x=1` → `/api/stripe?x=1`; `/` adds nothing. `base` is a URL (or
 * anything with its `pathname` and `search`).
 */
export function joinTargetPath(base, inbound) {
  const queryAt = inbound.indexOf('?');
  const inboundPath = queryAt === -1 ? inbound : inbound.slice(0, queryAt);
  const inboundQuery = queryAt === -1 ? '' : inbound.slice(queryAt + 1);
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = basePath + (inboundPath === '/' ? '' : inboundPath) || '/';
  const queries = [base.search.slice(1), inboundQuery].filter((part) => part !== '');
  return queries.length === 0 ? path : `${path}?${queries.join('&')}`;
}
