import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { TlsTrust } from '../http/tls.ts';
import { usageError } from '../lib/errors.ts';
import { optionalString } from './common.ts';

/** `--insecure` and `--ca FILE` as typed, before any file is read (so parsing stays pure). */
export interface TlsFlags {
  insecure: boolean;
  caFile: string | undefined;
}

export function parseTlsFlags(raw: Record<string, unknown>): TlsFlags {
  const caFile = optionalString(raw.ca);
  if (caFile !== undefined && caFile.trim() === '') {
    throw usageError('--ca takes a PEM certificate file, e.g. --ca ./certs/localhost.pem');
  }
  return { insecure: raw.insecure === true, caFile };
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The certificates of a `--ca` file, checked now rather than at the first HTTPS connection: a wrong file
 * (the private key, a DER file) is a usage error naming it, not a TLS failure on every delivery.
 */
export function caCertificates(file: string, text: string): string {
  const blocks = [...text.matchAll(BLOCK)];
  const certificates = blocks.filter((block) => block[1] === 'CERTIFICATE').map((block) => block[0]);
  if (certificates.length === 0) {
    const key = blocks.some((block) => block[1]?.includes('PRIVATE KEY'));
    throw usageError(
      key
        ? `--ca ${file} holds a private key: pass the certificate (the PEM file with BEGIN CERTIFICATE)`
        : `--ca ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
  }
  for (const [index, pem] of certificates.entries()) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      const which = certificates.length === 1 ? 'its certificate' : `certificate ${index + 1}`;
      throw usageError(`--ca ${file}: ${which} does not parse: ${(error as Error).message}`);
    }
  }
  return `${certificates.join('\n')}\n`;
}

/** The sender's TLS options for these flags; reads and checks the `--ca` file (exit 2 if unusable). */
export async function senderTrust(flags: TlsFlags): Promise<TlsTrust> {
  const trust: TlsTrust = { insecureLocalhost: flags.insecure };
  if (flags.caFile === undefined) return trust;
  let text: string;
  try {
    text = await readFile(flags.caFile, 'utf8');
  } catch (error) {
    throw usageError(`cannot read --ca ${flags.caFile}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  trust.ca = caCertificates(flags.caFile, text);
  return trust;
}
