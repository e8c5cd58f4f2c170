import type { ErrorCode, ErrorData } from '../../shared/errors';

/**
 * The one error type core throws. It carries a stable code and a message a
 * user can act on; `toData()` is what crosses a process boundary.
 */
export class PunieError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Text received before a failure (stream-broken keeps it). */
  readonly partialText: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown; partialText?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PunieError';
    this.code = code;
    this.hint = options.hint;
    this.partialText = options.partialText;
  }

  toData(): ErrorData {
    return this.hint === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isPunieError(e: unknown): e is PunieError {
  return e instanceof PunieError;
}

export function isAbortError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  if (e instanceof PunieError) return e.code === 'aborted';
  const name = (e as { name?: unknown }).name;
  // The openai and anthropic SDKs throw APIUserAbortError, whose `name` is plain 'Error'.
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  return name === 'AbortError' || name === 'APIUserAbortError' || ctor === 'APIUserAbortError';
}

/** Any thrown value as data for a face; unknown errors become `internal` without a stack. */
export function toErrorData(e: unknown): ErrorData {
  if (e instanceof PunieError) return e.toData();
  if (isAbortError(e)) return { code: 'aborted', message: 'Stopped.' };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: message || 'Something went wrong.' };
}
