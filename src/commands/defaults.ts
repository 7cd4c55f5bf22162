/**
 * Every flag default, once: the commander definitions show them in `--help` and the parsers fall back to
 * them, so the two cannot drift. Strings, because that is what a flag's value is before it is parsed.
 */
export const DEFAULTS = {
  /** `listen --port`. */
  port: '4500',
  /** `listen --host`. */
  host: '127.0.0.1',
  /** `listen --ui-port`, `ui --port`. */
  uiPort: '4501',
  /** `listen --max-body`. */
  maxBody: '25mb',
  /** `listen --forward-timeout`, and how long the inspector's replays may take. */
  forwardTimeout: '30s',
  /** `listen --keep`: the newest captures kept in the store. */
  keep: '10000',
  /** `list --limit`. */
  limit: '20',
  /** `replay`, `trigger` and `run --timeout`: how long each delivery may take. */
  timeout: '30s',
  /** `trigger --repeat`. */
  repeat: '1',
  /** `trigger --concurrency`. */
  concurrency: '1',
  /** `trigger --time-scale`. */
  timeScale: '1',
} as const;
