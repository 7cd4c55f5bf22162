// A TypeScript program over one in-memory source file that imports from node_modules as a file at `path`
// would: for checking generated data against an SDK's types (scripts/sw-synth.ts, scripts/lib/synthesize.ts,
// test/helpers/{sw-fixture-oracle,type-oracle,stripe-oracle}.ts). One set of options for all of them.
import ts from 'typescript';

export const CHECK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
};

/**
 * A change to an SDK's declarations for the check: the file's path suffix, what to find (it must be
 * there, so an SDK update that removes it fails loudly) and what to put instead.
 */
export type DeclarationPatch = readonly [suffix: string, find: RegExp, replace: string];

/**
 * The program and the virtual file's source, `text` served as the file at the absolute `path`, with
 * `patches` applied to the declaration files they name.
 */
export function virtualProgram(
  path: string,
  text: string,
  patches: readonly DeclarationPatch[] = [],
): { program: ts.Program; source: ts.SourceFile } {
  const host = ts.createCompilerHost(CHECK_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) => {
    if (file === path) return ts.createSourceFile(file, text, version);
    const patch = patches.find(([suffix]) => file.endsWith(suffix));
    if (patch === undefined) return getSourceFile(file, version, ...rest);
    const declarations = host.readFile(file) ?? '';
    if (!patch[1].test(declarations)) throw new Error(`${patch[0]} no longer declares ${patch[1].source}`);
    return ts.createSourceFile(file, declarations.replace(patch[1], patch[2]), version);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === path || fileExists(file);
  const program = ts.createProgram([path], CHECK_OPTIONS, host);
  return { program, source: program.getSourceFile(path) as ts.SourceFile };
}
