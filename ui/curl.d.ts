// Types of curl.js, for the tests.

/** The fields of a capture's full record (`show --json`) the command is made from. */
export interface CurlDetail {
  id: string;
  method: string;
  path: string;
  headers: ReadonlyArray<readonly [string, string]>;
  forwardTo: string | null;
  forward: { url?: string } | null;
}

export function shellQuote(text: string): string;
export function requestUrl(detail: CurlDetail): string;
export function curlCommand(detail: CurlDetail, bytes: Uint8Array): string;
