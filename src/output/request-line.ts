import type { ChalkInstance } from 'chalk';
import { ID_LENGTH } from '../core/store/index.ts';
import type { CaptureSummary, SignatureState } from '../core/types.ts';
import {
  clipAnsi,
  formatDuration,
  formatSize,
  formatTimeOfDay,
  padEnd,
  padStart,
  printable,
  sliceToWidth,
  truncate,
  truncateMiddle,
} from './format.ts';

export interface RequestLineOptions {
  chalk: ChalkInstance;
  /** Terminal width; the line is never wider. */
  columns: number;
  /** The forward is under way: show `→ …` instead of `captured`. */
  pending?: boolean;
  /**
   * Cells reserved for the id, so every row of a stream gets the same layout. Defaults to the row's id length;
   * pass the same value to `formatListHeader`. Below ~70 columns ids show as a 12-character prefix.
   */
  idWidth?: number;
}

/** As for a request line; `idWidth` defaults to the length of the store's ids. */
export type ListHeaderOptions = Pick<RequestLineOptions, 'chalk' | 'columns' | 'idWidth'>;

const TIME_WIDTH = 8;
const METHOD_WIDTH = 6;
const DURATION_WIDTH = 6;
const SIZE_WIDTH = 7;
const PROVIDER_WIDTH = 32;
const PROVIDER_MIN_WIDTH = 18;
const SIGNATURE_WIDTH = 11;
const FORWARD_WIDTH = 16;
const FORWARD_NARROW_WIDTH = 10;
const ID_MIN_WIDTH = 12;
/** The path is why people read this log; below this it is too cut to recognise. */
const PATH_MIN_WIDTH = 20;

/** Cell widths for one terminal width; 0 means the column is not shown. */
export interface RequestLineLayout {
  path: number;
  provider: number;
  signature: number;
  forward: number;
  size: number;
  id: number;
}

/**
 * Gives the path everything the other columns leave. When that is too little, columns give way in order of
 * how much a reader misses them: the signature becomes a single glyph, size goes, the provider shares its
 * room with the path and then goes, the forward status narrows, and last the id becomes a prefix.
 */
export function computeLayout(columns: number, idWidth: number): RequestLineLayout {
  const layout: RequestLineLayout = {
    path: 0,
    provider: PROVIDER_WIDTH,
    signature: SIGNATURE_WIDTH,
    forward: FORWARD_WIDTH,
    size: SIZE_WIDTH,
    id: Math.max(1, idWidth),
  };
  const concessions: Array<(l: RequestLineLayout) => void> = [
    (l) => {
      l.signature = 1;
    },
    (l) => {
      l.size = 0;
    },
    (l) => {
      l.provider = 0;
    },
    (l) => {
      l.forward = FORWARD_NARROW_WIDTH;
    },
    // Last: ids that share a millisecond differ only in their final characters, so a prefix may be ambiguous.
    (l) => {
      l.id = Math.min(l.id, ID_MIN_WIDTH);
    },
  ];
  for (let step = 0; ; step++) {
    const rest = columns - occupied(layout);
    if (step > 0 && layout.provider > 0) {
      // Once anything has given way, the event name comes first (`stripe payment_intent.succeeded` is the
      // line's subject), the path keeps at least its minimum and takes the rest.
      const shared = rest + layout.provider;
      const provider = Math.min(PROVIDER_WIDTH, Math.max(Math.floor(shared / 2), shared - PATH_MIN_WIDTH));
      if (provider >= PROVIDER_MIN_WIDTH && shared - provider >= PATH_MIN_WIDTH) {
        layout.provider = provider;
        layout.path = shared - provider;
        return layout;
      }
    } else if (rest >= PATH_MIN_WIDTH || step > concessions.length) {
      layout.path = Math.max(1, rest);
      return layout;
    }
    concessions[step]?.(layout);
  }
}

/** Cells taken by everything but the path, including one space between columns. */
function occupied(layout: RequestLineLayout): number {
  const widths = [
    TIME_WIDTH,
    METHOD_WIDTH,
    layout.provider,
    layout.signature,
    layout.forward,
    DURATION_WIDTH,
    layout.size,
    layout.id,
  ].filter((w) => w > 0);
  return widths.reduce((sum, w) => sum + w, 0) + widths.length;
}

type Style = (text: string) => string;

function left(text: string, width: number, style: Style): string {
  return padEnd(style(truncate(text, width)), width);
}

function right(text: string, width: number, style: Style): string {
  return padStart(style(truncate(text, width)), width);
}

