import { hasHeader, isJsonObject, parseForm, parseJsonObject, stringField } from './headers.ts';
import type { InboundRequest, Provider } from './types.ts';

function isSlack({ headers }: InboundRequest): boolean {
  return hasHeader(headers, 'x-slack-signature') || hasHeader(headers, 'x-slack-request-timestamp');
}

export const slack: Provider = {
  name: 'slack',
  title: 'Slack',
  detect(request) {
    return isSlack(request) ? { provider: 'slack', event: slackEvent(request) } : null;
  },
};

/**
 * Slack sends three body shapes: Events API JSON (https://api.slack.com/apis/events-api), slash commands
 * as flat form fields (https://api.slack.com/interactivity/slash-commands), and interactivity as one form
 * field `payload` holding JSON (https://api.slack.com/interactivity/handling#payloads).
 */
function slackEvent({ headers, body }: InboundRequest): string | null {
  const form = parseForm(headers, body);
  if (form !== null) {
    if (form.has('command')) return 'slash_command';
    const payload = form.get('payload');
    return payload === null ? null : stringField(parseJsonObject(payload), 'type');
  }
  const envelope = parseJsonObject(body);
  const type = stringField(envelope, 'type');
  if (type === 'url_verification') return type;
  if (type !== 'event_callback' || !isJsonObject(envelope?.event)) return null;
  const inner = stringField(envelope.event, 'type');
  // Message subtypes (https://api.slack.com/events/message#subtypes) are distinct events to a handler.
  const subtype = inner === 'message' ? stringField(envelope.event, 'subtype') : null;
  return subtype === null ? inner : `message.${subtype}`;
}

/**
 * The `challenge` Slack expects echoed back when a request URL is registered
 * (https://api.slack.com/events/url_verification); null for anything else, including unsigned requests.
 */
export function slackChallenge(request: InboundRequest): string | null {
  if (!isSlack(request)) return null;
  const body = parseJsonObject(request.body);
  return stringField(body, 'type') === 'url_verification' ? stringField(body, 'challenge') : null;
}
