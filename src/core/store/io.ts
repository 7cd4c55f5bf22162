import { close, open, readSync, writev, writevSync } from 'node:fs';

/*
 * The capture hot path appends a record to an open segment file: no file is created per request. Small
 * writes are synchronous: a write to an open file lands in the page cache in microseconds, less than a
 * round trip through the libuv pool, which on a busy core costs more CPU (thread wake-ups, context
 * switches, promise bookkeeping) than the syscall it carries (BENCHMARKS.md). Opening and closing files,
 * and writes of large bodies, go to the pool: they can stall (directory locks, inode allocation, NFS
 * flushes on close) and the event loop must not wait for that.
 * Plain fds, not FileHandle, so every caller closes in a `finally`.
 */

/** Writes up to this size are done synchronously (see above). */
export const SYNC_WRITE_MAX = 64 * 1024;

/** `open(2)` on the libuv pool; resolves to the fd. */
export function openFd(file: string, flags: string, mode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    open(file, flags, mode, (error, fd) => (error ? reject(error) : resolve(fd)));
  });
}

export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    close(fd, (error) => (error ? reject(error) : resolve()));
  });
}

function writevAt(fd: number, buffers: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writev(fd, buffers, position, (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)));
  });
}

/** What is left of `buffers` once `written` bytes of them are out. */
function rest(buffers: Buffer[], written: number): Buffer[] {
  let skip = written;
  const left: Buffer[] = [];
  for (const buf of buffers) {
    if (skip >= buf.length) skip -= buf.length;
    else {
      left.push(skip > 0 ? buf.subarray(skip) : buf);
      skip = 0;
    }
  }
  return left;
}

/** Writes every byte of `buffers` at `position` synchronously, without joining them. */
export function writeAllSync(fd: number, buffers: Buffer[], position: number): void {
  let pending = buffers.filter((b) => b.length > 0);
  let offset = position;
  while (pending.length > 0) {
    const bytesWritten = writevSync(fd, pending, offset);
    if (bytesWritten === 0) throw new Error('write made no progress');
    offset += bytesWritten;
    pending = rest(pending, bytesWritten);
  }
}

/** Writes every byte of `buffers` at `position` on the libuv pool (bodies can be 25 MB+: never joined). */
export async function writeAllAt(fd: number, buffers: Buffer[], position: number): Promise<void> {
  let pending = buffers.filter((b) => b.length > 0);
  let offset = position;
  while (pending.length > 0) {
    const bytesWritten = await writevAt(fd, pending, offset);
    if (bytesWritten === 0) throw new Error('write made no progress');
    offset += bytesWritten;
    pending = rest(pending, bytesWritten);
  }
}

/** Fills `buf` from `position`, or less at the end of the file; returns the bytes read. */
export function readAt(fd: number, buf: Buffer, position: number): number {
  let filled = 0;
  while (filled < buf.length) {
    const bytesRead = readSync(fd, buf, filled, buf.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
