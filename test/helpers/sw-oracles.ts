// The Standard Webhooks senders' own SDKs as oracles, each called the way its docs tell users to: Svix's
// `Webhook.verify` (https://docs.svix.com/receiving/verifying-payloads/how), Resend's `webhooks.verify`
// (https://resend.com/docs/webhooks/verify-webhooks-requests), Clerk's `verifyWebhook` on a Fetch
// `Request` (https://clerk.com/docs/webhooks/sync-data) and OpenAI's `webhooks.unwrap`
// (https://platform.openai.com/docs/guides/webhooks). Each resolves true when its SDK accepts.
import { verifyWebhook } from '@clerk/backend/webhooks';
import OpenAI from 'openai';
import { Resend } from 'resend';
import { Webhook } from 'svix';
import type { HeaderPair } from '../../src/http/headers.ts';

export interface Signed {
  headers: readonly HeaderPair[];
  body: Buffer;
}

/** Headers as Node's `req.headers` has them: lowercase names, repeats joined with `, `. */
export function nodeHeaders(headers: readonly HeaderPair[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

const accepts = async (check: () => unknown): Promise<boolean> => {
  try {
    await check();
    return true;
  } catch {
    return false;
  }
};

export type Oracle = (request: Signed, secret: string) => Promise<boolean>;

export const oracles: Record<'svix' | 'resend' | 'clerk' | 'openai', Oracle> = {
  svix: ({ headers, body }, secret) =>
    accepts(() => new Webhook(secret).verify(body.toString('utf8'), nodeHeaders(headers))),
  resend: ({ headers, body }, secret) => {
    const h = nodeHeaders(headers);
    return accepts(() =>
      new Resend('re_hookctl_test').webhooks.verify({
        payload: body.toString('utf8'),
        headers: {
          id: h['svix-id'] ?? '',
          timestamp: h['svix-timestamp'] ?? '',
          signature: h['svix-signature'] ?? '',
        },
        webhookSecret: secret,
      }),
    );
  },
  clerk: ({ headers, body }, secret) =>
    accepts(() =>
      verifyWebhook(
        new Request('http://127.0.0.1/api/webhooks', { method: 'POST', headers: [...headers], body }),
        { signingSecret: secret },
      ),
    ),
  openai: ({ headers, body }, secret) =>
    accepts(() =>
      new OpenAI({ apiKey: 'sk-hookctl-test', webhookSecret: secret }).webhooks.unwrap(
        body.toString('utf8'),
        nodeHeaders(headers),
      ),
    ),
};
