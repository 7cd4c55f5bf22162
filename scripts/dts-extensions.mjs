// After `tsc`, declaration files still name sibling modules with `.ts` (the sources' spelling; tsc rewrites
// only the JavaScript). A consumer's TypeScript resolves `.js`, which finds the `.d.ts`: rewrite them.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const dist = new URL('../dist/', import.meta.url);
for (const entry of await readdir(dist, { recursive: true })) {
  if (!entry.endsWith('.d.ts')) continue;
  const file = path.join(dist.pathname, entry);
  const text = await readFile(file, 'utf8');
  const fixed = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
  if (fixed !== text) await writeFile(file, fixed);
}
