import { clerk } from './clerk/index.ts';
import { discord } from './discord/index.ts';
import { github } from './github/index.ts';
import { gitlab } from './gitlab/index.ts';
import { hubspot } from './hubspot/index.ts';
import { linear } from './linear/index.ts';
import { openai } from './openai/index.ts';
import { paddle } from './paddle/index.ts';
import { resend } from './resend/index.ts';
import { sendgrid } from './sendgrid/index.ts';
import { shopify } from './shopify/index.ts';
import { slack } from './slack/index.ts';
import { square } from './square/index.ts';
import { standardWebhooks } from './standard-webhooks/index.ts';
import { stripe } from './stripe/index.ts';
import { svix } from './svix/index.ts';
import { twilio } from './twilio/index.ts';
import type { Detection, InboundRequest, Provider } from './types.ts';
import { zoom } from './zoom/index.ts';

/** Detection order: specific headers first, the generic Standard Webhooks scheme last. */
export const providers: readonly Provider[] = [
  stripe,
  github,
  slack,
  twilio,
  paddle,
  linear,
  gitlab,
  shopify,
  square,
  hubspot,
  discord,
  sendgrid,
  zoom,
  openai,
  clerk,
  resend,
  svix,
  standardWebhooks,
];

/** The user's own providers (`custom-files.ts`), looked at before the shipped ones. */
let custom: readonly Provider[] = [];

export function useCustomProviders(list: readonly Provider[]): void {
  custom = list;
}

/** The user's providers, then the shipped ones: what lookup, detection and `fixtures` walk. */
export function allProviders(): readonly Provider[] {
  return custom.length === 0 ? providers : [...custom, ...providers];
}

/** Case-insensitive, so `--provider GitHub` works. */
export function findProvider(name: string): Provider | null {
  const wanted = name.toLowerCase();
  return allProviders().find((provider) => provider.name === wanted) ?? null;
}

export function detectProvider(request: InboundRequest): Detection | null {
  for (const provider of allProviders()) {
    const detection = provider.detect(request);
    if (detection !== null) return detection;
  }
  return null;
}
