// Durations and sizes the same way in the terminal (src/output/format.ts) and the inspector page.
// Pure: no imports, no DOM, no Node APIs.

function pad2(n) {
  return String(n).padStart(2, '0');
}

/** `12ms`, `1.4s`, `12.3s`, `2m05s`, `1h02m`: at most 6 characters so a duration column stays aligned. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const rounded = Math.round(ms);
  if (rounded < 1000) return `${rounded}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`;
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * `512 B`, `1.2 KB`, `25.0 MB`, `512 KB` (binary units). One decimal below 100 and none above keeps the
 * widest value at 7 characters (`1023 KB`).
 */
export function formatSize(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Rounding can land on 1024 (`1023.7 KB` → `1024 KB`); that reads better as the next unit.
  if (Math.round(value) >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const oneDecimal = value.toFixed(1);
  const text = Number(oneDecimal) < 100 ? oneDecimal : String(Math.round(value));
  return `${text} ${SIZE_UNITS[unit]}`;
}
