/**
 * Stable error codes. Every failure that reaches a face carries one of these,
 * plus a message a user can act on. The CLI maps codes to exit codes; the
 * renderer maps them to messages and actions.
 */
export const ERROR_CODES = [
  // model specs and configuration
  'invalid-spec',
  'invalid-input',
  // local servers and providers
  'server-unavailable',
  'model-not-loaded',
  'model-not-found',
  'auth-missing',
  'auth-failed',
  'context-overflow',
  'rate-limited',
  'stream-broken',
  'stream-too-large',
  'server-error',
  'bad-request',
  // the agent and its tools
  'permission-denied',
  'outside-workspace',
  /** A conversation's folder is gone (moved or deleted): pick it again or start a new conversation. */
  'workspace-missing',
  'tool-failed',
  'tool-timeout',
  'invalid-tool-call',
  'max-turns',
  'aborted',
  // the shell and the store
  'forbidden-sender',
  'not-found',
  'conflict',
  /** Another Punie process is writing this conversation (one writer per conversation). */
  'conversation-in-use',
  'unsupported',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];


/** An error as it crosses a process boundary: plain data, never an Error instance (its schema: errorData.ts). */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  hint?: string | undefined;
}

/** Process exit codes of the `punie` CLI, by error code. */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  serverUnavailable: 3,
  model: 4,
  auth: 5,
  inUse: 6,
  interrupted: 130,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-spec':
    case 'invalid-input':
      return EXIT_CODES.usage;
    case 'server-unavailable':
      return EXIT_CODES.serverUnavailable;
    case 'model-not-loaded':
    case 'model-not-found':
      return EXIT_CODES.model;
    case 'auth-missing':
    case 'auth-failed':
      return EXIT_CODES.auth;
    case 'conversation-in-use':
      return EXIT_CODES.inUse;
    case 'aborted':
      return EXIT_CODES.interrupted;
    default:
      return EXIT_CODES.failure;
  }
}

/** Errors worth retrying with backoff (and only these). */
export function isRetryable(code: ErrorCode): boolean {
  return code === 'rate-limited' || code === 'server-error';
}
