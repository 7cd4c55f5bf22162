// Types of body.js, for the TypeScript side (src/output/body.ts and the tests).

export interface DecodeOptions {
  /** Keep a leading byte order mark in the text (default: drop it, as TextDecoder does). */
  keepBom?: boolean;
}

export function decodeText(bytes: Uint8Array, options?: DecodeOptions): string | null;
export function isBinary(bytes: Uint8Array): boolean;
export function trimIncompleteUtf8<T extends Uint8Array>(bytes: T): T;
export function utf8Length(text: string): number;
export function mimeType(contentType: string | null | undefined): string;
export function isJsonMime(mime: string): boolean;
export function parsesAsJson(text: string): boolean;
export function looksLikeJson(text: string): boolean;

export type BodyClass =
  | { kind: 'empty'; text: '' }
  | { kind: 'binary'; text: null }
  | { kind: 'form' | 'json' | 'text'; text: string };

export function classifyBody(
  bytes: Uint8Array,
  contentType: string | null | undefined,
  options?: DecodeOptions,
): BodyClass;

export interface JsonToken {
  kind: 'space' | 'punct' | 'string' | 'number' | 'literal';
  text: string;
}

export function tokenizeJson(text: string): JsonToken[];

export interface JsonPiece {
  /** `plain` is punctuation and white space; the others are tokens to colour. */
  kind: 'plain' | 'key' | 'string' | 'number' | 'literal';
  text: string;
}

export function jsonPieces(text: string): JsonPiece[];
export function prettyJsonPieces(text: string): JsonPiece[];

export interface FormField {
  name: string;
  value: string;
  /** The value is JSON (starts with `{` or `[` and parses). */
  json: boolean;
}

export function formFields(text: string): FormField[];

export interface HexRow {
  offset: string;
  hex: string;
  ascii: string;
}

export function hexRows(bytes: Uint8Array, limit: number): HexRow[];
