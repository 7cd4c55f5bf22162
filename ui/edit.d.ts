// Types of edit.js, for the tests.

export interface EditableBody {
  /** Not UTF-8 text: shown and edited as base64. */
  binary: boolean;
  /** Every line ends in CRLF: edited with LF, sent with CRLF again. */
  crlf: boolean;
  text: string;
}

export interface EditorFields {
  to: string;
  headers: string;
  body: string;
  resign: boolean;
  provider: string;
  secret: string;
}

export interface ReplayPayload {
  to?: string;
  headers?: Array<[string, string]>;
  bodyBase64?: string;
  resign?: true;
  provider?: string;
  secret?: string;
}

export function headersToText(headers: ReadonlyArray<readonly [string, string]>): string;
export function parseHeaderText(text: string): Array<[string, string]>;
export function bodyForEditing(bytes: Uint8Array): EditableBody;
export function bodyFromEditing(value: string, shown: Pick<EditableBody, 'binary' | 'crlf'>): Uint8Array;
export function editedReplay(
  original: {
    detail: { forwardTo: string | null };
    bytes: Uint8Array;
    shown: EditableBody;
    initial: { headers: string; body: string };
  },
  fields: EditorFields,
): ReplayPayload;
