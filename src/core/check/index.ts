// `hookctl check`: plays the provider, and the attacker, against a running webhook handler and grades
// each answer. Every check sends only to the target; each forged delivery is built from a correct one.
import type { Delivery, OutboundRequest } from '../../http/client.ts';
import { type HeaderPair, setHeaders } from '../../http/headers.ts';
import { usageError } from '../../lib/errors.ts';
import { findProviderOrThrow } from '../../providers/lookup.ts';
import { mediaType } from '../../providers/parse.ts';
import { resolveSigningSecret } from '../../providers/secret.ts';
import { describeAge } from '../../providers/signing.ts';
import type { Provider, ProviderContext } from '../../providers/types.ts';
import { type BuiltTrigger, buildTrigger, scaledDeadline, signAgain } from '../send/index.ts';
import {
  anotherPrivateKey,
  anotherSecret,
  combineSignatures,
  reserializationTrap,
  tamperOneByte,
} from './bytes.ts';
import { representativeEvent } from './events.ts';
import {
  type CheckName,
  type CheckOptions,
  type CheckReport,
  type CheckResult,
  type CheckWorld,
  INFORMATIONAL_CHECKS,
  REQUIRED_CHECKS,
} from './types.ts';

export { representativeEvent } from './events.ts';
export * from './types.ts';

const ok2xx = (answer: Delivery) => answer.status !== null && answer.status >= 200 && answer.status < 300;
const refused = (answer: Delivery) => answer.status !== null && answer.status >= 400 && answer.status < 500;
const said = (answer: Delivery) =>
  answer.status === null ? `no answer (${answer.error ?? 'no response'})` : `${answer.status}`;

interface Run {
  provider: Provider;
  event: string;
  options: CheckOptions;
  world: CheckWorld;
  /** A fresh, correctly signed delivery (new ids), signed at `at` (default now). */
  build(at?: number, secret?: string): Promise<BuiltTrigger>;
  sign(
    built: BuiltTrigger,
    body: Buffer,
    headers?: HeaderPair[],
    at?: number,
    secret?: string,
  ): OutboundRequest;
  send(request: OutboundRequest): Promise<Delivery>;
}

type Check = (run: Run) => Promise<Omit<CheckResult, 'name' | 'required'>>;

/** Checks that only make sense for some schemes: null means "does not apply", and it is left out. */
const APPLIES: Partial<Record<CheckName, (provider: Provider, secret: string) => boolean>> = {
  'raw-body': (provider, secret) => provider.proofWithoutBody?.(secret) !== true,
  tampered: (provider, secret) => provider.proofWithoutBody?.(secret) !== true,
  stale: (provider, secret) =>
    provider.toleranceSeconds !== null && provider.proofWithoutBody?.(secret) !== true,
  rotation: (provider) => provider.signatureList !== undefined,
  oversize: (provider) => provider.delivery.maxBodyBytes !== undefined,
};

function verdict(
  okay: boolean,
  sent: string,
  answer: Delivery,
  pass: string,
  fail: string,
  fix?: string,
): Omit<CheckResult, 'name' | 'required'> {
  const result: Omit<CheckResult, 'name' | 'required'> = {
    ok: okay,
    sent,
    status: answer.status,
    durationMs: Math.round(answer.durationMs),
    message: okay ? pass : fail,
  };
  if (!okay && fix !== undefined) result.fix = fix;
  return result;
}

const RAW_BODY_FIX =
  "verify the raw bytes before any body parser: in Express use express.raw({ type: 'application/json' }) on this route (or the provider SDK's raw-body helper), and parse after verifying.";

