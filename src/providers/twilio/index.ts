import { hasHeader, setHeaders } from '../../http/headers.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { mediaType, parseForm } from '../parse.ts';
import type { InboundRequest, Provider } from '../types.ts';
import { delivery } from './delivery.ts';
import { twilioEncode, twilioPayload } from './fixtures.ts';
import { formParams, NO_PARAMS, twilioSignature } from './signature.ts';
import { DEFAULT_URL, verifyTwilio } from './verify.ts';

// Shared with `--help`, which must not load provider modules.
const MANIFEST_ENTRY = manifestEntry('twilio');

/**
 * The URL Twilio signs is the one configured for the webhook, without the `#rc=…` connection-override
 * fragment (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides), which never reaches
 * the app and so cannot be part of what the app checks.
 */
function signedUrl(url: string | undefined): string {
  return (url ?? DEFAULT_URL).split('#')[0] ?? DEFAULT_URL;
}

export const twilio: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  toleranceSeconds: null,
  detect(request) {
    return hasHeader(request.headers, 'x-twilio-signature')
      ? { provider: 'twilio', event: twilioEvent(request) }
      : null;
  },
  sign({ headers, body, url }, secret) {
    const isForm = mediaType(headers) === 'application/x-www-form-urlencoded';
    // A body that is not a form is signed through the URL's bodySHA256 parameter, which the URL carries.
    const signature = twilioSignature(secret, signedUrl(url), isForm ? formParams(body) : NO_PARAMS);
    return setHeaders(headers, [['X-Twilio-Signature', signature]]);
  },
  verify: (request, secret) => verifyTwilio(request, secret),
  fixtures: () => listFixtures('twilio'),
  payload: twilioPayload,
  encode: (_event, payload, context) => twilioEncode(payload, context),
};

/**
 * Twilio names no event on the wire: the form fields say what happened. A message status callback
 * carries `MessageStatus` (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status), a
 * call progress event `CallStatus` with `CallbackSource=call-progress-events`
 * (https://www.twilio.com/docs/voice/api/call-resource#statuscallback); an incoming message
 * (https://www.twilio.com/docs/messaging/guides/webhook-request) has only the deprecated `SmsStatus`
 * (`received`), an incoming call (https://www.twilio.com/docs/voice/twiml#twilios-request-to-your-application)
 * `Direction=inbound` and no `CallbackSource`.
 */
function twilioEvent({ headers, body }: InboundRequest): string | null {
  const form = parseForm(headers, body);
  if (form === null) return null;
  const messageStatus = form.get('MessageStatus') || null;
  if (messageStatus !== null) return `message.status.${messageStatus}`;
  const callStatus = form.get('CallStatus') || null;
  if (callStatus !== null) {
    const incoming = form.get('Direction') === 'inbound' && !form.has('CallbackSource');
    return incoming ? 'call.incoming' : `call.status.${callStatus}`;
  }
  const smsStatus = form.get('SmsStatus') || null;
  if (smsStatus === 'received') return 'message.incoming';
  return smsStatus === null ? null : `message.status.${smsStatus}`;
}
