// Types of filter.js, for the tests.

/** The fields of a capture summary (`list --json`) the filter reads. */
export interface FilterableSummary {
  id: string;
  method: string;
  path: string;
  provider: string | null;
  event: string | null;
  signature: string;
  replayOf?: string;
  forward: { status: number | null; url?: string; error?: string } | null;
}

export interface Filter {
  words: string[];
  provider: string;
  event: string;
  status: string;
}

export const NO_PROVIDER: string;
export function filterWords(text: string): string[];
export function isFiltering(filter: Filter): boolean;
export function matches(capture: FilterableSummary, filter: Filter): boolean;
export function filterCaptures<T extends FilterableSummary>(captures: readonly T[], filter: Filter): T[];
