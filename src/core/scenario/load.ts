import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { usageError } from '../../lib/errors.ts';
import { type Scenario, scenarioError, type VarValue, validateScenario } from './validate.ts';

export interface LoadedScenario {
  /** As given on the command line: named in errors and reports. */
  file: string;
  scenario: Scenario;
  /** `data` files of the trigger steps, read, vars expanded and parsed, by step location (`$.steps[0]`). */
  data: Map<string, Record<string, unknown>>;
}

/** Reads, parses (YAML or JSON) and validates one scenario file, with its data files. Exit 2 on any problem. */
export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`cannot read scenario ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const document = await parseDocument(text, file);
  const scenario = validateScenario(document, file, basename(file, extname(file)));
  const data = new Map<string, Record<string, unknown>>();
  for (const step of triggerSteps(scenario)) {
    if (step.trigger.data === undefined) continue;
    const at = `${step.at}.trigger.data`;
    const path = resolve(dirname(file), step.trigger.data);
    let raw: string;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      throw scenarioError(file, at, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw scenarioError(file, at, `${path} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw scenarioError(file, at, `${path} must hold a JSON object`);
    }
    data.set(
      step.at,
      expandVars(value, scenario.vars, (message) => scenarioError(file, at, message)) as Record<
        string,
        unknown
      >,
    );
  }
  return { file, scenario, data };
}

async function parseDocument(text: string, file: string): Promise<unknown> {
  if (extname(file).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw usageError(`${file}: $ is not valid JSON: ${(error as Error).message}`, 'ESCENARIO');
    }
  }
  // YAML is a superset of JSON: .yaml, .yml and anything else go through the YAML parser.
  const { parseDocument: parseYaml } = await import('yaml');
  const document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  const [problem] = document.errors;
  if (problem !== undefined) {
    const where = problem.linePos?.[0];
    const line = where === undefined ? '' : ` at line ${where.line}, column ${where.col}`;
    throw usageError(
      `${file}: $ is not valid YAML${line}: ${problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
      'ESCENARIO',
    );
  }
  return document.toJS();
}

export function triggerSteps(scenario: Scenario) {
  return scenario.steps.flatMap((step) =>
    step.kind === 'trigger' ? [step] : step.kind === 'wait' ? [] : step.steps,
  );
}

/**
 * Replaces `{{name}}` in every string of `value`. A string that is exactly `{{name}}` takes the variable's
 * own type (`{{pr}}` → 42), so numbers stay numbers.
 */
export function expandVars(
  value: unknown,
  vars: Record<string, VarValue>,
  fail: (message: string) => Error,
): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([^{}\s]+)\s*\}\}$/.exec(value);
    if (whole) return lookup(whole[1] as string, vars, fail);
    return value.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_, name: string) => String(lookup(name, vars, fail)));
  }
  if (Array.isArray(value)) return value.map((item) => expandVars(item, vars, fail));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandVars(item, vars, fail)]),
    );
  }
  return value;
}

function lookup(name: string, vars: Record<string, VarValue>, fail: (message: string) => Error): VarValue {
  const value = vars[name];
  if (value === undefined) {
    const known = Object.keys(vars);
    throw fail(`uses {{${name}}}, which is not in vars${known.length > 0 ? ` (${known.join(', ')})` : ''}`);
  }
  return value;
}
