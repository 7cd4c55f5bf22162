// Types of http.js.

type Pair = readonly [name: string, value: string];

export function isHeaderName(name: string): boolean;
export function isHeaderValue(value: string): boolean;
export function headerProblem(headers: readonly Pair[]): string | null;
export function headerValue(headers: readonly Pair[] | null | undefined, name: string): string | null;
export function joinTargetPath(
  base: { readonly pathname: string; readonly search: string },
  inbound: string,
): string;
