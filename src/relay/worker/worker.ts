// The hookctl relay: a Cloudflare Worker with one Durable Object a channel, deployed into the user's own
// account (`hookctl relay deploy`) or run locally on Miniflare (`hookctl relay dev`). It keeps every
// webhook sent to https://<worker>/<channel>/<path…>, answers the sender only once the request is stored,
// and hands the backlog, then live events, to `hookctl listen --relay` over a WebSocket; each listener
// has its own cursor, advanced by its acknowledgements (sent once the event is on its disk).
//
// Routes (the control paths need `Authorization: Bearer <LISTENER_TOKEN>`):
//   ANY  /<channel>/<path…>                 store, then answer (the channel's status, or a challenge's answer)
//   GET  /<channel>/_hookctl/listen?name=N  WebSocket: hello, events; the listener sends acks
//   GET  /<channel>/_hookctl/body/<id>      a body too large to travel in the event message
//   GET  /<channel>/_hookctl/status         the channel: stored, dropped, listeners, config
//   PUT  /<channel>/_hookctl/config         change how the channel answers, verifies and retains
//   GET  /_hookctl/status                   every channel's status

import { CHANNEL_NAME, CONTROL } from '../../lib/relay-protocol.ts';
import { safeEqual } from '../../providers/signing.ts';
import { Channel, DIRECTORY } from './channel.ts';
import type { RelayEnv } from './runtime.ts';

export { Channel };

function bearer(request: Request): string | null {
  const value = request.headers.get('authorization') ?? '';
  return value.startsWith('Bearer ') ? value.slice(7) : null;
}

/** The listener token, compared in constant time (the providers' own comparison). */
function sameToken(given: string | null, expected: string | undefined): boolean {
  return given !== null && expected !== undefined && expected !== '' && safeEqual(given, expected);
}

const text = (body: string, status: number) =>
  new Response(`hookctl relay: ${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });

export default {
  async fetch(request: Request, env: RelayEnv): Promise<Response> {
    const url = new URL(request.url);
    const [, first = '', ...rest] = url.pathname.split('/');
    const control = first === CONTROL || rest[0] === CONTROL;
    if (control && !sameToken(bearer(request), env.LISTENER_TOKEN)) {
      return text('the listener token is missing or wrong', 401);
    }
    const channelOf = (name: string) => env.CHANNELS.get(env.CHANNELS.idFromName(name));
    if (first === CONTROL) {
      if (rest[0] !== 'status') return text('unknown control path', 404);
      const names = (await (
        await channelOf(DIRECTORY).fetch(`https://relay/${DIRECTORY}/list`)
      ).json()) as string[];
      const channels = await Promise.all(
        names.map(async (name) =>
          (await channelOf(name).fetch(`https://relay/${name}/${CONTROL}/status`)).json(),
        ),
      );
      return Response.json({ channels });
    }
    if (!CHANNEL_NAME.test(first)) return text('send webhooks to /<channel>/<path>', 404);
    return channelOf(first).fetch(request);
  },
};
