import { manifestEntry } from '../../providers/manifest.ts';
import type { ProjectConfig, SettingValue } from './validate.ts';

/**
 * How the project file and the command line combine, as a pure function: a flag beats an environment
 * variable, which beats the file, which beats the built-in default. The result is what the command
 * runs with, plus each value and where it came from (for `hookctl config`).
 */

/** Where commander says an option's value came from (`command.getOptionValueSource`). */
export type OptionSource = 'cli' | 'env' | 'default' | 'config' | 'implied';

/** One key of the file and the command option it fills. */
export interface Field {
  /** The key's path in the file: `listen.ui-port`. */
  key: string;
  /** commander's option key (`uiPort`), or `[forward]` for listen's positional argument. */
  option: string;
  /** What the command uses without flag, variable or file; null for "none". */
  fallback: SettingValue | null;
  /** The environment variable that stands in for the flag, when there is one. */
  env?: string;
}

export const FORWARD = '[forward]';

const field = (key: string, option: string, fallback: SettingValue | null, env?: string): Field =>
  env === undefined ? { key, option, fallback } : { key, option, fallback, env };

/** The defaults are the flags' own (commands/defaults.ts), given here so this module stays pure. */
export function projectFields(defaults: {
  port: string;
  host: string;
  uiPort: string;
  keep: string;
  maxBody: string;
  forwardTimeout: string;
}): Record<'listen' | 'trigger' | 'run' | 'store', Field[]> {
  return {
    listen: [
      field('listen.forward', FORWARD, null),
      field('listen.port', 'port', defaults.port),
      field('listen.host', 'host', defaults.host),
      field('listen.ui-port', 'uiPort', defaults.uiPort),
      field('listen.ui', 'ui', true),
      field('listen.tunnel', 'tunnel', true),
      field('listen.keep', 'keep', defaults.keep),
      field('listen.max-body', 'maxBody', defaults.maxBody),
      field('listen.forward-timeout', 'forwardTimeout', defaults.forwardTimeout),
      field('listen.verify', 'verify', null),
      field('listen.relay', 'relay', null),
      field('listen.relay-name', 'relayName', null),
      field('listen.insecure', 'insecure', false),
      field('listen.ca', 'ca', null),
      field('listen.routes', 'route', []),
    ],
    trigger: [field('trigger.to', 'to', null, 'HOOKCTL_TRIGGER_TO')],
    // For the scenarios that name no target of their own; `--to` still replaces every one's.
    run: [field('run.to', 'projectTo', null)],
    store: [field('store', 'store', null, 'HOOKCTL_STORE')],
  };
}

export interface Invocation {
  positional: string[];
  /** commander's `this.opts()`. */
  opts: Record<string, unknown>;
  /** commander's `getOptionValueSource`. */
  source: (option: string) => OptionSource | undefined;
  env: NodeJS.ProcessEnv;
}

export interface ValueInForce {
  key: string;
  value: SettingValue | null;
  /** `flag`, `env HOOKCTL_STORE`, `file hookctl.yaml:12` or `default`. */
  source: string;
  /** For a list from the file: each item's own source (`file hookctl.yaml:14`). */
  sources?: string[];
}

export interface Merged {
  positional: string[];
  opts: Record<string, unknown>;
  /** The environment with each `secrets` mapping made effective (a copy when one applies). */
  env: NodeJS.ProcessEnv;
  values: ValueInForce[];
}

/**
 * Fills `fields` of the invocation from the project file where no flag or environment variable gave
 * them, and makes its `secrets` effective (see `secretsInForce`). Repeated flags (`--route`) replace the
 * file's list rather than add to it, so the order of the rules is always one source's.
 */
export function mergeProject(
  fields: readonly Field[],
  call: Invocation,
  project: ProjectConfig | null,
): Merged {
  const merged = mergeFields(fields, call, project);
  const secrets = secretsInForce(project, call.env);
  return { ...merged, env: secrets.env, values: [...merged.values, ...secrets.values] };
}

/** The fields alone: flag, else environment variable, else file, else default. */
export function mergeFields(
  fields: readonly Field[],
  call: Invocation,
  project: ProjectConfig | null,
): Omit<Merged, 'env'> {
  const positional = [...call.positional];
  const opts = { ...call.opts };
  const values: ValueInForce[] = [];
  for (const { key, option, fallback, env } of fields) {
    const inFile = project?.settings.get(key);
    const where = (line: number) => `file ${project?.name}:${line}`;
    const fromFile =
      inFile === undefined
        ? undefined
        : {
            value: inFile.value,
            source: where(inFile.line),
            ...(inFile.lines === undefined ? {} : { sources: inFile.lines.map(where) }),
          };
    if (option === FORWARD) {
      if (positional[0] !== undefined) values.push({ key, value: positional[0], source: 'flag' });
      else if (fromFile !== undefined) {
        positional[0] = String(fromFile.value);
        values.push({ key, ...fromFile });
      } else values.push({ key, value: fallback, source: 'default' });
      continue;
    }
    const source = call.source(option);
    if (source === 'cli') {
      values.push({ key, value: opts[option] as SettingValue, source: 'flag' });
    } else if (env !== undefined && present(call.env[env])) {
      values.push({ key, value: call.env[env] as string, source: `env ${env}` });
    } else if (source === 'env') {
      values.push({ key, value: opts[option] as SettingValue, source: 'env' });
    } else if (fromFile !== undefined) {
      opts[option] = fromFile.value;
      values.push({ key, ...fromFile });
    } else {
      values.push({ key, value: (opts[option] as SettingValue | undefined) ?? fallback, source: 'default' });
    }
  }
  return { positional, opts, values };
}

/**
 * `secrets` map a provider to the variable that holds its secret: that variable's value is copied into
 * the provider's usual one (`STRIPE_WEBHOOK_SECRET`) unless that is set, so every command and provider
 * reads it as before. Values shown are variable names, never secrets.
 */
export function secretsInForce(
  project: ProjectConfig | null,
  env: NodeJS.ProcessEnv,
): { env: NodeJS.ProcessEnv; values: ValueInForce[] } {
  let result = env;
  const values: ValueInForce[] = [];
  for (const [key, { value, line }] of project?.settings ?? []) {
    if (!key.startsWith('secrets.')) continue;
    const usual = manifestEntry(key.slice('secrets.'.length)).secretEnv;
    if (present(env[usual])) {
      values.push({ key, value: usual, source: `env ${usual}` });
      continue;
    }
    values.push({ key, value, source: `file ${project?.name}:${line}` });
    const secret = env[value as string];
    if (present(secret)) result = { ...result, [usual]: secret };
  }
  return { env: result, values };
}

function present(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
