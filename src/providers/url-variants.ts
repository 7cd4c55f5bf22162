/**
 * URLs a sender or an app may have signed instead of the one given: the other scheme, the default port
 * written or dropped, localhost for 127.0.0.1 and back, a trailing slash, the query dropped. The usual
 * cause is an app behind a tunnel or proxy that checks the URL it sees (`http://localhost:3000/sms`)
 * instead of the public one the provider called.
 */
export function urlVariants(url: string, others: readonly string[] = []): string[] {
  const variants = new Set<string>();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const add = (candidate: URL | string) => {
    const text = typeof candidate === 'string' ? candidate : candidate.href;
    if (text !== url) variants.add(text);
  };
  const copy = () => new URL(parsed.href);
  const other = copy();
  other.protocol = parsed.protocol === 'https:' ? 'http:' : 'https:';
  add(other);
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? '443' : '80') : parsed.port;
  add(`${parsed.protocol}//${parsed.hostname}:${port}${parsed.pathname}${parsed.search}`);
  for (const host of ['localhost', '127.0.0.1']) {
    if (parsed.hostname !== host) {
      const seen = copy();
      seen.hostname = host;
      add(seen);
      seen.protocol = 'http:';
      add(seen);
    }
  }
  const slash = copy();
  slash.pathname = parsed.pathname.endsWith('/')
    ? parsed.pathname.slice(0, -1) || '/'
    : `${parsed.pathname}/`;
  add(slash);
  if (parsed.search !== '') {
    const bare = copy();
    bare.search = '';
    add(bare);
  }
  for (const known of others) add(known);
  return [...variants];
}
