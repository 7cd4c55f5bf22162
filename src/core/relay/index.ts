// listen --relay: the client side of the relay (src/relay/ is the Worker): the channel address, the
// ledger that keeps the store exactly-once, and the WebSocket client that drains and acknowledges.
export {
  bodyUrl,
  configUrl,
  listenUrl,
  parseRelayAddress,
  type RelayAddress,
  statusUrl,
} from './address.ts';
export {
  type RelayClient,
  type RelayClientEvents,
  type RelayClientOptions,
  refusal,
  retryDelay,
  startRelayClient,
} from './client.ts';
export { RelayLedger } from './ledger.ts';
