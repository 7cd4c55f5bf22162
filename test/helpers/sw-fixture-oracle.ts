// The Standard Webhooks senders' catalogues against their SDKs' own types: every fixture rendered as it is
// sent (`provider.payload`), then type-checked in memory against the type scripts/sw-types.ts names for it,
// with the TypeScript compiler API, one program for all four senders (as stripe-oracle.ts does for Stripe).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { SENDER_TYPES } from '../../scripts/sw-types.ts';
import { virtualProgram } from '../../scripts/ts-program.ts';
import type { JsonObject } from '../../src/providers/parse.ts';
import { seededContext } from './context.ts';
import { sender } from './sw-suite.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VIRTUAL = `${ROOT}test/__sw-oracle__.ts`;

export type Sender = keyof typeof SENDER_TYPES;
export const SENDERS = Object.keys(SENDER_TYPES) as Sender[];

export interface Rendered {
  sender: Sender;
  event: string;
  payload: JsonObject;
}

/** Every fixture of every sender, as `trigger` would send it now. */
export async function renderAll(nowMs: number): Promise<Rendered[]> {
  const out: Rendered[] = [];
  for (const name of SENDERS) {
    const provider = sender(name);
    for (const { event } of await provider.fixtures()) {
      const payload = await provider.payload(event, seededContext(nowMs, `${name}:${event}`));
      if (payload === null) throw new Error(`no ${name} template for ${event}`);
      out.push({ sender: name, event, payload });
    }
  }
  return out;
}

/** `sender event` → the type errors of its fixture (none when it is valid against the SDK's type). */
export function typeErrors(rendered: readonly Rendered[]): Map<string, string[]> {
  // The senders' declarations side by side: their names (Member, SvixWire, the imports) do not clash.
  const lines: string[] = [];
  const owners: string[] = [];
  const push = (line: string, owner = '') => {
    for (const part of line.split('\n')) {
      lines.push(part);
      owners.push(owner);
    }
  };
  for (const name of SENDERS) {
    push(SENDER_TYPES[name].imports);
  }
  for (const [n, { sender: name, event, payload }] of rendered.entries()) {
    push(
      `const f${n}: ${SENDER_TYPES[name].typeOf(event)} = ${JSON.stringify(payload)};`,
      `${name} ${event}`,
    );
  }
  const text = `${lines.join('\n')}\nexport {};\n`;
  const { program, source } = virtualProgram(VIRTUAL, text);
  const errors = new Map<string, string[]>(
    rendered.map(({ sender: name, event }) => [`${name} ${event}`, []]),
  );
  for (const diagnostic of [
    ...program.getSyntacticDiagnostics(source),
    ...program.getSemanticDiagnostics(source),
  ]) {
    const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
    const owner = owners[line] ?? '';
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' ');
    if (owner === '') throw new Error(`oracle source, line ${line}: ${message}`);
    errors.get(owner)?.push(message.slice(0, 300));
  }
  return errors;
}
