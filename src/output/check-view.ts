import type { CheckReport, CheckResult } from '../core/check/index.ts';
import { xml } from './junit.ts';
import type { Terminal } from './terminal.ts';

/** `hookctl check`'s report card: a line a check as it finishes, then the score. */
export interface CheckView {
  result(result: CheckResult): void;
  done(report: CheckReport): void;
}

export function createCheckView(terminal: Terminal, json: boolean): CheckView {
  if (json) {
    return { result: () => {}, done: (report) => terminal.out(JSON.stringify(report)) };
  }
  const { color } = terminal;
  return {
    result(result) {
      const mark = !result.required ? color.dim('·') : result.ok ? color.green('✓') : color.red('✗');
      const name = result.required ? result.name : `${result.name} (info)`;
      terminal.out(`${mark} ${name.padEnd(20)} ${result.message}`);
      if (!result.ok) {
        terminal.out(
          color.dim(`    sent: ${result.sent} · ${result.status ?? 'no answer'} in ${result.durationMs} ms`),
        );
        if (result.fix !== undefined) terminal.out(`    ${color.yellow('fix:')} ${result.fix}`);
      }
    },
    done(report) {
      const total = report.passed + report.failed;
      const score = `${report.passed}/${total} required checks passed`;
      terminal.out('');
      terminal.out(
        report.failed === 0
          ? color.green(`${score}: the handler at ${report.to} behaves as ${report.provider} deliveries need`)
          : color.red(`${score} (${report.event} to ${report.to})`),
      );
    },
  };
}

/** A JUnit report of a check run: one testcase a check, informational ones as passing cases. */
export function checkJunit(report: CheckReport): string {
  const required = report.checks.filter((check) => check.required);
  const suite = `hookctl check ${report.provider}`;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.checks.reduce((sum, check) => sum + check.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hookctl check" tests="${report.checks.length}" failures="${report.failed}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(suite)}" tests="${report.checks.length}" failures="${required.filter((c) => !c.ok).length}" errors="0" skipped="0" time="${seconds(total)}">`,
  ];
  for (const check of report.checks) {
    const attributes = `name="${xml(check.name)}" classname="${xml(suite)}" time="${seconds(check.durationMs)}"`;
    if (check.ok) {
      lines.push(`    <testcase ${attributes}/>`);
      continue;
    }
    const detail = `${check.sent} → ${check.status ?? 'no answer'} in ${check.durationMs} ms\n${check.message}${check.fix === undefined ? '' : `\nfix: ${check.fix}`}`;
    lines.push(
      `    <testcase ${attributes}>`,
      `      <failure message="${xml(check.message)}" type="check">${xml(detail, false)}</failure>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
