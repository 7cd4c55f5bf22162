// Sending: building a request (trigger, replay), then delivering it on a provider's schedule.
export {
  type AttemptResult,
  classifyAnswer,
  type DeliveriesSummary,
  type DeliveryOptions,
  type DeliveryWorld,
  MIN_DEADLINE_MS,
  planAttempts,
  retryHeadersFor,
  runDeliveries,
  scaledDeadline,
  scaleMs,
} from './deliveries.ts';
export { buildReplay, prepareReplay, type ReplayChanges, replayTarget } from './replay.ts';
export {
  type BuiltTrigger,
  buildTrigger,
  serializeRequest,
  signAgain,
  type TriggerInput,
} from './trigger.ts';
