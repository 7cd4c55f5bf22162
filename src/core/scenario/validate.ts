import { usageError } from '../../lib/errors.ts';

/**
 * Scenario files for `hookctl run`: the model and its validator. The validator follows
 * schema/scenario.schema.json by hand (a test keeps the two in sync through SCENARIO_KEYS), so every
 * problem is reported as one line with the JSON path of the offending value.
 */

export type VarValue = string | number | boolean;

/** `2xx` (a class) or an exact code. */
export type StatusExpectation = { kind: 'class'; digit: number } | { kind: 'exact'; code: number };

export interface Expectation {
  status: StatusExpectation;
  bodyContains?: string;
  within?: number;
}

export interface TriggerSpec {
  provider: string;
  event: string;
  /** Dotted path → value, in file order. */
  set: Array<[string, unknown]>;
  data?: string;
  path?: string;
  secret?: string;
}

export interface TriggerStep {
  kind: 'trigger';
  name: string;
  /** Where the step sits in the file, e.g. `$.steps[2]`: named in errors. */
  at: string;
  trigger: TriggerSpec;
  repeat: number;
  expect: Expectation;
  /** For the 2nd and later deliveries of a repeat. */
  expectRepeat: Expectation;
}

export type Step =
  | TriggerStep
  | { kind: 'wait'; at: string; ms: number }
  | { kind: 'shuffle'; at: string; steps: TriggerStep[] }
  | { kind: 'order'; at: string; steps: TriggerStep[] };

export interface Scenario {
  name: string;
  target?: string;
  vars: Record<string, VarValue>;
  steps: Step[];
}

/** Every property the schema names, per definition: the validator handles exactly these. */
export const SCENARIO_KEYS = {
  scenario: ['$schema', 'name', 'target', 'vars', 'steps'],
  triggerStep: ['name', 'trigger', 'repeat', 'expect', 'expectRepeat'],
  trigger: ['provider', 'event', 'set', 'data', 'path', 'secret'],
  waitStep: ['wait'],
  shuffleStep: ['shuffle'],
  orderStep: ['order', 'steps'],
  expect: ['status', 'bodyContains', 'within'],
} as const;

const DEFAULT_EXPECT: Expectation = { status: { kind: 'class', digit: 2 } };
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A problem in a scenario file: exit 2, one line naming the file and the JSON path. */
export function scenarioError(file: string, at: string, message: string) {
  return usageError(`${file}: ${at} ${message}`, 'ESCENARIO');
}

/** Validates a parsed scenario document (YAML or JSON) and returns the typed model. */
export function validateScenario(document: unknown, file: string, defaultName: string): Scenario {
  const fail = (at: string, message: string) => scenarioError(file, at, message);
  const root = object(document, '$', fail);
  allowOnly(root, SCENARIO_KEYS.scenario, '$', fail);
  const name = optional(root, 'name', '$', 'string', fail) ?? defaultName;
  // `target: 3000` is a port: YAML reads it as a number.
  if (typeof root.target === 'number') root.target = String(root.target);
  const target = optional(root, 'target', '$', 'string', fail);
  optional(root, '$schema', '$', 'string', fail);
  const vars: Record<string, VarValue> = {};
  if (root.vars !== undefined) {
    for (const [key, value] of Object.entries(object(root.vars, '$.vars', fail))) {
      const at = `$.vars.${key}`;
      if (!VAR_NAME.test(key)) throw fail(at, 'is not a valid variable name (letters, digits, _ . -)');
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw fail(at, 'must be a string, number or boolean');
      }
      vars[key] = value as VarValue;
    }
  }
  const steps = array(root.steps, '$.steps', fail).map((step, index) =>
    parseStep(step, `$.steps[${index}]`, fail),
  );
  return { name, ...(target === undefined ? {} : { target }), vars, steps };
}

type Fail = (at: string, message: string) => Error;

function parseStep(value: unknown, at: string, fail: Fail): Step {
  const step = object(value, at, fail);
  if ('trigger' in step) return parseTriggerStep(step, at, fail);
  if ('wait' in step) {
    allowOnly(step, SCENARIO_KEYS.waitStep, at, fail);
    return { kind: 'wait', at, ms: duration(step.wait, `${at}.wait`, fail) };
  }
  if ('shuffle' in step) {
    allowOnly(step, SCENARIO_KEYS.shuffleStep, at, fail);
    const steps = array(step.shuffle, `${at}.shuffle`, fail).map((child, index) =>
      parseTriggerStep(object(child, `${at}.shuffle[${index}]`, fail), `${at}.shuffle[${index}]`, fail),
    );
    return { kind: 'shuffle', at, steps };
  }
  if ('order' in step) {
    allowOnly(step, SCENARIO_KEYS.orderStep, at, fail);
    const names = array(step.order, `${at}.order`, fail).map((name, index) => {
      if (typeof name !== 'string') throw fail(`${at}.order[${index}]`, 'must be a step name (a string)');
      return name;
    });
    const children = array(step.steps, `${at}.steps`, fail).map((child, index) =>
      parseTriggerStep(object(child, `${at}.steps[${index}]`, fail), `${at}.steps[${index}]`, fail),
    );
    const byName = new Map(children.map((child) => [child.name, child]));
    if (byName.size !== children.length) throw fail(`${at}.steps`, 'must have distinct step names');
    const ordered = names.map((name, index) => {
      const child = byName.get(name);
      if (child === undefined) {
        throw fail(
          `${at}.order[${index}]`,
          `names "${name}", which is not a step below (${[...byName.keys()].join(', ')})`,
        );
      }
      return child;
    });
    if (new Set(names).size !== names.length || ordered.length !== children.length) {
      throw fail(`${at}.order`, 'must name every step below exactly once');
    }
    return { kind: 'order', at, steps: ordered };
  }
  throw fail(at, 'must have one of trigger, wait, shuffle or order');
}

