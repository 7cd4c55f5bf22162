// The Stripe catalogue against the `stripe` package's own types: every event rendered as it is sent
// (`stripe.payload`), then type-checked in memory as `Extract<Stripe.Event, { type: E }>` with the
// TypeScript compiler API, one program for all events. Also placeholders (a string equal to its own key,
// fixtures3's `obj_…` ids), expanded stubs (`{id, object}` where the type takes the id string, as
// webhooks send it) and the state each event's name implies.
import { fileURLToPath } from 'node:url';
import type ts from 'typescript';
import { virtualProgram } from '../../scripts/ts-program.ts';
import { isJsonObject, type JsonObject } from '../../src/providers/parse.ts';
import { stripe } from '../../src/providers/stripe/index.ts';
import { seededContext } from './context.ts';

const NOW = 1_700_000_000_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside test/, so `import type Stripe from 'stripe'` resolves through node_modules as any test does.
const VIRTUAL = `${ROOT}test/__stripe-oracle__.ts`;

export interface Finding {
  event: string;
  path: string;
  reason: string;
}

export interface OracleReport {
  total: number;
  types: Finding[];
  states: Finding[];
  placeholders: Finding[];
  stubs: Finding[];
  ms: number;
}

// Two of the SDK's declarations, as the oracle reads them. Its enums are open (`'failed' | 'succeeded' |
// OtherString`) so that values Stripe adds do not break builds: closed here, a value the types do not name
// fails. Its decimal fields (`unit_amount_decimal`, `fx_rate`) are `Stripe.Decimal`, which it builds from API
// responses only: `constructEvent` returns the JSON as parsed, so a webhook carries the decimal strings Stripe
// sends; `Decimal` is a string here.
const PATCHED: Array<[string, RegExp, string]> = [
  [
    '/node_modules/stripe/esm/shared.d.ts',
    /export type OtherString = string & Record<never, never>;/,
    'export type OtherString = never;',
  ],
  [
    '/node_modules/stripe/esm/Decimal.d.ts',
    /export type Decimal = DecimalImpl & \{[^}]*\};/,
    'export type Decimal = string;',
  ],
];

/** What an event's name says about its resource: fields equal to a value, set, unset, or above zero. */
export interface StateRule {
  equal?: Record<string, unknown>;
  set?: string[];
  unset?: string[];
  positive?: string[];
}

const field = (object: JsonObject, path: string): unknown =>
  path.split('.').reduce<unknown>((at, key) => (isJsonObject(at) ? at[key] : undefined), object);
const present = (value: unknown) => value !== null && value !== undefined;

/** The parts of `rule` that `object` breaks, in words; empty when it holds. */
export function broken(rule: StateRule, object: JsonObject): string[] {
  return [
    ...Object.entries(rule.equal ?? {})
      .filter(([path, value]) => field(object, path) !== value)
      .map(([path, value]) => `${path} ${JSON.stringify(field(object, path))}, not ${JSON.stringify(value)}`),
    ...(rule.set ?? []).filter((path) => !present(field(object, path))).map((path) => `${path} not set`),
    ...(rule.unset ?? []).filter((path) => present(field(object, path))).map((path) => `${path} still set`),
    ...(rule.positive ?? [])
      .filter((path) => !((field(object, path) as number) > 0))
      .map((path) => `${path} ${JSON.stringify(field(object, path))}, not > 0`),
  ];
}

const status = (value: string, ...set: string[]): StateRule => ({ equal: { status: value }, set });
const paid = status('paid', 'status_transitions.paid_at');
const refunded: StateRule = { equal: { refunded: true }, positive: ['amount_refunded'] };
const noPendingUpdate: StateRule = { unset: ['pending_update'] };