/** One row of `hookctl listen` and `hookctl list`: aligned columns, never wider than `columns`. */
export function formatRequestLine(summary: CaptureSummary, opts: RequestLineOptions): string {
  const { chalk } = opts;
  const layout = computeLayout(opts.columns, opts.idWidth ?? summary.id.length);
  const plain: Style = (text) => text;
  const cells = [
    left(formatTimeOfDay(summary.receivedAt), TIME_WIDTH, chalk.dim),
    left(printable(summary.method), METHOD_WIDTH, chalk.bold),
    padEnd(truncateMiddle(printable(summary.path), layout.path), layout.path),
  ];
  if (layout.provider > 0) cells.push(providerCell(summary, layout.provider, chalk));
  cells.push(
    padEnd(formatSignature(summary.signature, chalk, layout.signature < SIGNATURE_WIDTH), layout.signature),
  );
  cells.push(forwardCell(summary, opts.pending ?? false, layout.forward, chalk));
  const duration = summary.forward === null ? '' : formatDuration(summary.forward.durationMs);
  cells.push(right(duration, DURATION_WIDTH, plain));
  if (layout.size > 0) cells.push(right(formatSize(summary.size), SIZE_WIDTH, plain));
  cells.push(chalk.dim(sliceToWidth(printable(summary.id), layout.id)));
  return clipAnsi(cells.join(' '), opts.columns);
}

/** The dim column titles of `hookctl list`, aligned with `formatRequestLine` for the same options. */
export function formatListHeader(opts: ListHeaderOptions): string {
  const layout = computeLayout(opts.columns, opts.idWidth ?? ID_LENGTH);
  const label = (text: string, width: number): string => (text.length <= width ? text : '');
  const cells = [
    padEnd('TIME', TIME_WIDTH),
    padEnd('METHOD', METHOD_WIDTH),
    padEnd(label('PATH', layout.path), layout.path),
  ];
  if (layout.provider > 0) cells.push(padEnd('EVENT', layout.provider));
  cells.push(padEnd(label('SIGNATURE', layout.signature), layout.signature));
  cells.push(padEnd('FORWARD', layout.forward));
  cells.push(padStart('TOOK', DURATION_WIDTH));
  if (layout.size > 0) cells.push(padStart('SIZE', SIZE_WIDTH));
  cells.push(label('ID', layout.id));
  return opts.chalk.dim(clipAnsi(cells.join(' ').trimEnd(), opts.columns));
}

function providerCell(summary: CaptureSummary, width: number, chalk: ChalkInstance): string {
  if (summary.provider === null) return padEnd(chalk.dim('-'), width);
  const provider = printable(summary.provider);
  const text = truncate(summary.event === null ? provider : `${provider} ${printable(summary.event)}`, width);
  // Colour the provider name only while it is still whole, so a cut never leaves a half-coloured word.
  const styled = text.startsWith(provider) ? chalk.blue(provider) + text.slice(provider.length) : text;
  return padEnd(styled, width);
}

/** `✓ valid` / `✗ invalid` / `· unchecked`, or only the glyph when `compact`. */
export function formatSignature(state: SignatureState, chalk: ChalkInstance, compact = false): string {
  switch (state) {
    case 'valid':
      return chalk.green(compact ? '✓' : '✓ valid');
    case 'invalid':
      return chalk.red(compact ? '✗' : '✗ invalid');
    default:
      return chalk.dim(compact ? '·' : '· unchecked');
  }
}

/** The colour of an HTTP status by class: 2xx green, 3xx cyan, 4xx yellow, 5xx red. */
export function statusColor(chalk: ChalkInstance, status: number): Style {
  if (status >= 500) return chalk.red;
  if (status >= 400) return chalk.yellow;
  if (status >= 300) return chalk.cyan;
  if (status >= 200) return chalk.green;
  return (text) => text;
}

/**
 * The part of a connection error a reader acts on: the errno code (`ECONNREFUSED`) or `timeout`, since the
 * full message (`connect ECONNREFUSED 127.0.0.1:3000`) does not fit a column. `show` prints it in full.
 */
export function shortError(error: string | undefined): string {
  if (error === undefined || error.trim() === '') return 'error';
  const code = /\b(E[A-Z][A-Z0-9_]+)\b/.exec(error)?.[1];
  if (code !== undefined) return code;
  if (/time(?:d)?[\s_-]?out/i.test(error)) return 'timeout';
  return printable(error);
}

function forwardCell(
  summary: Pick<CaptureSummary, 'forward' | 'route'>,
  pending: boolean,
  width: number,
  chalk: ChalkInstance,
): string {
  const { forward } = summary;
  if (forward === null) {
    // With routes, a request no rule took (and no fallback) is kept but not forwarded: say why.
    const idle = summary.route === null ? 'no route' : 'captured';
    return left(pending ? '→ …' : idle, width, chalk.dim);
  }
  if (forward.canned === true)
    return left(`↩ ${forward.status}`, width, statusColor(chalk, forward.status ?? 0));
  if (forward.status === null) return left(`→ ✗ ${shortError(forward.error)}`, width, chalk.red);
  const more = forward.also === undefined ? '' : ` +${forward.also.length}`;
  return left(`→ ${forward.status}${more}`, width, statusColor(chalk, forward.status));
}
