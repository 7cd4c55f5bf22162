import { usageError } from './errors.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Applies `--set path=value` to a payload in place: `data.object.amount=5000`, `items.0.price=null`.
 * Values that parse as JSON keep their type (numbers, booleans, null, objects); anything else is a string.
 * Missing objects along the path are created.
 */
export function applySet(payload: Record<string, unknown>, assignment: string): void {
  const equals = assignment.indexOf('=');
  const path = equals === -1 ? '' : assignment.slice(0, equals).trim();
  if (path === '' || path.split('.').some((key) => key === '')) {
    throw usageError(`--set takes path=value, e.g. --set data.object.amount=5000 (got "${assignment}")`);
  }
  const value = parseValue(assignment.slice(equals + 1));
  const keys = path.split('.');
  let node: unknown = payload;
  for (const [index, key] of keys.entries()) {
    const last = index === keys.length - 1;
    if (Array.isArray(node)) {
      const position = /^\d+$/.test(key) ? Number(key) : Number.NaN;
      if (!(position <= node.length)) {
        throw usageError(
          `--set ${path}: "${key}" is not an index of the array at ${keys.slice(0, index).join('.')}`,
        );
      }
      if (last) node[position] = value;
      else node = node[position] ??= {};
    } else if (typeof node === 'object' && node !== null) {
      if (isUnsafeKey(key)) throw usageError(`--set ${path}: "${key}" cannot be set`);
      const record = node as Record<string, unknown>;
      if (last) record[key] = value;
      else {
        if (record[key] === undefined || record[key] === null) record[key] = {};
        node = record[key];
      }
    } else {
      throw usageError(`--set ${path}: ${keys.slice(0, index).join('.')} is a ${typeof node}, not an object`);
    }
  }
}

function parseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}
