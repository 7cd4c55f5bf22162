import { isJsonObject, type JsonObject } from '../parse.ts';

// Body readers for SendGrid's batches: the body is a JSON array of events, never an object.
const PARSE_LIMIT = 1024 * 1024;

/** The events of a SendGrid body, or null when it is not a JSON array of objects. */
export function parseEvents(body: Buffer): JsonObject[] | null {
  if (body.length >= PARSE_LIMIT) return null;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return Array.isArray(value) && value.every(isJsonObject) ? value : null;
  } catch {
    return null;
  }
}

/** The event names of a batch, each once, in order: `processed` or `processed,delivered`. */
export function batchEvent(body: Buffer): string | null {
  const names = (parseEvents(body) ?? [])
    .map((event) => event.event)
    .filter((name) => typeof name === 'string');
  return names.length === 0 ? null : [...new Set(names)].join(',');
}

export function firstEventId(body: Buffer): string | null {
  const id = parseEvents(body)?.[0]?.sg_event_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * SendGrid's layout: compact JSON, one event a line, each followed by CRLF
 * (`[{…},\r\n{…}]\r\n`, as in @sendgrid/eventwebhook's own test payloads of real requests).
 */
export function sendgridLayout(events: readonly unknown[]): string {
  return `[${events.map((event) => JSON.stringify(event)).join(',\r\n')}]\r\n`;
}
