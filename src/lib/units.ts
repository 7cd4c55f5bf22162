import { usageError } from './errors.ts';

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `30s`, `2m`, `500ms`, `1.5h`, `7d`; a bare number means seconds. Returns milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(text.trim());
  const unit = DURATION_UNITS[(match?.[2] ?? 's').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw usageError(`${flag} takes a duration such as 30s, 2m or 500ms (got "${text}")`);
  }
  return Math.round(Number(match[1]) * unit);
}

/** `25mb`, `512kb`, `1gb`, `100` (bytes); units are powers of 1024. Returns bytes. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? 'b').toLowerCase()];
  if (!match || unit === undefined) {
    throw usageError(`${flag} takes a size such as 25mb, 512kb or 1048576 (got "${text}")`);
  }
  return Math.floor(Number(match[1]) * unit);
}

/** A whole number within bounds, for flags such as --port and --limit. */
export function parseInteger(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    throw usageError(`${flag} takes a whole number, ${range} (got "${text}")`);
  }
  return value;
}

/** `--time-scale`: a positive factor such as 0.01. */
export function parseTimeScale(text: string): number {
  const value = /^\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw usageError(`--time-scale takes a positive number such as 0.01 (got "${text}")`);
  }
  return value;
}
