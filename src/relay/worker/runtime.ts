// The few Workers runtime types the relay uses, so it type-checks with the project's Node types and
// without @cloudflare/workers-types (whose globals would clash with Node's).

export interface DurableObjectStub {
  fetch(request: Request | string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

export interface StorageListOptions {
  prefix?: string;
  start?: string;
  end?: string;
  limit?: number;
}

export interface DurableObjectStorageLike {
  get<T>(key: string): Promise<T | undefined>;
  get<T>(keys: string[]): Promise<Map<string, T>>;
  put(key: string, value: unknown): Promise<void>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T>(options: StorageListOptions): Promise<Map<string, T>>;
}

/** A WebSocket as the Workers runtime hands it to a Durable Object (hibernation API). */
export interface RelaySocket {
  send(message: string): void;
  close(code?: number, reason?: string): void;
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
}

export interface DurableObjectStateLike {
  storage: DurableObjectStorageLike;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
  acceptWebSocket(socket: RelaySocket): void;
  getWebSockets(): RelaySocket[];
}

export interface RelayEnv {
  CHANNELS: DurableObjectNamespaceLike;
  /** The listener token (`wrangler secret put LISTENER_TOKEN`): listening, status and config need it. */
  LISTENER_TOKEN?: string;
}

/** The runtime's global `WebSocketPair` (declared where it is used: it is not an import). */
export type WebSocketPairConstructor = new () => { 0: RelaySocket; 1: RelaySocket };
