import '@shopify/shopify-api/adapters/node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import type { HeaderPair } from '../../src/http/headers.ts';
import { startServer } from './app.ts';
import type { Scope } from './scope.ts';

/** `shopifyApi(...).webhooks.validate` as an app configured with `secret` calls it. */
export function shopifyValidator(secret: string) {
  const api = shopifyApi({
    apiKey: 'hookctl-test-app',
    apiSecretKey: secret,
    apiVersion: ApiVersion.July26,
    isEmbeddedApp: false,
    hostName: '127.0.0.1',
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  return (rawBody: string, rawRequest: unknown, rawResponse: unknown = {}) =>
    api.webhooks.validate({ rawBody, rawRequest, rawResponse } as Parameters<
      typeof api.webhooks.validate
    >[0]);
}

/** The SDK's verdict on a request, given its headers as a Node server would (repeats joined by `, `). */
export async function shopifyAccepts(
  { headers, body }: { headers: readonly HeaderPair[]; body: Buffer },
  secret: string,
) {
  const node: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    node[key] = key in node ? `${node[key]}, ${value}` : value;
  }
  const result = await shopifyValidator(secret)(body.toString('utf8'), {
    headers: node,
    method: 'POST',
    url: '/webhooks',
  });
  return result.valid;
}

/** An app as Shopify's docs write one: raw body, `webhooks.validate`, 200 or 401. Records each topic. */
export async function startShopifyApp(scope: Scope, secret: string) {
  const validate = shopifyValidator(secret);
  const received: Array<{ valid: boolean; topic: string | null; path: string }> = [];
  const server = await startServer(scope, (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const result = await validate(Buffer.concat(chunks).toString('utf8'), request, response);
      received.push({
        valid: result.valid,
        topic: result.valid ? result.topic : null,
        path: request.url ?? '',
      });
      response.statusCode = result.valid ? 200 : 401;
      response.end(result.valid ? 'ok' : 'invalid');
    });
  });
  return { url: server.url, received };
}
