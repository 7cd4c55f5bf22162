// Builds a JSON value for a TypeScript type read from an SDK's declarations: every required property,
// the optional ones asked for, each value from a table of realistic values written by hand, or taken
// from the type where the type decides it (a string-literal union, an enum member, a boolean). A field
// the table has no value for and the type does not decide is reported, not invented: the generator
// fails until the table names it. Used by scripts/gen-paddle-fixtures.ts and gen-linear-fixtures.ts.
import ts from 'typescript';
import { CHECK_OPTIONS } from '../ts-program.ts';

/** Leave a field out although the type has it. */
export const OMIT: unique symbol = Symbol('omit');

export interface Table {
  /** The value of the field at `path` (`data.items[].price.id`) named `name`; undefined: from the type. */
  value(path: string, name: string): unknown;
  /** Whether an optional field is written (with a value from `value`, or from its type). */
  optional(path: string, name: string): boolean;
}

export interface Synthesized {
  value: unknown;
  /** Paths the table had no value for and the type did not decide. */
  missing: string[];
}

export function program(entry: string): { checker: ts.TypeChecker; exports: Map<string, ts.Symbol> } {
  const built = ts.createProgram([entry], CHECK_OPTIONS);
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(entry);
  const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (symbol === undefined) throw new Error(`cannot read ${entry}`);
  const exports = new Map(checker.getExportsOfModule(symbol).map((item) => [item.name, item]));
  return { checker, exports };
}

const isNullish = (type: ts.Type) => (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;

export function synthesize(checker: ts.TypeChecker, root: ts.Type, table: Table): Synthesized {
  const missing: string[] = [];
  const walk = (type: ts.Type, path: string, name: string, depth: number): unknown => {
    const given = table.value(path, name);
    if (given !== undefined) return given;
    if (depth > 12) {
      missing.push(`${path} (nested too deep)`);
      return null;
    }
    if (type.isUnion()) {
      const members = type.types.filter((member) => !isNullish(member));
      if (members.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) return false;
      // A discriminated union: the member whose literal property the table names (`notification.type`).
      const chosen = members.find((member) =>
        checker.getPropertiesOfType(member).some((property) => {
          const literal = checker.getTypeOfSymbol(property);
          const wanted = table.value(`${path}.${property.name}`, property.name);
          return literal.isStringLiteral() && wanted === literal.value;
        }),
      );
      const first = chosen ?? members[0];
      if (first === undefined) return null;
      return walk(first, path, name, depth);
    }
    if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
    if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
    if (type.flags & ts.TypeFlags.Boolean) return false;
    if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      missing.push(`${path}: ${checker.typeToString(type)}`);
      return null;
    }
    if (checker.isArrayType(type)) {
      const element = checker.getTypeArguments(type as ts.TypeReference)[0];
      return element === undefined ? [] : [walk(element, `${path}[]`, name, depth + 1)];
    }
    if (type.getSymbol()?.name === 'Date') {
      missing.push(`${path}: Date`);
      return null;
    }
    const object: Record<string, unknown> = {};
    for (const property of checker.getPropertiesOfType(type)) {
      const key = property.name;
      if (key === '__typename') continue;
      const at = path === '' ? key : `${path}.${key}`;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      if (optional && !table.optional(at, key)) continue;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType =
        declaration === undefined
          ? checker.getTypeOfSymbol(property)
          : checker.getTypeOfSymbolAtLocation(property, declaration);
      const value = walk(propertyType, at, key, depth + 1);
      if (value !== OMIT) object[key] = value;
    }
    return object;
  };
  return { value: walk(root, '', '', 0), missing };
}