const CHECKS: Record<CheckName, Check> = {
  async valid(run) {
    const built = await run.build();
    const answer = await run.send(built.request);
    return verdict(
      ok2xx(answer),
      `${run.event}, correctly signed`,
      answer,
      `answered ${said(answer)} to a correctly signed event`,
      `answered ${said(answer)} to a correctly signed event: ${run.provider.title} would retry it, and every real one would fail the same way`,
      `check the secret the handler uses (${run.provider.title}'s is in $${run.provider.secretEnv}; hookctl signed with the one check was given), and see why with \`hookctl listen --verify ${run.provider.name}\`.`,
    );
  },
  async 'raw-body'(run) {
    const built = await run.build();
    const trap = reserializationTrap(built.request.body, mediaType(built.request.headers));
    const body = trap ?? built.request.body;
    const answer = await run.send(run.sign(built, body));
    return verdict(
      ok2xx(answer),
      trap === null
        ? `${run.event} as ${run.provider.title} lays it out`
        : `${run.event}, correctly signed, in bytes that JSON.parse then JSON.stringify does not give back (escapes, layout)`,
      answer,
      `answered ${said(answer)}: the handler verifies the bytes it received`,
      `answered ${said(answer)} to a correctly signed event whose bytes are not what re-serializing its parse gives: the handler verifies re-serialized JSON (express.json() then JSON.stringify), which fails on real ${run.provider.title} deliveries`,
      RAW_BODY_FIX,
    );
  },
  async unsigned(run) {
    const built = await run.build();
    const headers = built.unsignedHeaders;
    const answer = await run.send({ ...built.request, headers });
    return verdict(
      refused(answer),
      `${run.event} without its signature header(s)`,
      answer,
      `refused it (${said(answer)})`,
      `answered ${said(answer)} to an event with no signature: the handler does not verify signatures, so anyone who finds the URL can post events`,
      `verify every request as ${run.provider.title}'s SDK does before acting on it, and answer 401 when it fails.`,
    );
  },
  async 'wrong-secret'(run) {
    const built = await run.build();
    const other =
      run.provider.keys === undefined
        ? anotherSecret(built.secret.secret)
        : anotherPrivateKey(built.secret.secret);
    const answer = await run.send(run.sign(built, built.request.body, undefined, undefined, other));
    return verdict(
      refused(answer),
      `${run.event} signed with another ${run.provider.keys === undefined ? 'secret' : 'private key'}`,
      answer,
      `refused it (${said(answer)})`,
      `answered ${said(answer)} to an event signed with another ${run.provider.keys === undefined ? 'secret' : 'key'}: the handler does not check the signature against its secret`,
      'compare the signature with one computed from your secret (in constant time), not only that a signature header is there.',
    );
  },
  async tampered(run) {
    const built = await run.build();
    const request = { ...built.request, body: tamperOneByte(built.request.body) };
    const answer = await run.send(request);
    return verdict(
      refused(answer),
      `${run.event} with one body byte changed after signing`,
      answer,
      `refused it (${said(answer)})`,
      `answered ${said(answer)} to a body changed after signing: the handler does not verify the body it acts on`,
      'compute the signature over the exact body bytes you then parse and act on.',
    );
  },
  async stale(run) {
    const tolerance = run.provider.toleranceSeconds ?? 0;
    const age = tolerance + 300;
    const built = await run.build(run.world.context.now() - age * 1000);
    const answer = await run.send(built.request);
    return verdict(
      refused(answer),
      `${run.event} signed ${describeAge(age)} ago`,
      answer,
      `refused it (${said(answer)})`,
      `answered ${said(answer)} to a signature ${describeAge(age)} old, beyond ${run.provider.title}'s ${describeAge(tolerance)}: a captured request can be replayed at will`,
      `refuse timestamps older than ${describeAge(tolerance)}, as ${run.provider.title}'s SDK does (its verify function checks it when given the timestamp header).`,
    );
  },
  async deadline(run) {
    const built = await run.build();
    const answer = await run.send(built.request);
    const limit = scaledDeadline(run.provider.delivery, run.options.timeScale ?? 1);
    const inTime = ok2xx(answer) && answer.durationMs <= limit;
    return verdict(
      inTime,
      `${run.event}, timing the answer`,
      answer,
      `answered ${said(answer)} in ${Math.round(answer.durationMs)} ms, within ${run.provider.title}'s ${limit} ms`,
      `answered ${said(answer)} in ${Math.round(answer.durationMs)} ms; ${run.provider.title} waits ${limit} ms, then counts the delivery as failed and sends it again`,
      'acknowledge first (2xx at once) and do the work afterwards, on a queue or after the response is sent.',
    );
  },
  async duplicate(run) {
    const built = await run.build();
    const first = await run.send(built.request);
    const again = await run.send(run.sign(built, built.request.body));
    const [a, b] = await Promise.all([
      run.send(run.sign(built, built.request.body)),
      run.send(run.sign(built, built.request.body)),
    ]);
    const answers = [first, again, a, b];
    const bad = answers.find((answer) => !ok2xx(answer));
    return verdict(
      bad === undefined,
      `${run.event} four times with the same id and bytes (freshly signed), the last two at once`,
      bad ?? again,
      `answered 2xx every time (${answers.map(said).join(', ')})`,
      `answered ${answers.map(said).join(', ')}: ${run.provider.title} retries anything but a 2xx, so a redelivery answered ${said(bad ?? again)} comes back again and again`,
      'make the handler idempotent: record the event id, and answer 2xx to one you have seen without doing the work twice (never 409).',
    );
  },
  async rotation(run) {
    const at = run.world.context.now();
    const separator = run.provider.signatureList ?? ',';
    // Two events (a provider sends each once, with both signatures), one for each order.
    const rolled = async (oldFirst: boolean) => {
      const built = await run.build();
      const signWith = (secret: string) => run.sign(built, built.request.body, undefined, at, secret).headers;
      const right = signWith(built.secret.secret);
      const old = signWith(anotherSecret(built.secret.secret));
      const headers = combineSignatures(oldFirst ? [old, right] : [right, old], separator);
      return run.send({ ...built.request, headers });
    };
    const oldFirst = await rolled(true);
    const newFirst = await rolled(false);
    const okay = ok2xx(oldFirst) && ok2xx(newFirst);
    return verdict(
      okay,
      `${run.event} with an old and the current signature in one header, in both orders`,
      ok2xx(oldFirst) ? newFirst : oldFirst,
      `answered ${said(oldFirst)} and ${said(newFirst)}: any matching signature is accepted`,
      `answered ${said(oldFirst)} with the old signature first and ${said(newFirst)} with it last: the handler reads only one signature, so deliveries fail while ${run.provider.title} rolls a secret`,
      `accept the request when any of the signatures in the header matches (${run.provider.title}'s SDK does).`,
    );
  },
  async 'out-of-order'(run) {
    const built = await run.build();
    const answer = await run.send(built.request);
    return verdict(
      true,
      `${run.event} for an object no earlier event announced`,
      answer,
      `answered ${said(answer)} to an event whose predecessors never came (informational: providers do not promise order)`,
      '',
    );
  },
  async oversize(run) {
    const built = await run.build();
    const max = run.provider.delivery.maxBodyBytes ?? 0;
    const text = built.request.body.toString('utf8');
    const end = text.lastIndexOf('}');
    // A JSON body grown past the cap with a padding field, signed like any other delivery.
    const padding = 'x'.repeat(Math.max(0, max + 1 - text.length));
    const body = Buffer.from(`${text.slice(0, end)},"hookctl_padding":"${padding}"${text.slice(end)}`);
    const answer = await run.send(run.sign(built, body));
    return verdict(
      true,
      `${run.event} grown to ${body.length} bytes, over ${run.provider.title}'s documented ${max}`,
      answer,
      `answered ${said(answer)} to a body over ${run.provider.title}'s cap (informational: ${run.provider.title} never sends one; refusing with 413 is fine)`,
      '',
    );
  },
  async method(run) {
    const built = await run.build();
    const answer = await run.send({
      ...built.request,
      method: 'GET',
      headers: [['Host', built.request.headers[0]?.[1] ?? '']],
      body: Buffer.alloc(0),
    });
    return verdict(
      true,
      'a GET to the webhook URL',
      answer,
      `answered ${said(answer)} to a GET (informational: 405 is the usual answer; ${run.provider.title} only POSTs)`,
      '',
    );
  },
};

