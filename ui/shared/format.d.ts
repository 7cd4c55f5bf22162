// Types of format.js.

export function formatDuration(ms: number): string;
export function formatSize(bytes: number): string;
