import { clerk } from './clerk/index.ts';
import { github } from './github/index.ts';
import { openai } from './openai/index.ts';
import { resend } from './resend/index.ts';
import { slack } from './slack/index.ts';
import { standardWebhooks } from './standard-webhooks/index.ts';
import { stripe } from './stripe/index.ts';
import { svix } from './svix/index.ts';
import type { Detection, InboundRequest, Provider } from './types.ts';

/** Detection order: specific headers first, the generic Standard Webhooks scheme last. */
export const providers: readonly Provider[] = [
  stripe,
  github,
  slack,
  openai,
  clerk,
  resend,
  svix,
  standardWebhooks,
];

/** Case-insensitive, so `--provider GitHub` works. */
export function findProvider(name: string): Provider | null {
  const wanted = name.toLowerCase();
  return providers.find((provider) => provider.name === wanted) ?? null;
}

export function detectProvider(request: InboundRequest): Detection | null {
  for (const provider of providers) {
    const detection = provider.detect(request);
    if (detection !== null) return detection;
  }
  return null;
}
