import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HookctlError, usageError } from '../lib/errors.ts';

// What `relay dev`, `relay deploy`, `relay status` and `relay channel` share: unguessable tokens and
// channel names, kept in a directory readable only by the user.

/** 32 random bytes, base64url: the listener token. */
export function newToken(randomBytes: (size: number) => Buffer): string {
  return randomBytes(32).toString('base64url');
}

/** A channel name nobody can guess (128 bits), valid in URLs and in the relay's channel pattern. */
export function newChannel(randomBytes: (size: number) => Buffer): string {
  return `ch_${randomBytes(16).toString('base64url')}`;
}

/** The value kept in `file`, or `make()` written there (mode 0600) when there is none. */
export async function keptValue(file: string, make: () => string): Promise<string> {
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept !== '') return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw usageError(`cannot read ${file}: ${(error as Error).message}`);
    }
  }
  const value = make();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** A token as given, unless it holds a line break or another control character (a paste of two lines). */
export function checkedToken(token: string): string {
  for (const char of token) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      throw usageError('--relay-token contains a line break or control character: give the token alone');
    }
  }
  return token;
}

/** The token for a relay request: the flag or $HOOKCTL_RELAY_TOKEN, else what to do. */
export function requireToken(value: unknown, deployed: string | undefined): string {
  if (typeof value === 'string' && value.trim() !== '') return checkedToken(value.trim());
  if (deployed !== undefined) return deployed;
  throw usageError(
    'the relay needs the listener token: --relay-token T or $HOOKCTL_RELAY_TOKEN (relay deploy and relay dev print it)',
  );
}

/** The per-user directory of deployments: `$XDG_CONFIG_HOME/hookctl/relay` (else ~/.config/…). */
export function relayConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'hookctl', 'relay');
}

/** What `relay deploy` leaves for `relay status` and `relay channel` to find. */
export interface Deployment {
  name: string;
  url: string;
  channel: string;
  deployedAt: string;
  /** Read from the directory's `listener-token`, not stored in the record. */
  token?: string;
}

/** The most recent deployment under the config directory, with its token; undefined when none. */
export async function lastDeployment(env: NodeJS.ProcessEnv, home: string): Promise<Deployment | undefined> {
  const root = relayConfigDir(env, home);
  let newest: Deployment | undefined;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    try {
      const record = JSON.parse(
        await readFile(path.join(root, name, 'deployment.json'), 'utf8'),
      ) as Deployment;
      if (newest === undefined || record.deployedAt > newest.deployedAt) {
        record.token = (await readFile(path.join(root, name, 'listener-token'), 'utf8')).trim();
        newest = record;
      }
    } catch {}
  }
  return newest;
}

/** A control request to the relay: JSON back, or a one-line error that says what to do. */
export async function relayJson(url: string, token: string, init: RequestInit = {}): Promise<unknown> {
  let answer: Response;
  try {
    answer = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new HookctlError(
      `cannot reach the relay at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  const text = await answer.text();
  if (answer.status === 401) {
    throw new HookctlError(
      `the relay refused the listener token (${url}): pass the one relay deploy printed (--relay-token or $HOOKCTL_RELAY_TOKEN)`,
    );
  }
  if (answer.status === 400) throw usageError(text.trim().replace(/^hookctl relay: /, ''));
  if (!answer.ok)
    throw new HookctlError(
      `the relay answered HTTP ${answer.status} at ${url}: ${text.trim().slice(0, 200)}`,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new HookctlError(`${url} did not answer as a hookctl relay does (not JSON): check the URL`);
  }
}

/** `7d`, `3h`, `5m`, `40s`: the largest whole unit, for ages and retention. */
export function roughAge(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  }
  return `${Math.max(0, Math.floor(ms / 1000))}s`;
}