/** Each event whose name implies a state, and that state. */
export const STATE_RULES: Record<string, StateRule> = {
  'application_fee.refunded': refunded,
  'charge.failed': status('failed', 'failure_code'),
  'charge.refunded': refunded,
  'charge.succeeded': status('succeeded'),
  'checkout.session.completed': status('complete'),
  'checkout.session.expired': status('expired'),
  'credit_note.voided': status('void', 'voided_at'),
  'customer.subscription.deleted': status('canceled', 'ended_at'),
  'customer.subscription.pending_update_applied': noPendingUpdate,
  'customer.subscription.pending_update_expired': noPendingUpdate,
  'customer.subscription.trial_will_end': status('trialing', 'trial_end'),
  'invoice.finalized': status('open', 'status_transitions.finalized_at'),
  'invoice.marked_uncollectible': status('uncollectible', 'status_transitions.marked_uncollectible_at'),
  'invoice.paid': paid,
  'invoice.payment_succeeded': paid,
  'invoice.voided': status('void', 'status_transitions.voided_at'),
  'payment_intent.canceled': status('canceled', 'canceled_at'),
  'payment_intent.payment_failed': { set: ['last_payment_error'] },
  'payment_intent.succeeded': status('succeeded'),
  'payment_method.attached': { set: ['customer'] },
  'payment_method.detached': { unset: ['customer'] },
  'payout.failed': status('failed', 'failure_code'),
  'payout.paid': status('paid'),
  'refund.failed': status('failed', 'failure_reason'),
  'source.canceled': status('canceled'),
  'source.chargeable': status('chargeable'),
  'source.failed': status('failed'),
  'terminal.reader.action_failed': { equal: { 'action.status': 'failed' } },
  'terminal.reader.action_succeeded': {
    equal: { 'action.status': 'succeeded' },
    unset: ['action.api_error'],
  },
  'transfer.reversed': { positive: ['amount_reversed'] },
};

/** `value` as a TypeScript initializer, one property a line, each line's field path in `paths`. */
function render(value: unknown, path: string, lines: string[], paths: string[]): void {
  const nested = (item: unknown) =>
    (Array.isArray(item) && item.length > 0) || (isJsonObject(item) && Object.keys(item).length > 0);
  const walk = (item: unknown, at: string, indent: string, prefix: string, suffix: string) => {
    if (!nested(item)) {
      lines.push(`${indent}${prefix}${JSON.stringify(item)}${suffix}`);
      paths.push(at);
      return;
    }
    const array = Array.isArray(item);
    lines.push(`${indent}${prefix}${array ? '[' : '{'}`);
    paths.push(at);
    const entries: Array<[string, unknown, string]> = array
      ? (item as unknown[]).map((v, i) => ['', v, `${at}[${i}]`])
      : Object.entries(item as JsonObject).map(([k, v]) => [
          `${JSON.stringify(k)}: `,
          v,
          at === '' ? k : `${at}.${k}`,
        ]);
    for (const [key, v, p] of entries) walk(v, p, `${indent}  `, key, ',');
    lines.push(`${indent}${array ? ']' : '}'}${suffix}`);
    paths.push(at);
  };
  walk(value, path, '', '', '');
}

interface Stub {
  event: string;
  path: string;
}

/** An object with an id: where the type also takes the id string, an expandable field a webhook sends unexpanded. */
function isStub(value: unknown): boolean {
  return isJsonObject(value) && typeof value.id === 'string' && typeof value.object === 'string';
}

function scan(event: string, value: unknown, path: string, out: OracleReport, stubs: Stub[]): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) scan(event, item, `${path}[${index}]`, out, stubs);
  }
  if (!isJsonObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (typeof item === 'string' && item === key)
      out.placeholders.push({ event, path: at, reason: `"${item}"` });
    else if (typeof item === 'string' && /(^|[^A-Za-z0-9])obj_/.test(item))
      out.placeholders.push({ event, path: at, reason: 'obj_ id' });
    if (isStub(item)) stubs.push({ event, path: at });
    scan(event, item, at, out, stubs);
  }
}

