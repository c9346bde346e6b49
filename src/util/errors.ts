/** Exit codes that CI can rely on. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
} as const;

/**
 * The one error class that reaches the edge of the program. The CLI prints `message` and `hint`
 * (never a stack trace) and exits with `exitCode`.
 */
export class ToolError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }
}
