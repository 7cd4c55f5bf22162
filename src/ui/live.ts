import type { CaptureSummary } from '../core/types.ts';

/** New captures as they complete, for the inspector's WebSocket: listen publishes, clients subscribe. */
export interface LiveFeed {
  publish(summary: CaptureSummary): void;
  subscribe(listener: (summary: CaptureSummary) => void): () => void;
}

export function createLiveFeed(): LiveFeed {
  const listeners = new Set<(summary: CaptureSummary) => void>();
  return {
    publish(summary) {
      for (const listener of listeners) listener(summary);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
