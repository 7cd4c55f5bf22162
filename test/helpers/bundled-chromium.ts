import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The Chromium that the devDependency `@sparticuz/chromium` ships inside itself (x64 Linux only),
 * for a machine with no browser of its own. The package unpacks its brotli files into `os.tmpdir()`,
 * where a second caller gets `chromium` while the first is still writing it, and where any other
 * user of /tmp could have put one first. So it unpacks in a child process whose TMPDIR is a fresh
 * folder in our cache, and that folder is renamed into place whole: test files that race each unpack
 * (a few seconds), one rename wins, and nobody runs a half-written browser.
 */
export interface BundledChromium {
  path: string;
  /** Added to the environment it runs in: its own NSS and expat, and its fonts. */
  env: Record<string, string>;
}

const ENTRY = import.meta.resolve('@sparticuz/chromium');
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', ENTRY), 'utf8')) as { version: string }
).version;
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/hookctl/', import.meta.url));
const DIR = join(CACHE, `chromium-${VERSION}`);

/** Where it is, or undefined on a platform the package ships no Chromium for. */
export const bundledChromiumDir: string | undefined =
  process.platform === 'linux' && process.arch === 'x64' ? DIR : undefined;

export const bundledChromiumName = `@sparticuz/chromium ${VERSION}`;

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let unpacked: Promise<BundledChromium> | undefined;

/** Unpacks it once per install, into node_modules/.cache/hookctl/chromium-VERSION/, and says how to run it. */
export function bundledChromium(): Promise<BundledChromium> {
  unpacked ??= unpack();
  return unpacked;
}

async function unpack(): Promise<BundledChromium> {
  if (!bundledChromiumDir) {
    throw new Error(`${bundledChromiumName} ships no Chromium for ${process.platform}-${process.arch}`);
  }
  if (!existsSync(join(DIR, 'chromium'))) {
    await mkdir(CACHE, { recursive: true });
    const staging = await mkdtemp(join(CACHE, '.unpacking-'));
    try {
      await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { default: chromium } = await import(${JSON.stringify(ENTRY)}); await chromium.executablePath();`,
        ],
        {
          // The package unpacks its NSS and expat (al2023.tar.br) only where it believes it runs on
          // Amazon Linux 2023; a bare Debian lacks them just the same, so we say it does.
          env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
        },
      );
      for (const file of ['chromium', 'al2023/lib/libnss3.so', 'fonts/fonts.conf']) {
        if (!existsSync(join(staging, file)))
          throw new Error(`${bundledChromiumName} did not unpack ${file}`);
      }
      // Its fonts.conf names /tmp/fonts. Ours names where its fonts are, and the machine's own if it
      // has any: with none at all (a bare Debian has no fontconfig), text would be drawn 0 px wide.
      await writeFile(
        join(staging, 'fonts.conf'),
        [
          '<?xml version="1.0"?>',
          '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
          '<fontconfig>',
          '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
          `  <dir>${xml(join(DIR, 'fonts'))}</dir>`,
          `  <cachedir>${xml(join(DIR, 'fonts-cache'))}</cachedir>`,
          '</fontconfig>',
          '',
        ].join('\n'),
      );
      await rename(staging, DIR).catch((error: NodeJS.ErrnoException) => {
        // Another test file got there first with the same files: use those.
        if (!existsSync(join(DIR, 'chromium'))) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  return {
    path: join(DIR, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [join(DIR, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: join(DIR, 'fonts.conf'),
    },
  };
}
