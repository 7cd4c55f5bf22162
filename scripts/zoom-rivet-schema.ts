// Reads Zoom's webhook event types out of the Rivet SDK's type declarations (zoom/rivet-javascript, one
// `<product>/<product>.d.ts` each) into plain data: `type MeetingEndedEvent = Event<"meeting.ended"> & {…}`
// becomes `{event: "meeting.ended", product: "meetings", schema: {…}}`. The TypeScript compiler parses the
// files; nothing of Rivet is run or copied into hookctl, only the shape of each event.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

/** A field's type, reduced to what a JSON payload can be. */
export type Shape =
  | { type: 'string' | 'number' | 'boolean' | 'null' | 'any' }
  | { type: 'literal'; values: Array<string | number | boolean> }
  | { type: 'array'; items: Shape }
  | { type: 'object'; properties: Record<string, { shape: Shape; optional: boolean }> }
  /** `A | B`, and Rivet's `ExactlyOneOf<[A, B]>` (one of the objects, without the others' keys). */
  | { type: 'union'; options: Shape[] };

export interface RivetEvent {
  event: string;
  product: string;
  schema: Shape;
}

/** Rivet's products, as its folders name them. */
export const PRODUCTS = [
  'accounts',
  'chatbot',
  'commerce',
  'marketplace',
  'meetings',
  'phone',
  'teamchat',
  'users',
  'videosdk',
] as const;

function shapeOf(node: ts.TypeNode, aliases: Map<string, ts.TypeNode>): Shape {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.NullKeyword:
      return { type: 'null' };
  }
  if (ts.isParenthesizedTypeNode(node)) return shapeOf(node.type, aliases);
  if (ts.isLiteralTypeNode(node)) {
    const literal = node.literal;
    if (ts.isStringLiteral(literal)) return { type: 'literal', values: [literal.text] };
    if (ts.isNumericLiteral(literal)) return { type: 'literal', values: [Number(literal.text)] };
    if (literal.kind === ts.SyntaxKind.TrueKeyword) return { type: 'literal', values: [true] };
    if (literal.kind === ts.SyntaxKind.FalseKeyword) return { type: 'literal', values: [false] };
    if (literal.kind === ts.SyntaxKind.NullKeyword) return { type: 'null' };
    if (ts.isPrefixUnaryExpression(literal) && ts.isNumericLiteral(literal.operand))
      return { type: 'literal', values: [-Number(literal.operand.text)] };
  }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: shapeOf(node.elementType, aliases) };
  if (ts.isTypeLiteralNode(node)) {
    const properties: Record<string, { shape: Shape; optional: boolean }> = {};
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || member.type === undefined) continue;
      const name = member.name.getText().replace(/^["']|["']$/g, '');
      properties[name] = {
        shape: shapeOf(member.type, aliases),
        optional: member.questionToken !== undefined,
      };
    }
    return { type: 'object', properties };
  }
  if (ts.isUnionTypeNode(node)) {
    const options = node.types.map((option) => shapeOf(option, aliases));
    if (options.every((option) => option.type === 'literal'))
      return { type: 'literal', values: options.flatMap((option) => option.values) };
    return { type: 'union', options };
  }
  if (ts.isIntersectionTypeNode(node)) {
    // `Event<"name"> & {…}`: the object literal part is the payload; Event<> only names it.
    const objects = node.types.filter((part) => !isEventReference(part));
    if (objects.length === 1 && objects[0] !== undefined) return shapeOf(objects[0], aliases);
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    const args = node.typeArguments ?? [];
    if (name === 'ExactlyOneOf' && args[0] !== undefined && ts.isTupleTypeNode(args[0]))
      return { type: 'union', options: args[0].elements.map((element) => shapeOf(element, aliases)) };
    if (name === 'Array' && args[0] !== undefined) return { type: 'array', items: shapeOf(args[0], aliases) };
    if (name === 'Record') return { type: 'object', properties: {} };
    const alias = aliases.get(name);
    if (alias !== undefined) return shapeOf(alias, aliases);
  }
  return { type: 'any' };
}

function isEventReference(node: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(node) && node.typeName.getText() === 'Event';
}

/** The event name of `Event<"name"> & {…}`, else null. */
function eventName(node: ts.TypeNode): string | null {
  if (!ts.isIntersectionTypeNode(node)) return null;
  for (const part of node.types) {
    const arg = ts.isTypeReferenceNode(part) && isEventReference(part) ? part.typeArguments?.[0] : undefined;
    if (arg !== undefined && ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal))
      return arg.literal.text;
  }
  return null;
}

