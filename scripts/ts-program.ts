// A TypeScript program over one in-memory source file that imports from node_modules as a file at `path`
// would: for checking generated data against an SDK's types (scripts/sw-synth.ts,
// test/helpers/sw-fixture-oracle.ts).
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

/** The program and the virtual file's source, `text` served as the file at the absolute `path`. */
export function virtualProgram(path: string, text: string): { program: ts.Program; source: ts.SourceFile } {
  const host = ts.createCompilerHost(CHECK_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) =>
    file === path ? ts.createSourceFile(file, text, version) : getSourceFile(file, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => file === path || fileExists(file);
  const program = ts.createProgram([path], CHECK_OPTIONS, host);
  return { program, source: program.getSourceFile(path) as ts.SourceFile };
}
