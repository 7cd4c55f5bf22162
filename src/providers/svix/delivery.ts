import { svixPolicy } from '../standard-webhooks/delivery.ts';

/** Svix's operational webhooks are delivered as any Svix message: https://docs.svix.com/retries. */
export const delivery = svixPolicy('svix', 'Svix');
