import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The library as its users meet it: the examples in examples/ under each test runner, and the package's
// type declarations compiled in a consumer project with `strict`. Both use the build (npm test builds).

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const LIMIT = { timeout: 120_000 };

async function passes(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  // A child `node --test` must not think it runs inside this test runner.
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd: ROOT,
      env: { ...inherited, ...env, NO_COLOR: '1' },
    });
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    assert.fail(
      `${path.basename(command)} ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    );
  }
}

describe('the library examples pass under each test runner', LIMIT, () => {
  it('node:test', async () => {
    const out = await passes(process.execPath, ['--test', 'examples/node-test/']);
    assert.match(out, /# pass 4/);
  });
  it('Vitest', async () => {
    const out = await passes(bin('vitest'), ['run', '--root', 'examples/vitest']);
    assert.match(out, /Tests\s+4 passed/);
  });
  it('Jest', async () => {
    const out = await passes(bin('jest'), ['--rootDir', 'examples/jest'], {
      NODE_OPTIONS: '--experimental-vm-modules',
    });
    assert.match(out, /Tests:\s+4 passed/);
  });
});

describe('the type declarations', LIMIT, () => {
  it('compile in a consumer project with strict, and catch a wrong call', async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hookctl-consumer-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, 'node_modules', '@types'), { recursive: true });
    await symlink(ROOT, path.join(dir, 'node_modules', 'hookctl'), 'dir');
    await symlink(
      path.join(ROOT, 'node_modules', '@types', 'node'),
      path.join(dir, 'node_modules', '@types', 'node'),
      'dir',
    );
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', type: 'module', private: true }),
    );
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    await writeFile(
      path.join(dir, 'use.ts'),
      `import { buildEvent, check, providers, receive, signatureHeaders, signedRequest, trigger, verify, type CheckReport, type SignedRequest } from 'hookctl';
const names: readonly string[] = providers;
const request: SignedRequest = await signedRequest('stripe', 'invoice.paid', { to: 'http://localhost:3000', set: { 'data.object.amount_paid': 1 } });
const headers: Array<[string, string]> = signatureHeaders('github', request.body, { secret: 's' });
const verdict = verify('github', { headers, body: request.body }, { secret: 's' });
if (!verdict.valid) console.log(verdict.reason, verdict.message);
const payload: Record<string, unknown> = await buildEvent('slack', 'app_mention');
const summary = await trigger('stripe', 'invoice.paid', { to: 'http://localhost:3000', repeat: 2 });
const statuses: Array<number | null> = summary.attempts.map((attempt) => attempt.status);
const hooks = await receive();
const capture = await hooks.next({ provider: 'stripe' }, { timeoutMs: 10 });
const body: Buffer = capture.body;
await hooks.close();
const report: CheckReport = await check('stripe', { to: 'http://localhost:3000', only: ['valid'] });
console.log(names, payload, statuses, body, report.failed);
`,
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', dir]).catch((error: { stdout?: string }) =>
      assert.fail(`the consumer does not compile:\n${error.stdout ?? ''}`),
    );
    await writeFile(
      path.join(dir, 'wrong.ts'),
      `import { trigger } from 'hookctl';\nawait trigger('stripe', 'invoice.paid', { repeat: 2 });\n`,
    );
    const wrong = await run(process.execPath, [tsc, '-p', dir]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    assert.match(wrong, /wrong\.ts.*Property 'to' is missing/s, 'a call without `to` is a type error');
  });
});
