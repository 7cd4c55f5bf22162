import { svixPolicy } from '../standard-webhooks/delivery.ts';

/**
 * Clerk delivers through Svix and points to its schedule for retries
 * (https://clerk.com/docs/webhooks/overview, https://docs.svix.com/retries); Clerk's own pages do not
 * repeat the table, so it is labelled approximate.
 */
export const delivery = svixPolicy('clerk', 'Clerk', true);