/** Every `Event<"…">` type of one product's declaration file. */
export function productEvents(product: string, source: string): RivetEvent[] {
  const file = ts.createSourceFile(`${product}.d.ts`, source, ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, ts.TypeNode>();
  for (const statement of file.statements)
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement.type);
  const events: RivetEvent[] = [];
  for (const node of aliases.values()) {
    const event = eventName(node);
    if (event !== null) events.push({ event, product, schema: shapeOf(node, aliases) });
  }
  // The chatbot's events are interfaces: `interface BotNotification extends Event<"bot_notification"> {…}`.
  for (const statement of file.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const base = statement.heritageClauses?.[0]?.types[0];
    const arg = base?.expression.getText() === 'Event' ? base.typeArguments?.[0] : undefined;
    if (arg === undefined || !ts.isLiteralTypeNode(arg) || !ts.isStringLiteral(arg.literal)) continue;
    const schema = shapeOf(ts.factory.createTypeLiteralNode(statement.members), aliases);
    // `event` comes from the base `Event<"name">`, which the interface extends.
    if (schema.type === 'object' && schema.properties.event === undefined)
      schema.properties = {
        event: { shape: { type: 'literal', values: [arg.literal.text] }, optional: false },
        ...schema.properties,
      };
    events.push({ event: arg.literal.text, product, schema });
  }
  return events;
}

/** Every event of a Rivet checkout, sorted by name. */
export async function rivetEvents(root: string): Promise<RivetEvent[]> {
  const events: RivetEvent[] = [];
  for (const product of PRODUCTS) {
    const text = await readFile(`${root}/${product}/${product}.d.ts`, 'utf8').catch(() => null);
    if (text !== null) events.push(...productEvents(product, text));
  }
  return events.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
}

/**
 * The stored form of a shape (test/zoom-rivet-events.json), close to JSON Schema and small: `"string"`,
 * `{"enum": […]}`, `{"items": …}`, `{"anyOf": […]}`, `{"properties": {…}, "optional": [names]}`.
 */
export type StoredShape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'any'
  | { enum: Array<string | number | boolean> }
  | { items: StoredShape }
  | { anyOf: StoredShape[] }
  | { properties: Record<string, StoredShape>; optional?: string[] };

export function storeShape(shape: Shape): StoredShape {
  switch (shape.type) {
    case 'literal':
      return { enum: shape.values };
    case 'array':
      return { items: storeShape(shape.items) };
    case 'union':
      return { anyOf: shape.options.map(storeShape) };
    case 'object': {
      const entries = Object.entries(shape.properties);
      const optional = entries.filter(([, field]) => field.optional).map(([name]) => name);
      const properties = Object.fromEntries(entries.map(([name, field]) => [name, storeShape(field.shape)]));
      return optional.length === 0 ? { properties } : { properties, optional };
    }
    default:
      return shape.type;
  }
}

export function loadShape(stored: StoredShape): Shape {
  if (typeof stored === 'string') return { type: stored };
  if ('enum' in stored) return { type: 'literal', values: stored.enum };
  if ('items' in stored) return { type: 'array', items: loadShape(stored.items) };
  if ('anyOf' in stored) return { type: 'union', options: stored.anyOf.map(loadShape) };
  const optional = new Set(stored.optional ?? []);
  const properties: Record<string, { shape: Shape; optional: boolean }> = {};
  for (const [name, field] of Object.entries(stored.properties))
    properties[name] = { shape: loadShape(field), optional: optional.has(name) };
  return { type: 'object', properties };
}

/** Where a value departs from its shape (`payload.object.id: expected number`), or [] when it fits. */
export function shapeErrors(shape: Shape, value: unknown, path = '$'): string[] {
  switch (shape.type) {
    case 'any':
      return [];
    case 'null':
      return value === null ? [] : [`${path}: expected null`];
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === shape.type
        ? []
        : [`${path}: expected ${shape.type}, got ${JSON.stringify(value)}`];
    case 'literal':
      return shape.values.includes(value as string)
        ? []
        : [`${path}: expected one of ${shape.values.join(', ')}`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, index) => shapeErrors(shape.items, item, `${path}[${index}]`))
        : [`${path}: expected an array`];
    case 'union':
      return shape.options.some((option) => shapeErrors(option, value, path).length === 0)
        ? []
        : [`${path}: matches none of ${shape.options.length} alternatives`];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${path}: expected an object`];
      const record = value as Record<string, unknown>;
      const errors: string[] = [];
      for (const [name, { shape: inner, optional }] of Object.entries(shape.properties)) {
        if (!(name in record)) {
          if (!optional) errors.push(`${path}.${name}: required, missing`);
        } else errors.push(...shapeErrors(inner, record[name], `${path}.${name}`));
      }
      // Rivet's types are closed: a field they do not name is one Zoom does not send. A `$name` field stands
      // for any name (`old_object: {$changed_field_name?: string}`), and leaves the object open.
      const names = Object.keys(shape.properties);
      const open = names.length === 0 || names.some((name) => name.startsWith('$'));
      for (const name of Object.keys(record))
        if (!open && !(name in shape.properties)) errors.push(`${path}.${name}: not in Rivet's type`);
      return errors;
    }
  }
}
