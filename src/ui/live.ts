import type { CaptureSummary } from '../core/types.ts';

/** The relay connection as the inspector shows it (listen --relay). */
export interface RelayState {
  url: string;
  state: 'connecting' | 'connected' | 'disconnected';
  /** Events waiting at the relay for this listener. */
  backlog: number;
  /** Events retention dropped before this listener had them, reported by the relay's last hello. */
  dropped: number;
  retryInMs?: number;
  reason?: string;
}

/** New captures as they complete, for the inspector's WebSocket: listen publishes, clients subscribe. */
export interface LiveFeed {
  publish(summary: CaptureSummary): void;
  subscribe(listener: (summary: CaptureSummary) => void): () => void;
  /** The latest relay state (null without --relay), sent to each page as it connects and as it changes. */
  readonly relay: RelayState | null;
  setRelay(state: RelayState): void;
  subscribeRelay(listener: (state: RelayState) => void): () => void;
}

export function createLiveFeed(): LiveFeed {
  const listeners = new Set<(summary: CaptureSummary) => void>();
  const relayListeners = new Set<(state: RelayState) => void>();
  let relay: RelayState | null = null;
  return {
    publish(summary) {
      for (const listener of listeners) listener(summary);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get relay() {
      return relay;
    },
    setRelay(state) {
      relay = state;
      for (const listener of relayListeners) listener(state);
    },
    subscribeRelay(listener) {
      relayListeners.add(listener);
      return () => relayListeners.delete(listener);
    },
  };
}
