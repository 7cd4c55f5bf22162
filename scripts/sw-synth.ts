// Builds fixture payloads from an SDK's own TypeScript types, for the Standard Webhooks senders' generators
// (scripts/gen-{svix,resend,clerk,openai}-fixtures.ts). The TypeScript compiler API resolves each event's
// type (`Extract<Union, { type: E }>`); every required field is filled from the sender's rule table, and a
// string field without a rule stops the generator, so no value is ever made up from a field's name.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { virtualProgram } from './ts-program.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a rule is asked about: the event, the dotted path (`data.email_addresses[0].id`) and the key. */
export interface At {
  event: string;
  path: string;
  key: string;
  optional: boolean;
}

/** A rule's answer for an array (one element, synthesized) or a nullable object (built, not null). */
export const ONE = Symbol('one synthesized element');

/** A rule: the value at `at`, `ONE` for a one-element array, or undefined (no rule: by type, or left out if optional). */
export type Rule = (at: At) => Json | typeof ONE | undefined;

export interface Synth {
  /** `import type … from '…';` lines the type expressions need. */
  imports: string;
  /** The type of one event's payload, e.g. `Extract<WebhookEventPayload, { type: 'email.sent' }>`. */
  typeOf: (event: string) => string;
  rule: Rule;
  /** A number under a key that names a time, in the sender's unit. */
  time: (at: At) => number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VIRTUAL = `${ROOT}scripts/__synth__.ts`;

/** Every event's payload, in the order given. */
export function synthesize(synth: Synth, events: readonly string[]): Map<string, Json> {
  const text = `${synth.imports}\n${events.map((event, n) => `export type E${n} = ${synth.typeOf(event)};`).join('\n')}\n`;
  const { program, source } = virtualProgram(VIRTUAL, text);
  const problems = ts.getPreEmitDiagnostics(program, source);
  if (problems.length > 0) {
    const host = {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => '\n',
    };
    throw new Error(ts.formatDiagnostics(problems, host));
  }
  const checker = program.getTypeChecker();
  const out = new Map<string, Json>();
  const aliases = source.statements
    .filter(ts.isTypeAliasDeclaration)
    .filter((alias) => /^E\d+$/.test(alias.name.text));
  for (const [n, event] of events.entries()) {
    const alias = aliases[n] as ts.TypeAliasDeclaration;
    const type = checker.getTypeAtLocation(alias.name);
    if (type.flags & ts.TypeFlags.Never) throw new Error(`${event}: the SDK's types have no such event`);
    out.set(event, walk(checker, synth, type, { event, path: '', key: '', optional: false }, 0));
  }
  return out;
}

function walk(checker: ts.TypeChecker, synth: Synth, type: ts.Type, at: At, depth: number): Json {
  if (depth > 12) throw new Error(`${at.event}: ${at.path} nests too deep`);
  const ruled = at.path === '' ? undefined : synth.rule(at);
  if (ruled !== undefined && ruled !== ONE) return ruled;
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    // `ONE` on a nullable object: the object, built, instead of null.
    if (ruled === ONE && members.length === 1)
      return walk(checker, synth, members[0] as ts.Type, at, depth + 1);
    const nullable =
      members.length < type.types.length && type.types.some((t) => t.flags & ts.TypeFlags.Null);
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return nullable ? null : false;
    if (nullable) return null;
    const literals = members.filter((t): t is ts.StringLiteralType => t.isStringLiteral());
    if (literals.length === members.length)
      return pick(
        at,
        literals.map((t) => t.value),
      );
    return walk(checker, synth, members[0] as ts.Type, at, depth + 1);
  }
  if (type.isStringLiteral()) return type.value;
  if (type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
  if (type.flags & ts.TypeFlags.String) throw new Error(`${at.event}: no rule for the string at ${at.path}`);
  if (type.flags & ts.TypeFlags.Number) return /(_at|At|^timestamp|Since)$/.test(at.key) ? synth.time(at) : 0;
  if (type.flags & ts.TypeFlags.Boolean) return false;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))
    throw new Error(`${at.event}: no rule for ${at.path}`);
  if (checker.isArrayType(type)) {
    if (ruled !== ONE) return [];
    const element = checker.getTypeArguments(type as ts.TypeReference)[0] as ts.Type;
    return [walk(checker, synth, element, { ...at, path: `${at.path}[0]`, key: '' }, depth + 1)];
  }
  if (type.getSymbol()?.getName() === 'Date') {
    throw new Error(`${at.event}: no rule for the time at ${at.path}`);
  }
  const object: { [key: string]: Json } = {};
  for (const property of checker.getPropertiesOfType(type)) {
    const key = property.getName();
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const child: At = { event: at.event, path: at.path === '' ? key : `${at.path}.${key}`, key, optional };
    if (optional && synth.rule(child) === undefined) continue;
    object[key] = walk(checker, synth, checker.getTypeOfSymbol(property), child, depth + 1);
  }
  return object;
}

/** The literal the event's name implies (`subscriptionItem.pastDue` → `past_due`), else the first. */
function pick(at: At, values: readonly string[]): string {
  const squash = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');
  const verb = squash(at.event.split('.').at(-1) ?? '');
  const stem = (text: string) => text.replace(/(ed|d)$/, '');
  return (
    values.find((value) => squash(value) === verb) ??
    values.find((value) => stem(squash(value)) === stem(verb)) ??
    (values[0] as string)
  );
}

/** Writes `fixtures/<name>/`: one pretty JSON file an event and `index.json` with the descriptions. */
export async function writeCatalogue(
  name: string,
  payloads: ReadonlyMap<string, Json>,
  describe: (event: string) => string,
): Promise<void> {
  const dir = new URL(`../fixtures/${name}/`, import.meta.url);
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(dir)) if (file.endsWith('.json')) await rm(new URL(file, dir));
  const index = [...payloads.keys()]
    .sort()
    .map((event) => ({ event, description: describe(event), file: `${event}.json` }));
  for (const { event, file } of index) {
    await writeFile(new URL(file, dir), `${JSON.stringify(payloads.get(event), null, 2)}\n`);
  }
  await writeFile(new URL('index.json', dir), `${JSON.stringify(index, null, 2)}\n`);
}

/** The string literals of a union type alias in a declaration file (`type WebhookEvent = 'a' | 'b';`). */
export function literalsOf(text: string, alias: RegExp): string[] {
  const match = alias.exec(text);
  if (match?.[1] === undefined) throw new Error(`no declaration matching ${alias.source}`);
  return [...match[1].matchAll(/'([^']+)'/g)].map(([, value]) => value as string);
}

/** The same object with `keys` first, in that order (senders lay their envelopes out in a fixed order). */
export function ordered(value: Json, keys: readonly string[]): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: { [key: string]: Json } = {};
  for (const key of keys) if (key in value) out[key] = value[key] as Json;
  return Object.assign(out, value);
}
