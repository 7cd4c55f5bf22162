import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type App, type AppRequest, startApp } from './app.ts';
import { type Scope, tempStore } from './scope.ts';

export interface Certificate {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, made now with openssl. Without openssl the test
 * fails and says so: a silent skip would pass a suite that proved nothing about HTTPS targets.
 */
export async function selfSignedCertificate(scope: Scope): Promise<Certificate> {
  const dir = await tempStore(scope);
  const certFile = join(dir, 'c.pem');
  const keyFile = join(dir, 'k.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-days', '2', '-subj', '/CN=localhost');
  args.push('-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile);
  try {
    await promisify(execFile)('openssl', args);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'openssl is not on PATH (install it, e.g. apt-get install openssl)'
        : `openssl failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`;
    throw new Error(`the HTTPS target tests need a self-signed certificate: ${reason}`);
  }
  return {
    dir,
    certFile,
    keyFile,
    cert: await readFile(certFile, 'utf8'),
    key: await readFile(keyFile, 'utf8'),
  };
}

/**
 * The app of test/helpers/app.ts served over HTTPS with `certificate`, on 127.0.0.1, port 0: every request
 * recorded byte for byte, answered 201 `secure <size>`.
 */
export function startHttpsApp(scope: Scope, certificate: Certificate): Promise<App> {
  return startApp(
    scope,
    (request: AppRequest) => ({
      status: 201,
      headers: ['Content-Type', 'text/plain'],
      body: `secure ${request.body.length}`,
    }),
    { tls: { key: certificate.key, cert: certificate.cert } },
  );
}
