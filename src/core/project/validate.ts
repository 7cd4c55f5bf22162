/**
 * The project file, `hookctl.yaml`: its model and a validator that follows schema/hookctl.schema.json by
 * hand (test/project-config.test.ts keeps the two in sync through PROJECT_KEYS), so each problem is one
 * line with the file, the line and the JSON path. Values come out in the form the flags take them.
 */
import { resolve } from 'node:path';
import { usageError } from '../../lib/errors.ts';
import {
  allowOnly,
  got,
  type JsonPath,
  type Kind,
  mapping,
  ROUTE_KEYS,
  type SettingValue,
  setting,
  text,
} from './values.ts';

export type { JsonPath, SettingValue } from './values.ts';

export interface Setting {
  value: SettingValue;
  /** 1-based line in the file, for `hookctl config`. */
  line: number;
  /** A list's items' own lines (`listen.routes`). */
  lines?: number[];
}

export interface ProjectConfig {
  /** Absolute path of the file. */
  file: string;
  /** The file as messages name it (`hookctl.yaml`, `../hookctl.yaml`, the `--config` as given). */
  name: string;
  /** By the key's path in the file: `listen.port`, `trigger.to`, `store`, `secrets.stripe`. */
  settings: Map<string, Setting>;
}

/** listen's keys: the flags' own words. */
const LISTEN: Record<string, Kind> = {
  forward: 'target',
  port: 'port',
  host: 'text',
  'ui-port': 'port',
  ui: 'bool',
  tunnel: 'bool',
  keep: 'count',
  'max-body': 'size',
  'forward-timeout': 'duration',
  verify: 'text',
  relay: 'relay',
  'relay-name': 'text',
  insecure: 'bool',
  ca: 'path',
  routes: 'routes',
};

/** Every property the schema names, per object: the validator handles exactly these. */
export const PROJECT_KEYS = {
  project: ['$schema', 'listen', 'secrets', 'trigger', 'run', 'store'],
  listen: Object.keys(LISTEN),
  trigger: ['to'],
  run: ['to'],
  route: ROUTE_KEYS,
} as const;

/** The line of the value at `path` (of its key, with `key`), for messages. */
export type Locate = (path: JsonPath, key?: boolean) => number;

/** `listen.routes[1].to`. */
export function formatPath(path: JsonPath): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** A problem in the project file: exit 2, one line `FILE:LINE: PATH problem`. */
export function projectError(name: string, line: number, message: string) {
  return usageError(`${name}:${line}: ${message}`, 'EPROJECT');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Validates the parsed document. `providers` are the names `secrets` may map (the built-in ones);
 * `locate` finds lines. An empty file is a project file with nothing in it.
 */
export function validateProject(
  document: unknown,
  where: { file: string; name: string; locate: Locate; providers: readonly string[] },
): ProjectConfig {
  const { name, locate, providers } = where;
  const settings = new Map<string, Setting>();
  const fail = (path: JsonPath, message: string, key = false) =>
    projectError(name, locate(path, key), path.length === 0 ? message : `${formatPath(path)} ${message}`);
  const put = (path: JsonPath, value: SettingValue) =>
    settings.set(formatPath(path), {
      value,
      line: locate(path),
      ...(Array.isArray(value) ? { lines: value.map((_, index) => locate([...path, index])) } : {}),
    });
  if (document === null || document === undefined) return { file: where.file, name, settings };
  const root = mapping(document, [], fail);
  allowOnly(root, PROJECT_KEYS.project, [], fail);
  if (root.$schema !== undefined && typeof root.$schema !== 'string')
    throw fail(['$schema'], 'must be a string');
  const base = resolve(where.file, '..');
  if (root.store !== undefined) put(['store'], resolve(base, text(root.store, ['store'], fail)));

  if (root.listen !== undefined) {
    const listen = mapping(root.listen, ['listen'], fail);
    allowOnly(listen, PROJECT_KEYS.listen, ['listen'], fail);
    for (const [key, value] of Object.entries(listen)) {
      const path = ['listen', key];
      put(path, setting(LISTEN[key] as Kind, value, path, base, fail));
    }
    if (listen['relay-name'] !== undefined && listen.relay === undefined) {
      throw fail(['listen', 'relay-name'], 'goes with listen.relay (the channel URL)');
    }
  }
  for (const command of ['trigger', 'run'] as const) {
    if (root[command] === undefined) continue;
    const section = mapping(root[command], [command], fail);
    allowOnly(section, PROJECT_KEYS[command], [command], fail);
    if (section.to !== undefined)
      put([command, 'to'], setting('target', section.to, [command, 'to'], base, fail));
  }
  if (root.secrets !== undefined) {
    const secrets = mapping(root.secrets, ['secrets'], fail);
    allowOnly(secrets, providers, ['secrets'], fail, 'is not a provider');
    for (const [provider, variable] of Object.entries(secrets)) {
      const path = ['secrets', provider];
      if (typeof variable !== 'string' || !ENV_NAME.test(variable)) {
        throw fail(
          path,
          `must name an environment variable, e.g. MY_${provider.toUpperCase().replace(/\W/g, '_')}_SECRET (got ${got(variable)})`,
        );
      }
      put(path, variable);
    }
  }
  return { file: where.file, name, settings };
}
