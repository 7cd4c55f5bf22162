// The SDK type each Standard Webhooks sender's event is checked against, shared by the generators
// (scripts/gen-{svix,resend,clerk,openai}-fixtures.ts) and the fixture test (test/fixtures-sw.test.ts).

export interface SenderTypes {
  /** Declarations the type expressions need (imports, helper types). */
  imports: string;
  /** The type of one event's payload as it is sent. */
  typeOf: (event: string) => string;
}

/** `message.attempt.exhausted` → `MessageAttemptExhaustedEvent`, the `svix` package's model. */
export function svixModel(event: string): string {
  return `${event
    .split(/[._]/)
    .map((word) => (word[0]?.toUpperCase() ?? '') + word.slice(1))
    .join('')}Event`;
}

export const SENDER_TYPES: Record<'svix' | 'resend' | 'clerk' | 'openai', SenderTypes> = {
  openai: {
    imports: "import type { UnwrapWebhookEvent } from 'openai/resources/webhooks';",
    typeOf: (event) => `Extract<UnwrapWebhookEvent, { type: '${event}' }>`,
  },
  resend: {
    imports: "import type { WebhookEventPayload } from 'resend';",
    typeOf: (event) => `Extract<WebhookEventPayload, { type: '${event}' }>`,
  },
  // Clerk's union groups several names under one member (`Webhook<'user.created' | 'user.updated',
  // UserJSON>`), so `Extract<WebhookEvent, {type: E}>` is never: the member whose names include E, with
  // `type` narrowed to E.
  clerk: {
    imports: `import type { WebhookEvent } from '@clerk/backend';
type Member<W, E> = W extends { type: infer T } ? ([E] extends [T] ? Omit<W, 'type'> & { type: E } : never) : never;`,
    typeOf: (event) => `Member<WebhookEvent, '${event}'>`,
  },
  // The models type times as `Date` and statuses as enums, as the SDK hands them out after parsing; on the
  // wire they are ISO strings and the enums' values.
  svix: {
    imports: `import type * as Svix from 'svix';
type SvixWire<T> = T extends Date ? string : T extends string ? \`\${T}\` : T extends readonly (infer U)[] ? SvixWire<U>[] : T extends object ? { [K in keyof T]: SvixWire<T[K]> } : T;`,
    typeOf: (event) => `Omit<SvixWire<Svix.${svixModel(event)}>, 'type'> & { type: '${event}' }`,
  },
};
