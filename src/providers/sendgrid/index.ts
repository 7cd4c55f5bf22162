import { createPublicKey, sign as ecSign, verify as ecVerify, type KeyObject } from 'node:crypto';
import { hasHeader, headerValue, setHeaders } from '../../http/headers.ts';
import { fail, privateKeyOf, singleHeaders } from '../asymmetric.ts';
import { listFixtures } from '../catalog.ts';
import { manifestEntry } from '../manifest.ts';
import { bodyVariants } from '../signing.ts';
import type { InboundRequest, Provider, Verification } from '../types.ts';
import { delivery } from './delivery.ts';
import { batchEvent, parseEvents, sendgridLayout } from './events.ts';
import { sendgridEncode, sendgridPayload } from './fixtures.ts';
import { keyFormatProblem, sdkPublicKey, signatureProblem } from './keys.ts';

const MANIFEST_ENTRY = manifestEntry('sendgrid');
/** The development public key (base64 SPKI DER), from the manifest so `--help` needs no provider code. */
const DEV_PUBLIC_KEY = MANIFEST_ENTRY.devSecret;

/**
 * hookctl's development key pair (ECDSA P-256). It signs whatever `trigger sendgrid` sends without
 * `--private-key`; its public key is the manifest's development secret and what `hookctl keys sendgrid`
 * prints. It is public on purpose: never configure a production webhook with it.
 */
const DEV_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvu3mNOfsF5YQIM7Y
T2+Rot+CPPfKrGcwtoIx6pVHM0KhRANCAARAP3AaiG+HQOoAQIg6zA0ofpnEklRh
sAgTfnNabAt30b2ie5OeJ2yAXF1H6Upxh3k9fd1MmT52XCmEE+5yxuB7
-----END PRIVATE KEY-----
`;

const SIGNATURE = 'X-Twilio-Email-Event-Webhook-Signature';
const TIMESTAMP = 'X-Twilio-Email-Event-Webhook-Timestamp';

/** The public key as SendGrid's dashboard shows it: SubjectPublicKeyInfo DER, base64. */
export function sendgridPublicKey(privateKeyPem: string): string {
  return createPublicKey(privateKeyOf(privateKeyPem, 'p256'))
    .export({ format: 'der', type: 'spki' })
    .toString('base64');
}

/**
 * SendGrid signs `timestamp + body` with ECDSA P-256 over SHA-256 and sends the DER signature as base64
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features).
 */
export function sendgridSignature(privateKey: KeyObject, timestamp: string, body: Buffer): string {
  return ecSign('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), {
    key: privateKey,
    dsaEncoding: 'der',
  }).toString('base64');
}

/**
 * What @sendgrid/eventwebhook verifies: the body as a UTF-8 string appended to the timestamp (a body that
 * is not UTF-8 fails there even when signed over its bytes), SHA-256, the DER signature from base64.
 */
function signedBy(key: KeyObject, timestamp: string, body: Buffer, signature: string): boolean {
  try {
    const message = Buffer.from(timestamp + body.toString('utf8'), 'utf8');
    return ecVerify('sha256', message, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export const sendgrid: Provider = {
  ...MANIFEST_ENTRY,
  delivery,
  // @sendgrid/eventwebhook checks no timestamp window, and SendGrid's docs set none.
  toleranceSeconds: null,
  keys: { devPrivateKey: DEV_PRIVATE_KEY, publicKey: sendgridPublicKey },
  detect(request) {
    return isSendgrid(request) ? { provider: 'sendgrid', event: batchEvent(request.body) } : null;
  },
  sign({ headers, body }, privateKeyPem, context) {
    const timestamp = String(Math.floor(context.now() / 1000));
    const signature = sendgridSignature(privateKeyOf(privateKeyPem, 'p256'), timestamp, body);
    return setHeaders(headers, [
      [SIGNATURE, signature],
      [TIMESTAMP, timestamp],
    ]);
  },
  verify: verifySendgrid,
  fixtures: () => listFixtures('sendgrid'),
  payload: sendgridPayload,
  encode: (event, payload) => sendgridEncode(event, payload),
};

/** Signed deliveries carry the signature headers; unsigned ones (signing is optional) SendGrid's user agent. */
function isSendgrid({ headers }: InboundRequest): boolean {
  return (
    hasHeader(headers, SIGNATURE) ||
    hasHeader(headers, TIMESTAMP) ||
    headerValue(headers, 'user-agent') === 'SendGrid Event API'
  );
}

/**
 * Checks as `new EventWebhook().verifySignature(convertPublicKeyToECDSA(key), body, signature, timestamp)`
 * does, then explains a failure. SendGrid's layout (one event a line, CRLF after each) is among the bodies
 * tried, since a parsed and re-serialized batch loses it.
 */
function verifySendgrid({ headers, body }: InboundRequest, publicKey: string, _nowMs: number): Verification {
  const found = singleHeaders(headers, [SIGNATURE, TIMESTAMP], 'SendGrid', '`hookctl trigger sendgrid`');
  if ('failure' in found) return found.failure;
  const [signature = '', timestamp = ''] = found.values;
  const key = sdkPublicKey(publicKey);
  if (key !== null && signedBy(key, timestamp, body, signature)) return { valid: true };

  if (key === null) return keyFormatProblem(publicKey);
  const badSignature = signatureProblem(signature);
  if (badSignature !== null) return badSignature;
  const events = parseEvents(body);
  const variants = [
    ...(events === null
      ? []
      : [
          {
            label: "SendGrid's layout (one event a line, CRLF after each)",
            body: Buffer.from(sendgridLayout(events)),
          },
        ]),
    { label: 'with the trailing CRLF SendGrid sends', body: Buffer.concat([body, Buffer.from('\r\n')]) },
    ...bodyVariants(body),
  ];
  const variant = variants.find(
    (candidate) => !candidate.body.equals(body) && signedBy(key, timestamp, candidate.body, signature),
  );
  if (variant !== undefined) {
    return fail(
      'body-changed',
      `The signature matches this body as ${variant.label}, not the bytes received: something re-encoded the ` +
        'body after SendGrid signed it. Verify the raw request bytes, before any body parser.',
    );
  }
  const devKey = sdkPublicKey(DEV_PUBLIC_KEY);
  if (
    publicKey.trim() !== DEV_PUBLIC_KEY &&
    devKey !== null &&
    signedBy(devKey, timestamp, body, signature)
  ) {
    return fail(
      'wrong-key',
      "This request was signed with hookctl's development key, not the key of the public key given: configure " +
        'the app with the key `hookctl keys sendgrid` prints while testing, or trigger with --private-key FILE.',
    );
  }
  const which =
    publicKey.trim() === DEV_PUBLIC_KEY ? "hookctl's development key" : 'the one of this verification key';
  return fail(
    'wrong-key',
    `The signature was made with another private key than ${which}: check with the verification key of the ` +
      'Event Webhook that sent it (--secret or $SENDGRID_WEBHOOK_PUBLIC_KEY; Settings → Mail Settings → Event ' +
      'Webhook, each webhook has its own key pair).',
  );
}
