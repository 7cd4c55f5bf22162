/**
 * The benchmarks' child processes: each server (hookctl, the hop, target apps) and load generator runs as
 * its own Node process, optionally pinned to one CPU with `taskset`, and is watched from outside through
 * /proc (CPU time, memory). Linux only, like the benchmarks' pinning.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ, 100 on every Linux we run on). */
const CLOCK_TICKS = 100;

export interface Server {
  url: string;
  pid: number;
  /** The first stdout line, parsed (hookctl's `{"kind":"ready",...}`, a target's `{"port":N}`). */
  ready: Record<string, unknown>;
  /** SIGTERM, then waits for the exit (hookctl finishes and stores what is under way). Idempotent. */
  stop(): Promise<void>;
}

export function spawnNode(cpuId: string | null, args: string[]): ChildProcess {
  // taskset execs node in place, so the child's pid is node's.
  return cpuId === null
    ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('taskset', ['-c', cpuId, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export function startServer(name: string, cpuId: string | null, args: string[]): Promise<Server> {
  const child = spawnNode(cpuId, args);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within 15 s: ${stderr}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      // Keep draining stdout (hookctl prints a line per request) without holding on to it.
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      const ready = JSON.parse(buffered.slice(0, newline)) as { port?: number; url?: string };
      const url = ready.url ?? `http://127.0.0.1:${ready.port}`;
      resolve({ url, pid: child.pid as number, ready, stop });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited ${code} before it was ready: ${stderr}`));
    });
  });
}

/** User + system CPU seconds of a process, all threads (libuv pool and GC included). */
export function cpuSeconds(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / CLOCK_TICKS, sys: Number(fields[12]) / CLOCK_TICKS };
}

export function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no ${field} for pid ${pid}`);
  return Number(match[1]);
}

/** A process and its direct children (relay dev: its workerd and the watchdog shell), from /proc. */
export function withChildren(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).map((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8'),
  );
  return [pid, ...children.join(' ').split(/\s+/).filter(Boolean).map(Number)];
}

/** CPU seconds (user + system) of some processes, together. */
export function cpuOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    const { user, sys } = cpuSeconds(pid);
    total += user + sys;
  }
  return total;
}
