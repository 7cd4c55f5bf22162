// The page's shared mutable state, in one place: every other module reads and writes it here.

export const PAGE_SIZE = 500; // rows in the DOM at a time; "Show more" adds another page
export const FETCH_LIMIT = 1000; // summaries asked for at start; "Show more" past them asks for more
export const MAX_KEPT = 50_000; // summaries kept in memory
export const DETAIL_CACHE = 50;

export const state = {
  /** Summaries, newest first (ids sort by arrival time). */
  captures: [],
  byId: new Map(),
  /** The captures that pass the filter, newest first. */
  visible: [],
  /** How many of `visible` are rendered. */
  shown: PAGE_SIZE,
  rows: new Map(),
  cursorId: null,
  openId: null,
  details: new Map(),
  fetchLimit: FETCH_LIMIT,
  serverMayHaveMore: false,
  providers: [],
  knownProviders: new Set(),
  knownEvents: new Set(),
  filter: { words: [], provider: '', event: '', status: '' },
  pending: [],
  flushScheduled: false,
  /** The open capture's detail and its editor, for keyboard shortcuts. */
  current: null,
};
