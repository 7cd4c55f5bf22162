// Types of bytes.js, for the tests.

export function base64ToBytes(base64: string | null | undefined): Uint8Array;
export function bytesToBase64(bytes: Uint8Array): string;
