import { mergeFields, secretsInForce, type ValueInForce } from '../core/project/index.ts';
import { resolveStoreDir } from '../core/store/index.ts';
import { optionalString } from './common.ts';
import { FIELDS, loadProjectFile } from './project.ts';
import type { World } from './world.ts';

/** `hookctl config`: what listen, trigger and run would use here, and where each value comes from. */
export async function run(_args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  const json = raw.json === true;
  const terminal = world.terminal({ json });
  const project = await loadProjectFile(world, optionalString(raw.config));
  const call = { positional: [], opts: {}, source: () => undefined, env: world.env };
  // One command at a time: trigger.to and run.to fill the same option of two commands.
  const values: ValueInForce[] = [
    ...[FIELDS.listen, FIELDS.trigger, FIELDS.run, FIELDS.store].flatMap(
      (fields) => mergeFields(fields, call, project).values,
    ),
    ...secretsInForce(project, world.env).values,
  ].map((entry) =>
    entry.key === 'store' && entry.value === null
      ? {
          ...entry,
          value: resolveStoreDir({
            flag: undefined,
            env: world.env,
            platform: world.platform,
            home: world.home,
          }),
        }
      : entry,
  );
  if (json) {
    terminal.out(JSON.stringify({ file: project?.file ?? null, values }, null, 2));
    return 0;
  }
  const { color } = terminal;
  terminal.out(
    project === null
      ? color.dim(
          `No project file (hookctl.yaml in ${world.cwd} or a parent, or --config FILE): the defaults`,
        )
      : `Project file ${project.file}`,
  );
  const rows = values.flatMap(({ key, value, source, sources }) =>
    Array.isArray(value)
      ? value.length === 0
        ? [{ key, shown: '(none)', source }]
        : value.map((item, index) => ({
            key: `${key}[${index}]`,
            shown: item,
            source: sources?.[index] ?? source,
          }))
      : [{ key, shown: value === null ? '(none)' : String(value), source }],
  );
  const keyWidth = Math.max(...rows.map(({ key }) => key.length));
  const valueWidth = Math.min(48, Math.max(...rows.map(({ shown }) => shown.length)));
  for (const { key, shown, source } of rows) {
    const line = `${key.padEnd(keyWidth)}  ${shown.padEnd(valueWidth)}  `;
    terminal.out(`${line}${source === 'default' ? color.dim(source) : color.cyan(source)}`);
  }
  return 0;
}
