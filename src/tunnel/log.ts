/**
 * Reads cloudflared's log lines (it logs to stderr, one event per line) into the few facts hookctl needs.
 * Pure, so every line shape cloudflared is known to print is table-tested.
 */
export type TunnelLogEvent =
  | { kind: 'url'; url: string }
  | { kind: 'hostname'; hostname: string; service: string | null }
  | { kind: 'registered'; location: string | null }
  | { kind: 'rate-limited' }
  | { kind: 'version'; version: string }
  | { kind: 'error'; message: string };

// Quick tunnels get a random name under trycloudflare.com; `api.trycloudflare.com` is the service that
// hands them out and appears in error lines, never as a tunnel's URL.
const QUICK_URL = /https:\/\/(?!api\.)([a-z0-9-]+\.trycloudflare\.com)\b/i;
// `Updated to new configuration config="{\"ingress\":[{\"hostname\":\"hooks.example.com\",\"service\":…`
const INGRESS =
  /\\"hostname\\":\s*\\"([^\\"]+)\\"(?:,\s*(?:\\"[^\\"]+\\":\s*[^,]*,\s*)*\\"service\\":\s*\\"([^\\"]+)\\")?/;
const LEVEL = /^\S+\s+(ERR|WRN|INF|DBG|FTL)\s+(.*)$/;

export function parseLogLine(line: string): TunnelLogEvent | null {
  if (/\b429 Too Many Requests\b|error code: 1015/i.test(line)) return { kind: 'rate-limited' };
  const quick = QUICK_URL.exec(line);
  if (quick && !/\b(ERR|error|failed)\b/.test(line))
    return { kind: 'url', url: `https://${quick[1]?.toLowerCase()}` };
  const ingress = INGRESS.exec(line);
  if (ingress?.[1]) return { kind: 'hostname', hostname: ingress[1], service: ingress[2] ?? null };
  if (/Registered tunnel connection/.test(line)) {
    return { kind: 'registered', location: /\blocation=(\S+)/.exec(line)?.[1] ?? null };
  }
  const version = /\bVersion (\d{4}\.\d+\.\d+)/.exec(line);
  if (version?.[1]) return { kind: 'version', version: version[1] };
  const level = LEVEL.exec(line);
  if (level && (level[1] === 'ERR' || level[1] === 'FTL'))
    return { kind: 'error', message: level[2] ?? line };
  return null;
}
