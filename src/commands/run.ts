import { randomInt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  loadScenarioFile,
  type PreparedScenario,
  prepareScenario,
  runScenario,
  type StepResult,
  seededRandom,
} from '../core/scenario/index.ts';
import { createSender } from '../http/client.ts';
import { parseTarget } from '../http/target.ts';
import { ExitCode, usageError } from '../lib/errors.ts';
import { parseDuration, parseInteger } from '../lib/units.ts';
import { deliveryMark, deliveryStatus } from '../output/delivery-view.ts';
import { formatDuration } from '../output/format.ts';
import { junitReport, testName } from '../output/junit.ts';
import type { Terminal } from '../output/terminal.ts';
import { optionalString, useProviderFiles } from './common.ts';
import { DEFAULTS } from './defaults.ts';
import { parseTlsFlags, senderTrust, type TlsFlags } from './tls-flags.ts';
import type { World } from './world.ts';

export interface RunOptions {
  files: string[];
  target: URL | undefined;
  /** `run.to` of hookctl.yaml: the target of scenarios that name none. */
  projectTarget: URL | undefined;
  seed: number;
  json: boolean;
  junit: string | undefined;
  timeoutMs: number;
  /** `--insecure` / `--ca FILE` for HTTPS targets. */
  tls: TlsFlags;
}

/** Flags in; `--seed` defaults to a random one that the summary prints, so a failing order can be rerun. */
export function parseRunOptions(
  args: string[],
  raw: Record<string, unknown>,
  pickSeed: () => number = () => randomInt(0, 2 ** 31),
): RunOptions {
  if (args.length === 0)
    throw usageError('run needs at least one scenario file, e.g. hookctl run checkout.yaml');
  const to = optionalString(raw.to);
  const seed = optionalString(raw.seed);
  const projectTo = optionalString(raw.projectTo);
  return {
    files: args,
    target: to === undefined ? undefined : parseTarget(to, '--to'),
    projectTarget: projectTo === undefined ? undefined : parseTarget(projectTo, 'run.to'),
    seed: seed === undefined ? pickSeed() : parseInteger(seed, '--seed', 0, 2 ** 32 - 1),
    json: raw.json === true,
    junit: optionalString(raw.junit),
    timeoutMs: parseDuration(optionalString(raw.timeout) ?? DEFAULTS.timeout, '--timeout'),
    tls: parseTlsFlags(raw),
  };
}

export async function run(args: string[], raw: Record<string, unknown>, world: World): Promise<number> {
  await useProviderFiles(world);
  const options = parseRunOptions(args, raw);
  // CI logs are not terminals: no colours there, whatever the runner claims.
  const terminal = world.terminal({ json: options.json || Boolean(world.env.CI) });
  const interactive = terminal.isTTY && !options.json && !world.env.CI;
  const context = { now: world.now, randomBytes: world.randomBytes };
  const random = seededRandom(options.seed);
  const trust = await senderTrust(options.tls);
  // Everything is read, validated and built before the first request: a typo is exit 2, not a half-run.
  const prepared: PreparedScenario[] = [];
  for (const file of options.files) {
    const loaded = await loadScenarioFile(file);
    const target =
      options.target ?? (loaded.scenario.target === undefined ? options.projectTarget : undefined);
    prepared.push(await prepareScenario(loaded, { target, env: world.env, context, random }));
  }

  const started = performance.now();
  const sender = await createSender({ timeoutMs: options.timeoutMs, shortLived: true, ...trust });
  const suites: Array<{ file: string; name: string; results: StepResult[] }> = [];
  try {
    for (const scenario of prepared) {
      if (!options.json)
        terminal.out(terminal.color.bold(`● ${scenario.name}`) + terminal.color.dim(`  ${scenario.file}`));
      const results = await runScenario(scenario, {
        send: (request) => sender.send(request),
        sleep: (ms) => sleep(ms),
        context,
        onStart: (step, delivery, deliveries) => {
          // A person at a terminal sees what is under way (a 3 s Slack step); logs get finished lines only.
          if (interactive)
            world.stdout.write(
              terminal.color.dim(
                `  … ${deliveries > 1 ? `${step} (delivery ${delivery} of ${deliveries})` : step}`,
              ),
            );
        },
        onResult: (result) => {
          if (interactive) world.stdout.write('\r\x1b[2K');
          report(terminal, options.json, result);
        },
      });
      suites.push({ file: scenario.file, name: scenario.name, results });
    }
  } finally {
    await sender.close();
  }

  const all = suites.flatMap((suite) => suite.results);
  const failed = all.filter((result) => !result.ok).length;
  const summary = {
    kind: 'summary',
    scenarios: suites.length,
    steps: all.length,
    passed: all.length - failed,
    failed,
    seed: options.seed,
    durationMs: Math.round(performance.now() - started),
  };
  if (options.junit !== undefined) {
    try {
      await writeFile(options.junit, junitReport(suites));
    } catch (error) {
      throw usageError(
        `cannot write --junit ${options.junit}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  if (options.json) terminal.out(JSON.stringify(summary));
  else {
    const { color } = terminal;
    const verdict =
      failed === 0
        ? color.green(`✓ ${summary.passed} passed`)
        : `${color.red(`✗ ${failed} failed`)}, ${summary.passed} passed`;
    terminal.out(
      `${verdict} · ${summary.scenarios} scenario${summary.scenarios === 1 ? '' : 's'} · ${formatDuration(summary.durationMs)} · seed ${options.seed}` +
        (failed > 0 ? color.dim(` (rerun this order with --seed ${options.seed})`) : ''),
    );
    if (options.junit !== undefined) terminal.err(color.dim(`  JUnit report: ${options.junit}`));
  }
  return failed === 0 ? ExitCode.ok : ExitCode.failed;
}

function report(terminal: Terminal, json: boolean, result: StepResult): void {
  if (json) {
    terminal.out(JSON.stringify({ kind: 'step', ...result }));
    return;
  }
  const { color } = terminal;
  const mark = deliveryMark(color, result.ok);
  const status = deliveryStatus(color, result, '---');
  terminal.out(
    `  ${mark} ${testName(result).padEnd(40)} ${status} ${color.dim(formatDuration(result.durationMs).padStart(6))}`,
  );
  for (const failure of result.failures) terminal.out(color.red(`      ${failure}`));
}
