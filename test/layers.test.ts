import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The house's rules, read from the source: layers only point down, and each capability folder of core/
// is entered through its index.ts. A new import that breaks a rule fails here, naming file and import.

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const UI_SHARED = fileURLToPath(new URL('../ui/shared/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every relative import of a file (static, dynamic and `export … from`), resolved to a path. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const specifier of specifiers(text)) {
    if (specifier.startsWith('.')) found.push(path.resolve(path.dirname(file), specifier));
  }
  return found;
}

/** The module specifiers of `import … from`, `export … from` and `import('…')`. */
function specifiers(text: string): string[] {
  const staticForm = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'/gm;
  const sideEffect = /^\s*import\s*'([^']+)'/gm;
  const dynamic = /\bimport\(\s*'([^']+)'\s*\)/g;
  return [staticForm, sideEffect, dynamic].flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => match[1] as string),
  );
}

const area = (file: string) => path.relative(SRC, file).split(path.sep)[0] as string;
const edges = sourceFiles(SRC).flatMap((file) => imports(file).map((target) => ({ file, target })));
const show = (found: Array<{ file: string; target: string }>) =>
  found.map(({ file, target }) => `${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`);

/** What each layer may import besides itself and node: modules. `ui/shared/` is pure and imports nothing. */
const ALLOWED: Record<string, readonly string[]> = {
  lib: [],
  http: ['lib'],
  providers: ['http', 'lib'],
  core: ['providers', 'http', 'lib'],
  tunnel: ['lib'],
  // The relay Worker verifies with the provider modules; its Node side (dev, deploy) imports nothing.
  relay: ['providers', 'http', 'lib'],
  output: ['core', 'providers', 'http', 'lib', 'tunnel'],
  ui: ['core', 'providers', 'http', 'lib', 'output'],
  commands: ['core', 'providers', 'http', 'lib', 'output', 'tunnel', 'ui', 'relay'],
};

describe('layers point down', () => {
  it('the scan sees the source', () => {
    assert.ok(edges.length > 100, `only ${edges.length} imports found under src/`);
  });

  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only ${allowed.length === 0 ? 'itself' : allowed.join(', ')} (and node:)`, () => {
      const wrong = edges.filter(({ file, target }) => {
        if (area(file) !== layer) return false;
        if (target.startsWith(UI_SHARED)) return false;
        if (!target.startsWith(SRC)) return true;
        return area(target) !== layer && !allowed.includes(area(target));
      });
      assert.deepEqual(show(wrong), []);
    });
  }

  it('outside a capability folder of core/, code imports its index.ts only', () => {
    const wrong = edges.filter(({ file, target }) => {
      const parts = path.relative(SRC, target).split(path.sep);
      if (parts[0] !== 'core' || parts.length < 3) return false;
      const folder = path.join(SRC, 'core', parts[1] as string);
      return !file.startsWith(folder + path.sep) && path.basename(target) !== 'index.ts';
    });
    assert.deepEqual(show(wrong), []);
  });

  it('providers/ and the bottom layers import no package but node:', () => {
    const wrong: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (!['providers', 'lib', 'http'].includes(area(file))) continue;
      for (const name of specifiers(readFileSync(file, 'utf8'))) {
        if (name.startsWith('.')) continue;
        // undici is the HTTP client behind src/http/client.ts, loaded on first send.
        if (!name.startsWith('node:') && !(area(file) === 'http' && name === 'undici')) {
          wrong.push(`${path.relative(SRC, file)} imports ${name}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
