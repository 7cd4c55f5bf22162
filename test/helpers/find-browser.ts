import path from 'node:path';

/** What the finder may look at: injected, so a table test can play any machine. */
export interface BrowserHost {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  exists: (file: string) => boolean;
}

export interface FoundBrowser {
  path: string;
  /** Where it was found: `$CHROMIUM`, `PATH` or `usual location`. */
  from: string;
}

/** Ours: taken as given, so a mistyped path fails the launch instead of testing another browser. */
const OWN_VARIABLE = 'CHROMIUM';
/** Set for other tools (chrome-launcher, Karma, Puppeteer): taken only if the file is there. */
const BORROWED_VARIABLES = ['CHROME_PATH', 'CHROME_BIN', 'PUPPETEER_EXECUTABLE_PATH'];

const COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
  'microsoft-edge-stable',
  'microsoft-edge',
  'msedge',
];

const LINUX = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge-stable',
  '/usr/bin/microsoft-edge',
  '/opt/microsoft/msedge/msedge',
];

const MAC_APPS = [
  'Chromium.app/Contents/MacOS/Chromium',
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

const WINDOWS_APPS = [
  'Chromium\\Application\\chrome.exe',
  'Google\\Chrome\\Application\\chrome.exe',
  'Microsoft\\Edge\\Application\\msedge.exe',
];

/** Windows spells variables in any case (`Path`, `ProgramFiles`); everywhere else the case counts. */
function variable(host: BrowserHost, name: string): string | undefined {
  if (host.platform !== 'win32') return host.env[name] || undefined;
  const key = Object.keys(host.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return (key && host.env[key]) || undefined;
}

function onPath(host: BrowserHost): string[] {
  const win = host.platform === 'win32';
  const dirs = (variable(host, 'PATH') ?? '')
    .split(win ? ';' : ':')
    .map((dir) => dir.replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
  const join = win ? path.win32.join : path.posix.join;
  // By name first, as `command -v chromium || command -v google-chrome || …` would.
  return COMMANDS.flatMap((command) => dirs.map((dir) => join(dir, win ? `${command}.exe` : command)));
}

function usualLocations(host: BrowserHost): string[] {
  if (host.platform === 'darwin') {
    const home = variable(host, 'HOME');
    const roots = ['/Applications', ...(home ? [path.posix.join(home, 'Applications')] : [])];
    return roots.flatMap((root) => MAC_APPS.map((app) => path.posix.join(root, app)));
  }
  if (host.platform === 'win32') {
    const roots = ['LOCALAPPDATA', 'PROGRAMFILES', 'PROGRAMFILES(X86)'].flatMap(
      (name) => variable(host, name) ?? [],
    );
    return roots.flatMap((root) => WINDOWS_APPS.map((app) => path.win32.join(root, app)));
  }
  return LINUX;
}

/**
 * The Chromium-family browser this machine already has, looked for in this order: `$CHROMIUM`;
 * `$CHROME_PATH`, `$CHROME_BIN` or `$PUPPETEER_EXECUTABLE_PATH` if it names a file that exists; the
 * usual command names on `PATH`; the places installers put Chromium, Chrome and Edge. None: undefined.
 */
export function findBrowser(host: BrowserHost): FoundBrowser | undefined {
  const own = variable(host, OWN_VARIABLE);
  if (own) return { path: own, from: `$${OWN_VARIABLE}` };
  for (const name of BORROWED_VARIABLES) {
    const file = variable(host, name);
    if (file && host.exists(file)) return { path: file, from: `$${name}` };
  }
  const found = onPath(host).find(host.exists);
  if (found) return { path: found, from: 'PATH' };
  const installed = usualLocations(host).find(host.exists);
  if (installed) return { path: installed, from: 'usual location' };
  return undefined;
}
