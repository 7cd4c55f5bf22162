/** Exit codes from the contract: 0 success, 1 the job ran and failed, 2 bad usage or bad input. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the program throws on purpose. The top-level catch in `cli.ts` prints
 * `✗ message` on stderr and exits with `exitCode`; anything else is a bug and gets exit 1.
 */
export class HookctlError extends Error {
  readonly exitCode: ExitCode;
  readonly code: string;

  constructor(message: string, options: { exitCode?: ExitCode; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HookctlError';
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.code = options.code ?? 'EHOOKCTL';
  }
}

/** Bad usage or bad input: exit 2. */
export function usageError(message: string, code = 'EUSAGE'): HookctlError {
  return new HookctlError(message, { exitCode: ExitCode.usage, code });
}
