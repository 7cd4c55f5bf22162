import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// In your project `hookctl` comes from node_modules; inside hookctl's own repository it is the build.
export default defineConfig({
  resolve: { alias: { hookctl: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) } },
  test: { include: ['*.test.mjs'], testTimeout: 30_000 },
});
