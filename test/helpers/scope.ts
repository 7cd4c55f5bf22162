import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * Where a helper hands what must be undone when the test ends: a test's own context (`t`), or a
 * `describe` block's `suiteScope()`. Helpers that start something take one as their first argument and
 * register its cleanup there, so tests hold no `try/finally`.
 */
export interface Scope {
  after(fn: () => unknown): void;
}

const stacks = new WeakMap<Scope, Array<() => unknown>>();

/** Runs `task` when `scope` ends, after the tasks registered later (last started, first stopped). */
export function onCleanup(scope: Scope, task: () => unknown): void {
  let stack = stacks.get(scope);
  if (stack === undefined) {
    const tasks: Array<() => unknown> = [];
    stack = tasks;
    stacks.set(scope, tasks);
    scope.after(async () => {
      const errors: unknown[] = [];
      for (let next = tasks.pop(); next !== undefined; next = tasks.pop()) {
        try {
          await next();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'cleanup failed');
    });
  }
  stack.push(task);
}

/**
 * The scope of a `describe` block, for what its `before` hook starts: cleaned up by the block's `after`.
 * Call it in the block's body, beside `before`.
 */
export function suiteScope(): Scope {
  const hooks: Array<() => unknown> = [];
  after(async () => {
    for (const hook of hooks) await hook();
  });
  return { after: (fn) => void hooks.push(fn) };
}

/** A fresh directory for a store (or any files a test writes), removed when `scope` ends. */
export async function tempStore(scope: Scope): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hookctl-test-'));
  onCleanup(scope, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Rejects with `what` (plus `detail()`) when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const extra = detail?.() ?? '';
      reject(new Error(`timed out after ${ms} ms waiting for ${what}${extra === '' ? '' : `\n${extra}`}`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