function parseTriggerStep(step: Record<string, unknown>, at: string, fail: Fail): TriggerStep {
  allowOnly(step, SCENARIO_KEYS.triggerStep, at, fail);
  const spec = object(step.trigger, `${at}.trigger`, fail);
  allowOnly(spec, SCENARIO_KEYS.trigger, `${at}.trigger`, fail);
  const provider = required(spec, 'provider', `${at}.trigger`, fail);
  const event = required(spec, 'event', `${at}.trigger`, fail);
  const set: Array<[string, unknown]> = [];
  if (spec.set !== undefined) {
    for (const [path, value] of Object.entries(object(spec.set, `${at}.trigger.set`, fail))) {
      if (path === '' || path.split('.').some((key) => key === '')) {
        throw fail(`${at}.trigger.set`, `has an empty key in the path "${path}"`);
      }
      set.push([path, value]);
    }
  }
  const trigger: TriggerSpec = { provider, event, set };
  for (const key of ['data', 'path', 'secret'] as const) {
    const text = optional(spec, key, `${at}.trigger`, 'string', fail);
    if (text !== undefined) trigger[key] = text;
  }
  const name = optional(step, 'name', at, 'string', fail) ?? event;
  if (name === '') throw fail(`${at}.name`, 'must not be empty');
  let repeat = 1;
  if (step.repeat !== undefined) {
    if (!Number.isInteger(step.repeat) || (step.repeat as number) < 1 || (step.repeat as number) > 100) {
      throw fail(`${at}.repeat`, 'must be a whole number from 1 to 100');
    }
    repeat = step.repeat as number;
  }
  const expect = parseExpect(step.expect, `${at}.expect`, DEFAULT_EXPECT, fail);
  const expectRepeat = parseExpect(step.expectRepeat, `${at}.expectRepeat`, expect, fail);
  return { kind: 'trigger', name, at, trigger, repeat, expect, expectRepeat };
}

function parseExpect(value: unknown, at: string, base: Expectation, fail: Fail): Expectation {
  if (value === undefined) return base;
  const expect = object(value, at, fail);
  allowOnly(expect, SCENARIO_KEYS.expect, at, fail);
  const result: Expectation = { ...base };
  if (expect.status !== undefined) result.status = parseStatus(expect.status, `${at}.status`, fail);
  const bodyContains = optional(expect, 'bodyContains', at, 'string', fail);
  if (bodyContains !== undefined) result.bodyContains = bodyContains;
  if (expect.within !== undefined) {
    if (!Number.isInteger(expect.within) || (expect.within as number) < 1) {
      throw fail(`${at}.within`, 'must be a whole number of milliseconds, 1 or more');
    }
    result.within = expect.within as number;
  }
  return result;
}

function parseStatus(value: unknown, at: string, fail: Fail): StatusExpectation {
  const text = String(value).trim().toLowerCase();
  if ((typeof value === 'number' || typeof value === 'string') && /^[1-5]xx$/.test(text)) {
    return { kind: 'class', digit: Number(text[0]) };
  }
  if ((typeof value === 'number' || typeof value === 'string') && /^[1-5]\d\d$/.test(text)) {
    return { kind: 'exact', code: Number(text) };
  }
  throw fail(at, `must be a status class like 2xx or a code like 200 (got ${JSON.stringify(value)})`);
}

function duration(value: unknown, at: string, fail: Fail): number {
  const match = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  const unit = DURATION_UNITS[match?.[2] ?? 's'];
  if (!match || unit === undefined)
    throw fail(at, `must be a duration such as 500ms or 2s (got ${JSON.stringify(value)})`);
  return Math.round(Number(match[1]) * unit);
}

function object(value: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(at, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string, fail: Fail): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw fail(at, 'must be a non-empty list');
  return value;
}

function allowOnly(value: Record<string, unknown>, keys: readonly string[], at: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw fail(`${at}.${key}`, `is not allowed here (allowed: ${keys.join(', ')})`);
  }
}

function optional(
  value: Record<string, unknown>,
  key: string,
  at: string,
  type: 'string',
  fail: Fail,
): string | undefined {
  if (value[key] === undefined) return undefined;
  if (typeof value[key] !== type) throw fail(`${at}.${key}`, `must be a ${type}`);
  return value[key] as string;
}

function required(value: Record<string, unknown>, key: string, at: string, fail: Fail): string {
  const text = optional(value, key, at, 'string', fail);
  if (text === undefined || text === '') throw fail(`${at}.${key}`, 'is required (a non-empty string)');
  return text;
}
