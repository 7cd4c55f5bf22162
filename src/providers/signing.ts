import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC over the concatenation of `parts` (strings as UTF-8, buffers as they are). */
export function hmac(
  algorithm: 'sha256' | 'sha1',
  key: string | Buffer,
  parts: Array<string | Buffer>,
): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time string comparison, as the providers' SDKs do. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `42 seconds`, `6 minutes`, `3 hours`, `2 days`: how old a timestamp is, for explanations. */
export function describeAge(seconds: number): string {
  const abs = Math.abs(Math.round(seconds));
  const [value, unit] =
    abs < 120
      ? [abs, 'second']
      : abs < 7200
        ? [Math.round(abs / 60), 'minute']
        : abs < 172_800
          ? [Math.round(abs / 3600), 'hour']
          : [Math.round(abs / 86_400), 'day'];
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

export interface BodyVariant {
  /** What was done to the signed bytes, in words: `compact JSON (JSON.stringify)`. */
  label: string;
  body: Buffer;
}

/**
 * Plausible originals of a body that was re-serialized after signing (by express.json() and
 * JSON.stringify, a relay such as smee, or a form re-encoder). If the signature matches one of these but
 * not the bytes received, the body was changed in transit: the most common reason signatures fail.
 */
export function bodyVariants(body: Buffer): BodyVariant[] {
  const text = body.toString('utf8');
  const variants: BodyVariant[] = [];
  const add = (label: string, candidate: string) => {
    if (candidate !== text && !variants.some((variant) => variant.body.toString('utf8') === candidate)) {
      variants.push({ label, body: Buffer.from(candidate, 'utf8') });
    }
  };
  let parsed: unknown;
  let isJson = false;
  try {
    parsed = JSON.parse(text);
    isJson = true;
  } catch {}
  if (isJson) {
    add('indented JSON (2 spaces)', JSON.stringify(parsed, null, 2));
    add('indented JSON (2 spaces, trailing newline)', `${JSON.stringify(parsed, null, 2)}\n`);
    add('indented JSON (4 spaces)', JSON.stringify(parsed, null, 4));
    add('compact JSON', JSON.stringify(parsed));
    add('JSON with non-ASCII escaped as \\u', escapeNonAscii(JSON.stringify(parsed)));
    add('indented JSON with non-ASCII escaped', escapeNonAscii(JSON.stringify(parsed, null, 2)));
    add('JSON with slashes escaped as \\/', JSON.stringify(parsed).replaceAll('/', '\\/'));
  } else if (/^[\w.%+\-*~]+=[^&]*(&[\w.%+\-*~]+=[^&]*)*$/.test(text)) {
    add('form fields with spaces as %20', text.replaceAll('+', '%20'));
    add('form fields with spaces as +', text.replaceAll('%20', '+'));
    add('form fields re-encoded', new URLSearchParams(text).toString());
  }
  add('without the trailing newline', text.replace(/\r?\n$/, ''));
  add('with a trailing newline', `${text}\n`);
  add('with CRLF line endings', text.replace(/\r?\n/g, '\r\n'));
  add('with LF line endings', text.replace(/\r\n/g, '\n'));
  return variants;
}

function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
