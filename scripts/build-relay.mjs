// Bundles the relay Worker (src/relay/worker/worker.ts and the provider modules it verifies with) into one ES
// module, dist/relay/worker.bundle.js: what `hookctl relay dev` runs on Miniflare and `relay deploy`
// uploads. The fixture catalogue (files on disk) is left out: the Worker detects, verifies and answers
// challenges, it never builds events. node:* modules come from the runtime (`nodejs_compat`).
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);

const noCatalogue = {
  name: 'no-fixture-catalogue',
  setup(builder) {
    builder.onResolve({ filter: /\/catalog\.ts$/ }, () => ({ path: 'catalog', namespace: 'relay-stub' }));
    builder.onLoad({ filter: /.*/, namespace: 'relay-stub' }, () => ({
      contents:
        'const none = () => Promise.reject(new Error("the relay has no fixture catalogue"));\n' +
        'export const listFixtures = none;\nexport const readFixture = none;\n',
      loader: 'js',
    }));
  },
};

export async function bundleRelay({ write = true } = {}) {
  const result = await build({
    entryPoints: [new URL('src/relay/worker/worker.ts', root).pathname],
    outfile: new URL('dist/relay/worker.bundle.js', root).pathname,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2023',
    external: ['node:*'],
    plugins: [noCatalogue],
    legalComments: 'none',
    write,
    logLevel: 'warning',
  });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleRelay();
