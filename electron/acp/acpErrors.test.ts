import { RequestError } from '@agentclientprotocol/sdk';
import { describe, expect, it } from 'vitest';
import { PunieError } from '../core/errors';
import { requestErrorOf, toRequestError } from './acpErrors';

describe('Punie errors as JSON-RPC errors', () => {
  it('message and hint together, the code in data', () => {
    const e = requestErrorOf({ code: 'auth-missing', message: 'No OpenAI key.', hint: 'Set OPENAI_API_KEY.' });
    expect(e).toBeInstanceOf(RequestError);
    expect({ code: e.code, message: e.message, data: e.data }).toEqual({ code: -32603, message: 'No OpenAI key. Set OPENAI_API_KEY.', data: { code: 'auth-missing', hint: 'Set OPENAI_API_KEY.' } });
  });

  it('bad input is invalid params, not-found is resource not found, anything unexpected says where to look', () => {
    expect(toRequestError(new PunieError('invalid-spec', 'Invalid model spec.')).code).toBe(-32602);
    expect(toRequestError(new PunieError('not-found', 'No such conversation.')).code).toBe(-32002);
    const odd = toRequestError(new TypeError('x is undefined'));
    expect({ code: odd.code, message: odd.message }).toEqual({ code: -32603, message: 'Punie failed unexpectedly: x is undefined. Run with PUNIE_LOG=debug for details.' });
    const own = RequestError.invalidParams();
    expect(toRequestError(own)).toBe(own);
  });
});
