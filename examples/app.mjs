// The app under test in the examples: a Stripe webhook handler as the Stripe docs write one, verifying the
// raw body with the `stripe` package and acknowledging each event once.
import http from 'node:http';
import Stripe from 'stripe';

export function startApp(secret) {
  const stripe = new Stripe('sk_test_example');
  const seen = new Set();
  const events = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let event;
      try {
        event = stripe.webhooks.constructEvent(Buffer.concat(chunks), req.headers['stripe-signature'], secret);
      } catch (error) {
        res.writeHead(400).end(`Webhook Error: ${error.message}`);
        return;
      }
      if (!seen.has(event.id)) {
        seen.add(event.id);
        events.push(event);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        events,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** An app that *sends* webhooks (to a URL its users configure): what `receive` is for. */
export async function notifyOrderShipped(url, order) {
  await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Event': 'order.shipped' },
    body: JSON.stringify({ type: 'order.shipped', order }),
  });
}