/** The type at `path` of event `event`'s payload, as a TypeScript type expression. */
function typeAt(event: string, path: string): string {
  let type = `Extract<Stripe.Event, { type: '${event}' }>`;
  for (const [, key, index] of path.matchAll(/(?:^|\.)([^.[]+)|(\[\d+\])/g)) {
    type = index === undefined ? `NonNullable<${type}>['${key}']` : `NonNullable<${type}>[number]`;
  }
  return type;
}

/** The last, most specific line of a diagnostic, the literal's own (long) type left out. */
function reasonOf(diagnostic: ts.Diagnostic): string {
  let chain: ts.DiagnosticMessageChain | string = diagnostic.messageText;
  while (typeof chain !== 'string' && chain.next?.[0] !== undefined) chain = chain.next[0];
  const text = typeof chain === 'string' ? chain : chain.messageText;
  return text.replace(/'\{[^']*'/g, 'the fixture').replace(/\s+/g, ' ');
}

/** Every event of the catalogue, rendered and checked. */
export async function checkStripeCatalogue(): Promise<OracleReport> {
  const started = performance.now();
  const fixtures = await stripe.fixtures();
  const report: OracleReport = {
    total: fixtures.length,
    types: [],
    states: [],
    placeholders: [],
    stubs: [],
    ms: 0,
  };
  const lines = ["import type Stripe from 'stripe';", 'declare const id: string;'];
  const paths = ['', ''];
  const owners: string[] = ['', ''];
  const stubs: Stub[] = [];
  for (const [n, { event }] of fixtures.entries()) {
    const payload = await stripe.payload(event, seededContext(NOW, event));
    if (payload === null) throw new Error(`no template for ${event}`);
    const object = (payload.data as JsonObject).object as JsonObject;
    const rule = STATE_RULES[event];
    for (const reason of rule === undefined ? [] : broken(rule, object)) {
      report.states.push({ event, path: 'data.object', reason });
    }
    scan(event, payload, '', report, stubs);
    lines.push(`const e_${n}: Extract<Stripe.Event, { type: '${event}' }> =`);
    paths.push('');
    render(payload, '', lines, paths);
    lines[lines.length - 1] += ';';
    while (owners.length < lines.length) owners.push(event);
  }
  const stubAt: Stub[] = [];
  for (const stub of stubs) {
    lines.push(`const s_${stubAt.length}: ${typeAt(stub.event, stub.path)} = id;`);
    paths.push(stub.path);
    owners.push(`stub:${stubAt.length}`);
    stubAt.push(stub);
  }
  const text = `${lines.join('\n')}\nexport {};\n`;
  const { program, source } = virtualProgram(VIRTUAL, text, PATCHED);
  const expandable = new Set(stubAt.map((_, index) => index));
  const seen = new Set<string>();
  for (const diagnostic of [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ]) {
    const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const owner = owners[line] ?? '';
    if (owner === '') throw new Error(`oracle source: ${reasonOf(diagnostic)} at line ${line}`);
    if (owner.startsWith('stub:')) {
      expandable.delete(Number(owner.slice(5)));
      continue;
    }
    const finding = { event: owner, path: `${paths[line] ?? ''}`, reason: reasonOf(diagnostic) };
    const key = JSON.stringify(finding);
    if (!seen.has(key)) report.types.push(finding);
    seen.add(key);
  }
  for (const index of expandable) {
    const stub = stubAt[index] as Stub;
    report.stubs.push({ ...stub, reason: 'expanded stub where the type takes the id string' });
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** The events with at least one finding, each with its first reason. */
export function failing(findings: readonly Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { event, path, reason } of findings) out[event] ??= `${path}: ${reason}`;
  return out;
}

export const KINDS = ['types', 'states', 'placeholders', 'stubs'] as const;
export type Kind = (typeof KINDS)[number];
export type Known = Record<Kind, Record<string, string>>;

/** The ratchet: the events each check still fails, with a reason, kept beside the test. */
export const KNOWN_FILE = new URL('../fixtures/stripe-known.json', import.meta.url);

export function known(report: OracleReport): Known {
  return {
    types: failing(report.types),
    states: failing(report.states),
    placeholders: failing(report.placeholders),
    stubs: failing(report.stubs),
  };
}

/** One line of counts: events clean of each check, out of all. */
export function summary(report: OracleReport): string {
  const now = known(report);
  const clean = (kind: Kind) => `${report.total - Object.keys(now[kind]).length}/${report.total}`;
  return [
    `valid against the stripe types ${clean('types')}`,
    `state rules hold ${clean('states')} (${Object.keys(STATE_RULES).length} rules)`,
    `no placeholders ${clean('placeholders')}`,
    `no expanded stubs ${clean('stubs')}`,
    `${report.ms} ms`,
  ].join('; ');
}
