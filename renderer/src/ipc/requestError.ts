import type { ErrorCode, ErrorData } from '../../../shared/errors';

/**
 * A failed request or run as the UI sees it: a stable code, a message a user
 * can act on and an optional hint. Never carries a stack to the screen.
 */
export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(data: ErrorData) {
    super(data.message);
    this.name = 'RequestError';
    this.code = data.code;
    this.hint = data.hint;
  }

  toData(): ErrorData {
    return this.hint === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Any thrown value as ErrorData; unknown failures become `internal` with a plain message. */
export function toErrorData(e: unknown): ErrorData {
  if (e instanceof RequestError) return e.toData();
  return { code: 'internal', message: 'Something went wrong inside Punie. Try again; if it keeps happening, restart the app.' };
}
