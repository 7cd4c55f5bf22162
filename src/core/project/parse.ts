import type { Node } from 'yaml';
import { type JsonPath, type ProjectConfig, projectError, validateProject } from './validate.ts';

/**
 * Parses and validates a project file's text. `file` is its absolute path (relative paths in it start at
 * its directory), `name` how messages name it. Any problem is exit 2, one line `NAME:LINE: problem`.
 */
export async function parseProject(
  text: string,
  file: string,
  name: string,
  providers: readonly string[],
): Promise<ProjectConfig> {
  // yaml loads only when there is a file to read.
  const { isMap, isScalar, LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [problem] = document.errors;
  if (problem !== undefined) {
    const line = problem.linePos?.[0].line ?? lineCounter.linePos(problem.pos[0]).line;
    const message = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw projectError(name, line, `not valid YAML: ${message}`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw projectError(name, 1, `not valid YAML: ${(error as Error).message}`);
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range === undefined || range === null ? undefined : lineCounter.linePos(range[0]).line;
  };
  /** The value's line (its key's, with `key`); for a missing value, the nearest enclosing one's. */
  const locate = (path: JsonPath, key = false): number => {
    for (let depth = path.length; depth > 0; depth--) {
      const at = path.slice(0, depth);
      if (key && depth === path.length) {
        const parent = depth === 1 ? document.contents : document.getIn(at.slice(0, -1), true);
        const last = String(at.at(-1));
        const pair = isMap(parent)
          ? parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last)
          : undefined;
        const line = lineOf(pair?.key);
        if (line !== undefined) return line;
      }
      const line = lineOf(document.getIn(at, true));
      if (line !== undefined) return line;
    }
    return lineOf(document.contents) ?? 1;
  };
  return validateProject(value, { file, name, locate, providers });
}
