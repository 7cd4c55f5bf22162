// Capture: the server that receives, stores and forwards webhooks, and listen's lifecycle around it.
export { ID_HEADER } from './inbound.ts';
export {
  type Closeable,
  type ListenEvents,
  type ListenParts,
  type ListenWorld,
  runListen,
  type Signals,
  type StopSignal,
} from './listen.ts';
export {
  globToRegExp,
  matchRoute,
  parseRoute,
  type RouteAction,
  type RouteRule,
  type RouteSubject,
} from './routes.ts';
export {
  type Arrival,
  type CaptureServer,
  type CaptureServerEvents,
  type CaptureServerOptions,
  type Ingested,
  type ServerTimeouts,
  serverTimeouts,
  startCaptureServer,
} from './server.ts';
