import { type Running, startProcess } from './run.ts';
import { onCleanup, type Scope, within } from './scope.ts';

/** A running `hookctl relay dev --json` (the built CLI, a child process): its ready line and controls. */
export interface DevRelay {
  url: string;
  port: number;
  token: string;
  channel: string;
  channelUrl: string;
  running: Running;
  /** SIGKILL, and wait for the end. */
  kill(): Promise<void>;
}

/** `hookctl relay dev --port PORT --json [...args]`, killed when `scope` ends if still running. */
export async function spawnRelayDev(
  scope: Scope,
  options: { store: string; port?: number; args?: string[] },
): Promise<DevRelay> {
  let onReady: (line: string) => void = () => {};
  const ready = new Promise<string>((resolve) => {
    onReady = resolve;
  });
  let first = true;
  const running = startProcess(
    ['relay', 'dev', '--json', '--port', String(options.port ?? 0), ...(options.args ?? [])],
    {
      store: options.store,
      onLine(line) {
        if (first) onReady(line);
        first = false;
      },
    },
  );
  const kill = async () => {
    running.signal('SIGKILL');
    await running.exited.catch(() => {});
  };
  onCleanup(scope, kill);
  const line = await within(
    Promise.race([
      ready,
      running.exited.then((exit) => {
        throw new Error(`relay dev exited ${exit.code}: ${running.stderr()}`);
      }),
    ]),
    30_000,
    'the relay dev ready line',
    () => running.stderr(),
  );
  const value = JSON.parse(line) as { url: string; token: string; channel: string; channelUrl: string };
  return { ...value, port: Number(new URL(value.url).port), running, kill };
}

/** POSTs `body` to `url`; the answer's status and its relay id. */
export async function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; id: string | null; text: string }> {
  const answer = await fetch(url, { method: 'POST', body, headers });
  return { status: answer.status, id: answer.headers.get('x-hookctl-relay-id'), text: await answer.text() };
}
