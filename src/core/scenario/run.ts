import type { Delivery, OutboundRequest } from '../../http/client.ts';
import { joinTargetPath, parseTarget } from '../../http/target.ts';
import { HookctlError } from '../../lib/errors.ts';
import type { ProviderContext } from '../../providers/types.ts';
import { type BuiltTrigger, buildTrigger, signAgain } from '../send/index.ts';
import { expandVars, type LoadedScenario } from './load.ts';
import { type Expectation, scenarioError, type TriggerStep } from './validate.ts';

/** One delivery of one step, judged against its expectations. */
export interface StepResult {
  file: string;
  scenario: string;
  step: string;
  /** 1-based; `deliveries` > 1 for a step with `repeat`. */
  delivery: number;
  deliveries: number;
  provider: string;
  event: string;
  url: string;
  status: number | null;
  durationMs: number;
  ok: boolean;
  /** What was expected and what came back, one line each; empty when ok. */
  failures: string[];
  error?: string;
  /** The start of the answer's body, for reports. */
  body: string;
}

/** A scenario with every request built (so bad events are exit 2 before anything is sent). */
export interface PreparedScenario {
  file: string;
  name: string;
  actions: Action[];
}

type Action = { kind: 'wait'; ms: number } | { kind: 'deliver'; step: TriggerStep; built: BuiltTrigger };

export interface PrepareOptions {
  /** `--to`: replaces the file's `target`. */
  target: URL | undefined;
  env: NodeJS.ProcessEnv;
  context: ProviderContext;
  /** Seeded randomness for `shuffle`. */
  random: () => number;
}

export async function prepareScenario(
  loaded: LoadedScenario,
  options: PrepareOptions,
): Promise<PreparedScenario> {
  const { file, scenario } = loaded;
  let base = options.target;
  if (base === undefined) {
    if (scenario.target === undefined) {
      throw scenarioError(file, '$.target', 'is missing: set target in the file or pass --to 3000');
    }
    try {
      base = parseTarget(scenario.target, 'target');
    } catch (error) {
      throw scenarioError(file, '$.target', (error as Error).message);
    }
  }
  const build = async (step: TriggerStep): Promise<Action> => {
    const fail = (message: string) => scenarioError(file, `${step.at}.trigger`, message);
    const { trigger } = step;
    const sets = trigger.set.map(
      ([path, value]) => `${path}=${JSON.stringify(expandVars(value, scenario.vars, fail))}`,
    );
    const path = trigger.path === undefined ? '/' : String(expandVars(trigger.path, scenario.vars, fail));
    const target = new URL(joinTargetPath(base, path.startsWith('/') ? path : `/${path}`), base.origin);
    try {
      const built = await buildTrigger({
        provider: trigger.provider,
        event: trigger.event,
        secret: trigger.secret,
        sets,
        data: loaded.data.get(step.at),
        target,
        context: options.context,
        env: options.env,
      });
      return { kind: 'deliver', step, built };
    } catch (error) {
      if (error instanceof HookctlError) throw fail(error.message);
      throw error;
    }
  };
  const actions: Action[] = [];
  for (const step of scenario.steps) {
    if (step.kind === 'wait') actions.push({ kind: 'wait', ms: step.ms });
    else if (step.kind === 'trigger') actions.push(await build(step));
    else {
      const steps = step.kind === 'shuffle' ? shuffled(step.steps, options.random) : step.steps;
      for (const child of steps) actions.push(await build(child));
    }
  }
  return { file, name: scenario.name, actions };
}

export interface RunWorld {
  send(request: OutboundRequest): Promise<Delivery>;
  sleep(ms: number): Promise<void>;
  context: ProviderContext;
  /** Called as a delivery leaves, so a terminal can show what is under way. */
  onStart?(step: string, delivery: number, deliveries: number): void;
  onResult(result: StepResult): void;
}

/** Sends every action in order; each delivery is signed right before it leaves (Stripe's 5-minute window). */
export async function runScenario(prepared: PreparedScenario, world: RunWorld): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const action of prepared.actions) {
    if (action.kind === 'wait') {
      await world.sleep(action.ms);
      continue;
    }
    const { step, built } = action;
    for (let delivery = 1; delivery <= step.repeat; delivery++) {
      world.onStart?.(step.name, delivery, step.repeat);
      const request = resign(built, world.context);
      const answer = await world.send(request);
      const expect = delivery === 1 ? step.expect : step.expectRepeat;
      const failures = judge(answer, expect);
      const result: StepResult = {
        file: prepared.file,
        scenario: prepared.name,
        step: step.name,
        delivery,
        deliveries: step.repeat,
        provider: built.provider.name,
        event: built.event,
        url: answer.url,
        status: answer.status,
        durationMs: answer.durationMs,
        ok: failures.length === 0,
        failures,
        body: answer.body.subarray(0, 500).toString('utf8'),
      };
      if (answer.error !== undefined) result.error = answer.error;
      results.push(result);
      world.onResult(result);
    }
  }
  return results;
}

/** The same body (and event id), a fresh signature: `provider.sign` replaces its own headers. */
export function resign(built: BuiltTrigger, context: ProviderContext): OutboundRequest {
  return { ...built.request, headers: signAgain(built, built.request.headers, context) };
}

/** Every expectation that the answer misses, said as "expected …, got …". */
export function judge(answer: Delivery, expect: Expectation): string[] {
  const failures: string[] = [];
  const { status } = expect;
  const wanted = status.kind === 'class' ? `${status.digit}xx` : String(status.code);
  if (answer.status === null) {
    failures.push(`expected status ${wanted}, got no answer (${answer.error ?? 'no response'})`);
    return failures;
  }
  const matches =
    status.kind === 'class'
      ? Math.floor(answer.status / 100) === status.digit
      : answer.status === status.code;
  if (!matches) failures.push(`expected status ${wanted}, got ${answer.status}`);
  if (expect.bodyContains !== undefined && !answer.body.toString('utf8').includes(expect.bodyContains)) {
    const body = answer.body.subarray(0, 200).toString('utf8').trim();
    failures.push(
      `expected the body to contain ${JSON.stringify(expect.bodyContains)}, got ${JSON.stringify(body)}`,
    );
  }
  if (expect.within !== undefined && answer.durationMs > expect.within) {
    failures.push(`expected an answer within ${expect.within}ms, took ${answer.durationMs}ms`);
  }
  return failures;
}

/** Fisher–Yates with the given randomness (seeded by `--seed`, so a failing order can be run again). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** mulberry32: a tiny seeded PRNG, plenty for ordering a handful of steps reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
