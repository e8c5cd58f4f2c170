import { RequestError } from '@agentclientprotocol/sdk';
import type { ErrorCode, ErrorData } from '../../shared/errors';
import { isAbortError, isPunieError } from '../core/errors';

/**
 * Punie's errors as JSON-RPC errors an editor shows: the message and its
 * hint in one sentence pair the user can act on, the stable code in `data`
 * for clients that read it. Bad input is "invalid params"; a missing
 * conversation is "resource not found"; the rest are internal errors in
 * JSON-RPC's terms, whatever their cause (a server that is down, a model
 * not loaded, a missing key).
 */

/** JSON-RPC codes (the SDK's RequestError helpers use the same). */
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;
const RESOURCE_NOT_FOUND = -32002;
const REQUEST_CANCELLED = -32800;

export function requestErrorOf(error: ErrorData): RequestError {
  const message = error.hint ? `${error.message} ${error.hint}` : error.message;
  return new RequestError(jsonRpcCode(error.code), message, { code: error.code, ...(error.hint ? { hint: error.hint } : {}) });
}

/** Any thrown value as a RequestError: PunieErrors keep their words; anything else is an internal error that says where to look. */
export function toRequestError(e: unknown): RequestError {
  if (e instanceof RequestError) return e;
  if (isPunieError(e)) return requestErrorOf(e.toData());
  if (isAbortError(e)) return new RequestError(REQUEST_CANCELLED, 'Stopped.', { code: 'aborted' });
  return new RequestError(INTERNAL_ERROR, `Punie failed unexpectedly: ${e instanceof Error ? e.message : String(e)}. Run with PUNIE_LOG=debug for details.`, {
    code: 'internal',
  });
}

function jsonRpcCode(code: ErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'invalid-spec':
      return INVALID_PARAMS;
    case 'not-found':
      return RESOURCE_NOT_FOUND;
    case 'aborted':
      return REQUEST_CANCELLED;
    default:
      return INTERNAL_ERROR;
  }
}
