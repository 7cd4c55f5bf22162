import Stripe from 'stripe';
import { type Reply, startApp } from './app.ts';
import type { Scope } from './scope.ts';

export interface Arrival {
  path: string;
  /** Stripe event type, `pull_request.opened`, or the Slack command. */
  event: string;
  /** Stripe event id or GitHub delivery id. */
  id: string;
  body: Record<string, unknown>;
}

export interface ScenarioApp {
  url: string;
  arrivals: Arrival[];
  /** Stripe event id → how many times the customer was charged for it. */
  charges: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A small app with the bugs scenarios exist to catch. `/stripe` verifies the signature with Stripe's SDK
 * and charges the customer on `invoice.paid`: with `idempotent: false` it charges again when Stripe
 * redelivers the same event id, as a naive handler does. `/slow` answers after `slowMs`.
 * `/echo` answers with `echo` (to test escaping in reports).
 */
export async function startScenarioApp(
  scope: Scope,
  options: {
    stripeSecret: string;
    idempotent: boolean;
    slowMs?: number;
    echo?: string;
  },
): Promise<ScenarioApp> {
  const stripe = new Stripe('sk_test_hookctl');
  const arrivals: Arrival[] = [];
  const charges = new Map<string, number>();
  const reply = (status: number, text: string): Reply => ({
    status,
    headers: ['content-type', 'text/plain'],
    body: text,
  });
  const app = await startApp(scope, async ({ url: path, headers, body: raw }) => {
    if (path.includes('stripe')) {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          raw,
          String(headers['stripe-signature']),
          options.stripeSecret,
        );
      } catch (error) {
        return reply(400, `Webhook Error: ${(error as Error).message}`);
      }
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      arrivals.push({ path, event: event.type, id: event.id, body });
      const seen = charges.has(event.id);
      if (seen && options.idempotent) return reply(200, 'already processed');
      if (event.type === 'invoice.paid') charges.set(event.id, (charges.get(event.id) ?? 0) + 1);
      else charges.set(event.id, 0);
      return reply(200, 'charged');
    }
    if (path.includes('github')) {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      const name = String(headers['x-github-event']);
      arrivals.push({
        path,
        event: `${name}.${body.action}`,
        id: String(headers['x-github-delivery']),
        body,
      });
      return reply(200, 'ok');
    }
    if (path.includes('slow')) {
      await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 300));
      arrivals.push({ path, event: 'slow', id: '', body: {} });
      return reply(200, 'finally');
    }
    if (path.includes('echo')) return reply(500, options.echo ?? '');
    const form = new URLSearchParams(raw.toString('utf8'));
    arrivals.push({ path, event: form.get('command') ?? 'unknown', id: '', body: Object.fromEntries(form) });
    return reply(200, 'ok');
  });
  return { url: app.url, arrivals, charges, close: app.close };
}

/**
 * A tiny XML well-formedness check for the JUnit report: every tag closes in order, attributes are
 * quoted, and `&` only starts a known entity. Returns the elements seen, with decoded attributes.
 */
export function parseXml(
  text: string,
): Array<{ name: string; attributes: Record<string, string>; text: string }> {
  const elements: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const stack: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  const decode = (raw: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(raw)) throw new Error(`bare & in ${JSON.stringify(raw)}`);
    return raw
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&amp;/g, '&');
  };
  let index = 0;
  while (index < body.length) {
    token.lastIndex = index;
    const match = token.exec(body);
    if (match === null)
      throw new Error(`malformed XML at ${index}: ${JSON.stringify(body.slice(index, index + 40))}`);
    index = token.lastIndex;
    const [, closing, name, rawAttributes, selfClosing, content] = match;
    if (content !== undefined) {
      const top = stack.at(-1);
      if (top === undefined) {
        if (content.trim() !== '') throw new Error('text outside the root element');
      } else top.text += decode(content);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (rawAttributes ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      attributes[key as string] = decode(value as string);
    }
    const element = { name: name as string, attributes, text: '' };
    elements.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  return elements;
}
