import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { bundledChromium, bundledChromiumDir, bundledChromiumName } from './bundled-chromium.ts';
import { findBrowser } from './find-browser.ts';

/** The browser this machine has (`$CHROMIUM`, PATH, the usual places), else the one in node_modules. */
const found = findBrowser({ env: process.env, platform: process.platform, exists: existsSync });

const NONE = `no browser: none in $CHROMIUM, on PATH or where installers put Chromium, Chrome or Edge, and ${bundledChromiumName} has none for ${process.platform}-${process.arch}; install one or set CHROMIUM=/path/to/it`;

/** One line for CI's log: which browser the inspector's tests drive. */
export function describeBrowser(): string {
  if (found) return `${found.path} (from ${found.from})`;
  if (bundledChromiumDir)
    return `the Chromium inside ${bundledChromiumName} (unpacked once, into ${bundledChromiumDir})`;
  return NONE;
}

async function executable(): Promise<{ executablePath: string; env?: NodeJS.ProcessEnv }> {
  if (found) return { executablePath: found.path };
  if (!bundledChromiumDir) throw new Error(NONE);
  const bundled = await bundledChromium();
  return { executablePath: bundled.path, env: { ...process.env, ...bundled.env } };
}

/** Headless Chromium that stays off the network on its own (no update checks, no sync). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    ...(await executable()),
    args: [
      '--no-sandbox', // root in CI containers
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface InspectorPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors (a CSP violation is one): a test expects none. */
  problems: string[];
  /** Every URL the page asked for, so a test can check it never left the inspector's origin. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Opens the inspector in a fresh context (clipboard allowed, so "Copy as cURL" can be read back) and
 * waits until it is live: the list is loaded and the WebSocket open, so later requests must arrive live.
 */
export async function openInspector(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<InspectorPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('#conn[data-state="live"]');
  await page.waitForSelector('#count:not(:empty)');
  return { context, page, problems, requests, close: () => context.close() };
}