/** Every check that applies to `provider`, in the contract's order, after `--only` and `--skip`. */
export function plannedChecks(
  provider: Provider,
  secret: string,
  only?: readonly string[],
  skip?: readonly string[],
): CheckName[] {
  const all: CheckName[] = [...REQUIRED_CHECKS, ...INFORMATIONAL_CHECKS];
  for (const name of [...(only ?? []), ...(skip ?? [])]) {
    if (!all.includes(name as CheckName)) {
      throw usageError(`unknown check "${name}": the checks are ${all.join(', ')}`);
    }
  }
  return all.filter(
    (name) =>
      (APPLIES[name]?.(provider, secret) ?? true) &&
      (only === undefined || only.length === 0 || only.includes(name)) &&
      !(skip ?? []).includes(name),
  );
}

/** Runs the battery against `options.to` and grades each answer. */
export async function runChecks(options: CheckOptions, world: CheckWorld): Promise<CheckReport> {
  const provider = findProviderOrThrow(options.provider);
  const event = options.event ?? (await representativeEvent(provider));
  const secret = resolveSigningSecret(
    provider,
    { secret: options.secret, privateKey: options.privateKey },
    options.env,
  );
  const names = plannedChecks(provider, secret.secret, options.only, options.skip);
  const build = (at?: number, secret?: string): Promise<BuiltTrigger> => {
    const context: ProviderContext = at === undefined ? world.context : { ...world.context, now: () => at };
    return buildTrigger({
      provider: provider.name,
      event,
      secret: secret ?? options.secret,
      privateKey: options.privateKey,
      sets: [],
      data: undefined,
      target: options.to,
      publicUrl: options.publicUrl,
      context,
      env: options.env,
    });
  };
  // Signing again keeps the delivery's own headers (ids) and replaces the signature.
  const sign = (
    built: BuiltTrigger,
    body: Buffer,
    headers?: HeaderPair[],
    at?: number,
    secret?: string,
  ): OutboundRequest => {
    const context: ProviderContext = at === undefined ? world.context : { ...world.context, now: () => at };
    const changes = secret === undefined ? { body } : { body, secret };
    const signed = signAgain(built, headers ?? built.request.headers, context, changes);
    return { ...built.request, body, headers: setHeaders(signed, [['Content-Length', String(body.length)]]) };
  };
  const run: Run = { provider, event, options, world, build, sign, send: (request) => world.send(request) };
  const checks: CheckResult[] = [];
  for (const name of names) {
    const required = (REQUIRED_CHECKS as readonly string[]).includes(name);
    const result: CheckResult = { name, required, ...(await CHECKS[name](run)) };
    checks.push(result);
    world.onResult?.(result);
  }
  const graded = checks.filter((check) => check.required);
  return {
    provider: provider.name,
    to: options.to.href,
    event,
    checks,
    passed: graded.filter((check) => check.ok).length,
    failed: graded.filter((check) => !check.ok).length,
  };
}
