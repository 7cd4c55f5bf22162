import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import type { buildConnector } from 'undici';

/** What a sender trusts beyond the default roots: `--insecure` (loopback only) and `--ca FILE`. */
export interface TlsTrust {
  /** Accept any certificate, but only from a loopback target; every other host is still verified. */
  insecureLocalhost?: boolean;
  /** PEM certificates trusted in addition to Node's default roots. */
  ca?: Buffer | string;
}

/**
 * `localhost` and every name under it (RFC 6761 §6.3). The sender's lookup sends these to the loopback
 * whatever DNS or /etc/hosts say, which is what makes it safe to relax verification for them.
 */
export function isLocalhostName(host: string): boolean {
  const name = (host.endsWith('.') ? host.slice(0, -1) : host).toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * A host that can only be this machine: a localhost name, 127.0.0.0/8, or ::1 (also as an IPv4-mapped
 * 127.x address). Takes a URL's hostname (`[::1]`) or undici's bracketless one (`::1`).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isLocalhostName(name)) return true;
  if (isIPv4(name)) return name.startsWith('127.');
  if (!isIPv6(name)) return false;
  // The URL parser writes an IPv6 address one way (`0:0::1` → `::1`, `::ffff:127.0.0.1` → `::ffff:7f00:1`).
  const canonical = new URL(`http://[${name}]/`).hostname.slice(1, -1);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** The per-connection decision: skip certificate verification only for HTTPS to a loopback host. */
export function acceptsAnyCertificate(
  trust: TlsTrust,
  connection: { protocol: string; hostname: string },
): boolean {
  return (
    trust.insecureLocalhost === true &&
    connection.protocol === 'https:' &&
    isLoopbackHost(connection.hostname)
  );
}

type Connector = buildConnector.connector;
type ConnectorOptions = buildConnector.BuildOptions;

/**
 * undici's connector, choosing per connection (not per request: the forwarding loop stays as it is)
 * between a verifying one and, for loopback targets under `--insecure`, one that accepts any certificate.
 */
export async function tlsConnector(
  build: typeof buildConnector,
  base: ConnectorOptions,
  trust: TlsTrust,
  extraCaFile = process.env.NODE_EXTRA_CA_CERTS,
): Promise<Connector> {
  const verifying = build(
    trust.ca === undefined ? base : { ...base, secureContext: await trustingContext(trust.ca, extraCaFile) },
  );
  if (trust.insecureLocalhost !== true) return verifying;
  const lenient = build({ ...base, rejectUnauthorized: false });
  return (options, callback) =>
    (acceptsAnyCertificate(trust, options) ? lenient : verifying)(options, callback);
}

/**
 * A TLS context trusting `ca` as well as what Node trusts by default. Passing `ca` alone would replace
 * the default roots (public HTTPS targets would stop verifying) and drop $NODE_EXTRA_CA_CERTS (a company
 * proxy's CA). Built once: a context per connection would parse ~150 root certificates each time.
 */
async function trustingContext(ca: Buffer | string, extraCaFile: string | undefined) {
  const { createSecureContext, rootCertificates } = await import('node:tls');
  const extra: string[] = [];
  if (extraCaFile) {
    try {
      extra.push(readFileSync(extraCaFile, 'utf8'));
    } catch {
      // Node has already warned about an unreadable $NODE_EXTRA_CA_CERTS at startup.
    }
  }
  return createSecureContext({ ca: [...rootCertificates, ...extra, ca] });
}

const TRUST = new Map<string, string>([
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in the chain'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate from an unknown authority'],
  ['UNABLE_TO_GET_ISSUER_CERT', 'certificate from an unknown authority'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'certificate from an unknown authority'],
  ['CERT_UNTRUSTED', 'untrusted certificate'],
]);
const VALIDITY = new Map<string, string>([
  ['CERT_HAS_EXPIRED', 'expired certificate'],
  ['CERT_NOT_YET_VALID', 'certificate not valid yet'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificate for another name'],
]);

/**
 * A certificate failure in words that say what to do, e.g. `self-signed certificate at
 * https://localhost:3443: pass --insecure (localhost only) or --ca FILE`; undefined for other errors.
 */
export function describeCertificateError(code: string, origin: string): string | undefined {
  const trust = TRUST.get(code);
  const validity = trust === undefined ? VALIDITY.get(code) : undefined;
  if (trust === undefined && validity === undefined) {
    return code === 'ERR_SSL_WRONG_VERSION_NUMBER'
      ? `not HTTPS at ${origin}: the app answers plain HTTP there, use an http:// target`
      : undefined;
  }
  let local = false;
  try {
    local = isLoopbackHost(new URL(origin).hostname);
  } catch {
    // Not a URL: say what applies to any host.
  }
  if (trust !== undefined) {
    return local
      ? `${trust} at ${origin}: pass --insecure (localhost only) or --ca FILE`
      : `${trust} at ${origin}: pass --ca FILE to trust it (--insecure applies to localhost targets only)`;
  }
  return local
    ? `${validity} at ${origin}: pass --insecure (localhost only) or fix the certificate`
    : `${validity} at ${origin}: the target must serve a valid certificate (--insecure applies to localhost targets only)`;
}
