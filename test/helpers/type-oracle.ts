// Type-checks JSON values against an SDK's declared types in memory, with the TypeScript compiler API:
// one program for all values, each `const` on its own line, so a diagnostic names the value it is about.
// `patches` rewrite a declaration the way a webhook differs from the SDK's API objects (Linear's
// `DateTime` scalar is a `Date` there and an ISO string on the wire).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type DeclarationPatch, virtualProgram } from '../../scripts/ts-program.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Checked {
  label: string;
  /** A type expression over what `imports` brings in. */
  type: string;
  /** A TypeScript initializer (usually JSON). */
  initializer: string;
}

export type Patch = DeclarationPatch;

/** The first diagnostic for each label whose value does not type-check; empty when all do. */
export function typeCheck(
  name: string,
  imports: string[],
  values: readonly Checked[],
  patches: readonly Patch[] = [],
): Record<string, string> {
  const virtual = `${ROOT}test/__${name}-oracle__.ts`;
  const lines = [...imports];
  const owners: string[] = imports.map(() => '');
  values.forEach((value, index) => {
    lines.push(`const v_${index}: ${value.type} = ${value.initializer.replace(/\n/g, ' ')};`);
    owners.push(value.label);
  });
  const text = `${lines.join('\n')}\nexport {};\n`;
  const { program, source } = virtualProgram(virtual, text, patches);
  const found: Record<string, string> = {};
  for (const diagnostic of [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ]) {
    const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const owner = owners[line] ?? '';
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').slice(-300);
    if (owner === '') throw new Error(`oracle source, line ${line}: ${message}`);
    found[owner] ??= message;
  }
  return found;
}

/** Strings equal to their own key, and the placeholder words fixtures must not carry. */
export function placeholders(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholders(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === '' ? key : `${path}.${key}`;
    const own =
      typeof item === 'string' && (item === key || /^(xxx+|string|example|todo|foo|bar|lorem.*)$/i.test(item))
        ? [`${at}: "${item}"`]
        : [];
    return [...own, ...placeholders(item, at)];
  });
}
