import { headerValue, type JsonObject, parseForm, parseJsonObject, stringField } from './headers.ts';
import type { InboundRequest, Provider } from './types.ts';

// The event name is in X-GitHub-Event and the action in the body; hooks set to the form content type
// send the same JSON in a `payload` field (https://docs.github.com/en/webhooks/webhook-events-and-payloads).
export const github: Provider = {
  name: 'github',
  title: 'GitHub',
  detect(request) {
    const header = headerValue(request.headers, 'x-github-event');
    if (header === null) return null;
    const name = header.trim();
    if (name === '') return { provider: 'github', event: null };
    const action = stringField(payload(request), 'action');
    return { provider: 'github', event: action === null ? name : `${name}.${action}` };
  },
};

function payload({ headers, body }: InboundRequest): JsonObject | null {
  const form = parseForm(headers, body);
  if (form === null) return parseJsonObject(body);
  const field = form.get('payload');
  return field === null ? null : parseJsonObject(field);
}
