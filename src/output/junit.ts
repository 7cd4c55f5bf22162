import type { StepResult } from '../core/scenario/index.ts';

/**
 * A JUnit XML report, the format CI systems read (GitHub Actions reporters, GitLab, Jenkins): one
 * `<testsuite>` per scenario file, one `<testcase>` per delivery, a `<failure>` with the expectation and
 * the actual answer.
 */
export function junitReport(suites: Array<{ file: string; name: string; results: StepResult[] }>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const tests = suites.reduce((sum, suite) => sum + suite.results.length, 0);
  const failures = suites.reduce((sum, suite) => sum + suite.results.filter((r) => !r.ok).length, 0);
  const time = seconds(suites.flatMap((suite) => suite.results).reduce((sum, r) => sum + r.durationMs, 0));
  lines.push(`<testsuites name="hookctl run" tests="${tests}" failures="${failures}" time="${time}">`);
  for (const suite of suites) {
    const failed = suite.results.filter((result) => !result.ok).length;
    const suiteTime = seconds(suite.results.reduce((sum, result) => sum + result.durationMs, 0));
    lines.push(
      `  <testsuite name="${xml(suite.name)}" file="${xml(suite.file)}" tests="${suite.results.length}" failures="${failed}" errors="0" skipped="0" time="${suiteTime}">`,
    );
    for (const result of suite.results) {
      const attributes = `name="${xml(testName(result))}" classname="${xml(suite.name)}" time="${seconds(result.durationMs)}"`;
      if (result.ok) {
        lines.push(`    <testcase ${attributes}/>`);
        continue;
      }
      const answer =
        result.status === null
          ? `no answer: ${result.error ?? 'unknown error'}`
          : `answer: ${result.status} in ${result.durationMs}ms\n${result.body}`;
      lines.push(
        `    <testcase ${attributes}>`,
        `      <failure message="${xml(result.failures.join('; '))}" type="expectation">${xml(
          `${result.provider} ${result.event} → ${result.url}\n${result.failures.join('\n')}\n${answer}`,
          false,
        )}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** `invoice.paid`, or `invoice.paid (delivery 2 of 2)` for a repeated step. */
export function testName(result: StepResult): string {
  return result.deliveries > 1
    ? `${result.step} (delivery ${result.delivery} of ${result.deliveries})`
    : result.step;
}

/**
 * Escapes text for XML attributes (or, with `attribute` false, element content, where line breaks stay
 * readable); characters XML 1.0 cannot carry at all become U+FFFD.
 */
export function xml(text: string, attribute = true): string {
  const escaped = text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  return attribute
    ? escaped.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
    : escaped.replace(/\r/g, '&#13;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
