/** What a tunnel reports while it runs: the seam `listen` renders, and tests or another tunnel can fill. */
export interface TunnelEvents {
  /** A process is starting (attempt 1 is the first start, later ones are restarts). */
  starting(attempt: number): void;
  /** The public URL is known: a quick tunnel's trycloudflare.com URL or a named tunnel's hostname. */
  url(publicUrl: string): void;
  /** The edge accepted a connection: traffic can flow. */
  registered(location: string | null): void;
  /** cloudflared ended while it should be running; it is started again after `restartInMs`. */
  exited(info: { code: number | null; signal: string | null; restartInMs: number; reason: string }): void;
  /** The binary is not there: nothing is started, listen keeps receiving locally. */
  missing(bin: string): void;
  /** Something the user should know that does not stop the tunnel. */
  warning(message: string): void;
}

export interface TunnelOptions {
  /** The local server the tunnel points at, e.g. http://127.0.0.1:4500. */
  localUrl: string;
  /** A named tunnel's token (`--tunnel-token`); a quick tunnel without one. */
  token: string | undefined;
  events: TunnelEvents;
  env: NodeJS.ProcessEnv;
}

export interface Tunnel {
  /** Stops cloudflared (SIGINT, then SIGKILL after a grace period) and any restart. Idempotent. */
  close(): Promise<void>;
}
