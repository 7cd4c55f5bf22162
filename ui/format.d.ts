// Types of format.js, for the tests.

export { formatDuration, formatSize } from './shared/format.js';

export function formatTime(iso: string, now?: Date): string;
export function formatDateTime(iso: string): string;
export function statusText(status: number): string;
export function statusClass(status: number | null | undefined): string;
