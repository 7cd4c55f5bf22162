import { STATUS_CODES } from 'node:http';
import type { ChalkInstance } from 'chalk';
import type { Capture, ForwardResult } from '../core/types.ts';
import { type HeaderPair, headerValue } from '../http/headers.ts';
import { renderBody, trimIncompleteUtf8 } from './body.ts';
import {
  displayWidth,
  formatDuration,
  formatLocalDateTime,
  formatSize,
  padEnd,
  printable,
} from './format.ts';
import { formatSignature, type RequestLineOptions, statusColor } from './request-line.ts';

export interface CaptureViewOptions extends Pick<RequestLineOptions, 'chalk' | 'columns'> {
  /** Passed to `renderBody`: how much of a binary body the hex dump shows. */
  maxBytes?: number;
}

/** Past this, one unusually long header name would push every value far to the right. */
const HEADER_NAME_MAX_WIDTH = 28;
const RULE_MAX_WIDTH = 80;

/**
 * Headers exactly as captured: original case, arrival order, duplicates on their own lines. Names are dim and
 * the values aligned; values are not wrapped, so a copied signature stays one piece.
 */
export function renderHeaders(headers: readonly HeaderPair[], chalk: ChalkInstance): string[] {
  const names = headers.map(([name]) => `${printable(name)}:`);
  const width = Math.min(HEADER_NAME_MAX_WIDTH, Math.max(0, ...names.map(displayWidth)));
  return headers.map(([, value], i) => `${padEnd(chalk.dim(names[i] ?? ''), width)} ${printable(value)}`);
}

/** Joins segments with two spaces, starting a new line instead of running past `columns`. */
function wrapSegments(segments: readonly string[], columns: number): string {
  const lines: string[] = [];
  let current = '';
  for (const segment of segments) {
    if (current === '') current = segment;
    else if (displayWidth(current) + 2 + displayWidth(segment) <= columns) current += `  ${segment}`;
    else {
      lines.push(current);
      current = segment;
    }
  }
  lines.push(current);
  return lines.join('\n');
}

function sectionRule(title: string, columns: number, chalk: ChalkInstance): string {
  const width = Math.min(columns, RULE_MAX_WIDTH);
  return `${chalk.dim('──')} ${chalk.bold(title)} ${chalk.dim('─'.repeat(Math.max(0, width - title.length - 4)))}`;
}

function requestLine(capture: Capture, chalk: ChalkInstance): string {
  const version = capture.httpVersion.startsWith('HTTP/')
    ? capture.httpVersion
    : `HTTP/${capture.httpVersion}`;
  return `${chalk.bold(printable(capture.method))} ${printable(capture.path)} ${chalk.dim(printable(version))}`;
}

/** `hookctl show <id>`: everything about one capture, from the title to the forward's response body. */
export function renderCapture(capture: Capture, opts: CaptureViewOptions): string {
  const { chalk, columns } = opts;
  const source =
    capture.provider === null
      ? chalk.dim('unknown provider')
      : `${chalk.blue(printable(capture.provider))}${capture.event === null ? '' : ` ${printable(capture.event)}`}`;
  const title = wrapSegments(
    [
      chalk.bold(printable(capture.id)),
      `${capture.receivedAt} ${chalk.dim(`(${formatLocalDateTime(capture.receivedAt)} local)`)}`,
      source,
      formatSignature(capture.signature, chalk),
    ],
    columns,
  );
  const from = capture.remoteAddress === null ? '' : ` from ${printable(capture.remoteAddress)}`;
  const signatureError =
    capture.signatureError === undefined
      ? []
      : [chalk.red(`✗ signature: ${printable(capture.signatureError)}`)];
  return [
    title,
    chalk.dim(`${formatSize(capture.size)}${from}`),
    ...signatureError,
    '',
    requestLine(capture, chalk),
    ...renderHeaders(capture.headers, chalk),
    '',
    renderBody(capture.body, headerValue(capture.headers, 'content-type'), opts),
    '',
    sectionRule('Forward', columns, chalk),
    ...renderForward(capture, opts),
  ].join('\n');
}

function renderForward(capture: Capture, opts: CaptureViewOptions): string[] {
  const { chalk } = opts;
  const forward = capture.forward;
  if (forward === null) {
    return [
      capture.forwardTo === null
        ? chalk.dim('not forwarded (captured only)')
        : chalk.dim(
            `no result recorded for ${printable(capture.forwardTo)} (still under way or interrupted)`,
          ),
    ];
  }
  const field = (name: string, value: string): string => `${padEnd(chalk.dim(name), 9)} ${value}`;
  const lines = [
    ...(capture.route === undefined ? [] : [field('Route', printable(capture.route ?? 'none matched'))]),
    field(forward.canned === true ? 'Answered' : 'URL', printable(forward.url)),
    field('Status', formatStatus(forward, chalk)),
    field('Duration', formatDuration(forward.durationMs)),
  ];
  if (forward.error !== undefined) lines.push(field('Error', chalk.red(printable(forward.error))));
  if (forward.headers !== undefined && forward.headers.length > 0) {
    lines.push('', ...renderHeaders(forward.headers, chalk));
  }
  if (forward.body !== undefined) {
    // A cap can cut a multi-byte character in two; without trimming it the whole body would show as hex.
    const body = forward.bodyTruncated ? trimIncompleteUtf8(forward.body) : forward.body;
    lines.push('', renderBody(body, headerValue(forward.headers ?? [], 'content-type'), opts));
    if (forward.bodyTruncated) {
      lines.push(
        chalk.dim(`… response truncated: only the first ${formatSize(forward.body.length)} were kept`),
      );
    }
  }
  // A fan-out route's other targets: the same bytes went to each; the sender got the answer above.
  for (const other of forward.also ?? []) {
    const error = other.error === undefined ? '' : ` ${chalk.red(printable(other.error))}`;
    lines.push(
      '',
      field(
        'Also',
        `${printable(other.url)} → ${formatStatus(other, chalk)} ${formatDuration(other.durationMs)}${error}`,
      ),
    );
  }
  return lines;
}

function formatStatus(forward: ForwardResult, chalk: ChalkInstance): string {
  if (forward.status === null) return chalk.red('✗ no response');
  const reason = STATUS_CODES[forward.status];
  const text = reason === undefined ? String(forward.status) : `${forward.status} ${reason}`;
  return statusColor(chalk, forward.status)(text);
}

/**
 * `listen --verbose`: the headers and body of a request, indented under its one-line summary so a stream of
 * requests still reads as a list.
 */
export function renderVerbose(capture: Capture, opts: CaptureViewOptions): string {
  const { chalk } = opts;
  const body = renderBody(capture.body, headerValue(capture.headers, 'content-type'), opts);
  const gutter = `  ${chalk.dim('│')}`;
  return [...renderHeaders(capture.headers, chalk), '', body]
    .join('\n')
    .split('\n')
    .map((line) => (line === '' ? gutter : `${gutter} ${line}`))
    .join('\n');
}
