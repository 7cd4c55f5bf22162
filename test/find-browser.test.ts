import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FoundBrowser, findBrowser } from './helpers/find-browser.ts';

interface Machine {
  platform: NodeJS.Platform;
  env: Record<string, string>;
  /** The files that exist on it. */
  files: string[];
}

const on = (platform: NodeJS.Platform, env: Record<string, string>, ...files: string[]): Machine => ({
  platform,
  env,
  files,
});

const CHROME_MAC = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';

const cases: Array<[string, Machine, FoundBrowser | undefined]> = [
  [
    '$CHROMIUM wins, even over a browser on PATH',
    on('linux', { CHROMIUM: '/home/me/chrome', PATH: '/usr/bin' }, '/usr/bin/chromium'),
    { path: '/home/me/chrome', from: '$CHROMIUM' },
  ],
  [
    '$CHROMIUM is taken as given: a wrong path fails the launch rather than testing another browser',
    on('linux', { CHROMIUM: '/nowhere/chromium', PATH: '/usr/bin' }, '/usr/bin/chromium'),
    { path: '/nowhere/chromium', from: '$CHROMIUM' },
  ],
  [
    'an empty $CHROMIUM counts as unset',
    on('linux', { CHROMIUM: '', PATH: '/usr/bin' }, '/usr/bin/chromium'),
    { path: '/usr/bin/chromium', from: 'PATH' },
  ],
  [
    "another tool's variable is taken when its file exists",
    on('linux', { CHROME_BIN: '/opt/ci/chrome', PATH: '/usr/bin' }, '/opt/ci/chrome', '/usr/bin/chromium'),
    { path: '/opt/ci/chrome', from: '$CHROME_BIN' },
  ],
  [
    "another tool's stale variable is passed over",
    on(
      'linux',
      { CHROME_PATH: '/gone/chrome', PUPPETEER_EXECUTABLE_PATH: '/opt/pptr/chrome', PATH: '/usr/bin' },
      '/opt/pptr/chrome',
    ),
    { path: '/opt/pptr/chrome', from: '$PUPPETEER_EXECUTABLE_PATH' },
  ],
  [
    'PATH: chromium before google-chrome, whichever directory comes first',
    on(
      'linux',
      { PATH: '/home/me/bin::/usr/local/bin' },
      '/home/me/bin/google-chrome',
      '/usr/local/bin/chromium',
    ),
    { path: '/usr/local/bin/chromium', from: 'PATH' },
  ],
  [
    'PATH: Edge when it is all there is',
    on('linux', { PATH: '/usr/bin:/bin' }, '/usr/bin/microsoft-edge-stable'),
    { path: '/usr/bin/microsoft-edge-stable', from: 'PATH' },
  ],
  [
    'Linux: the snap, off a PATH that lacks /snap/bin',
    on('linux', { PATH: '/usr/bin:/bin' }, '/snap/bin/chromium'),
    { path: '/snap/bin/chromium', from: 'usual location' },
  ],
  [
    "Linux: Google's package, with no PATH at all",
    on('linux', {}, '/opt/google/chrome/chrome'),
    { path: '/opt/google/chrome/chrome', from: 'usual location' },
  ],
  [
    'macOS: Chrome in /Applications',
    on('darwin', { PATH: '/usr/bin:/bin', HOME: '/Users/me' }, CHROME_MAC),
    { path: CHROME_MAC, from: 'usual location' },
  ],
  [
    'macOS: Chromium in ~/Applications',
    on('darwin', { HOME: '/Users/me' }, '/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium'),
    { path: '/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium', from: 'usual location' },
  ],
  ["macOS: Linux's places are not looked at", on('darwin', {}, '/usr/bin/chromium'), undefined],
  [
    'Windows: PATH in any case, quoted directories, .exe',
    on('win32', { Path: 'C:\\Windows;"C:\\Tools\\Chromium"' }, 'C:\\Tools\\Chromium\\chromium.exe'),
    { path: 'C:\\Tools\\Chromium\\chromium.exe', from: 'PATH' },
  ],
  [
    'Windows: Chrome installed for one user, under %LOCALAPPDATA%',
    on(
      'win32',
      { LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', ProgramFiles: 'C:\\Program Files' },
      'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    ),
    {
      path: 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      from: 'usual location',
    },
  ],
  [
    'Windows: Edge under %ProgramFiles(x86)%',
    on(
      'win32',
      { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    ),
    { path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', from: 'usual location' },
  ],
  [
    'Windows: $chromium in any case too',
    on('win32', { Chromium: 'D:\\chrome\\chrome.exe' }),
    { path: 'D:\\chrome\\chrome.exe', from: '$CHROMIUM' },
  ],
  ['Linux: variables are case-sensitive', on('linux', { chromium: '/home/me/chrome' }), undefined],
  ['nothing anywhere', on('linux', { PATH: '/usr/bin:/bin' }), undefined],
];

describe('findBrowser', () => {
  for (const [name, machine, expected] of cases) {
    it(name, () => {
      const looked: string[] = [];
      const exists = (file: string) => {
        looked.push(file);
        return machine.files.includes(file);
      };
      assert.deepEqual(findBrowser({ env: machine.env, platform: machine.platform, exists }), expected);
      // Only absolute paths are ever checked: nothing is resolved against the working directory.
      const absolute = machine.platform === 'win32' ? /^[A-Z]:\\/ : /^\//;
      for (const file of looked) assert.match(file, absolute);
    });
  }
});
